// Session files: the format on its own (round trip, migration of version 0,
// rejection of newer versions and of malformed files, with the message shown
// to the user), and the real window saving and opening them.

#include "digits_scenario.h"

#include "ui/file_actions.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/session.h"
#include "ui/sweep_panel.h"
#include "ui/temperature_control.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <memory>

using namespace distillscope;
using namespace distillscope::ui;

namespace {

// A state with no default left, so that a field the writer or reader drops
// shows up as a difference.
SessionState unusualState()
{
    SessionState state;
    state.teacher = {2.5, -1.0, 0.1, 1e-300};
    state.student = {0.1, 0.2, -0.30000000000000004, 7.0};
    state.class_names = {QStringLiteral("cat"), QStringLiteral("dög"), QStringLiteral("a,b"),
                         QStringLiteral("\"q\"")};
    state.label = QStringLiteral("cat");
    state.source = QStringLiteral("teacher.npy and student.npy, row 12");
    state.temperature = 3.141592653589793;
    state.range_min = 0.5;
    state.range_max = 250.0;
    state.followed_class = 2;
    state.tolerance = 0.025;
    state.eq4_centred = false;
    state.scale_by_t_squared = true;
    state.log_scale = true;
    state.slice_kind = SessionSliceKind::ZeroMeanPlane;
    state.slice_first = 3;
    state.slice_second = 0;
    state.panels = {true, false, true, false};
    return state;
}

QByteArray writeFile(const QString& path, const QByteArray& contents)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(contents);
    return contents;
}

} // namespace

class SessionTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTripKeepsEveryField();
    void writerPutsFormatFirst();
    void versionZeroLoadsWithDefaults();
    void newerVersionIsRejected();
    void malformedSessionNamesPath_data();
    void malformedSessionNamesPath();
    void syntaxErrorNamesFile();
    void missingFileNamesFile();
    void saveReplacesWholeFile();
    void windowRoundTrip();
    void windowSaveThenOpen();
    void openFailureShowsDialog();
};

void SessionTest::initTestCase()
{
    // Saving adds to the recent-files list in QSettings, which test mode
    // keeps apart from the user's own settings.
    QStandardPaths::setTestModeEnabled(true);
}

void SessionTest::roundTripKeepsEveryField()
{
    const SessionState state = unusualState();
    const auto parsed = SessionFile::parse(SessionFile::serialize(state), QStringLiteral("x"));
    QVERIFY2(parsed, qPrintable(parsed ? QString() : SessionFile::describe(parsed.error())));
    QCOMPARE(parsed->teacher, state.teacher);
    QCOMPARE(parsed->student, state.student);
    QCOMPARE(parsed->class_names, state.class_names);
    QCOMPARE(parsed->temperature, state.temperature);
    QVERIFY(*parsed == state);
}

void SessionTest::writerPutsFormatFirst()
{
    const QByteArray json = SessionFile::serialize(unusualState());
    QVERIFY(SessionFile::looksLikeSession(json.left(64)));
    QVERIFY(!SessionFile::looksLikeSession("{\"logits\": [[1, 2]], \"classes\": [\"a\", \"b\"]}"));
    QVERIFY(!SessionFile::looksLikeSession("1,2,3\n"));
}

void SessionTest::versionZeroLoadsWithDefaults()
{
    // Version 0 had no options block and a bare temperature.
    const QByteArray json = R"({"format": "distillscope-session", "version": 0,
        "teacher": [1, 0, -1], "student": [0.5, 0, -0.5],
        "classes": ["a", "b", "c"], "temperature": 4})";
    const auto parsed = SessionFile::parse(json, QStringLiteral("old.dsession"));
    QVERIFY2(parsed, qPrintable(parsed ? QString() : SessionFile::describe(parsed.error())));

    SessionState expected;
    expected.teacher = {1, 0, -1};
    expected.student = {0.5, 0, -0.5};
    expected.class_names = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    expected.temperature = 4;
    QVERIFY(*parsed == expected);
    QCOMPARE(parsed->tolerance, 0.01);
    QCOMPARE(parsed->range_max, 1e4);
    QVERIFY(parsed->eq4_centred);
}

void SessionTest::newerVersionIsRejected()
{
    QByteArray json = SessionFile::serialize(unusualState());
    json.replace("\"version\": 1", "\"version\": 7");
    const auto parsed = SessionFile::parse(json, QStringLiteral("future.dsession"));
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().kind, SessionError::Kind::NewerVersion);
    QCOMPARE(SessionFile::describe(parsed.error()),
             QStringLiteral("The session future.dsession has format version 7, but this "
                            "DistillScope reads versions up to 1; open it with a newer "
                            "DistillScope."));
}

