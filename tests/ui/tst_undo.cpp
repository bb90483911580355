// Undo and redo in the real window: each kind of edit is made through its
// widget, undone and redone, and the window must show exactly the state
// before and after the edit.

#include "digits_scenario.h"

#include "ui/file_actions.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/session.h"
#include "ui/temperature_control.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace distillscope;
using namespace distillscope::ui;

namespace {

enum class Edit {
    TypedLogit,
    Temperature,
    Tolerance,
    Centre,
    Shift,
    Randomize,
    AddClass,
    RemoveClass,
    Eq4Choice,
    LogScale,
};

QPushButton* buttonNamed(const MainWindow& window, const QString& text)
{
    for (QPushButton* button : window.findChildren<QPushButton*>()) {
        if (button->text() == text)
            return button;
    }
    return nullptr;
}

} // namespace

class UndoTest : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void editUndoRedo_data();
    void editUndoRedo();
    void sliderDragIsOneCommand();
    void undoShowsTemperatureWithoutNewEdit();
    void rejectedLogitRecordsNothing();
    void shortcutsAreStandard();

private:
    void apply(Edit edit);

    std::unique_ptr<MainWindow> m_window;
    FileActions* m_files = nullptr;
};

void UndoTest::init()
{
    const StartupScenario scenario = test::digitsScenario();
    QVERIFY2(!scenario.teacher.empty(), "the digits sample was not found");
    m_window = std::make_unique<MainWindow>(scenario);
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_files = new FileActions(*m_window, {});
}

void UndoTest::cleanup()
{
    m_window.reset();
}

void UndoTest::apply(Edit edit)
{
    MainWindow& window = *m_window;
    switch (edit) {
    case Edit::TypedLogit: {
        LogitModel* model = window.logitModel();
        QVERIFY(model->setData(model->index(2, LogitModel::TeacherColumn), QStringLiteral("9.5"),
                               Qt::EditRole));
        break;
    }
    case Edit::Temperature: {
        QLineEdit* field = window.temperatureControl()->field()->lineEdit();
        window.temperatureControl()->field()->setFocus();
        field->selectAll();
        QTest::keyClicks(field, QStringLiteral("7.25"));
        QTest::keyClick(field, Qt::Key_Return);
        break;
    }
    case Edit::Tolerance: window.toleranceBox()->setValue(4.5); break;
    case Edit::Centre: buttonNamed(window, QStringLiteral("Centre"))->click(); break;
    case Edit::Shift: buttonNamed(window, QStringLiteral("Shift"))->click(); break;
    case Edit::Randomize: buttonNamed(window, QStringLiteral("Randomize"))->click(); break;
    case Edit::AddClass: buttonNamed(window, QStringLiteral("Add class"))->click(); break;
    case Edit::RemoveClass: buttonNamed(window, QStringLiteral("Remove class"))->click(); break;
    case Edit::Eq4Choice: window.eq4LogitsBox()->setCurrentIndex(1); break;
    case Edit::LogScale: window.logScaleBox()->click(); break;
    }
}

void UndoTest::editUndoRedo_data()
{
    QTest::addColumn<Edit>("edit");
    QTest::newRow("typed logit") << Edit::TypedLogit;
    QTest::newRow("typed temperature") << Edit::Temperature;
    QTest::newRow("tolerance") << Edit::Tolerance;
    QTest::newRow("centre button") << Edit::Centre;
    QTest::newRow("shift button") << Edit::Shift;
    QTest::newRow("randomize button") << Edit::Randomize;
    QTest::newRow("add class") << Edit::AddClass;
    QTest::newRow("remove class") << Edit::RemoveClass;
    QTest::newRow("eq4 logits choice") << Edit::Eq4Choice;
    QTest::newRow("log scale") << Edit::LogScale;
}

void UndoTest::editUndoRedo()
{
    QFETCH(Edit, edit);
    QUndoStack* stack = m_files->undoStack();
    const SessionState before = m_window->sessionState();

    apply(edit);
    const SessionState after = m_window->sessionState();
    QVERIFY2(!(after == before), "the edit changed nothing");
    QCOMPARE(stack->count(), 1);

    stack->undo();
    QVERIFY(m_window->sessionState() == before);
    QCOMPARE(m_window->distillation().classes(), Index(before.teacher.size()));
    QCOMPARE(m_window->temperature(), before.temperature);
    QCOMPARE(m_window->logitModel()->teacher(), before.teacher);
    QCOMPARE(m_window->logitModel()->student(), before.student);
    QCOMPARE(m_window->tolerance(), before.tolerance);

    stack->redo();
    QVERIFY(m_window->sessionState() == after);
    QCOMPARE(m_window->logitModel()->student(), after.student);
    QCOMPARE(m_window->temperature(), after.temperature);
    // Neither undo nor redo recorded an edit of its own.
    QCOMPARE(stack->count(), 1);
}

void UndoTest::sliderDragIsOneCommand()
{
    QSlider* slider = m_window->temperatureControl()->slider();
    const double start = m_window->temperature();
    slider->setSliderDown(true);
    for (int position : {100, 400, 900, 1300})
        slider->setSliderPosition(position);
    slider->setSliderDown(false);
    QVERIFY(m_window->temperature() != start);

    QCOMPARE(m_files->undoStack()->count(), 1);
    m_files->undoStack()->undo();
    QCOMPARE(m_window->temperature(), start);
}

void UndoTest::undoShowsTemperatureWithoutNewEdit()
{
    TemperatureControl* control = m_window->temperatureControl();
    const double start = m_window->temperature();
    control->field()->setFocus();
    control->field()->lineEdit()->selectAll();
    QTest::keyClicks(control->field()->lineEdit(), QStringLiteral("40"));
    QTest::keyClick(control->field()->lineEdit(), Qt::Key_Return);
    QCOMPARE(m_window->temperature(), 40.0);
    const int position_at_40 = control->slider()->value();

    m_files->undoStack()->undo();
    // The control shows the old T in the field and on the slider, and
    // setting them emitted nothing that was recorded as a new edit.
    QCOMPARE(control->temperature(), start);
    QVERIFY(control->slider()->value() != position_at_40);
    QCOMPARE(m_files->undoStack()->count(), 1);
    QCOMPARE(m_files->undoStack()->index(), 0);
}

void UndoTest::rejectedLogitRecordsNothing()
{
    // Eq. 5 with a student logit of 1e300 overflows the double range, so
    // the window rejects the edit and puts the old logits back.
    LogitModel* model = m_window->logitModel();
    const std::vector<double> before = model->student();
    QVERIFY(model->setData(model->index(0, LogitModel::StudentColumn), QStringLiteral("1e300"),
                           Qt::EditRole));
    QCOMPARE(model->student(), before);
    QCOMPARE(m_files->undoStack()->count(), 0);
}

void UndoTest::shortcutsAreStandard()
{
    auto* undo = m_window->findChild<QAction*>(QStringLiteral("undoAction"));
    auto* redo = m_window->findChild<QAction*>(QStringLiteral("redoAction"));
    QVERIFY(undo);
    QVERIFY(redo);
    QCOMPARE(undo->shortcut(), QKeySequence(QKeySequence::Undo));
    QCOMPARE(redo->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));

    m_window->toleranceBox()->setValue(2.0);
    QTest::keySequence(m_window.get(), QKeySequence(QKeySequence::Undo));
    QCOMPARE(m_window->tolerance(), 0.01);
    QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    QCOMPARE(m_window->tolerance(), 0.02);
}

QTEST_MAIN(UndoTest)
#include "tst_undo.moc"
