#pragma once

// User-facing wording of the core's logits file errors in the window. The
// command line words the same errors in app/messages.cpp, which the window
// cannot link, so the two follow one pattern: the file and the place (line
// and column, byte offset or JSON path), what is wrong, and what was expected.

#include "distillscope/logits_text.h"

#include <QString>

namespace distillscope::ui {

// Describes `error` from reading the logits file at `path` in one paragraph.
QString describeLogitsFileError(const TextError& error, const QString& path);

} // namespace distillscope::ui
