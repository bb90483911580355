#include "distillscope/logits_npy.h"

#include "logits_file_access.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

namespace distillscope {
namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
// The magic, two version bytes and the header length field.
constexpr std::size_t kPreambleBytesV1 = kMagic.size() + 2 + 2;
constexpr std::size_t kPreambleBytesV2 = kMagic.size() + 2 + 4;

enum class ScalarKind { Float, Signed, Unsigned };

struct Dtype {
    ScalarKind kind = ScalarKind::Float;
    std::size_t item_bytes = 0;
    bool big_endian = false;
};

// The position and length of the header in the file.
struct Preamble {
    std::size_t header_offset = 0;
    std::size_t header_bytes = 0;
};

// The header's three entries as written, before they are checked.
struct HeaderFields {
    std::string descr;
    bool fortran_order = false;
    std::vector<std::uint64_t> shape;
};

// The array that the header describes, checked against the file.
struct Layout {
    Dtype dtype;
    bool fortran_order = false;
    std::vector<std::uint64_t> shape;
    std::size_t rows = 0;
    std::size_t classes = 0;
    std::uintmax_t data_offset = 0;
    std::size_t data_bytes = 0;
};

TextError npyError(TextProblem problem, const std::string& source)
{
    return detail::sourceError(problem, source, LogitsFormat::Npy);
}

TextError truncatedHeader(const std::string& source, std::uintmax_t needed,
                          std::uintmax_t file_bytes)
{
    TextError error = npyError(TextProblem::NpyTruncatedHeader, source);
    error.expected_bytes = needed;
    error.actual_bytes = file_bytes;
    return error;
}

std::uint64_t littleEndian(std::string_view bytes)
{
    std::uint64_t value = 0;
    for (std::size_t i = bytes.size(); i-- > 0;)
        value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    return value;
}

// Reads the magic, the version and the header length from the first bytes of
// a file of `file_bytes`. `start` contains up to kPreambleBytesV2 of them.
Expected<Preamble, TextError> readPreamble(std::string_view start, std::uintmax_t file_bytes,
                                           const std::string& source)
{
    const std::size_t magic_bytes = std::min(start.size(), kMagic.size());
    if (start.substr(0, magic_bytes) != kMagic.substr(0, magic_bytes)) {
        TextError error = npyError(TextProblem::NpyBadMagic, source);
        error.byte_offset = 0;
        std::tie(error.text, error.text_truncated) = detail::quoteText(start.substr(0, kMagic.size()));
        return unexpected(std::move(error));
    }
    if (start.size() < kMagic.size() + 2)
        return unexpected(truncatedHeader(source, kPreambleBytesV1, file_bytes));

    const auto major = static_cast<unsigned char>(start[kMagic.size()]);
    const auto minor = static_cast<unsigned char>(start[kMagic.size() + 1]);
    if (major < 1 || major > 3 || minor != 0) {
        TextError error = npyError(TextProblem::NpyUnsupportedVersion, source);
        error.byte_offset = kMagic.size();
        error.text = std::to_string(major) + "." + std::to_string(minor);
        return unexpected(std::move(error));
    }

    const std::size_t preamble_bytes = major == 1 ? kPreambleBytesV1 : kPreambleBytesV2;
    if (start.size() < preamble_bytes)
        return unexpected(truncatedHeader(source, preamble_bytes, file_bytes));
    const std::uint64_t header_bytes =
        littleEndian(start.substr(kMagic.size() + 2, preamble_bytes - kMagic.size() - 2));

    if (header_bytes > kMaxNpyHeaderBytes) {
        TextError error = npyError(TextProblem::NpyHeaderTooLong, source);
        error.byte_offset = kMagic.size() + 2;
        error.expected_bytes = header_bytes;
        error.limit_bytes = kMaxNpyHeaderBytes;
        return unexpected(std::move(error));
    }
    if (preamble_bytes + header_bytes > file_bytes)
        return unexpected(truncatedHeader(source, preamble_bytes + header_bytes, file_bytes));
    return Preamble{preamble_bytes, static_cast<std::size_t>(header_bytes)};
}

// A strict parser of the header's dictionary literal. It accepts what
// Python's ast.literal_eval accepts for the three keys, except string escapes,
// which no valid descr contains.
class HeaderParser {
public:
    HeaderParser(std::string_view header, std::size_t header_offset, const std::string& source)
        : m_header(header), m_header_offset(header_offset), m_source(source)
    {
    }

