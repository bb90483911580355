#pragma once

// Logit vectors read from text: an inline list such as "1, 0, -1", or a text
// file with one logit vector per row.
//
// Numbers are read with std::from_chars, so a dot is the decimal separator
// whatever the C or Qt locale sets: under LC_ALL=de_DE.UTF-8, "1.5" is one and
// a half, and "1,5" in a comma-separated file is the two fields 1 and 5.
// Errors come back as TextError values, described by fields so that app/ and
// ui/ can word them; nothing here prints or throws. The .npy and JSON readers
// (logits_npy.h, logits_json.h) return the same LogitsTable and TextError.

#include "distillscope/expected.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace distillscope {

// The largest logits file readLogitsFile accepts by default, 256 MiB. A file of that
// size contains some 25 million numbers, far above any classifier's output that
// fits on screen, and the limit keeps a mistaken path (a disk image, a video)
// from filling memory.
inline constexpr std::uintmax_t kMaxLogitsFileBytes = std::uintmax_t{256} * 1024 * 1024;

// TextError::text keeps at most this many bytes of the offending field, cut at
// a UTF-8 character boundary, so that one unseparated gigabyte cannot end up in
// an error message.
inline constexpr std::size_t kMaxQuotedFieldBytes = 64;

// The format a logits table or an error comes from.
enum class LogitsFormat {
    Text, // numbers separated by semicolons, commas, tabs or spaces
    Npy,  // a NumPy .npy array
    Json,
};

enum class TextProblem {
    EmptyInput,        // no number at all: empty text, or only blank and comment lines
    HeaderWithoutData, // a header row with no data row after it
    EmptyField,        // nothing between two separators, or before or after one
    RaggedRow,         // a row whose field count differs from the first row's
    NotANumber,        // a field that is not a decimal number
    NonFiniteValue,    // nan, inf or infinity, in any case and with any sign
    ValueOverflow,     // a number beyond the double range, such as 1e999
    FileNotFound,
    IsDirectory,    // a folder given where a file was expected
    NotRegularFile, // a device, socket or FIFO, whose size is unknown
    FileTooLarge,
    FileUnreadable, // opening or reading failed, for the reason in `detail`
    ArchiveFile,    // a ZIP archive, such as an .npz from numpy.savez or a .pt from torch.save

    // .npy files.
    NpyBadMagic,           // the file does not start with "\x93NUMPY"
    NpyUnsupportedVersion, // a format version other than 1.0, 2.0 or 3.0, in `text` ("4.0")
    NpyTruncatedHeader,    // the file ends at `actual_bytes`, inside a header that runs to `expected_bytes`
    NpyHeaderTooLong,      // a header of `expected_bytes`, above `limit_bytes`
    NpyHeaderSyntax,       // an invalid dictionary literal, with what was due at `byte_offset` in `expected`
    NpyMissingKey,         // `text` is the missing key: descr, fortran_order or shape
    NpyDuplicateKey,       // `text` is the key, `byte_offset` its second occurrence
    NpyUnknownKey,         // `text` is the key
    NpyUnsupportedDtype,   // `text` is the descr, such as '<c16' or '|b1'
    NpyObjectArray,        // descr 'O': reading it needs pickle, which would run code from the file
    NpyUnsupportedShape,   // `shape` has 0 or more than 2 dimensions
    NpyEmptyArray,         // `shape` has a dimension of 0
    NpyShapeOverflow,      // the byte count of `shape` exceeds 2^64
    NpyDataSizeMismatch,   // the header implies `expected_bytes` of data, the file has `actual_bytes`
    ArrayTooLarge,         // the table would take `expected_bytes`, above `limit_bytes`

    // JSON files.
    JsonSyntax,          // invalid JSON at `byte_offset`, described by the parser in `detail`
    JsonWrongType,       // the value at `json_path` is a `found`, where `expected` was due
    JsonEmptyList,       // an empty list at `json_path`, where logits were expected
    JsonMissingKey,      // the object has no "logits"
    JsonDuplicateKey,    // `json_path` names the key's second occurrence
    JsonUnknownKey,      // `json_path` names a key other than logits, labels and classes
    JsonCountMismatch,   // the list at `json_path` has `actual_fields` entries, not `expected_fields`
    JsonLabelOutOfRange, // an integer label, in `text`, outside 0 to `expected_fields` - 1
};