void SessionTest::malformedSessionNamesPath_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    const QByteArray head = R"({"format": "distillscope-session", "version": 1, )";
    const QByteArray temperature = R"("temperature": {"value": 2})";
    const QString prefix = QStringLiteral("The session bad.dsession is invalid at ");

    QTest::newRow("array document") << QByteArray("[1, 2]")
        << prefix + QStringLiteral("$: expected an object with \"format\": "
                                   "\"distillscope-session\", found a list.");
    QTest::newRow("logits file, not a session") << QByteArray(R"({"logits": [1, 2]})")
        << prefix + QStringLiteral("$.format: expected \"distillscope-session\", found nothing.");
    QTest::newRow("fractional version") << QByteArray(R"({"format": "distillscope-session", "version": 1.5})")
        << prefix + QStringLiteral("$.version: expected a whole format version from 0, found "
                                   "the number 1.5.");
    QTest::newRow("logits missing") << head + temperature + "}"
        << prefix + QStringLiteral("$.logits: expected an object, found nothing.");
    QTest::newRow("text among logits")
        << head + R"("logits": {"teacher": [1, "2"], "student": [0, 0]}, )" + temperature + "}"
        << prefix + QStringLiteral("$.logits.teacher[1]: expected a finite number, found a string.");
    QTest::newRow("one class")
        << head + R"("logits": {"teacher": [1], "student": [0]}, )" + temperature + "}"
        << prefix + QStringLiteral("$.logits.teacher: expected a list of at least two finite "
                                   "numbers, found a list.");
    QTest::newRow("class counts differ")
        << head + R"("logits": {"teacher": [1, 2, 3], "student": [0, 0]}, )" + temperature + "}"
        << prefix + QStringLiteral("$.logits.student: expected 3 logits, as many as the teacher "
                                   "has, found a list.");
    QTest::newRow("too few class names")
        << head + R"("logits": {"teacher": [1, 2], "student": [0, 0], "classes": ["a"]}, )"
               + temperature + "}"
        << prefix + QStringLiteral("$.logits.classes: expected a list of 2 class names, found a list.");
    QTest::newRow("zero temperature")
        << head + R"("logits": {"teacher": [1, 2], "student": [0, 0]}, "temperature": {"value": 0}})"
        << prefix + QStringLiteral("$.temperature.value: expected a finite number above 0, found "
                                   "the number 0.");
    QTest::newRow("range upside down")
        << head + R"("logits": {"teacher": [1, 2], "student": [0, 0]},
                     "temperature": {"value": 1, "min": 5, "max": 2}})"
        << prefix + QStringLiteral("$.temperature.max: expected a number above min, 5, found the "
                                   "number 2.");
    QTest::newRow("followed class out of range")
        << head + R"("logits": {"teacher": [1, 2], "student": [0, 0]}, )" + temperature
               + R"(, "options": {"followed_class": 2}})"
        << prefix + QStringLiteral("$.options.followed_class: expected a class index from 0 to 1, "
                                   "found the number 2.");
    QTest::newRow("unknown eq4 choice")
        << head + R"("logits": {"teacher": [1, 2], "student": [0, 0]}, )" + temperature
               + R"(, "options": {"eq4_logits": "sorted"}})"
        << prefix + QStringLiteral("$.options.eq4_logits: expected \"centred\" or \"raw\", found "
                                   "a string.");
    QTest::newRow("panel flag as number")
        << head + R"("logits": {"teacher": [1, 2], "student": [0, 0]}, )" + temperature
               + R"(, "options": {"panels": {"sweep": 1}}})"
        << prefix + QStringLiteral("$.options.panels.sweep: expected true or false, found the "
                                   "number 1.");
}

void SessionTest::malformedSessionNamesPath()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const auto parsed = SessionFile::parse(json, QStringLiteral("bad.dsession"));
    QVERIFY(!parsed);
    QCOMPARE(SessionFile::describe(parsed.error()), message);
}

void SessionTest::syntaxErrorNamesFile()
{
    const auto parsed = SessionFile::parse("{\"format\": ", QStringLiteral("cut.dsession"));
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().kind, SessionError::Kind::Syntax);
    const QString message = SessionFile::describe(parsed.error());
    QVERIFY2(message.startsWith(QStringLiteral("The session cut.dsession is not valid JSON: ")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral(" at byte ")), qPrintable(message));
}

