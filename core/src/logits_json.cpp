#include "distillscope/logits_json.h"

#include "logits_file_access.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace distillscope {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The parse_error ids of nlohmann::json 3.11 that get their own problem.
constexpr int kNumberOverflowId = 406;

// The places a value can take in a logits document.
enum class Place {
    Document,  // the whole document
    Object,    // a value of the top-level object, placed by its key
    Logits,    // an element of the logits list
    Row,       // an element of a row, inside a list of rows
    Labels,
    ClassNames,
};

// An open list or object, and the path that names it.
struct Frame {
    Place place = Place::Document;
    std::string path;
    std::size_t count = 0; // elements read so far
};

std::string pathOfKey(const std::string& parent, std::string_view key)
{
    const bool plain = !key.empty()
        && (std::isalpha(static_cast<unsigned char>(key.front())) || key.front() == '_')
        && std::all_of(key.begin(), key.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
           });
    if (plain)
        return parent + "." + std::string(key);

    std::string quoted = parent + "[\"";
    for (const char c : detail::quoteText(key).first) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + "\"]";
}

std::string pathOfIndex(const std::string& parent, std::size_t index)
{
    return parent + "[" + std::to_string(index) + "]";
}

bool isWordByte(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'
        || c == '_';
}

// Builds the table from nlohmann::json's SAX events, checking each value
// against its place as it arrives, so that no document tree is built and a
// wrong value stops the parse at once.
class LogitsHandler final : public nlohmann::json_sax<Json> {
public:
    LogitsHandler(std::string_view text, std::string source)
        : m_text(text), m_source(std::move(source))
    {
        m_table.format = LogitsFormat::Json;
    }

    bool null() override { return wrongType(JsonKind::Null, "null"); }
    bool boolean(bool value) override
    {
        return wrongType(JsonKind::Boolean, value ? "true" : "false");
    }
    // nlohmann::json reports non-negative integers through number_unsigned,
    // so every value here is negative, a class index out of range for any table.
    bool number_integer(number_integer_t value) override
    {
        return number(static_cast<double>(value), std::to_string(value), kNegativeIndex);
    }
    bool number_unsigned(number_unsigned_t value) override
    {
        return number(static_cast<double>(value), std::to_string(value), value);
    }
    bool number_float(number_float_t value, const string_t& text) override
    {
        return number(value, text, std::nullopt);
    }
    bool string(string_t& value) override;
    bool binary(binary_t&) override { return wrongType(JsonKind::String, {}); }
    bool start_object(std::size_t) override;
    bool key(string_t& key) override;
    bool end_object() override;
    bool start_array(std::size_t) override;
    bool end_array() override;
    bool parse_error(std::size_t position, const std::string& last_token,
                     const nlohmann::detail::exception& exception) override;

    // The table after a successful parse, checked as a whole.
    Expected<LogitsTable, TextError> finish();
    TextError takeError() { return std::move(*m_error); }

private:
    // Where the next value goes, and its path.
    Place nextPlace() const { return m_frames.empty() ? Place::Document : m_frames.back().place; }
    std::string nextPath() const;
    Expectation expectationAt(Place place) const;

    static constexpr std::uint64_t kNegativeIndex = std::numeric_limits<std::uint64_t>::max();

    bool number(double value, const std::string& text, std::optional<std::uint64_t> integer);
    bool wrongType(JsonKind found, std::string_view text);
    bool fail(TextError error);
    TextError errorAt(TextProblem problem, std::string path) const;
    void setTextPosition(TextError& error, std::size_t offset) const;

    std::optional<TextError> closeRow(const std::string& path);

    std::string_view m_text;
    std::string m_source;
    LogitsTable m_table;
    std::vector<Frame> m_frames;

    std::string m_key;            // the object's key whose value comes next
    std::vector<std::string> m_keys_seen;
    bool m_flat_logits = false;   // the logits list contains numbers, so it is one sample
    bool m_logits_seen = false;
    std::vector<std::string> m_labels;
    std::vector<std::optional<std::uint64_t>> m_label_indices; // none for a class name
    std::optional<TextError> m_error;
};

std::string LogitsHandler::nextPath() const
{
    if (m_frames.empty())
        return "$";
    const Frame& frame = m_frames.back();
    if (frame.place == Place::Object)
        return pathOfKey(frame.path, m_key);
    return pathOfIndex(frame.path, frame.count);
}

Expectation LogitsHandler::expectationAt(Place place) const
{
    switch (place) {
    case Place::Document:
        return Expectation::LogitsDocument;
    case Place::Object:
        if (m_key == "labels")
            return Expectation::Labels;
        if (m_key == "classes")
            return Expectation::ClassNames;
        return Expectation::Logits;
    case Place::Logits:
        if (m_frames.back().count == 0)
            return Expectation::Logits;
        return m_flat_logits ? Expectation::Number : Expectation::Row;
    case Place::Row:
        return Expectation::Number;
    case Place::Labels:
        return Expectation::Label;
    case Place::ClassNames:
        return Expectation::ClassName;
    }
    return Expectation::None;
}

