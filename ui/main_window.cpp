#include "ui/main_window.h"

#include <QLabel>

namespace distillscope::ui {

MainWindow::MainWindow(const StartupScenario& scenario, QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("DistillScope — %1").arg(QString::fromStdString(scenario.source_label)));
    setCentralWidget(new QLabel(tr("%n classes", nullptr, int(scenario.teacher.size())), this));
}

} // namespace distillscope::ui
