#pragma once

// The bundled digits sample as the window starts on it, for the ui tests.

#include "ui/run_window.h"

namespace distillscope::ui::test {

// Reads the sample's default row from resources/samples. Returns an empty
// scenario when the files are missing or invalid, so the caller must check.
StartupScenario digitsScenario();

} // namespace distillscope::ui::test