    Expected<HeaderFields, TextError> parse();

private:
    enum Key { Descr, FortranOrder, Shape, KeyCount };

    bool atEnd() const { return m_position >= m_header.size(); }
    char peek() const { return atEnd() ? '\0' : m_header[m_position]; }
    void skipSpaces();
    bool consume(char c);

    TextError syntaxError(Expectation expected) const;
    TextError errorAt(TextProblem problem, std::size_t position, std::string_view text) const;

    std::optional<TextError> parseString(Expectation expected, std::string& value);
    std::optional<TextError> parseBoolean(bool& value);
    std::optional<TextError> parseShape(std::vector<std::uint64_t>& shape);
    std::optional<TextError> parseValue(Key key, HeaderFields& fields);

    std::string_view m_header;
    std::size_t m_header_offset = 0;
    const std::string& m_source;
    std::size_t m_position = 0;
};

void HeaderParser::skipSpaces()
{
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
        ++m_position;
}

bool HeaderParser::consume(char c)
{
    if (peek() != c || atEnd())
        return false;
    ++m_position;
    return true;
}

TextError HeaderParser::errorAt(TextProblem problem, std::size_t position,
                                std::string_view text) const
{
    TextError error = npyError(problem, m_source);
    error.byte_offset = m_header_offset + position;
    std::tie(error.text, error.text_truncated) = detail::quoteText(text);
    return error;
}

TextError HeaderParser::syntaxError(Expectation expected) const
{
    // Quote the rest of the header up to its padding, which is what a reader
    // of the message needs to find the spot.
    std::string_view rest = m_header.substr(std::min(m_position, m_header.size()));
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\n'))
        rest.remove_suffix(1);
    TextError error = errorAt(TextProblem::NpyHeaderSyntax, m_position, rest);
    error.expected = expected;
    return error;
}

std::optional<TextError> HeaderParser::parseString(Expectation expected, std::string& value)
{
    const char quote = peek();
    if (quote != '\'' && quote != '"')
        return syntaxError(expected);
    const std::size_t end = m_header.find(quote, m_position + 1);
    if (end == std::string_view::npos)
        return syntaxError(expected);
    value = std::string(m_header.substr(m_position + 1, end - m_position - 1));
    m_position = end + 1;
    return std::nullopt;
}

std::optional<TextError> HeaderParser::parseBoolean(bool& value)
{
    const std::string_view rest = m_header.substr(m_position);
    for (const auto& [word, meaning] : {std::pair{std::string_view("True"), true},
                                        std::pair{std::string_view("False"), false}}) {
        const bool word_ends = rest.size() == word.size()
            || !std::isalnum(static_cast<unsigned char>(rest[word.size()]));
        if (rest.starts_with(word) && word_ends) {
            value = meaning;
            m_position += word.size();
            return std::nullopt;
        }
    }
    return syntaxError(Expectation::Boolean);
}

// Parses a tuple of non-negative integers: (), (3,), (3, 4) or (3, 4, 5, ).
// "(3)" is the integer 3 in Python, not a tuple, and is rejected.
std::optional<TextError> HeaderParser::parseShape(std::vector<std::uint64_t>& shape)
{
    shape.clear();
    if (!consume('('))
        return syntaxError(Expectation::OpenParen);

    skipSpaces();
    while (!consume(')')) {
        const std::size_t start = m_position;
        while (!atEnd() && std::isdigit(static_cast<unsigned char>(peek())))
            ++m_position;
        if (m_position == start)
            return syntaxError(Expectation::Dimension);

        const std::string_view digits = m_header.substr(start, m_position - start);
        std::uint64_t dimension = 0;
        const auto [stop, status] =
            std::from_chars(digits.data(), digits.data() + digits.size(), dimension);
        if (status == std::errc::result_out_of_range) {
            TextError error = errorAt(TextProblem::NpyShapeOverflow, start, digits);
            error.shape = shape;
            return error;
        }
        shape.push_back(dimension);

        skipSpaces();
        if (consume(',')) {
            skipSpaces();
            continue;
        }
        if (shape.size() == 1)
            return syntaxError(Expectation::Comma);
        if (peek() != ')')
            return syntaxError(Expectation::CommaOrParen);
    }
    return std::nullopt;
}

std::optional<TextError> HeaderParser::parseValue(Key key, HeaderFields& fields)
{
    switch (key) {
    case Descr:
        // A structured dtype is a list of fields; quote it for the message
        // rather than parse it, since it is rejected either way.
        if (peek() == '[') {
            const std::size_t close = m_header.find(']', m_position);
            const std::size_t end = close == std::string_view::npos ? m_header.size() : close + 1;
            return errorAt(TextProblem::NpyUnsupportedDtype, m_position,
                           m_header.substr(m_position, end - m_position));
        }
        return parseString(Expectation::String, fields.descr);
    case FortranOrder:
        return parseBoolean(fields.fortran_order);
    case Shape:
        return parseShape(fields.shape);
    case KeyCount:
        break;
    }
    return std::nullopt;
}

Expected<HeaderFields, TextError> HeaderParser::parse()
{
    static constexpr std::string_view kKeyNames[KeyCount] = {"descr", "fortran_order", "shape"};

    HeaderFields fields;
    bool seen[KeyCount] = {};

    skipSpaces();
    if (!consume('{'))
        return unexpected(syntaxError(Expectation::OpenBrace));
    while (true) {
        skipSpaces();
        if (consume('}'))
            break;

        const std::size_t key_position = m_position;
        std::string key_text;
        if (auto error = parseString(Expectation::Key, key_text))
            return unexpected(std::move(*error));
        const auto* found = std::find(std::begin(kKeyNames), std::end(kKeyNames), key_text);
        if (found == std::end(kKeyNames))
            return unexpected(errorAt(TextProblem::NpyUnknownKey, key_position, key_text));
        const auto key = static_cast<Key>(found - std::begin(kKeyNames));
        if (seen[key])
            return unexpected(errorAt(TextProblem::NpyDuplicateKey, key_position, key_text));
        seen[key] = true;

        skipSpaces();
        if (!consume(':'))
            return unexpected(syntaxError(Expectation::Colon));
        skipSpaces();
        if (auto error = parseValue(key, fields))
            return unexpected(std::move(*error));

        skipSpaces();
        if (consume(','))
            continue;
        if (consume('}'))
            break;
        return unexpected(syntaxError(Expectation::CommaOrBrace));
    }

    skipSpaces();
    if (!atEnd())
        return unexpected(syntaxError(Expectation::HeaderEnd));

    for (int key = 0; key < KeyCount; ++key) {
        if (!seen[key]) {
            TextError error = npyError(TextProblem::NpyMissingKey, m_source);
            error.byte_offset = m_header_offset;
            error.text = std::string(kKeyNames[key]);
            return unexpected(std::move(error));
        }
    }
    return fields;
}

// Interprets a descr such as '<f4' or '|u1'. The byte order '|' ("not
// applicable") is accepted for 1-byte types only.
std::optional<Dtype> interpretDescr(std::string_view descr)
{
    if (descr.size() < 3)
        return std::nullopt;
    const char order = descr[0];
    const char type = descr[1];
    std::size_t item_bytes = 0;
    const std::string_view size_text = descr.substr(2);
    const auto [stop, status] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), item_bytes);
    if (status != std::errc() || stop != size_text.data() + size_text.size())
        return std::nullopt;

    Dtype dtype;
    dtype.item_bytes = item_bytes;
    dtype.big_endian = order == '>';
    if (order != '<' && order != '>' && !(order == '|' && item_bytes == 1))
        return std::nullopt;

    switch (type) {
    case 'f':
        dtype.kind = ScalarKind::Float;
        if (item_bytes != 2 && item_bytes != 4 && item_bytes != 8)
            return std::nullopt;
        return dtype;
    case 'i':
    case 'u':
        dtype.kind = type == 'i' ? ScalarKind::Signed : ScalarKind::Unsigned;
        if (item_bytes != 1 && item_bytes != 2 && item_bytes != 4 && item_bytes != 8)
            return std::nullopt;
        return dtype;
    default:
        return std::nullopt;
    }
}

