// --lessons FILE and --lesson K on the start without a command and in
// `export`: the lesson's logits and temperature are used, and a lesson
// number outside the tour or a bad lesson file ends with exit status 2 and
// one line that names the count or the file.

#include <QFile>
#include <QHash>
#include <QImage>
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

// Runs without a display, so that the start without a command prints what
// `compute` prints instead of opening the window. With `platform`, runs on
// that Qt platform instead, which takes the window's start-up path.
Run runDistillscope(const QStringList& arguments, const QString& platform = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QLatin1String(name));
    if (!platform.isEmpty())
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(DISTILLSCOPE_EXECUTABLE), arguments);
    if (!process.waitForFinished(60000))
        return {};
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

std::vector<double> numbers(const QJsonValue& value)
{
    std::vector<double> result;
    for (const QJsonValue& item : value.toArray())
        result.push_back(item.toDouble());
    return result;
}

// Three lessons written by hand, so that the expected values do not come
// from the reader under test.
const QByteArray kTour = R"({
    "format": "distillscope-lessons", "version": 1, "title": "Three",
    "lessons": [
        {"title": "One", "text": "a", "try": "b",
         "state": {"logits": {"teacher": [3, 1, -0.5], "student": [1, 0.25, 0]},
                   "temperature": {"value": 2.5}, "page": "plots"}},
        {"title": "Two", "text": "a", "try": "b",
         "state": {"logits": {"teacher": [5, 0], "student": [0, 5]},
                   "temperature": {"value": 7, "min": 1, "max": 100},
                   "options": {"tolerance": 0.02}, "page": "plots"}},
        {"title": "Three", "text": "a", "try": "b",
         "state": {"logits": {"teacher": [5, 0], "student": [0, 5]},
                   "temperature": {"value": 3}, "page": "derivation"}}
    ]
})";

} // namespace

class LessonOptionTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void startUsesLessonState();
    void startDefaultsToFirstLesson();
    void startUsesBundledTour();
    void startRejects_data();
    void startRejects();
    void exportWritesLesson();
    void exportWritesEveryBundledLesson();
    void exportRejectsLessonNumber_data();
    void exportRejectsLessonNumber();
    void helpListsLessonOptions();
    void exportCsvUsesLessonPage_data();
    void exportCsvUsesLessonPage();
    void exportUsesLessonBeyondSettings();
    void oneLessonTourSingular();

private:
    QString write(const QString& name, const QByteArray& contents);

    QTemporaryDir m_folder;
    QString m_tour;
};

QString LessonOptionTest::write(const QString& name, const QByteArray& contents)
{
    const QString path = m_folder.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(contents);
    return path;
}

void LessonOptionTest::initTestCase()
{
    QVERIFY(m_folder.isValid());
    m_tour = write(QStringLiteral("tour.json"), kTour);
}

void LessonOptionTest::startUsesLessonState()
{
    const Run run = runDistillscope({QStringLiteral("--lessons"), m_tour, QStringLiteral("--lesson"),
                                     QStringLiteral("2")});
    QCOMPARE(run.exit_code, 0);
    QVERIFY2(run.err.contains("no display found"), run.err.constData());
    const QJsonObject output = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(output.value(QStringLiteral("temperature")).toDouble(), 7.0);
    QCOMPARE(numbers(output.value(QStringLiteral("teacher"))), (std::vector<double>{5, 0}));
    QCOMPARE(numbers(output.value(QStringLiteral("student"))), (std::vector<double>{0, 5}));
    QCOMPARE(output.value(QStringLiteral("tolerance")).toDouble(), 0.02);
}

void LessonOptionTest::startDefaultsToFirstLesson()
{
    const Run run = runDistillscope({QStringLiteral("--lessons"), m_tour});
    QCOMPARE(run.exit_code, 0);
    const QJsonObject output = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(output.value(QStringLiteral("temperature")).toDouble(), 2.5);
    QCOMPARE(numbers(output.value(QStringLiteral("teacher"))), (std::vector<double>{3, 1, -0.5}));
}

