#include "app/output_json.h"

#include "app/number_text.h"

#include <QString>

#include <cstdio>

namespace distillscope::app {

std::string jsonNumber(double value)
{
    return formatNumber(value);
}

std::string jsonNumber(std::optional<double> value)
{
    return value ? formatNumber(*value) : std::string("null");
}

std::string jsonArray(std::span<const double> values)
{
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += formatNumber(values[i]);
    }
    return out + "]";
}

std::string jsonArray(std::span<const std::optional<double>> values)
{
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += jsonNumber(values[i]);
    }
    return out + "]";
}

std::string jsonString(std::string_view text)
{
    // Class names come from files in any encoding; invalid UTF-8 becomes U+FFFD
    // so that the output stays valid JSON.
    const std::string valid = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()))
                                  .toStdString();
    std::string out = "\"";
    for (const char c : valid) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
                out += escaped;
            } else {
                // Bytes of multi-byte UTF-8 characters pass through unchanged.
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string jsonStringArray(std::span<const std::string> texts)
{
    std::string out = "[";
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += jsonString(texts[i]);
    }
    return out + "]";
}

JsonObject& JsonObject::add(std::string_view key, std::string rendered_value)
{
    m_members.emplace_back(std::string(key), std::move(rendered_value));
    return *this;
}

std::string JsonObject::text() const
{
    std::string out = "{\n";
    for (std::size_t i = 0; i < m_members.size(); ++i) {
        out += "  " + jsonString(m_members[i].first) + ": " + m_members[i].second;
        out += i + 1 < m_members.size() ? ",\n" : "\n";
    }
    return out + "}\n";
}

} // namespace distillscope::app
