#include "ui/window_bench.h"

namespace distillscope::ui {

WindowBenchResult benchWindow(int /*classes*/)
{
    return {};
}

} // namespace distillscope::ui
