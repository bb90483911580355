#pragma once

// Entry point from app/ into the window.

#include <string>
#include <vector>

class QApplication;

namespace distillscope::ui {

// The window's first state: logits, class names, temperature and their source.
struct StartupScenario {
    std::vector<double> teacher, student;
    std::vector<std::string> class_names; // may be empty: the window names classes 0..N-1
    double temperature = 1.0;
    std::string source_label; // shown in the title bar and status line, e.g. "digits sample"
};

// Builds and shows the main window on `scenario`, then runs the event loop.
// Returns the exit code of QApplication::exec().
int runWindow(QApplication& app, const StartupScenario& scenario);

} // namespace distillscope::ui
