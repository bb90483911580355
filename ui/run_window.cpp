#include "ui/run_window.h"

#include "ui/main_window.h"

#include <QApplication>

namespace distillscope::ui {

int runWindow(QApplication& app, const StartupScenario& scenario)
{
    MainWindow window(scenario);
    window.resize(1600, 1000);
    window.show();
    return app.exec();
}

} // namespace distillscope::ui