void LessonOptionTest::startUsesBundledTour()
{
    // Lesson 7 of the bundled tour is test image 76 of the digits sample at T = 4.
    const Run run = runDistillscope({QStringLiteral("--lesson"), QStringLiteral("7")});
    QCOMPARE(run.exit_code, 0);
    const QJsonObject output = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(output.value(QStringLiteral("temperature")).toDouble(), 4.0);

    const Run sample = runDistillscope({QStringLiteral("compute"), QStringLiteral("--teacher"),
                                        QStringLiteral("sample"), QStringLiteral("--student"),
                                        QStringLiteral("sample"), QStringLiteral("--row"),
                                        QStringLiteral("76"), QStringLiteral("--temperature"),
                                        QStringLiteral("4")});
    QCOMPARE(sample.exit_code, 0);
    const QJsonObject expected = QJsonDocument::fromJson(sample.out).object();
    QCOMPARE(output.value(QStringLiteral("teacher")), expected.value(QStringLiteral("teacher")));
    QCOMPARE(output.value(QStringLiteral("p")), expected.value(QStringLiteral("p")));
}

void LessonOptionTest::startRejects_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    const QString bad = write(QStringLiteral("bad.json"),
                              QByteArray(kTour).replace("\"value\": 7", "\"value\": 1e17"));
    QTest::newRow("lesson 0") << QStringList{QStringLiteral("--lesson"), QStringLiteral("0")}
                              << QStringLiteral("from 1 to 7, as the bundled tour has 7 lessons");
    QTest::newRow("lesson beyond the bundled tour")
        << QStringList{QStringLiteral("--lesson"), QStringLiteral("8")}
        << QStringLiteral("--lesson '8' is out of range; expected a lesson number from 1 to 7");
    QTest::newRow("lesson beyond a file")
        << QStringList{QStringLiteral("--lessons"), m_tour, QStringLiteral("--lesson"),
                       QStringLiteral("4")}
        << QStringLiteral("from 1 to 3, as '%1' has 3 lessons").arg(m_tour);
    QTest::newRow("lesson not a number")
        << QStringList{QStringLiteral("--lesson"), QStringLiteral("two")}
        << QStringLiteral("invalid --lesson 'two'");
    QTest::newRow("missing file")
        << QStringList{QStringLiteral("--lessons"), m_folder.filePath(QStringLiteral("none.json"))}
        << QStringLiteral("Could not read the lesson file %1").arg(m_folder.filePath(QStringLiteral("none.json")));
    QTest::newRow("invalid file")
        << QStringList{QStringLiteral("--lessons"), bad, QStringLiteral("--lesson"), QStringLiteral("1")}
        << QStringLiteral("The lesson file %1 is invalid at lessons[1].state.temperature.value").arg(bad);
    QTest::newRow("with a session")
        << QStringList{QStringLiteral("--lesson"), QStringLiteral("1"), QStringLiteral("--session"),
                       m_tour}
        << QStringLiteral("--lesson and --session cannot be combined");
    QTest::newRow("with a temperature")
        << QStringList{QStringLiteral("--lessons"), m_tour, QStringLiteral("--temperature"),
                       QStringLiteral("3")}
        << QStringLiteral("--lessons and --temperature cannot be combined");
}

void LessonOptionTest::startRejects()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    // Runs without a display and again on the window's path. There the
    // arguments are checked before any window opens, so a missed check
    // would block in the event loop until the timeout.
    for (const QString& platform : {QString(), QStringLiteral("offscreen")}) {
        const Run run = runDistillscope(arguments, platform);
        QCOMPARE(run.exit_code, 2);
        QVERIFY(run.out.isEmpty());
        const QString error = QString::fromUtf8(run.err);
        QVERIFY2(error.startsWith(QStringLiteral("distillscope: ")), qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(error.count(u'\n'), 1);
    }
}

