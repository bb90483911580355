#pragma once

// The bundled digits sample as the window starts on it, for the ui tests.

#include "ui/run_window.h"

namespace distillscope::ui::test {

// Reads the sample's default row from resources/samples; fails the calling
// test through QFAIL-free means: returns an empty scenario when the files are
// missing, which the caller checks.
StartupScenario digitsScenario();

} // namespace distillscope::ui::test
