#pragma once

// distillscope without a subcommand: the window on the bundled sample or on
// the given logits, or, where no display is available, what `compute` prints
// for the same input.

#include "app/cli_result.h"
#include "app/command_line.h"

#include <QStringList>

namespace distillscope::app {

// The options accepted without a subcommand, and the overview that --help prints.
const CommandSpec& startCommand();

// Returns whether `arguments` (without the program name) name no subcommand:
// they are empty or start with an option.
bool startsWithoutCommand(const QStringList& arguments);

// Parses `arguments`, then opens the window when a display is available and
// this build has one, or else prints a one-line note and the `compute` output.
// Creates the application object itself, since only the window needs a
// QApplication. Returns the exit status.
int startWithoutCommand(int& argc, char** argv, const QStringList& arguments);

} // namespace distillscope::app
