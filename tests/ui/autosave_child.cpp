// The process that tst_autosave kills: the real window with autosave in the
// folder given as the only argument. It makes two edits through the widgets,
// prints "autosaved" with the temperature and the edited logit once the
// autosave contains them, and then runs until it is killed.

#include "digits_scenario.h"

#include "ui/file_actions.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/session.h"
#include "ui/temperature_control.h"

#include <QApplication>
#include <QLineEdit>
#include <QTimer>

#include <cstdio>

using namespace distillscope::ui;

int main(int argc, char** argv)
{
    QApplication application(argc, argv);
    if (argc != 2) {
        std::fputs("usage: ui_autosave_child FOLDER\n", stderr);
        return 2;
    }
    MainWindow window(test::digitsScenario());
    window.show();
    FileActions files(window, {QString::fromLocal8Bit(argv[1]), 50});

    constexpr double kTemperature = 7.25;
    constexpr double kTeacherLogit = 6.125;
    QObject::connect(&files, &FileActions::autosaved, &files, [&](const QString& path) {
        const auto saved = SessionFile::read(path);
        if (!saved || saved->temperature != kTemperature || saved->teacher[1] != kTeacherLogit)
            return;
        std::printf("autosaved %.17g %.17g\n", saved->temperature, saved->teacher[1]);
        std::fflush(stdout);
    });
    QTimer::singleShot(0, &window, [&] {
        // The signals the widgets emit when the user types into the table
        // and into the temperature field.
        LogitModel* model = window.logitModel();
        model->setData(model->index(1, LogitModel::TeacherColumn), QStringLiteral("6.125"),
                       Qt::EditRole);
        QLineEdit* field = window.temperatureControl()->field()->lineEdit();
        field->setText(QStringLiteral("7.25"));
        emit field->textEdited(field->text());
    });
    return application.exec();
}
