// Logits files in the real window. A teacher and a student file of many rows
// become a dataset, whose samples Alt+Left and Alt+Right step through.
// Probabilities get the offer of their logarithm, bad files show the error in
// a dialog, and Cancel discards a read.

#include "digits_scenario.h"
#include "distillscope/logits_text.h"

#include "ui/dataset_actions.h"
#include "ui/file_actions.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/session.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <cmath>
#include <memory>

using namespace distillscope;
using namespace distillscope::ui;

namespace {

const QByteArray kTeacherCsv = "a,b,c,d\n4,1,0,0\n0,5,1,0\n0,0,1,6\n";
// Not one-hot, which would look like probabilities.
const QByteArray kStudentCsv = "a,b,c,d\n2,0,0,0\n0,2,0,0\n0,0,0,2\n";

} // namespace

class DatasetTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void teacherAndStudentFilesMakeDataset();
    void altArrowsStepThroughSamples();
    void sampleChoiceCanBeUndone();
    void jsonLabelsShowInPicker();
    void probabilitiesOfferLogarithm();
    void badFileShowsErrorDialog();
    void cancelDiscardsRead();
    void openByContentAsksRole();
    void droppedFileOpens();
    void startupTablesShowPicker();

private:
    QString write(const QString& name, const QByteArray& contents);
    // Opens `path` and waits for the worker thread to finish.
    QString open(const QString& path, LogitsRole role);
    // Clicks the button named `button` of the next modal dialog, once it opens.
    void answerNextDialog(const QString& button, QString* text = nullptr);

    std::unique_ptr<MainWindow> m_window;
    FileActions* m_files = nullptr;
    QTemporaryDir m_folder;
};

void DatasetTest::initTestCase()
{
    // The recent-files list goes to QSettings, which test mode keeps apart
    // from the user's own settings.
    QStandardPaths::setTestModeEnabled(true);
}

void DatasetTest::init()
{
    m_window = std::make_unique<MainWindow>(test::digitsScenario());
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_files = new FileActions(*m_window, {});
}

void DatasetTest::cleanup()
{
    m_window.reset();
}

// The command line reads the files before the window opens and passes the
// tables on, so that a start on a row of a file shows the picker at it.
void DatasetTest::startupTablesShowPicker()
{
    auto teacher = parseLogitsText(kTeacherCsv.toStdString(), "teacher.csv");
    auto student = parseLogitsText(kStudentCsv.toStdString(), "student.csv");
    QVERIFY(teacher);
    QVERIFY(student);
    m_window->logitModel()->setLogits(teacher->rows[2].values, student->rows[2].values, {});
    const std::vector<double> shown = m_window->logitModel()->teacher();
    const int undo_steps = m_files->undoStack()->count();

    DatasetActions* datasets = m_files->datasets();
    datasets->adoptDataset(std::make_shared<const LogitsTable>(*teacher),
                           std::make_shared<const LogitsTable>(*student), QStringLiteral("teacher.csv"),
                           QStringLiteral("student.csv"), 2);

    QVERIFY(datasets->pickerDock()->isVisible());
    QCOMPARE(datasets->picker()->currentSample(), 2);
    QCOMPARE(datasets->picker()->dataset().samples(), 3);
    QCOMPARE(m_window->logitModel()->teacher(), shown);
    QCOMPARE(m_files->undoStack()->count(), undo_steps);

    // A single row is no dataset: nothing to pick.
    auto single = parseLogitsText("1,2,3,4\n", "one.csv");
    QVERIFY(single);
    datasets->pickerDock()->setVisible(false);
    datasets->adoptDataset(std::make_shared<const LogitsTable>(*single), nullptr, QStringLiteral("one.csv"),
                           QString(), 0);
    QVERIFY(!datasets->pickerDock()->isVisible());
}

QString DatasetTest::write(const QString& name, const QByteArray& contents)
{
    const QString path = m_folder.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(contents);
    return path;
}

QString DatasetTest::open(const QString& path, LogitsRole role)
{
    QSignalSpy finished(m_files->datasets(), &DatasetActions::loadFinished);
    m_files->datasets()->openLogits(path, role);
    if (!finished.wait(10000))
        return QStringLiteral("timed out");
    return finished.at(0).at(0).toString();
}

