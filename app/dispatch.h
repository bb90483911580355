#pragma once

// The top level of the command line: picks the subcommand and prints its
// output or its one-line error.

#include "app/cli_result.h"

#include <QStringList>

#include <string>

namespace distillscope::app {

// Runs the subcommand named by arguments[0] (arguments without the program
// name) and returns the exit status. Needs a QApplication for bench --window
// and a QCoreApplication otherwise.
int dispatch(const QStringList& arguments);

// Prints a result: the output on stdout, or "distillscope: " and the message
// as one line on stderr. Returns the exit status.
int printResult(const CliResult<std::string>& result);

// Prints one line on stderr after "distillscope: ".
void printNote(const QString& message);

} // namespace distillscope::app
