#include "distillscope/logits_text.h"

#include "logits_file_access.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <utility>

namespace distillscope {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

enum class Separator { Semicolon, Comma, Tab, Whitespace };

// A field of one line and the byte offset where it starts in that line.
struct Field {
    std::string_view text;
    std::size_t offset = 0;
};

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Converts a byte offset in `line` into a 1-based column counted in code points.
std::size_t columnAt(std::string_view line, std::size_t offset)
{
    const std::string_view before = line.substr(0, offset);
    const auto continuation_bytes = std::count_if(before.begin(), before.end(), isContinuationByte);
    return offset - static_cast<std::size_t>(continuation_bytes) + 1;
}

std::string_view trimBlanks(std::string_view text)
{
    while (!text.empty() && isBlank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isBlank(text.back()))
        text.remove_suffix(1);
    return text;
}

// Returns whether an out-of-range decimal number lies above the double range
// rather than below it. The two failure ranges, above 1.8e308 and below
// 4.9e-324, lie some 630 decades apart, so the sign of the decimal exponent of
// the leading significant digit decides.
bool exceedsDoubleRange(std::string_view number)
{
    if (!number.empty() && (number.front() == '-' || number.front() == '+'))
        number.remove_prefix(1);

    const std::size_t exponent_mark = number.find_first_of("eE");
    const std::string_view significand = number.substr(0, exponent_mark);
    long long exponent = 0;
    if (exponent_mark != std::string_view::npos) {
        std::string_view exponent_text = number.substr(exponent_mark + 1);
        const bool negative = !exponent_text.empty() && exponent_text.front() == '-';
        if (!exponent_text.empty() && (exponent_text.front() == '-' || exponent_text.front() == '+'))
            exponent_text.remove_prefix(1);
        const auto [end, error] = std::from_chars(exponent_text.data(),
                                                  exponent_text.data() + exponent_text.size(),
                                                  exponent);
        if (error == std::errc::result_out_of_range)
            exponent = std::numeric_limits<long long>::max() / 2;
        if (negative)
            exponent = -exponent;
    }

    const std::size_t point = std::min(significand.find('.'), significand.size());
    const std::size_t first_significant = significand.find_first_not_of("0.");
    if (first_significant == std::string_view::npos)
        return false;
    // The leading digit d at index i stands for d * 10^(point - i - 1), or
    // d * 10^(point - i) when it sits after the point.
    const auto leading_power = first_significant < point
        ? static_cast<long long>(point - first_significant) - 1
        : -static_cast<long long>(first_significant - point);
    return leading_power + std::clamp(exponent, -(1LL << 40), 1LL << 40) > 0;
}

TextError fieldError(TextProblem problem, const std::string& source, std::size_t line_number,
                     std::string_view line, const Field& field)
{
    TextError error;
    error.problem = problem;
    error.source = source;
    error.line = line_number;
    error.column = columnAt(line, field.offset);
    std::tie(error.text, error.text_truncated) = detail::quoteText(field.text);
    return error;
}

// Splits `line` at every `separator`, trimming blanks around each field. An
// empty field keeps the offset where it would start.
void splitAt(std::string_view line, char separator, std::vector<Field>& fields)
{
    std::size_t start = 0;
    while (true) {
        const std::size_t end = std::min(line.find(separator, start), line.size());
        const std::string_view raw = line.substr(start, end - start);
        const std::string_view trimmed = trimBlanks(raw);
        const std::size_t offset = trimmed.empty()
            ? start
            : static_cast<std::size_t>(trimmed.data() - line.data());
        fields.push_back({trimmed, offset});
        if (end == line.size())
            return;
        start = end + 1;
    }
}

void splitAtBlankRuns(std::string_view line, std::vector<Field>& fields)
{
    std::size_t position = 0;
    while (position < line.size()) {
        if (isBlank(line[position])) {
            ++position;
            continue;
        }
        const std::size_t start = position;
        while (position < line.size() && !isBlank(line[position]))
            ++position;
        fields.push_back({line.substr(start, position - start), start});
    }
}

void splitFields(std::string_view line, Separator separator, std::vector<Field>& fields)
{
    fields.clear();
    switch (separator) {
    case Separator::Semicolon:
        splitAt(line, ';', fields);
        return;
    case Separator::Comma:
        splitAt(line, ',', fields);
        return;
    case Separator::Tab:
        splitAt(line, '\t', fields);
        return;
    case Separator::Whitespace:
        splitAtBlankRuns(line, fields);
        return;
    }
}

// Returns whether the cells are the bare integers 0, 1, ..., N-1 in order, the
// column labels pandas writes for a frame without column names.
bool isIndexSequence(std::span<const Field> fields, std::size_t min_size = 2)
{
    if (fields.size() < min_size)
        return false;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].text != std::to_string(i))
            return false;
    }
    return true;
}

