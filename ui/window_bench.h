#pragma once

// Times the real main window as `distillscope bench --classes N` reports it.

#include <QString>

#include <optional>

namespace distillscope::ui {

// Milliseconds from a change until every panel has recomputed and replotted.
struct WindowBenchResult {
    double update_ms_median = 0.0, update_ms_p90 = 0.0; // temperature changes
    double edit_ms_median = 0.0, edit_ms_p90 = 0.0;     // single-logit edits
};

struct WindowBenchOptions {
    int classes = 1000;
    QString page = QStringLiteral("plots"); // a key of MainWindow::showPage
    QString view;                           // the page's view, if it has several
    bool projector = false;                 // thicker lines and larger text
};

// Creates the main window at 1600 x 1000 showing options.page, on
// options.classes random logits, changes the temperature 200 times and then
// edits one logit 200 times. Each step replots synchronously, so the time
// covers the drawing. Returns nothing when the window has no such page or view.
// Needs a QApplication; use QT_QPA_PLATFORM=offscreen for a headless run.
// Precondition: options.classes >= 2.
std::optional<WindowBenchResult> benchWindow(const WindowBenchOptions& options);

} // namespace distillscope::ui