// The expectation a reader reports where it found something else.
enum class Expectation {
    None,
    // In a JSON file.
    LogitsDocument, // a list of numbers, a list of lists, or an object with "logits"
    Logits,         // a list of numbers or a list of lists of numbers
    Row,            // a list of numbers
    Number,
    Labels,         // a list with one label per row
    Label,          // a class index or a class name
    ClassNames,     // a list of strings
    ClassName,      // a string
    // In a .npy header, a Python dictionary literal.
    OpenBrace,
    Key,           // a quoted key
    Colon,
    CommaOrBrace,  // ',' or '}'
    String,        // a quoted dtype such as '<f4'
    Boolean,       // True or False
    OpenParen,     // '(' of the shape tuple
    Dimension,     // a non-negative integer in the shape
    Comma,         // ',' after the only dimension, as in (3,)
    CommaOrParen,  // ',' or ')'
    HeaderEnd,     // only spaces and newlines after '}'
};

// The kind of a JSON value found where another was expected.
enum class JsonKind { Null, Boolean, Number, String, Array, Object };

// The kind and place of a failure to read logits. Line and column are 1-based and 0 when
// the problem belongs to the whole source (a missing file, an empty input).
// Columns count Unicode code points of the line, after a leading byte order
// mark is removed; a tab counts as one column. A .npy file has no lines, so
// there line and column are the 1-based row and column of the offending value
// in the array. In a JSON file, they locate syntax errors and non-finite or
// overflowing numbers in the text, and other problems have a `json_path`.
struct TextError {
    TextProblem problem = TextProblem::EmptyInput;
    LogitsFormat format = LogitsFormat::Text; // the reader that failed
    std::string source; // the name given by the caller, such as a path or an option
    std::size_t line = 0;
    std::size_t column = 0;
    // The 0-based offset in the file of the offending bytes. In a .npy file these
    // are the preamble, a header key or token, the data or a non-finite value.
    // In a JSON file they are a syntax error or a non-finite or overflowing number.
    std::optional<std::uintmax_t> byte_offset;
    // JSON problems other than syntax: the offending value, such as "$.logits[3][7]".
    std::string json_path;
    Expectation expected = Expectation::None;
    JsonKind found = JsonKind::Null; // JsonWrongType
    // .npy problems about the array: its shape as the header gives it.
    std::vector<std::uint64_t> shape;
    // Sizes in bytes for NpyTruncatedHeader, NpyHeaderTooLong, NpyDataSizeMismatch
    // and ArrayTooLarge.
    std::uintmax_t expected_bytes = 0;
    std::uintmax_t actual_bytes = 0;
    // The offending field for EmptyField, NotANumber, NonFiniteValue and
    // ValueOverflow, the offending text of a JSON syntax error, or the value or
    // key that the problem's comment names, shortened to kMaxQuotedFieldBytes,
    // with `text_truncated` set then.
    std::string text;
    bool text_truncated = false;
    // RaggedRow: the field count of the row at `expected_line` (the header or
    // the first data row) and of the offending row. In JSON, `expected_line` is
    // 0 and the first row of the list set the count.
    std::size_t expected_fields = 0;
    std::size_t actual_fields = 0;
    std::size_t expected_line = 0;
    // FileTooLarge: the file size and the limit, in bytes. NpyHeaderTooLong and
    // ArrayTooLarge set `limit_bytes` too.
    std::uintmax_t file_bytes = 0;
    std::uintmax_t limit_bytes = 0;
    // FileUnreadable: the operating system's description of the failure.
    // JsonSyntax: nlohmann::json's description, such as "syntax error while
    // parsing array - unexpected number literal; expected ']'".
    std::string detail;
};

