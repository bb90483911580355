#pragma once

// A small JSON writer whose numbers read back to the same double: each is
// written by formatNumber (std::to_chars, shortest round-trip form), never as
// NaN or infinity. Keys keep the order in which they are added.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace distillscope::app {

// Renders one JSON value. Preconditions: every double is finite.
std::string jsonNumber(double value);
std::string jsonNumber(std::optional<double> value); // null when empty
std::string jsonArray(std::span<const double> values);
std::string jsonArray(std::span<const std::optional<double>> values); // null entries
std::string jsonString(std::string_view text);
std::string jsonStringArray(std::span<const std::string> texts);

// A JSON object written one key per line, with arrays kept on their line.
class JsonObject {
public:
    // Adds a key with a value rendered by the functions above.
    JsonObject& add(std::string_view key, std::string rendered_value);
    std::string text() const;

private:
    std::vector<std::pair<std::string, std::string>> m_members;
};

} // namespace distillscope::app
