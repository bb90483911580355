// --session FILE in compute, sweep, export and the start without a command:
// the session's logits and temperature are used, and bad sessions end with
// exit status 2 and one line that names the file and the JSON path.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exit_code = -1;
    QByteArray out, err;
};

Run runDistillscope(const QStringList& arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QLatin1String(name));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(DISTILLSCOPE_EXECUTABLE), arguments);
    if (!process.waitForFinished(60000))
        return {};
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

// A session written by hand in format version 1, so that this test does not
// depend on the writer it checks against.
const QByteArray kSession = R"({
    "format": "distillscope-session", "version": 1,
    "logits": {"teacher": [3, 1, -0.5], "student": [1, 0.25, 0], "classes": ["x", "y", "z"]},
    "temperature": {"value": 2.5, "min": 0.1, "max": 100},
    "options": {"tolerance": 0.02}
})";

} // namespace

class SessionOptionTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void computeUsesSessionLogits();
    void temperatureOverridesSession();
    void sweepAcceptsSession();
    void exportAcceptsSession();
    void sessionWithTeacherIsRejected();
    void badSessionExitsTwo_data();
    void badSessionExitsTwo();

private:
    QString write(const QString& name, const QByteArray& contents);

    QTemporaryDir m_folder;
    QString m_session;
};

QString SessionOptionTest::write(const QString& name, const QByteArray& contents)
{
    const QString path = m_folder.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(contents);
    return path;
}

void SessionOptionTest::initTestCase()
{
    QVERIFY(m_folder.isValid());
    m_session = write(QStringLiteral("work.dsession"), kSession);
}

void SessionOptionTest::computeUsesSessionLogits()
{
    const Run run = runDistillscope({QStringLiteral("compute"), QStringLiteral("--session"), m_session});
    QVERIFY2(run.exit_code == 0, run.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json.value(QStringLiteral("temperature")).toDouble(), 2.5);
    QCOMPARE(json.value(QStringLiteral("teacher")).toArray(), QJsonArray({3, 1, -0.5}));
    QCOMPARE(json.value(QStringLiteral("student")).toArray(), QJsonArray({1, 0.25, 0}));
    QCOMPARE(json.value(QStringLiteral("class_names")).toArray(), QJsonArray({"x", "y", "z"}));
}

void SessionOptionTest::temperatureOverridesSession()
{
    const Run run = runDistillscope({QStringLiteral("compute"), QStringLiteral("--session"),
                                     m_session, QStringLiteral("--temperature"), QStringLiteral("7")});
    QVERIFY2(run.exit_code == 0, run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("temperature")).toDouble(),
             7.0);
}

void SessionOptionTest::sweepAcceptsSession()
{
    const Run run = runDistillscope({QStringLiteral("sweep"), QStringLiteral("--session"), m_session,
                                     QStringLiteral("--from"), QStringLiteral("1"),
                                     QStringLiteral("--to"), QStringLiteral("10"),
                                     QStringLiteral("--points"), QStringLiteral("3")});
    QVERIFY2(run.exit_code == 0, run.err.constData());
    // A header and one line per temperature.
    QCOMPARE(run.out.trimmed().split('\n').size(), 4);
}

void SessionOptionTest::exportAcceptsSession()
{
    const QString out = m_folder.filePath(QStringLiteral("figure.png"));
    const Run run = runDistillscope({QStringLiteral("export"), QStringLiteral("--session"), m_session,
                                     QStringLiteral("--out"), out});
    QVERIFY2(run.exit_code == 0, run.err.constData());
    QVERIFY(QFile::exists(out));
}

void SessionOptionTest::sessionWithTeacherIsRejected()
{
    const Run run = runDistillscope({QStringLiteral("compute"), QStringLiteral("--session"), m_session,
                                     QStringLiteral("--teacher"), QStringLiteral("1,2")});
    QCOMPARE(run.exit_code, 2);
    QCOMPARE(run.err, QByteArray("distillscope: --session and --teacher cannot be combined; "
                                 "expected one of them\n"));
}

void SessionOptionTest::badSessionExitsTwo_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("expected");

    const QByteArray text_logit = QByteArray(kSession).replace("[3, 1, -0.5]", "[3, \"1\", -0.5]");
    const QByteArray newer = QByteArray(kSession).replace("\"version\": 1", "\"version\": 9");
    const QStringList compute{QStringLiteral("compute")};
    const QStringList start;

    QTest::newRow("compute, text among logits")
        << compute << text_logit
        << QStringLiteral("is invalid at $.logits.teacher[1]: expected a finite number, found a "
                          "string.");
    QTest::newRow("compute, newer version")
        << compute << newer << QStringLiteral("has format version 9");
    QTest::newRow("compute, not JSON")
        << compute << QByteArray("{\"format\": ") << QStringLiteral("is not valid JSON");
    QTest::newRow("start, text among logits")
        << start << text_logit << QStringLiteral("$.logits.teacher[1]");
}

void SessionOptionTest::badSessionExitsTwo()
{
    QFETCH(QStringList, command);
    QFETCH(QByteArray, contents);
    QFETCH(QString, expected);
    const QString path = write(QStringLiteral("bad.dsession"), contents);

    const Run run = runDistillscope(command + QStringList{QStringLiteral("--session"), path});
    QCOMPARE(run.exit_code, 2);
    QVERIFY(run.out.isEmpty());
    const QString error = QString::fromUtf8(run.err);
    QCOMPARE(error.count(u'\n'), 1);
    QVERIFY2(error.startsWith(QStringLiteral("distillscope: ")), qPrintable(error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

QTEST_GUILESS_MAIN(SessionOptionTest)
#include "tst_session_option.moc"
