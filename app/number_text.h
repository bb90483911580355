#pragma once

// Numbers as text in a form that reads back to the same double.

#include <QString>

#include <string>

namespace distillscope::app {

// Formats a finite double in the shortest form that std::from_chars, JSON
// parsers and strtod in the C locale read back to the same value, whatever the
// current locale ("0.1", "-2.5e-300", "1e+16"). Precondition: the value is finite.
std::string formatNumber(double value);

// formatNumber as a QString, for messages.
QString numberText(double value);

} // namespace distillscope::app