// Multiplies with a check, since the factors come from an untrusted header.
std::optional<std::uint64_t> checkedProduct(std::uint64_t a, std::uint64_t b)
{
    if (b != 0 && a > std::numeric_limits<std::uint64_t>::max() / b)
        return std::nullopt;
    return a * b;
}

// Checks the header's fields against each other, the file size and the limit.
Expected<Layout, TextError> checkLayout(HeaderFields fields, const Preamble& preamble,
                                        std::uintmax_t file_bytes, std::uintmax_t max_bytes,
                                        const std::string& source)
{
    auto shapeError = [&](TextProblem problem) {
        TextError error = npyError(problem, source);
        error.shape = fields.shape;
        return unexpected(std::move(error));
    };

    // Objects first, because reading one needs pickle whatever the other keys are.
    if (fields.descr.size() >= 2 && fields.descr[1] == 'O') {
        TextError error = npyError(TextProblem::NpyObjectArray, source);
        error.text = fields.descr;
        return unexpected(std::move(error));
    }
    const std::optional<Dtype> dtype = interpretDescr(fields.descr);
    if (!dtype) {
        TextError error = npyError(TextProblem::NpyUnsupportedDtype, source);
        std::tie(error.text, error.text_truncated) = detail::quoteText(fields.descr);
        return unexpected(std::move(error));
    }

    if (fields.shape.empty() || fields.shape.size() > 2)
        return shapeError(TextProblem::NpyUnsupportedShape);
    if (std::find(fields.shape.begin(), fields.shape.end(), 0) != fields.shape.end())
        return shapeError(TextProblem::NpyEmptyArray);

    const std::uint64_t rows = fields.shape.size() == 2 ? fields.shape[0] : 1;
    const std::uint64_t classes = fields.shape.back();
    const auto values = checkedProduct(rows, classes);
    const auto data_bytes = values ? checkedProduct(*values, dtype->item_bytes) : std::nullopt;
    if (!data_bytes)
        return shapeError(TextProblem::NpyShapeOverflow);

    const std::uintmax_t data_offset = preamble.header_offset + preamble.header_bytes;
    const std::uintmax_t bytes_after_header = file_bytes - data_offset;
    if (*data_bytes != bytes_after_header) {
        TextError error = npyError(TextProblem::NpyDataSizeMismatch, source);
        error.shape = fields.shape;
        error.byte_offset = data_offset;
        error.expected_bytes = *data_bytes;
        error.actual_bytes = bytes_after_header;
        return unexpected(std::move(error));
    }

    // The data fits in the file, so these products stay far below 2^64.
    const std::uintmax_t table_bytes = *values * sizeof(double) + rows * sizeof(LogitsRow);
    if (table_bytes > max_bytes) {
        TextError error = npyError(TextProblem::ArrayTooLarge, source);
        error.shape = fields.shape;
        error.expected_bytes = table_bytes;
        error.limit_bytes = max_bytes;
        return unexpected(std::move(error));
    }

    Layout layout;
    layout.dtype = *dtype;
    layout.fortran_order = fields.fortran_order;
    layout.shape = std::move(fields.shape);
    layout.rows = static_cast<std::size_t>(rows);
    layout.classes = static_cast<std::size_t>(classes);
    layout.data_offset = data_offset;
    layout.data_bytes = static_cast<std::size_t>(*data_bytes);
    return layout;
}