TextError LogitsHandler::errorAt(TextProblem problem, std::string path) const
{
    TextError error = detail::sourceError(problem, m_source, LogitsFormat::Json);
    error.json_path = std::move(path);
    return error;
}

bool LogitsHandler::fail(TextError error)
{
    m_error = std::move(error);
    return false;
}

bool LogitsHandler::wrongType(JsonKind found, std::string_view text)
{
    const Place place = nextPlace();
    TextError error = errorAt(TextProblem::JsonWrongType, nextPath());
    error.expected = expectationAt(place);
    error.found = found;
    std::tie(error.text, error.text_truncated) = detail::quoteText(text);
    return fail(std::move(error));
}

bool LogitsHandler::number(double value, const std::string& text,
                           std::optional<std::uint64_t> integer)
{
    switch (nextPlace()) {
    case Place::Logits:
        if (m_frames.back().count == 0) {
            m_flat_logits = true;
            m_table.rows.emplace_back();
        }
        if (!m_flat_logits)
            return wrongType(JsonKind::Number, text);
        m_table.rows.back().values.push_back(value);
        break;
    case Place::Row:
        m_table.rows.back().values.push_back(value);
        break;
    case Place::Labels:
        if (!integer)
            return wrongType(JsonKind::Number, text);
        m_labels.push_back(text);
        m_label_indices.push_back(integer);
        break;
    default:
        return wrongType(JsonKind::Number, text);
    }
    ++m_frames.back().count;
    return true;
}

bool LogitsHandler::string(string_t& value)
{
    switch (nextPlace()) {
    case Place::Labels:
        m_labels.push_back(value);
        m_label_indices.push_back(std::nullopt);
        break;
    case Place::ClassNames:
        m_table.class_names.push_back(value);
        break;
    default:
        return wrongType(JsonKind::String, value);
    }
    ++m_frames.back().count;
    return true;
}

bool LogitsHandler::start_object(std::size_t)
{
    if (nextPlace() != Place::Document)
        return wrongType(JsonKind::Object, {});
    m_frames.push_back({Place::Object, "$", 0});
    return true;
}

bool LogitsHandler::key(string_t& key)
{
    m_key = key;
    const std::string path = pathOfKey("$", key);
    if (key != "logits" && key != "labels" && key != "classes") {
        TextError error = errorAt(TextProblem::JsonUnknownKey, path);
        std::tie(error.text, error.text_truncated) = detail::quoteText(key);
        return fail(std::move(error));
    }
    if (std::find(m_keys_seen.begin(), m_keys_seen.end(), key) != m_keys_seen.end()) {
        TextError error = errorAt(TextProblem::JsonDuplicateKey, path);
        error.text = key;
        return fail(std::move(error));
    }
    m_keys_seen.push_back(key);
    return true;
}

bool LogitsHandler::end_object()
{
    m_frames.pop_back();
    if (!m_logits_seen) {
        TextError error = errorAt(TextProblem::JsonMissingKey, "$");
        error.text = "logits";
        return fail(std::move(error));
    }
    return true;
}

bool LogitsHandler::start_array(std::size_t)
{
    const Place place = nextPlace();
    const std::string path = nextPath();
    switch (place) {
    case Place::Document:
        m_logits_seen = true;
        m_frames.push_back({Place::Logits, path, 0});
        return true;
    case Place::Object:
        if (m_key == "logits") {
            m_logits_seen = true;
            m_frames.push_back({Place::Logits, path, 0});
        } else {
            m_frames.push_back({m_key == "labels" ? Place::Labels : Place::ClassNames, path, 0});
        }
        return true;
    case Place::Logits:
        if (m_flat_logits)
            return wrongType(JsonKind::Array, {});
        m_table.rows.emplace_back();
        m_frames.push_back({Place::Row, path, 0});
        return true;
    default:
        return wrongType(JsonKind::Array, {});
    }
}

std::optional<TextError> LogitsHandler::closeRow(const std::string& path)
{
    const std::size_t length = m_table.rows.back().values.size();
    if (length == 0)
        return errorAt(TextProblem::JsonEmptyList, path);

    const std::size_t expected = m_table.rows.front().values.size();
    if (length != expected) {
        TextError error = errorAt(TextProblem::RaggedRow, path);
        error.expected_fields = expected;
        error.actual_fields = length;
        return error;
    }
    return std::nullopt;
}

bool LogitsHandler::end_array()
{
    const Frame frame = std::move(m_frames.back());
    m_frames.pop_back();
    if (!m_frames.empty())
        ++m_frames.back().count;

    if (frame.place == Place::Row) {
        if (auto error = closeRow(frame.path))
            return fail(std::move(*error));
    }
    if (frame.place == Place::Logits && frame.count == 0)
        return fail(errorAt(TextProblem::JsonEmptyList, frame.path));
    return true;
}