void LessonOptionTest::exportWritesLesson()
{
    const QString out = m_folder.filePath(QStringLiteral("slide-2.png"));
    const Run run = runDistillscope({QStringLiteral("export"), QStringLiteral("--lessons"), m_tour,
                                     QStringLiteral("--lesson"), QStringLiteral("2"),
                                     QStringLiteral("--out"), out});
    QCOMPARE(run.exit_code, 0);
    QCOMPARE(QString::fromUtf8(run.out).trimmed(), out);
    const QImage image(out);
    QCOMPARE(image.size(), QSize(1600, 1200));

    // The gradient panel's data names the temperature it was drawn at.
    const QString csv = m_folder.filePath(QStringLiteral("gradients.csv"));
    const Run data = runDistillscope({QStringLiteral("export"), QStringLiteral("--lessons"), m_tour,
                                      QStringLiteral("--lesson"), QStringLiteral("2"),
                                      QStringLiteral("--panel"), QStringLiteral("gradients"),
                                      QStringLiteral("--out"), csv});
    QCOMPARE(data.exit_code, 0);
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.contains("# temperature: 7\n"), text.constData());
}

void LessonOptionTest::exportWritesEveryBundledLesson()
{
    // Each lesson's figure is the page it shows, at that figure's default
    // size: the dashboard, the derivation, or a view beyond the paper.
    QFile tour(QStringLiteral(DISTILLSCOPE_BUNDLED_TOUR));
    QVERIFY(tour.open(QIODevice::ReadOnly));
    const QJsonArray lessons = QJsonDocument::fromJson(tour.readAll())[QStringLiteral("lessons")].toArray();
    QCOMPARE(lessons.size(), 7);
    const QHash<QString, QSize> page_sizes{{QStringLiteral("plots"), QSize(1600, 1200)},
                                           {QStringLiteral("derivation"), QSize(1000, 1400)},
                                           {QStringLiteral("beyond"), QSize(800, 500)}};
    for (int k = 1; k <= 7; ++k) {
        const QString page = lessons[k - 1][QStringLiteral("state")][QStringLiteral("page")].toString(
            QStringLiteral("plots"));
        QVERIFY2(page_sizes.contains(page), qPrintable(page));
        const QString out = m_folder.filePath(QStringLiteral("bundled-%1.png").arg(k));
        const Run run = runDistillscope({QStringLiteral("export"), QStringLiteral("--lesson"),
                                         QString::number(k), QStringLiteral("--out"), out});
        QVERIFY2(run.exit_code == 0, run.err.constData());
        QVERIFY2(QImage(out).size() == page_sizes.value(page), qPrintable(out));
    }
}

void LessonOptionTest::exportRejectsLessonNumber_data()
{
    QTest::addColumn<QString>("lesson");
    QTest::newRow("zero") << QStringLiteral("0");
    QTest::newRow("past the end") << QStringLiteral("4");
    QTest::newRow("negative") << QStringLiteral("-1");
}

void LessonOptionTest::exportRejectsLessonNumber()
{
    QFETCH(QString, lesson);
    const QString out = m_folder.filePath(QStringLiteral("rejected.png"));
    const Run run = runDistillscope({QStringLiteral("export"), QStringLiteral("--lessons"), m_tour,
                                     QStringLiteral("--lesson"), lesson, QStringLiteral("--out"), out});
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains("expected a lesson number from 1 to 3"), run.err.constData());
    QVERIFY(!QFile::exists(out));
}

void LessonOptionTest::helpListsLessonOptions()
{
    for (const QStringList& arguments :
         {QStringList{QStringLiteral("--help")},
          QStringList{QStringLiteral("export"), QStringLiteral("--help")}}) {
        const Run run = runDistillscope(arguments);
        QCOMPARE(run.exit_code, 0);
        QVERIFY2(run.out.contains("--lessons FILE"), run.out.constData());
        QVERIFY2(run.out.contains("--lesson K"), run.out.constData());
    }
}

void LessonOptionTest::exportCsvUsesLessonPage_data()
{
    QTest::addColumn<QString>("lessons");
    QTest::addColumn<QString>("lesson");
    QTest::addColumn<QByteArray>("marker");

    // Lesson 3 of the tour above shows the derivation; lessons 2 and 6 of
    // the bundled tour show the derivation and a view beyond the paper.
    QTest::newRow("derivation") << QString() << QStringLiteral("3") << QByteArray("# temperature: 3");
    QTest::newRow("bundled derivation") << QStringLiteral("bundled") << QStringLiteral("2")
                                        << QByteArray("# ");
    QTest::newRow("bundled beyond") << QStringLiteral("bundled") << QStringLiteral("6")
                                    << QByteArray("# ");
}