Expected<Layout, TextError> parseHeader(std::string_view header, const Preamble& preamble,
                                        std::uintmax_t file_bytes, std::uintmax_t max_bytes,
                                        const std::string& source)
{
    auto fields = HeaderParser(header, preamble.header_offset, source).parse();
    if (!fields)
        return unexpected(fields.error());
    return checkLayout(std::move(*fields), preamble, file_bytes, max_bytes, source);
}

// Decodes an IEEE 754 binary16 value exactly: every float16 is a double.
double halfToDouble(std::uint16_t bits)
{
    const bool negative = (bits & 0x8000u) != 0;
    const int exponent = (bits >> 10) & 0x1F;
    const int fraction = bits & 0x3FF;

    double magnitude = 0.0;
    if (exponent == 0)
        magnitude = std::ldexp(fraction, -24); // zero and subnormals: fraction * 2^-24
    else if (exponent == 0x1F)
        magnitude = fraction == 0 ? std::numeric_limits<double>::infinity()
                                  : std::numeric_limits<double>::quiet_NaN();
    else
        magnitude = std::ldexp(fraction + 1024, exponent - 25); // (1 + fraction / 2^10) 2^(exponent - 15)
    return negative ? -magnitude : magnitude;
}

double decodeValue(const Dtype& dtype, const char* bytes)
{
    std::uint64_t raw = 0;
    for (std::size_t i = 0; i < dtype.item_bytes; ++i) {
        const std::size_t significance = dtype.big_endian ? i : dtype.item_bytes - 1 - i;
        raw = (raw << 8) | static_cast<unsigned char>(bytes[significance]);
    }

    const unsigned bits = static_cast<unsigned>(dtype.item_bytes * 8);
    switch (dtype.kind) {
    case ScalarKind::Float:
        if (bits == 16)
            return halfToDouble(static_cast<std::uint16_t>(raw));
        if (bits == 32)
            return std::bit_cast<float>(static_cast<std::uint32_t>(raw));
        return std::bit_cast<double>(raw);
    case ScalarKind::Signed:
        // Shift the sign bit to the top, then back with sign extension.
        return static_cast<double>(static_cast<std::int64_t>(raw << (64 - bits)) >> (64 - bits));
    case ScalarKind::Unsigned:
        return static_cast<double>(raw);
    }
    return 0.0;
}