// A row is a header when no cell reads as a number, or when it is an index
// sequence. Nan, inf and overflowing numbers count as numbers, so that they
// fail as data with a precise problem.
bool isHeader(std::span<const Field> fields)
{
    if (isIndexSequence(fields))
        return true;

    bool has_text = false;
    for (const Field& field : fields) {
        if (field.text.empty())
            continue;
        const auto number = parseNumber(field.text);
        if (number || number.error() != TextProblem::NotANumber)
            return false;
        has_text = true;
    }
    return has_text;
}

// Returns whether the first row is the header that pandas' DataFrame.to_csv
// writes with the index: an empty cell above the index column, then the
// column names, or the integers 0, 1, ... when the columns have no names.
bool isIndexColumnHeader(std::span<const Field> fields)
{
    if (fields.size() < 2 || !fields.front().text.empty())
        return false;
    const std::span<const Field> names = fields.subspan(1);
    return isIndexSequence(names, 1) || isHeader(names);
}

// A semicolon wins over a comma because spreadsheets write semicolons to keep
// commas for decimal commas. Those then fail as numbers, and the message
// requests a dot.
Separator detectSeparator(std::string_view first_row)
{
    if (first_row.find(';') != std::string_view::npos)
        return Separator::Semicolon;
    if (first_row.find(',') != std::string_view::npos)
        return Separator::Comma;
    if (first_row.find('\t') == std::string_view::npos)
        return Separator::Whitespace;

    // A tab-separated cell with a blank inside is either a class name such as
    // "class one" or a sign of columns aligned with both tabs and spaces.
    std::vector<Field> cells;
    splitAt(first_row, '\t', cells);
    const bool blank_inside_cell = std::any_of(cells.begin(), cells.end(), [](const Field& cell) {
        return std::any_of(cell.text.begin(), cell.text.end(), isBlank);
    });
    if (blank_inside_cell && !isHeader(cells))
        return Separator::Whitespace;
    return Separator::Tab;
}

// Parses every field of a row into `row`, or returns the first failure.
std::optional<TextError> parseRow(std::span<const Field> fields, const std::string& source,
                                  std::size_t line_number, std::string_view line, LogitsRow& row)
{
    row.line = line_number;
    row.values.reserve(fields.size());
    row.columns.reserve(fields.size());
    // Columns are counted on from the previous field, so that a row of a
    // million fields costs one pass over the line, not one pass per field.
    std::size_t counted_offset = 0;
    std::size_t column = 1;
    for (const Field& field : fields) {
        const auto number = parseNumber(field.text);
        if (!number)
            return fieldError(number.error(), source, line_number, line, field);
        row.values.push_back(*number);
        const std::string_view skipped = line.substr(counted_offset, field.offset - counted_offset);
        column += skipped.size() - static_cast<std::size_t>(std::count_if(skipped.begin(), skipped.end(), isContinuationByte));
        counted_offset = field.offset;
        row.columns.push_back(column);
    }
    return std::nullopt;
}

// The content of one line without its line end and without a trailing comment.
std::string_view contentOf(std::string_view line)
{
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    return line.substr(0, line.find('#'));
}

} // namespace