void LogitsHandler::setTextPosition(TextError& error, std::size_t offset) const
{
    offset = std::min(offset, m_text.size());
    error.byte_offset = offset;

    const std::string_view before = m_text.substr(0, offset);
    const std::size_t line_start = before.rfind('\n') == std::string_view::npos
        ? 0
        : before.rfind('\n') + 1;
    std::string_view line = before.substr(line_start);
    if (line_start == 0 && line.starts_with(kByteOrderMark))
        line.remove_prefix(kByteOrderMark.size());
    error.line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    error.column = static_cast<std::size_t>(std::count_if(line.begin(), line.end(), [](char c) {
                       return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
                   }))
        + 1;
}

bool LogitsHandler::parse_error(std::size_t position, const std::string& last_token,
                                const nlohmann::detail::exception& exception)
{
    // nlohmann::json reports how many bytes it has read, so the byte that
    // stopped it is the one before. An overflowing number fails after it was
    // read, and then the token is that number.
    if (exception.id == kNumberOverflowId) {
        TextError error = errorAt(TextProblem::ValueOverflow, nextPath());
        setTextPosition(error, position - std::min(position, last_token.size()));
        std::tie(error.text, error.text_truncated) = detail::quoteText(last_token);
        return fail(std::move(error));
    }

    // Quote the whole word around the byte that stopped the parser, such as
    // "tru" in [1, tru], or that byte alone, or nothing at the end of the text.
    const std::size_t stop = std::min(position == 0 ? 0 : position - 1, m_text.size());
    std::size_t start = stop;
    std::size_t end = stop;
    if (stop < m_text.size()) {
        while (start > 0 && isWordByte(m_text[start - 1]))
            --start;
        while (end < m_text.size() && isWordByte(m_text[end]))
            ++end;
        if (end == start)
            ++end;
    }
    const std::string_view word = m_text.substr(start, end - start);

    // Python's json.dump writes non-finite floats as these bare words.
    if (word == "NaN" || word == "Infinity" || word == "-Infinity") {
        TextError error = errorAt(TextProblem::NonFiniteValue, nextPath());
        setTextPosition(error, start);
        error.text = std::string(word);
        return fail(std::move(error));
    }

    TextError error = detail::sourceError(TextProblem::JsonSyntax, m_source, LogitsFormat::Json);
    setTextPosition(error, start);
    std::tie(error.text, error.text_truncated) = detail::quoteText(word);

    // Keep the parser's description without its position, which the error
    // states itself, and without its echo of the input.
    std::string description = exception.what();
    const std::size_t colon = description.find(": ");
    if (colon != std::string::npos)
        description.erase(0, colon + 2);
    const std::size_t echo = description.find("; last read");
    if (echo != std::string::npos)
        description.erase(echo);
    error.detail = description;
    return fail(std::move(error));
}

Expected<LogitsTable, TextError> LogitsHandler::finish()
{
    const std::size_t rows = m_table.rows.size();
    const std::size_t classes = m_table.classes();

    if (!m_labels.empty() || std::count(m_keys_seen.begin(), m_keys_seen.end(), "labels") != 0) {
        if (m_labels.size() != rows) {
            TextError error = errorAt(TextProblem::JsonCountMismatch, "$.labels");
            error.expected_fields = rows;
            error.actual_fields = m_labels.size();
            return unexpected(std::move(error));
        }
        for (std::size_t i = 0; i < rows; ++i) {
            const auto& index = m_label_indices[i];
            if (index && *index >= classes) {
                TextError error = errorAt(TextProblem::JsonLabelOutOfRange,
                                          pathOfIndex("$.labels", i));
                error.text = m_labels[i];
                error.expected_fields = classes;
                return unexpected(std::move(error));
            }
        }
    }
    if (std::count(m_keys_seen.begin(), m_keys_seen.end(), "classes") != 0
        && m_table.class_names.size() != classes) {
        TextError error = errorAt(TextProblem::JsonCountMismatch, "$.classes");
        error.expected_fields = classes;
        error.actual_fields = m_table.class_names.size();
        return unexpected(std::move(error));
    }

    m_table.labels = std::move(m_labels);
    m_table.source = std::move(m_source);
    return std::move(m_table);
}

} // namespace

Expected<LogitsTable, TextError> parseLogitsJson(std::string_view text, std::string source)
{
    std::string_view content = text;
    if (content.starts_with(kByteOrderMark))
        content.remove_prefix(kByteOrderMark.size());
    if (content.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return unexpected(detail::sourceError(TextProblem::EmptyInput, std::move(source),
                                              LogitsFormat::Json));

    LogitsHandler handler(text, std::move(source));
    if (!Json::sax_parse(text.begin(), text.end(), &handler))
        return unexpected(handler.takeError());
    return handler.finish();
}

Expected<LogitsTable, TextError> readLogitsJsonFile(const std::filesystem::path& path,
                                                    std::uintmax_t max_bytes)
{
    auto content = detail::readLogitsBytes(path, max_bytes, LogitsFormat::Json);
    if (!content)
        return unexpected(content.error());
    return parseLogitsJson(*content, path.string());
}

} // namespace distillscope