std::string nonFiniteText(double value)
{
    if (std::isnan(value))
        return "nan";
    return value < 0 ? "-inf" : "inf";
}

Expected<LogitsTable, TextError> decodeTable(const Layout& layout, std::string_view data,
                                             std::string source)
{
    LogitsTable table;
    table.format = LogitsFormat::Npy;
    table.rows.resize(layout.rows);
    for (LogitsRow& row : table.rows)
        row.values.resize(layout.classes);

    // C order stores row after row; Fortran order stores column after column.
    const std::size_t count = layout.rows * layout.classes;
    const std::size_t item_bytes = layout.dtype.item_bytes;
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t row = layout.fortran_order ? k % layout.rows : k / layout.classes;
        const std::size_t column = layout.fortran_order ? k / layout.rows : k % layout.classes;
        table.rows[row].values[column] = decodeValue(layout.dtype, data.data() + k * item_bytes);
    }

    if (layout.dtype.kind == ScalarKind::Float) {
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            const std::vector<double>& values = table.rows[r].values;
            const auto bad = std::find_if(values.begin(), values.end(),
                                          [](double v) { return !std::isfinite(v); });
            if (bad == values.end())
                continue;
            const auto column = static_cast<std::size_t>(bad - values.begin());
            const std::size_t index = layout.fortran_order ? column * layout.rows + r
                                                           : r * layout.classes + column;
            TextError error = npyError(TextProblem::NonFiniteValue, source);
            error.line = r + 1;
            error.column = column + 1;
            error.byte_offset = layout.data_offset + index * item_bytes;
            error.text = nonFiniteText(*bad);
            error.shape = layout.shape;
            return unexpected(std::move(error));
        }
    }

    table.source = std::move(source);
    return table;
}

} // namespace

