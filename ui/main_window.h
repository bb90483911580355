#pragma once

#include "ui/run_window.h"

#include <QMainWindow>

namespace distillscope::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const StartupScenario& scenario, QWidget* parent = nullptr);
};

} // namespace distillscope::ui