void DatasetTest::answerNextDialog(const QString& button, QString* text)
{
    // The dialog is modal and opens later, so a timer polls for it.
    auto* timer = new QTimer(this);
    timer->setInterval(10);
    connect(timer, &QTimer::timeout, this, [timer, button, text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        if (text)
            *text = box->text();
        for (QAbstractButton* candidate : box->buttons()) {
            if (candidate->text() == button || candidate->text().remove(u'&') == button) {
                candidate->click();
                timer->deleteLater();
                return;
            }
        }
    });
    timer->start();
}

void DatasetTest::teacherAndStudentFilesMakeDataset()
{
    QCOMPARE(open(write(QStringLiteral("t.csv"), kTeacherCsv), LogitsRole::Teacher), QString());
    // The digits student has 10 classes, so it is replaced by zeros.
    QCOMPARE(m_window->logitModel()->teacher(), (std::vector<double>{4, 1, 0, 0}));
    QCOMPARE(m_window->logitModel()->student(), (std::vector<double>{0, 0, 0, 0}));
    QCOMPARE(m_window->logitModel()->names(),
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                          QStringLiteral("d")}));

    QCOMPARE(open(write(QStringLiteral("s.csv"), kStudentCsv), LogitsRole::Student), QString());
    QCOMPARE(m_window->logitModel()->teacher(), (std::vector<double>{4, 1, 0, 0}));
    QCOMPARE(m_window->logitModel()->student(), (std::vector<double>{2, 0, 0, 0}));
    QCOMPARE(m_files->datasets()->picker()->dataset().samples(), 3);
    QVERIFY(m_files->datasets()->pickerDock()->isVisible());
    QCOMPARE(m_window->distillation().classes(), Index(4));
}

void DatasetTest::altArrowsStepThroughSamples()
{
    QCOMPARE(open(write(QStringLiteral("t.csv"), kTeacherCsv), LogitsRole::Teacher), QString());
    QCOMPARE(open(write(QStringLiteral("s.csv"), kStudentCsv), LogitsRole::Student), QString());

    QTest::keySequence(m_window.get(), QKeySequence(Qt::ALT | Qt::Key_Right));
    QCOMPARE(m_window->logitModel()->teacher(), (std::vector<double>{0, 5, 1, 0}));
    QCOMPARE(m_window->logitModel()->student(), (std::vector<double>{0, 2, 0, 0}));
    QTest::keySequence(m_window.get(), QKeySequence(Qt::ALT | Qt::Key_Right));
    QCOMPARE(m_window->logitModel()->teacher(), (std::vector<double>{0, 0, 1, 6}));
    // The last sample stays when Alt+Right is pressed again.
    QTest::keySequence(m_window.get(), QKeySequence(Qt::ALT | Qt::Key_Right));
    QCOMPARE(m_files->datasets()->picker()->currentSample(), 2);
    QTest::keySequence(m_window.get(), QKeySequence(Qt::ALT | Qt::Key_Left));
    QCOMPARE(m_window->logitModel()->teacher(), (std::vector<double>{0, 5, 1, 0}));
    QCOMPARE(m_files->datasets()->picker()->summaryLabel()->text(),
             QStringLiteral("teacher's top class b"));
}

void DatasetTest::sampleChoiceCanBeUndone()
{
    QCOMPARE(open(write(QStringLiteral("t.csv"), kTeacherCsv), LogitsRole::Teacher), QString());
    m_files->datasets()->picker()->chooseSample(2);
    QCOMPARE(m_window->logitModel()->teacher(), (std::vector<double>{0, 0, 1, 6}));
    m_files->undoStack()->undo();
    QCOMPARE(m_window->logitModel()->teacher(), (std::vector<double>{4, 1, 0, 0}));
    m_files->undoStack()->undo();
    QCOMPARE(m_window->logitModel()->teacher(), test::digitsScenario().teacher);
}

