#pragma once

#include "distillscope/logits_text.h"

#include <memory>

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
    // A session file to open over the logits above, or empty. The caller
    // checked that it reads; the window shows every choice it stores.
    std::string session_path;
    // The logits files the vectors above came from and the row taken from
    // them, so that the sample picker can step through the other rows. Null
    // for an inline list.
    std::shared_ptr<const LogitsTable> teacher_table, student_table;
    std::string teacher_path, student_path;
    int row = 0;
    // The true class of that row, from the files' labels, or empty.
    std::string label;
    // The lesson to open on, 0-based, or -1 for none, and the lesson file it
    // comes from; an empty path names the bundled tour. The caller checked
    // that the file reads and has that lesson.
    int lesson = -1;
    std::string lessons_path;
};

// Builds and shows the main window on `scenario`, offers to restore the
// autosave of a run that did not exit cleanly, then runs the event loop.
// Returns the exit code of QApplication::exec().
int runWindow(QApplication& app, const StartupScenario& scenario);

} // namespace distillscope::ui
