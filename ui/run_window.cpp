#include "ui/run_window.h"

#include "ui/dataset_actions.h"
#include "ui/file_actions.h"
#include "ui/lecture_actions.h"
#include "ui/lesson_actions.h"
#include "ui/main_window.h"

#include <QApplication>

namespace distillscope::ui {

int runWindow(QApplication& app, const StartupScenario& scenario)
{
    MainWindow window(scenario);
    window.resize(1600, 1000);
    auto* files = new FileActions(window, {FileActions::defaultAutosaveFolder()});
    // After FileActions, so that the View menu follows File and Edit.
    new LectureActions(window);
    auto* lessons = new LessonActions(window, *files);
    if (!scenario.session_path.empty()) {
        files->openSession(QString::fromStdString(scenario.session_path));
        // --temperature, when given, overrides the session's.
        window.setTemperature(scenario.temperature);
        // The opened session is where this run starts, not an edit to undo.
        files->resetHistory();
    } else if (scenario.teacher_table || scenario.student_table) {
        files->datasets()->adoptDataset(scenario.teacher_table, scenario.student_table,
                                        QString::fromStdString(scenario.teacher_path),
                                        QString::fromStdString(scenario.student_path), scenario.row);
    }
    window.show();
    // After show(), because a status bar message shown earlier would not hide
    // the status line under it.
    if (scenario.lesson >= 0) {
        if (!scenario.lessons_path.empty())
            lessons->openTour(QString::fromStdString(scenario.lessons_path));
        lessons->showLesson(scenario.lesson);
        // The lesson is where this run starts, not an edit to undo.
        files->resetHistory();
    }
    files->offerRecovery();
    return app.exec();
}

} // namespace distillscope::ui