// One row of logits and where it was found, so that a later error about one
// logit (a logit that overflows when divided by T, say) can name its position.
// Rows of .npy and JSON files have no lines: there `line` is 0, `columns` is
// empty and the row's index in the table locates it.
struct LogitsRow {
    std::vector<double> values;
    std::size_t line = 0;             // 1-based line in the source
    std::vector<std::size_t> columns; // 1-based column where each value starts
};

// Logit vectors that share one class count.
struct LogitsTable {
    std::string source;
    LogitsFormat format = LogitsFormat::Text;
    // The header row's cells, trimmed, or the "classes" of a JSON file, or none.
    std::vector<std::string> class_names;
    std::size_t header_line = 0; // 0 without a header
    std::vector<LogitsRow> rows; // at least one, each with the same length
    // The true class of each row, from the "labels" of a JSON file, or none.
    // An integer label is written in decimal and lies in 0 to classes() - 1; a
    // string label is kept as it is.
    std::vector<std::string> labels;

    std::size_t classes() const { return rows.front().values.size(); }
};

// Parses one number with std::from_chars in the general format, after one
// optional leading '+'. The whole field must be the number, without spaces.
// Magnitudes below the smallest subnormal double (4.9e-324) read as a zero of
// the same sign, as a logit that small is zero for every purpose here.
// Fails with EmptyField, NotANumber, NonFiniteValue or ValueOverflow.
Expected<double, TextProblem> parseNumber(std::string_view field);

// Parses an inline list: numbers separated by commas, with spaces or tabs
// allowed around each number, on one line. The result is a table of one row
// on line 1, without class names.
// Fails with EmptyInput for empty or all-blank text, and with EmptyField,
// NotANumber, NonFiniteValue or ValueOverflow at the offending column.
// Cost O(length of the text).
Expected<LogitsTable, TextError> parseLogitsList(std::string_view text, std::string source);

// Parses the text of a logits file, one logit vector per row.
//
// - Separators: the first row that is not blank or a comment decides for the
//   whole text. A semicolon in it makes every semicolon a separator, and then
//   a decimal comma fails as NotANumber. Otherwise a comma in it makes every
//   comma a separator. Otherwise a tab
//   in it makes every tab one, unless its tab-separated cells hold numbers
//   with spaces between them (columns aligned with both tabs and spaces).
//   Otherwise any run of spaces and tabs separates fields. Spaces and tabs
//   around a semicolon-, comma- or tab-separated field are trimmed.
// - Header: that first row is a header when none of its cells reads as a
//   number, with nan and inf counted as numbers. Its cells become the class
//   names. A row that mixes names and numbers is data and fails at its first
//   name with NotANumber.
// - The first row is also a header when its cells are the bare integers
//   0, 1, ..., N-1 in order (N >= 2), the column labels pandas writes for a
//   frame without column names. A logit vector that is exactly that sequence
//   therefore needs a header row of its own above it.
// - A header whose first cell is empty, followed by names or by 0, 1, ...,
//   is what pandas' DataFrame.to_csv writes above an index column. The first
//   field of every row is then the index, which is skipped unread, and the
//   other cells become the class names.
// - `#` starts a comment that runs to the end of the line, on a line of its
//   own or after the data. Blank lines are skipped.
// - Line ends may be LF or CRLF, and a UTF-8 byte order mark at the start is
//   ignored.
//
// Every row must have as many fields as the header, or as the first data row
// when there is no header (RaggedRow otherwise). Fails with EmptyInput when no
// row remains and with HeaderWithoutData after a header alone. Cost O(length
// of the text); the table takes about 16 bytes per number.
Expected<LogitsTable, TextError> parseLogitsText(std::string_view text, std::string source);

// Reads and parses a logits file as parseLogitsText does, with the path as
// the source name. Rejects a missing path (FileNotFound), a folder
// (IsDirectory), anything but a regular file (NotRegularFile) and a file
// above `max_bytes` (FileTooLarge, with the size and the limit) before reading
// a byte. Fails with FileUnreadable when opening or reading fails.
Expected<LogitsTable, TextError> readLogitsFile(const std::filesystem::path& path,
                                                std::uintmax_t max_bytes = kMaxLogitsFileBytes);

} // namespace distillscope
