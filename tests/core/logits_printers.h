#pragma once

// Lets GoogleTest print the enums of the logits readers by name when a check
// fails, in every test file of the readers.

#include "distillscope/logits_text.h"

#include <ostream>

namespace distillscope {

std::ostream& operator<<(std::ostream& out, TextProblem problem);
std::ostream& operator<<(std::ostream& out, LogitsFormat format);
std::ostream& operator<<(std::ostream& out, Expectation expectation);
std::ostream& operator<<(std::ostream& out, JsonKind kind);

} // namespace distillscope
