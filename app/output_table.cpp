#include "app/output_table.h"

#include "app/number_text.h"

namespace distillscope::app {
namespace {

template <class Fields>
void appendLine(std::string& out, const Fields& fields)
{
    bool first = true;
    for (const auto& field : fields) {
        if (!first)
            out += ',';
        out += field;
        first = false;
    }
    out += '\n';
}

} // namespace

std::string csvNumber(double value)
{
    return formatNumber(value);
}

std::string csvNumber(std::optional<double> value)
{
    return value ? formatNumber(*value) : std::string();
}

std::string csvText(std::string_view text)
{
    if (text.find_first_of(",\"\r\n#") == std::string_view::npos)
        return std::string(text);

    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

void CsvTable::comment(std::string_view name, std::string_view value)
{
    m_text += "# ";
    m_text += name;
    m_text += ": ";
    m_text += value;
    m_text += '\n';
}

void CsvTable::header(std::initializer_list<std::string_view> names)
{
    appendLine(m_text, names);
}

void CsvTable::row(std::initializer_list<std::string> fields)
{
    appendLine(m_text, fields);
}

} // namespace distillscope::app
