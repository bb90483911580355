// Autosave and crash recovery: a child process with the real window makes
// edits and is killed with SIGKILL once its autosave contains them, and a new
// window then finds and restores that autosave. A clean exit leaves none.

#include "digits_scenario.h"

#include "ui/file_actions.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/session.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <optional>

using namespace distillscope;
using namespace distillscope::ui;

class AutosaveTest : public QObject {
    Q_OBJECT

private slots:
    void killedWindowIsRestored();
    void cleanExitRemovesAutosave();
    void declinedRecoveryRemovesAutosave();
    void secondWindowLeavesAutosaveAlone();
};

void AutosaveTest::killedWindowIsRestored()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());

    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    child.setProcessEnvironment(environment);
    child.start(QStringLiteral(AUTOSAVE_CHILD), {folder.path()});
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));

    // The child prints its line only after the autosave contains both edits.
    // This can fail if the child is too slow for the deadline on a loaded
    // machine, not only if autosave is broken.
    QByteArray line;
    QDeadlineTimer deadline(30000);
    while (!line.contains('\n') && !deadline.hasExpired()) {
        child.waitForReadyRead(500);
        line += child.readAllStandardOutput();
    }
    QVERIFY2(line.startsWith("autosaved "), line.constData());

    child.kill(); // SIGKILL: no destructor runs, as in a crash
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    MainWindow window(test::digitsScenario());
    window.show();
    FileActions files(window, {folder.path(), 50});
    const std::optional<SessionState> found = files.recoverableAutosave();
    QVERIFY(found);
    QCOMPARE(found->temperature, 7.25);
    QCOMPARE(found->teacher[1], 6.125);

    // Accept the recovery question from a timer, because the dialog is modal.
    QString question;
    QTimer::singleShot(0, this, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            question = box->text();
            box->button(QMessageBox::Yes)->click();
        }
    });
    files.offerRecovery();
    QVERIFY2(question.contains(QStringLiteral("did not exit cleanly")), qPrintable(question));
    QCOMPARE(window.temperature(), 7.25);
    QCOMPARE(window.logitModel()->teacher()[1], 6.125);
    QCOMPARE(window.logitModel()->teacher(), found->teacher);
    QCOMPARE(window.logitModel()->student(), found->student);
    // The restoration is an edit, so it can be undone.
    QCOMPARE(files.undoStack()->count(), 1);
}

void AutosaveTest::cleanExitRemovesAutosave()
{
    QTemporaryDir folder;
    QString path;
    {
        MainWindow window(test::digitsScenario());
        FileActions files(window, {folder.path(), 50});
        window.logitModel()->setLogit(0, LogitModel::StudentColumn, 1.5);
        path = files.autosavePath();
        QTRY_VERIFY(QFile::exists(path));
    }
    QVERIFY(!QFile::exists(path));
}

void AutosaveTest::declinedRecoveryRemovesAutosave()
{
    QTemporaryDir folder;
    const QString path = QDir(folder.path()).filePath(QStringLiteral("autosave.dsession"));
    SessionState state;
    state.teacher = {1, 2, 3};
    state.student = {0, 0, 0};
    QCOMPARE(SessionFile::write(state, path), QString());

    MainWindow window(test::digitsScenario());
    window.show();
    FileActions files(window, {folder.path(), 50});
    const std::vector<double> before = window.logitModel()->teacher();
    QTimer::singleShot(0, this, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
            box->button(QMessageBox::No)->click();
    });
    files.offerRecovery();
    QVERIFY(!QFile::exists(path));
    QCOMPARE(window.logitModel()->teacher(), before);
}

void AutosaveTest::secondWindowLeavesAutosaveAlone()
{
    QTemporaryDir folder;
    MainWindow first(test::digitsScenario());
    FileActions first_files(first, {folder.path(), 50});
    first.logitModel()->setLogit(0, LogitModel::StudentColumn, 2.5);
    QTRY_VERIFY(QFile::exists(first_files.autosavePath()));

    // The first window holds the lock, so the second neither offers the
    // first one's autosave nor removes it when it closes.
    {
        MainWindow second(test::digitsScenario());
        FileActions second_files(second, {folder.path(), 50});
        QVERIFY(!second_files.recoverableAutosave());
    }
    QVERIFY(QFile::exists(first_files.autosavePath()));
}

QTEST_MAIN(AutosaveTest)
#include "tst_autosave.moc"