void SessionTest::missingFileNamesFile()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("absent.dsession"));
    const auto read = SessionFile::read(path);
    QVERIFY(!read);
    QCOMPARE(read.error().kind, SessionError::Kind::Unreadable);
    QVERIFY(SessionFile::describe(read.error()).contains(path));
}

void SessionTest::saveReplacesWholeFile()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("s.dsession"));
    writeFile(path, QByteArray(100000, 'x'));
    QCOMPARE(SessionFile::write(unusualState(), path), QString());
    const auto read = SessionFile::read(path);
    QVERIFY(read);
    QVERIFY(*read == unusualState());
    // QSaveFile renames its temporary file over the target, so none is left.
    QCOMPARE(QDir(folder.path()).entryList(QDir::Files), QStringList{QStringLiteral("s.dsession")});

    // A folder that does not exist fails with the path in the message.
    const QString missing = folder.filePath(QStringLiteral("no/such/folder/s.dsession"));
    QVERIFY(SessionFile::write(unusualState(), missing).contains(missing));
}

void SessionTest::windowRoundTrip()
{
    const StartupScenario scenario = test::digitsScenario();
    QVERIFY2(!scenario.teacher.empty(), "the digits sample was not found");
    MainWindow window(scenario);

    SessionState state = window.sessionState();
    state.teacher[0] += 1.25;
    state.temperature = 6.5;
    state.tolerance = 0.05;
    state.followed_class = 4;
    state.eq4_centred = false;
    state.scale_by_t_squared = true;
    state.log_scale = true;
    state.slice_kind = SessionSliceKind::ZeroMeanPlane;
    state.slice_first = 2;
    state.slice_second = 7;
    state.range_min = 0.1;
    state.range_max = 100.0;
    state.panels.sweep = false;
    QVERIFY(window.applySession(state));

    QVERIFY(window.sessionState() == state);
    QCOMPARE(window.temperature(), 6.5);
    QCOMPARE(window.temperatureControl()->temperature(), 6.5);
    QCOMPARE(window.distillation().teacher()[0], state.teacher[0]);
    QCOMPARE(window.followedClassBox()->currentIndex(), 4);
    QVERIFY(window.sweepPanel()->isHidden());
}

void SessionTest::windowSaveThenOpen()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("work.dsession"));
    const StartupScenario scenario = test::digitsScenario();

    SessionState saved;
    {
        MainWindow window(scenario);
        FileActions files(window, {});
        window.setTemperature(2.75);
        window.logitModel()->setLogit(3, LogitModel::StudentColumn, -4.5);
        window.toleranceBox()->setValue(3.0);
        QCOMPARE(files.saveSession(path), QString());
        saved = window.sessionState();
    }

    MainWindow window(scenario);
    FileActions files(window, {});
    QCOMPARE(files.openSession(path, true), QString());
    QVERIFY(window.sessionState().teacher == saved.teacher);
    QCOMPARE(window.logitModel()->student()[3], -4.5);
    QCOMPARE(window.temperature(), 2.75);
    QCOMPARE(window.tolerance(), 0.03);
    QCOMPARE(files.sessionPath(), path);
    // Opening is one edit, and undoing it brings the sample back.
    QCOMPARE(files.undoStack()->count(), 1);
    files.undoStack()->undo();
    QCOMPARE(window.logitModel()->student(), scenario.student);
}

void SessionTest::openFailureShowsDialog()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("newer.dsession"));
    QByteArray json = SessionFile::serialize(unusualState());
    writeFile(path, json.replace("\"version\": 1", "\"version\": 2"));

    MainWindow window(test::digitsScenario());
    window.show();
    FileActions files(window, {});
    const SessionState before = window.sessionState();

    // The dialog is modal, so it is read and closed from a timer.
    QString shown;
    QTimer::singleShot(0, this, [&] {
        auto* box = window.findChild<QMessageBox*>(QStringLiteral("fileErrorDialog"));
        if (box) {
            shown = box->text();
            box->accept();
        }
    });
    const QString error = files.openSession(path);
    QVERIFY(error.contains(QStringLiteral("format version 2")));
    QCOMPARE(shown, error);
    QVERIFY(window.sessionState() == before);
}

QTEST_MAIN(SessionTest)
#include "tst_session.moc"