void LessonOptionTest::exportCsvUsesLessonPage()
{
    QFETCH(QString, lessons);
    QFETCH(QString, lesson);
    QFETCH(QByteArray, marker);

    const QString out = m_folder.filePath(QStringLiteral("lesson-%1.csv").arg(QTest::currentDataTag()));
    QStringList arguments{QStringLiteral("export"), QStringLiteral("--lesson"), lesson,
                          QStringLiteral("--out"), out};
    if (lessons.isEmpty())
        arguments << QStringLiteral("--lessons") << m_tour;
    const Run run = runDistillscope(arguments);
    QVERIFY2(run.exit_code == 0, run.err.constData());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.contains(marker), text.constData());

    // The same lesson's data with the page named by --panel.
    QFile tour(lessons.isEmpty() ? m_tour : QStringLiteral(DISTILLSCOPE_BUNDLED_TOUR));
    QVERIFY(tour.open(QIODevice::ReadOnly));
    const QJsonValue state =
        QJsonDocument::fromJson(tour.readAll())[QStringLiteral("lessons")][lesson.toInt() - 1][QStringLiteral("state")];
    const QString panel_out = m_folder.filePath(QStringLiteral("panel-%1.csv").arg(QTest::currentDataTag()));
    QStringList panel_arguments = arguments;
    panel_arguments.replace(panel_arguments.indexOf(out), panel_out);
    panel_arguments << QStringLiteral("--panel") << state[QStringLiteral("page")].toString();
    if (state[QStringLiteral("view")].isString())
        panel_arguments << QStringLiteral("--view") << state[QStringLiteral("view")].toString();
    const Run panel_run = runDistillscope(panel_arguments);
    QVERIFY2(panel_run.exit_code == 0, panel_run.err.constData());
    QFile panel_file(panel_out);
    QVERIFY(panel_file.open(QIODevice::ReadOnly));
    QCOMPARE(text, panel_file.readAll());
}

void LessonOptionTest::exportUsesLessonBeyondSettings()
{
    const QString tour = m_folder.filePath(QStringLiteral("beyond.json"));
    QFile file(tour);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "distillscope-lessons", "version": 1, "title": "Beyond",
        "lessons": [{"title": "Mix", "text": "a", "try": "b",
            "state": {"logits": {"teacher": [3, 1, 0], "student": [1, 0, 0],
                                 "classes": ["cat", "dog", "fox"]},
                      "temperature": {"value": 2}, "page": "beyond", "view": "hard-targets",
                      "beyond": {"hard_label": "fox", "weight": 0.25,
                                 "weight_multiplies": "soft"}}}]})");
    file.close();

    const QString out = m_folder.filePath(QStringLiteral("mix.csv"));
    const Run run = runDistillscope({QStringLiteral("export"), QStringLiteral("--lessons"), tour,
                                     QStringLiteral("--out"), out});
    QVERIFY2(run.exit_code == 0, run.err.constData());
    QFile csv(out);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray text = csv.readAll();
    QVERIFY2(text.contains("# hard_label: fox\n"), text.constData());
    QVERIFY2(text.contains("# weight: 0.25\n"), text.constData());
    QVERIFY2(text.contains("# weight_multiplies: soft term\n"), text.constData());
}

void LessonOptionTest::oneLessonTourSingular()
{
    const QString tour = m_folder.filePath(QStringLiteral("one.json"));
    QFile file(tour);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "distillscope-lessons", "version": 1, "title": "One",
        "lessons": [{"title": "A", "text": "a", "try": "b",
            "state": {"logits": {"teacher": [3, 1, 0], "student": [1, 0, 0]},
                      "temperature": {"value": 2}, "page": "plots"}}]})");
    file.close();

    const QString out = m_folder.filePath(QStringLiteral("one.png"));
    const Run run = runDistillscope({QStringLiteral("export"), QStringLiteral("--lessons"), tour,
                                     QStringLiteral("--lesson"), QStringLiteral("2"),
                                     QStringLiteral("--out"), out});
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains("has 1 lesson\n") || run.err.contains("has 1 lesson;"), run.err.constData());
    QVERIFY2(!run.err.contains("1 lessons"), run.err.constData());
}

QTEST_GUILESS_MAIN(LessonOptionTest)
#include "tst_lesson_option.moc"
