#pragma once

// CSV output: comma-separated, a header row of column names, numbers in the
// same round-trip form as the JSON output and empty fields for undefined values.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace distillscope::app {

// Renders one CSV field. Preconditions: every double is finite.
std::string csvNumber(double value);
std::string csvNumber(std::optional<double> value); // empty when undefined
std::string csvText(std::string_view text);         // quoted when it has a comma, quote or line end

class CsvTable {
public:
    // Adds a "# name: value" line; comments come before the header.
    void comment(std::string_view name, std::string_view value);
    void header(std::initializer_list<std::string_view> names);
    // Adds a row of fields already rendered by the functions above.
    void row(std::initializer_list<std::string> fields);
    const std::string& text() const { return m_text; }

private:
    std::string m_text;
};

} // namespace distillscope::app
