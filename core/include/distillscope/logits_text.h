#pragma once

// Logit vectors read from text: an inline list such as "1, 0, -1", or a text
// file with one logit vector per row.
//
// Numbers are read with std::from_chars, so a dot is the decimal separator
// whatever the C or Qt locale sets: under LC_ALL=de_DE.UTF-8, "1.5" is one and
// a half, and "1,5" in a comma-separated file is the two fields 1 and 5.
// Errors come back as TextError values, described by fields so that app/ and
// ui/ can word them; nothing here prints or throws.

#include "distillscope/expected.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
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
};

// The kind and place of a failure to read logits. Line and column are 1-based and 0 when
// the problem belongs to the whole source (a missing file, an empty input).
// Columns count Unicode code points of the line, after a leading byte order
// mark is removed; a tab counts as one column.
struct TextError {
    TextProblem problem = TextProblem::EmptyInput;
    std::string source; // the name given by the caller, such as a path or an option
    std::size_t line = 0;
    std::size_t column = 0;
    // The offending field for EmptyField, NotANumber, NonFiniteValue and
    // ValueOverflow, shortened to kMaxQuotedFieldBytes, with `text_truncated` set then.
    std::string text;
    bool text_truncated = false;
    // RaggedRow: the field count of the row at `expected_line` (the header or
    // the first data row) and of the offending row.
    std::size_t expected_fields = 0;
    std::size_t actual_fields = 0;
    std::size_t expected_line = 0;
    // FileTooLarge: the file size and the limit, in bytes.
    std::uintmax_t file_bytes = 0;
    std::uintmax_t limit_bytes = 0;
    // FileUnreadable: the operating system's description of the failure.
    std::string detail;
};

// One row of logits and where it was found, so that a later error about one
// logit (a logit that overflows when divided by T, say) can name its position.
struct LogitsRow {
    std::vector<double> values;
    std::size_t line = 0;             // 1-based line in the source
    std::vector<std::size_t> columns; // 1-based column where each value starts
};

// Logit vectors that share one class count.
struct LogitsTable {
    std::string source;
    // The header row's cells, trimmed, or none when the source has no header.
    std::vector<std::string> class_names;
    std::size_t header_line = 0; // 0 without a header
    std::vector<LogitsRow> rows; // at least one, each with the same length

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
//   whole text. A comma in it makes every comma a separator. Otherwise a tab
//   in it makes every tab one, unless its tab-separated cells hold numbers
//   with spaces between them (columns aligned with both tabs and spaces).
//   Otherwise any run of spaces and tabs separates fields. Spaces and tabs
//   around a comma- or tab-separated field are trimmed.
// - Header: that first row is a header when none of its cells reads as a
//   number, with nan and inf counted as numbers. Its cells become the class
//   names. A row that mixes names and numbers is data and fails at its first
//   name with NotANumber.
// - The first row is also a header when its cells are the bare integers
//   0, 1, ..., N-1 in order (N >= 2), the column labels pandas writes for a
//   frame without column names. A logit vector that is exactly that sequence
//   therefore needs a header row of its own above it.
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