Expected<LogitsTable, TextError> parseNpy(std::string_view bytes, std::string source,
                                          std::uintmax_t max_bytes)
{
    if (bytes.size() > max_bytes) {
        TextError error = npyError(TextProblem::FileTooLarge, source);
        error.file_bytes = bytes.size();
        error.limit_bytes = max_bytes;
        return unexpected(std::move(error));
    }

    const auto preamble = readPreamble(bytes.substr(0, kPreambleBytesV2), bytes.size(), source);
    if (!preamble)
        return unexpected(preamble.error());
    const auto layout = parseHeader(bytes.substr(preamble->header_offset, preamble->header_bytes),
                                    *preamble, bytes.size(), max_bytes, source);
    if (!layout)
        return unexpected(layout.error());
    return decodeTable(*layout, bytes.substr(layout->data_offset), std::move(source));
}

Expected<LogitsTable, TextError> readNpyFile(const std::filesystem::path& path,
                                             std::uintmax_t max_bytes)
{
    std::string source = path.string();
    const auto file_bytes = detail::checkLogitsFile(path, max_bytes, LogitsFormat::Npy);
    if (!file_bytes)
        return unexpected(file_bytes.error());

    errno = 0;
    std::ifstream file(path, std::ios::binary);
    auto unreadable = [&source]() {
        TextError error = npyError(TextProblem::FileUnreadable, source);
        error.detail = std::generic_category().message(errno);
        return unexpected(std::move(error));
    };
    if (!file)
        return unreadable();

    // Each read below is sized by a length that was checked first: the
    // preamble is 12 bytes at most, the header kMaxNpyHeaderBytes at most, and
    // the data exactly what the header and the file size agree on.
    auto readExactly = [&file](std::string& buffer, std::size_t bytes) {
        buffer.resize(bytes);
        file.read(buffer.data(), static_cast<std::streamsize>(bytes));
        buffer.resize(static_cast<std::size_t>(file.gcount()));
        return !file.bad();
    };

    std::string start;
    const auto start_bytes = static_cast<std::size_t>(
        std::min<std::uintmax_t>(*file_bytes, kPreambleBytesV2));
    if (!readExactly(start, start_bytes))
        return unreadable();
    const auto preamble = readPreamble(start, *file_bytes, source);
    if (!preamble)
        return unexpected(preamble.error());

    std::string header = start.substr(std::min(start.size(), preamble->header_offset));
    std::string rest;
    if (!readExactly(rest, preamble->header_bytes - std::min(header.size(), preamble->header_bytes)))
        return unreadable();
    header += rest;
    header.resize(std::min(header.size(), preamble->header_bytes));
    if (header.size() < preamble->header_bytes) // the file shrank since its size was read
        return unexpected(truncatedHeader(source, preamble->header_offset + preamble->header_bytes,
                                          preamble->header_offset + header.size()));

    const auto layout = parseHeader(header, *preamble, *file_bytes, max_bytes, source);
    if (!layout)
        return unexpected(layout.error());

    file.clear();
    file.seekg(static_cast<std::streamoff>(layout->data_offset));
    std::string data;
    if (!file || !readExactly(data, layout->data_bytes))
        return unreadable();
    if (data.size() != layout->data_bytes) {
        TextError error = npyError(TextProblem::NpyDataSizeMismatch, source);
        error.shape = layout->shape;
        error.byte_offset = layout->data_offset;
        error.expected_bytes = layout->data_bytes;
        error.actual_bytes = data.size();
        return unexpected(std::move(error));
    }
    return decodeTable(*layout, data, std::move(source));
}

} // namespace distillscope