void DatasetTest::jsonLabelsShowInPicker()
{
    const QByteArray json = R"({"logits": [[1, 2, 0], [3, 0, 1]], "labels": [1, 0],
                                "classes": ["cat", "dog", "owl"]})";
    QCOMPARE(open(write(QStringLiteral("t.json"), json), LogitsRole::Teacher), QString());
    QCOMPARE(m_files->datasets()->picker()->summaryLabel()->text(),
             QStringLiteral("label 1, teacher's top class dog"));
    QCOMPARE(m_window->sessionState().label, QStringLiteral("1"));
}

void DatasetTest::probabilitiesOfferLogarithm()
{
    const QString path = write(QStringLiteral("p.csv"), "0.5,0.25,0.25\n0.1,0.2,0.7\n");
    QString question;
    answerNextDialog(QStringLiteral("Yes"), &question);
    QCOMPARE(open(path, LogitsRole::Teacher), QString());
    QVERIFY2(question.contains(QStringLiteral("look like probabilities")), qPrintable(question));
    QCOMPARE(m_window->logitModel()->teacher(),
             (std::vector<double>{std::log(0.5), std::log(0.25), std::log(0.25)}));
}

void DatasetTest::badFileShowsErrorDialog()
{
    const QString path = write(QStringLiteral("bad.csv"), "1,2,3\n4,x,6\n");
    const std::vector<double> before = m_window->logitModel()->teacher();
    QString message;
    answerNextDialog(QStringLiteral("OK"), &message);
    const QString error = open(path, LogitsRole::Teacher);
    QCOMPARE(message, error);
    QCOMPARE(message, QStringLiteral("The file %1, line 2, column 3, contains “x”, which is not a "
                                     "number. Expected a decimal number with a dot, such as -1.5 "
                                     "or 2e3.")
                          .arg(path));
    QCOMPARE(m_window->logitModel()->teacher(), before);
}

void DatasetTest::cancelDiscardsRead()
{
    const std::vector<double> before = m_window->logitModel()->teacher();
    QSignalSpy finished(m_files->datasets(), &DatasetActions::loadFinished);
    m_files->datasets()->openLogits(write(QStringLiteral("t.csv"), kTeacherCsv),
                                    LogitsRole::Teacher);
    // Cancelled before the event loop delivers the worker's result.
    auto* progress = m_window->findChild<QProgressDialog*>(QStringLiteral("readProgress"));
    QVERIFY(progress);
    auto* cancel = progress->findChild<QPushButton*>();
    QVERIFY(cancel);
    cancel->click();
    QCOMPARE(finished.count(), 1);
    QVERIFY(finished.at(0).at(0).toString().startsWith(QStringLiteral("Cancelled")));
    QTest::qWait(200);
    QCOMPARE(m_window->logitModel()->teacher(), before);
    QCOMPARE(finished.count(), 1);
}

void DatasetTest::openByContentAsksRole()
{
    // A session is recognised by its content whatever its name.
    SessionState state = m_window->sessionState();
    state.temperature = 9.0;
    const QString session = m_folder.filePath(QStringLiteral("session.json"));
    QCOMPARE(SessionFile::write(state, session), QString());
    m_files->openPath(session);
    QCOMPARE(m_window->temperature(), 9.0);

    // Opening a logits file shows a question about its role.
    QSignalSpy finished(m_files->datasets(), &DatasetActions::loadFinished);
    answerNextDialog(QStringLiteral("Student"));
    m_files->openPath(write(QStringLiteral("s.csv"), kStudentCsv));
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_window->logitModel()->student(), (std::vector<double>{2, 0, 0, 0}));
}

void DatasetTest::droppedFileOpens()
{
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(write(QStringLiteral("t.csv"), kTeacherCsv))});
    const QPoint centre = m_window->rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());

    QSignalSpy finished(m_files->datasets(), &DatasetActions::loadFinished);
    answerNextDialog(QStringLiteral("Teacher"));
    QDropEvent drop(QPointF(centre), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &drop);
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_window->logitModel()->teacher(), (std::vector<double>{4, 1, 0, 0}));
}

QTEST_MAIN(DatasetTest)
#include "tst_dataset.moc"
