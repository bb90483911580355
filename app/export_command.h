#pragma once

// `distillscope export`: a figure of one panel or of the whole dashboard, the
// data behind a panel as CSV, or a temperature-sweep animation, written
// without showing a window.

#include "app/command_line.h"

#include <QStringList>

namespace distillscope::app {

const CommandSpec& exportCommand();

// Reads the options and the logits first, so that bad input fails with one
// line and no platform plugin output. Then creates the QApplication, on the
// offscreen platform when DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM are
// all unset, builds the window without showing it and writes the file.
// `arguments` are the words after "export". Returns the exit status.
int runExportCommand(int& argc, char** argv, const QStringList& arguments);

} // namespace distillscope::app
