#pragma once

// Times the real main window as `distillscope bench --classes N` reports it.

namespace distillscope::ui {

// Milliseconds from a change until every panel has recomputed and replotted.
struct WindowBenchResult {
    double update_ms_median = 0.0, update_ms_p90 = 0.0; // temperature changes
    double edit_ms_median = 0.0, edit_ms_p90 = 0.0;     // single-logit edits
};

// Creates the main window at 1600 x 1000 with every panel visible, on `classes`
// random logits, changes the temperature 200 times and then edits one logit
// 200 times. Each step replots synchronously, so the time covers the drawing.
// Needs a QApplication; use QT_QPA_PLATFORM=offscreen for a headless run.
// Precondition: classes >= 2.
WindowBenchResult benchWindow(int classes);

} // namespace distillscope::ui