Expected<double, TextProblem> parseNumber(std::string_view field)
{
    if (field.empty())
        return unexpected(TextProblem::EmptyField);

    // from_chars rejects a leading '+', which spreadsheets and printf("%+g") write.
    std::string_view number = field;
    if (number.size() > 1 && number.front() == '+' && number[1] != '+' && number[1] != '-')
        number.remove_prefix(1);

    double value = 0.0;
    const char* const end = number.data() + number.size();
    const auto [stop, error] = std::from_chars(number.data(), end, value);
    if (stop != end || error == std::errc::invalid_argument)
        return unexpected(TextProblem::NotANumber);
    if (error == std::errc::result_out_of_range) {
        if (exceedsDoubleRange(number))
            return unexpected(TextProblem::ValueOverflow);
        return number.front() == '-' ? -0.0 : 0.0;
    }
    if (!std::isfinite(value))
        return unexpected(TextProblem::NonFiniteValue);
    return value;
}

Expected<LogitsTable, TextError> parseLogitsList(std::string_view text, std::string source)
{
    if (trimBlanks(text).empty())
        return unexpected(detail::sourceError(TextProblem::EmptyInput, std::move(source)));

    std::vector<Field> fields;
    splitAt(text, ',', fields);

    LogitsRow row;
    if (auto error = parseRow(fields, source, 1, text, row))
        return unexpected(std::move(*error));

    LogitsTable table;
    table.source = std::move(source);
    table.rows.push_back(std::move(row));
    return table;
}

Expected<LogitsTable, TextError> parseLogitsText(std::string_view text, std::string source)
{
    if (text.starts_with(kByteOrderMark))
        text.remove_prefix(kByteOrderMark.size());

    LogitsTable table;
    std::optional<Separator> separator;
    std::size_t expected_fields = 0;
    std::size_t expected_line = 0;
    bool index_column = false; // the first field of each row is a pandas index, not a logit
    std::vector<Field> fields;

    std::size_t line_number = 0;
    std::size_t line_start = 0;
    while (line_start < text.size()) {
        const std::size_t line_end = std::min(text.find('\n', line_start), text.size());
        const std::string_view line = text.substr(line_start, line_end - line_start);
        line_start = line_end + 1;
        ++line_number;

        const std::string_view content = contentOf(line);
        if (trimBlanks(content).empty())
            continue;

        if (!separator) {
            separator = detectSeparator(content);
            splitFields(content, *separator, fields);
            expected_fields = fields.size();
            expected_line = line_number;
            index_column = isIndexColumnHeader(fields);
            if (index_column || isHeader(fields)) {
                for (const Field& field : std::span(fields).subspan(index_column ? 1 : 0)) {
                    if (field.text.empty())
                        return unexpected(fieldError(TextProblem::EmptyField, source,
                                                     line_number, line, field));
                    table.class_names.emplace_back(field.text);
                }
                table.header_line = line_number;
                continue;
            }
        } else {
            splitFields(content, *separator, fields);
        }

        if (fields.size() != expected_fields) {
            TextError error;
            error.problem = TextProblem::RaggedRow;
            error.source = source;
            error.line = line_number;
            // Point at the first extra field, or just past the last field when one is missing.
            const std::size_t offset = fields.size() > expected_fields
                ? fields[expected_fields].offset
                : fields.back().offset + fields.back().text.size();
            error.column = columnAt(line, offset);
            error.expected_fields = expected_fields;
            error.actual_fields = fields.size();
            error.expected_line = expected_line;
            return unexpected(std::move(error));
        }

        LogitsRow row;
        const auto logits = std::span(fields).subspan(index_column ? 1 : 0);
        if (auto error = parseRow(logits, source, line_number, line, row))
            return unexpected(std::move(*error));
        table.rows.push_back(std::move(row));
    }

    if (table.rows.empty() && table.header_line != 0) {
        TextError error = detail::sourceError(TextProblem::HeaderWithoutData, std::move(source));
        error.line = table.header_line;
        error.column = 1;
        return unexpected(std::move(error));
    }
    if (table.rows.empty())
        return unexpected(detail::sourceError(TextProblem::EmptyInput, std::move(source)));

    table.source = std::move(source);
    return table;
}

Expected<LogitsTable, TextError> readLogitsFile(const std::filesystem::path& path,
                                                std::uintmax_t max_bytes)
{
    auto content = detail::readLogitsBytes(path, max_bytes, LogitsFormat::Text);
    if (!content)
        return unexpected(content.error());
    return parseLogitsText(*content, path.string());
}

} // namespace distillscope
