// Lesson files and the lesson bar. The reader rejects malformed files with
// the file, the JSON location and the problem. Every bundled lesson puts
// exactly its state on screen as one undoable edit, and Previous and Next
// stop at the ends of the tour.

#include "digits_scenario.h"

#include "ui/beyond_page.h"
#include "ui/dataset_actions.h"
#include "ui/dataset_picker.h"
#include "ui/file_actions.h"
#include "ui/lesson_actions.h"
#include "ui/lesson_bar.h"
#include "ui/lessons.h"
#include "ui/main_window.h"
#include "ui/session.h"
#include "ui/theme.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace distillscope;
using namespace distillscope::ui;

namespace {

// One lesson around `state`, the text of a "state" object.
QByteArray tourWithState(const QByteArray& state)
{
    return R"({"format": "distillscope-lessons", "version": 1, "title": "Test tour",
               "lessons": [{"title": "First", "text": "Read this.", "try": "Do that.",
                            "state": )"
        + state + "}]}";
}

// A valid state with `extra` members added at its end.
QByteArray stateWith(const QByteArray& extra)
{
    return R"({"logits": {"teacher": [3, 1, 0], "student": [1, 0, 0]},
               "temperature": {"value": 2}, "page": "plots")"
        + extra + "}";
}

const QByteArray kTwoLessons = R"({
    "format": "distillscope-lessons", "version": 1, "title": "Two lessons",
    "lessons": [
        {"title": "Cold", "text": "Low temperature.", "try": "Raise T.",
         "state": {"logits": {"teacher": [4, 1, -1], "student": [2, 0, 0],
                              "classes": ["a", "b", "c"]},
                   "temperature": {"value": 0.5, "min": 0.1, "max": 100},
                   "options": {"followed_class": 2, "tolerance": 0.05, "log_scale": true},
                   "page": "plots"}},
        {"title": "Hot", "text": "High temperature.", "try": "Lower T.",
         "state": {"logits": {"teacher": [4, 1, -1, 0], "student": [2, 0, 0, 1]},
                   "temperature": {"value": 50, "min": 1, "max": 1000},
                   "page": "beyond", "view": "limits"}}
    ]
})";

} // namespace

class LessonsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void bundledTourReads();
    void malformedFileRejected_data();
    void malformedFileRejected();
    void unreadableFileNamed();
    void sampleLessonResolvesRow();
    void labelIndexNamesClass();
    void beyondSettingsRead();

    void everyBundledLessonApplies();
    void missingPageNamedInStatus();
    void showBarStartsTour();
    void nextPreviousStopAtEnds();
    void undoRestoresPreviousLogits();
    void restoreUndoesUserEdits();
    void sampleLessonShowsPicker();
    void openTourShowsFirstLesson();
    void rejectedFileChangesNothing();
    void shortcutsAreUnique();
    void projectorModeEnlargesText();
    void lessonResetsBeyondSettings();
    void lessonSetsBeyondSettings();
    void longTextScrolls();
    void undoMarksLessonChanged();

private:
    QString write(const QString& name, const QByteArray& contents);

    QTemporaryDir m_folder;
    std::unique_ptr<MainWindow> m_window;
    FileActions* m_files = nullptr;
    LessonActions* m_lessons = nullptr;
};

QString LessonsTest::write(const QString& name, const QByteArray& contents)
{
    const QString path = m_folder.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(contents);
    return path;
}

void LessonsTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_folder.isValid());
}

void LessonsTest::init()
{
    const StartupScenario scenario = test::digitsScenario();
    QVERIFY2(!scenario.teacher.empty(), "the digits sample was not found");
    m_window = std::make_unique<MainWindow>(scenario);
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_files = new FileActions(*m_window, {});
    m_lessons = new LessonActions(*m_window, *m_files);
}

void LessonsTest::cleanup()
{
    m_window.reset();
}

void LessonsTest::bundledTourReads()
{
    auto tour = LessonFile::read(LessonFile::bundledTourPath());
    QVERIFY2(tour, qPrintable(tour ? QString() : LessonFile::describe(tour.error())));
    QVERIFY(tour->lessons.size() >= 7);
    QVERIFY(!tour->title.isEmpty());

    QStringList pages;
    for (const Lesson& lesson : tour->lessons) {
        QVERIFY(!lesson.title.isEmpty());
        QVERIFY(!lesson.text.isEmpty());
        QVERIFY(!lesson.try_text.isEmpty());
        QVERIFY(kLessonPages.contains(lesson.state.page));
        pages.append(lesson.state.page + u'/' + lesson.state.view);
    }
    QVERIFY(pages.contains(QStringLiteral("beyond/hard-targets")));
    QVERIFY(pages.contains(QStringLiteral("derivation/")));
    QVERIFY(std::any_of(tour->lessons.begin(), tour->lessons.end(),
                        [](const Lesson& lesson) { return lesson.state.sample_row.has_value(); }));
}

void LessonsTest::malformedFileRejected_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("problem");

    const QString state = QStringLiteral("lessons[0].state");
    QTest::newRow("not JSON") << QByteArray("{\"format\": ") << QString()
                              << QStringLiteral("is not valid JSON");
    QTest::newRow("top-level list") << QByteArray("[1, 2]") << QStringLiteral("top level")
                                    << QStringLiteral("found a list");
    QTest::newRow("wrong format name")
        << QByteArray(R"({"format": "distillscope-session", "version": 1})")
        << QStringLiteral("at format") << QStringLiteral("\"distillscope-lessons\"");
    QTest::newRow("missing version")
        << QByteArray(R"({"format": "distillscope-lessons", "title": "t", "lessons": []})")
        << QStringLiteral("at version") << QStringLiteral("found nothing");
    QTest::newRow("newer version")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 2})")
        << QStringLiteral("at version") << QStringLiteral("found the number 2");
    QTest::newRow("unknown top-level key")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "title": "t",
                          "lesson": [], "lessons": []})")
        << QStringLiteral("at lesson:") << QStringLiteral("unknown key \"lesson\"");
    QTest::newRow("missing title")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "lessons": []})")
        << QStringLiteral("at title") << QStringLiteral("a non-empty string");
    QTest::newRow("empty lesson list")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "title": "t",
                          "lessons": []})")
        << QStringLiteral("at lessons:") << QStringLiteral("at least one lesson, found an empty list");
    QTest::newRow("lessons not a list")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "title": "t",
                          "lessons": {}})")
        << QStringLiteral("at lessons:") << QStringLiteral("found an object");
    QTest::newRow("lesson not an object")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "title": "t",
                          "lessons": ["x"]})")
        << QStringLiteral("at lessons[0]:") << QStringLiteral("found the string \"x\"");
    QTest::newRow("missing try")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "title": "t",
                          "lessons": [{"title": "a", "text": "b", "state": {}}]})")
        << QStringLiteral("at lessons[0].try") << QStringLiteral("found nothing");
    QTest::newRow("try is a number")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "title": "t",
                          "lessons": [{"title": "a", "text": "b", "try": 3, "state": {}}]})")
        << QStringLiteral("at lessons[0].try") << QStringLiteral("found the number 3");
    QTest::newRow("unknown lesson key")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "title": "t",
                          "lessons": [{"title": "a", "text": "b", "try": "c", "hint": "d",
                                       "state": {}}]})")
        << QStringLiteral("at lessons[0].hint") << QStringLiteral("unknown key");
    QTest::newRow("missing state")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "title": "t",
                          "lessons": [{"title": "a", "text": "b", "try": "c"}]})")
        << QStringLiteral("at lessons[0].state") << QStringLiteral("expected an object");
    QTest::newRow("neither logits nor sample")
        << tourWithState(R"({"temperature": {"value": 2}, "page": "plots"})") << state
        << QStringLiteral("missing key \"logits\" or \"sample\"");
    QTest::newRow("both logits and sample")
        << tourWithState(stateWith(R"(, "sample": {"row": 1})")) << state
        << QStringLiteral("found both");
    QTest::newRow("unknown state key")
        << tourWithState(stateWith(R"(, "panel": "sweep")")) << state + QStringLiteral(".panel")
        << QStringLiteral("unknown key \"panel\"");
    QTest::newRow("unknown logits key")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "studnet": [0, 0]},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.studnet") << QStringLiteral("unknown key");
    QTest::newRow("logits not a list")
        << tourWithState(R"({"logits": {"teacher": "1, 0", "student": [0, 0]},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.teacher") << QStringLiteral("at least two");
    QTest::newRow("logit is a string")
        << tourWithState(R"({"logits": {"teacher": [1, "0"], "student": [0, 0]},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.teacher[1]") << QStringLiteral("a finite number");
    QTest::newRow("one class")
        << tourWithState(R"({"logits": {"teacher": [1], "student": [0]},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.teacher") << QStringLiteral("at least two");
    QTest::newRow("mismatched logit lengths")
        << tourWithState(R"({"logits": {"teacher": [1, 0, 2], "student": [0, 0]},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.student") << QStringLiteral("3 logits");
    QTest::newRow("class names miscounted")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0], "classes": ["a"]},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.classes") << QStringLiteral("2 class names");
    QTest::newRow("missing temperature")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]}, "page": "plots"})")
        << state + QStringLiteral(".temperature") << QStringLiteral("expected an object");
    QTest::newRow("temperature is a string")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": "2"}, "page": "plots"})")
        << state + QStringLiteral(".temperature.value") << QStringLiteral("found the string \"2\"");
    QTest::newRow("temperature NaN")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": NaN}, "page": "plots"})")
        << QString() << QStringLiteral("is not valid JSON");
    QTest::newRow("temperature infinite")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 1e999}, "page": "plots"})")
        << QString() << QStringLiteral("is not valid JSON");
    QTest::newRow("temperature zero")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 0}, "page": "plots"})")
        << state + QStringLiteral(".temperature.value") << QStringLiteral("above 0");
    QTest::newRow("temperature negative")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": -2}, "page": "plots"})")
        << state + QStringLiteral(".temperature.value") << QStringLiteral("above 0");
    QTest::newRow("temperature below 1e-6")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 1e-7, "min": 1e-8}, "page": "plots"})")
        << state + QStringLiteral(".temperature.value") << QStringLiteral("from 1e-6 to 1e16");
    QTest::newRow("temperature above 1e16")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 1e17, "max": 1e18}, "page": "plots"})")
        << state + QStringLiteral(".temperature.value") << QStringLiteral("from 1e-6 to 1e16");
    QTest::newRow("range max above 1e16")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2, "max": 1e20}, "page": "plots"})")
        << state + QStringLiteral(".temperature.max") << QStringLiteral("from 1e-6 to 1e16");
    QTest::newRow("temperature outside range")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 200, "min": 1, "max": 100}, "page": "plots"})")
        << state + QStringLiteral(".temperature.value") << QStringLiteral("within min 1 and max 100");
    QTest::newRow("range min above max")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2, "min": 10, "max": 1}, "page": "plots"})")
        << state + QStringLiteral(".temperature.max") << QStringLiteral("above min");
    QTest::newRow("unknown temperature key")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2, "step": 1}, "page": "plots"})")
        << state + QStringLiteral(".temperature.step") << QStringLiteral("unknown key");
    QTest::newRow("logit overflows at T")
        << tourWithState(R"({"logits": {"teacher": [1e304, 0], "student": [0, 0]},
                             "temperature": {"value": 1e-6, "min": 1e-6}, "page": "plots"})")
        << state + QStringLiteral(".temperature.value") << QStringLiteral("overflows");
    QTest::newRow("unknown option")
        << tourWithState(stateWith(R"(, "options": {"log_scale": true, "logscale": true})"))
        << state + QStringLiteral(".options.logscale") << QStringLiteral("unknown key");
    QTest::newRow("unknown slice key")
        << tourWithState(stateWith(R"(, "options": {"slice": {"first": 0}})"))
        << state + QStringLiteral(".options.slice.first") << QStringLiteral("unknown key");
    QTest::newRow("unknown panel key")
        << tourWithState(stateWith(R"(, "options": {"panels": {"gradients": false}})"))
        << state + QStringLiteral(".options.panels.gradients") << QStringLiteral("unknown key");
    QTest::newRow("option of wrong type")
        << tourWithState(stateWith(R"(, "options": {"log_scale": "yes"})"))
        << state + QStringLiteral(".options.log_scale") << QStringLiteral("true or false");
    QTest::newRow("invalid eq4 choice")
        << tourWithState(stateWith(R"(, "options": {"eq4_logits": "centered"})"))
        << state + QStringLiteral(".options.eq4_logits") << QStringLiteral("\"centred\" or \"raw\"");
    QTest::newRow("eq4 choice value named")
        << tourWithState(stateWith(R"(, "options": {"eq4_logits": "centered"})"))
        << state + QStringLiteral(".options.eq4_logits") << QStringLiteral("found the string \"centered\"");
    QTest::newRow("long string cut in message")
        << tourWithState(stateWith(R"(, "options": {"eq4_logits": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})"))
        << state + QStringLiteral(".options.eq4_logits")
        << QStringLiteral("found the string \"") + QString(39, u'a') + QChar(0x2026) + u'"';
    QTest::newRow("ragged student counted")
        << tourWithState(R"({"logits": {"teacher": [1, 0, 2], "student": [0, 0]},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.student") << QStringLiteral("found a list of 2 items");
    QTest::newRow("one class counted")
        << tourWithState(R"({"logits": {"teacher": [1], "student": [0]},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.teacher") << QStringLiteral("found a list of 1 item");
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("is empty")
                                << QStringLiteral("expected a JSON object");
    QTest::newRow("white space only") << QByteArray(" \n\t ") << QStringLiteral("is empty")
                                      << QStringLiteral("expected a JSON object");
    QTest::newRow("duplicate top-level key")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "title": "a",
                          "title": "b", "lessons": []})")
        << QStringLiteral("at title:") << QStringLiteral("the key \"title\" appears twice");
    QTest::newRow("duplicate nested key")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2, "value": 3}, "page": "plots"})")
        << state + QStringLiteral(".temperature.value") << QStringLiteral("appears twice");
    QTest::newRow("duplicate key in a later lesson")
        << QByteArray(R"({"format": "distillscope-lessons", "version": 1, "title": "t",
                          "lessons": [{"title": "a"}, {"title": "a", "t\u0069tle": "b"}]})")
        << QStringLiteral("at lessons[1].title:") << QStringLiteral("appears twice");
    QTest::newRow("duplicate class names")
        << tourWithState(R"({"logits": {"teacher": [1, 0, 2], "student": [0, 0, 0],
                                         "classes": ["cat", "dog", "cat"]},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.classes[2]")
        << QStringLiteral("\"cat\" is also the name of class 0");
    QTest::newRow("label names no class")
        << tourWithState(R"({"logits": {"teacher": [1, 0, 2], "student": [0, 0, 0],
                                         "classes": ["a", "b", "c"], "label": "zz"},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.label")
        << QStringLiteral("a class name (\"a\", \"b\", \"c\") or a class index from 0 to 2, "
                          "found the string \"zz\"");
    QTest::newRow("label index as a string")
        << tourWithState(R"({"logits": {"teacher": [1, 0, 2], "student": [0, 0, 0],
                                         "classes": ["a", "b", "c"], "label": "1"},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.label") << QStringLiteral("found the string \"1\"");
    QTest::newRow("label index out of range")
        << tourWithState(R"({"logits": {"teacher": [1, 0, 2], "student": [0, 0, 0], "label": 3},
                             "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".logits.label") << QStringLiteral("found the number 3");
    QTest::newRow("slice of one class")
        << tourWithState(stateWith(R"(, "options": {"slice": {"first_class": 1, "second_class": 1}})"))
        << state + QStringLiteral(".options.slice.second_class")
        << QStringLiteral("a class other than first_class 1");
    QTest::newRow("every panel off")
        << tourWithState(stateWith(R"(, "options": {"panels": {"distribution": false,
                             "gradient": false, "sweep": false, "surface": false}})"))
        << state + QStringLiteral(".options.panels") << QStringLiteral("every panel is off");
    QTest::newRow("beyond settings on the plots")
        << tourWithState(stateWith(R"(, "beyond": {"weight": 0.2})"))
        << state + QStringLiteral(".beyond") << QStringLiteral("need that page");
    QTest::newRow("beyond weight above 1")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2}, "page": "beyond",
                             "beyond": {"weight": 1.5}})")
        << state + QStringLiteral(".beyond.weight")
        << QStringLiteral("a mixing weight from 0 to 1, found the number 1.5");
    QTest::newRow("unknown weight convention")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2}, "page": "beyond",
                             "beyond": {"weight_multiplies": "both"}})")
        << state + QStringLiteral(".beyond.weight_multiplies") << QStringLiteral("\"hard\"");
    QTest::newRow("beyond label names no class")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2}, "page": "beyond",
                             "beyond": {"hard_label": "cat"}})")
        << state + QStringLiteral(".beyond.hard_label") << QStringLiteral("found the string \"cat\"");
    QTest::newRow("unknown beyond key")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2}, "page": "beyond",
                             "beyond": {"mix": 0.2}})")
        << state + QStringLiteral(".beyond.mix") << QStringLiteral("unknown key");
    QTest::newRow("followed class out of range")
        << tourWithState(stateWith(R"(, "options": {"followed_class": 3})"))
        << state + QStringLiteral(".options.followed_class") << QStringLiteral("from 0 to 2");
    QTest::newRow("unknown page")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2}, "page": "sweep"})")
        << state + QStringLiteral(".page") << QStringLiteral("\"plots\", \"derivation\", \"beyond\"");
    QTest::newRow("missing page")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2}})")
        << state + QStringLiteral(".page") << QStringLiteral("found nothing");
    QTest::newRow("page is a number")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2}, "page": 1})")
        << state + QStringLiteral(".page") << QStringLiteral("found the number 1");
    QTest::newRow("view on the plots")
        << tourWithState(stateWith(R"(, "view": "limits")")) << state + QStringLiteral(".view")
        << QStringLiteral("needs the page \"beyond\"");
    QTest::newRow("unknown view")
        << tourWithState(R"({"logits": {"teacher": [1, 0], "student": [0, 0]},
                             "temperature": {"value": 2}, "page": "beyond", "view": "hard"})")
        << state + QStringLiteral(".view") << QStringLiteral("\"hard-targets\"");
    QTest::newRow("sample row out of range")
        << tourWithState(R"({"sample": {"row": 360}, "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".sample.row") << QStringLiteral("from 0 to 359");
    QTest::newRow("sample row fractional")
        << tourWithState(R"({"sample": {"row": 1.5}, "temperature": {"value": 2}, "page": "plots"})")
        << state + QStringLiteral(".sample.row") << QStringLiteral("found the number 1.5");
    QTest::newRow("unknown sample key")
        << tourWithState(R"({"sample": {"row": 1, "file": "x"}, "temperature": {"value": 2},
                             "page": "plots"})")
        << state + QStringLiteral(".sample.file") << QStringLiteral("unknown key");
}

void LessonsTest::malformedFileRejected()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, location);
    QFETCH(QString, problem);

    const QString path = write(QStringLiteral("bad.json"), json);
    auto tour = LessonFile::read(path);
    QVERIFY(!tour);
    const QString message = LessonFile::describe(tour.error());
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(location), qPrintable(message));
    QVERIFY2(message.contains(problem), qPrintable(message));
}

void LessonsTest::unreadableFileNamed()
{
    const QString path = m_folder.filePath(QStringLiteral("missing.json"));
    auto tour = LessonFile::read(path);
    QVERIFY(!tour);
    QCOMPARE(tour.error().kind, LessonError::Kind::Unreadable);
    QVERIFY(LessonFile::describe(tour.error()).contains(path));
}

void LessonsTest::sampleLessonResolvesRow()
{
    const QString path = write(QStringLiteral("sample.json"),
                               tourWithState(R"({"sample": {"row": 3}, "temperature": {"value": 2},
                                                 "page": "plots"})"));
    auto tour = LessonFile::read(path);
    QVERIFY2(tour, qPrintable(tour ? QString() : LessonFile::describe(tour.error())));
    const LessonState& state = tour->lessons.front().state;
    QCOMPARE(state.sample_row, std::optional<int>(3));
    QVERIFY(tour->sample.has_value());
    // The sample's files as the tests read them, not through the resource.
    QFile teacher(QStringLiteral(DISTILLSCOPE_SAMPLES_DIR "/digits-teacher.csv"));
    QVERIFY(teacher.open(QIODevice::ReadOnly));
    auto table = readLogitsFile(teacher.fileName().toStdString());
    QVERIFY(table);
    QCOMPARE(state.session.teacher, table->rows[3].values);
    QCOMPARE(state.session.class_names.size(), qsizetype(10));
}

void LessonsTest::labelIndexNamesClass()
{
    // A class index stands for the class's name; without "classes" the
    // names are "0", "1" and on, as in the window.
    const QString path = write(QStringLiteral("label.json"), R"({
        "format": "distillscope-lessons", "version": 1, "title": "Labels",
        "lessons": [
            {"title": "A", "text": "x", "try": "y",
             "state": {"logits": {"teacher": [3, 1, 0], "student": [1, 0, 0],
                                  "classes": ["cat", "dog", "fox"], "label": 1},
                       "temperature": {"value": 2}, "page": "plots"}},
            {"title": "B", "text": "x", "try": "y",
             "state": {"logits": {"teacher": [3, 1, 0], "student": [1, 0, 0], "label": "2"},
                       "temperature": {"value": 2}, "page": "plots"}},
            {"title": "C", "text": "x", "try": "y",
             "state": {"logits": {"teacher": [3, 1, 0], "student": [1, 0, 0],
                                  "classes": ["cat", "dog", "fox"], "label": "fox"},
                       "temperature": {"value": 2}, "page": "plots"}}]})");
    auto tour = LessonFile::read(path);
    QVERIFY2(tour, qPrintable(tour ? QString() : LessonFile::describe(tour.error())));
    QCOMPARE(tour->lessons.at(0).state.session.label, QStringLiteral("dog"));
    QCOMPARE(tour->lessons.at(1).state.session.label, QStringLiteral("2"));
    QCOMPARE(tour->lessons.at(2).state.session.label, QStringLiteral("fox"));
}

void LessonsTest::beyondSettingsRead()
{
    const QString path = write(QStringLiteral("beyond.json"), tourWithState(R"({
        "logits": {"teacher": [3, 1, 0], "student": [1, 0, 0], "classes": ["cat", "dog", "fox"]},
        "temperature": {"value": 2}, "page": "beyond", "view": "hard-targets",
        "beyond": {"hard_label": "fox", "weight": 0.25, "weight_multiplies": "soft"}})"));
    auto tour = LessonFile::read(path);
    QVERIFY2(tour, qPrintable(tour ? QString() : LessonFile::describe(tour.error())));
    const BeyondSettings& settings = tour->lessons.front().state.beyond;
    QCOMPARE(settings.hard_label, std::optional<int>(2));
    QCOMPARE(settings.mixing_weight, 0.25);
    QCOMPARE(settings.convention, MixingConvention::WeightOnSoft);

    // "automatic", the documented default, names no class.
    const QString automatic = write(QStringLiteral("automatic.json"), tourWithState(R"({
        "logits": {"teacher": [3, 1, 0], "student": [1, 0, 0]},
        "temperature": {"value": 2}, "page": "beyond", "view": "hard-targets",
        "beyond": {"hard_label": "automatic"}})"));
    auto automatic_tour = LessonFile::read(automatic);
    QVERIFY2(automatic_tour,
             qPrintable(automatic_tour ? QString() : LessonFile::describe(automatic_tour.error())));
    QCOMPARE(automatic_tour->lessons.front().state.beyond.hard_label, std::optional<int>());

    // Without "beyond" the defaults, which a lesson puts back on screen.
    auto plain = LessonFile::parse(tourWithState(stateWith("")), QStringLiteral("plain.json"));
    QVERIFY(plain);
    QVERIFY(plain->lessons.front().state.beyond == BeyondSettings{});
}

void LessonsTest::everyBundledLessonApplies()
{
    const Tour& tour = m_lessons->tour();
    QVERIFY(tour.lessons.size() >= 7);
    for (int k = 0; k < int(tour.lessons.size()); ++k) {
        const LessonState& expected = tour.lessons[std::size_t(k)].state;
        QVERIFY2(m_lessons->showLesson(k), qPrintable(QStringLiteral("lesson %1").arg(k + 1)));

        const SessionState on_screen = m_window->sessionState();
        const SessionState& file = expected.session;
        QCOMPARE(on_screen.teacher, file.teacher);
        QCOMPARE(on_screen.student, file.student);
        QCOMPARE(on_screen.temperature, file.temperature);
        QCOMPARE(m_window->temperature(), file.temperature);
        QCOMPARE(on_screen.range_min, file.range_min);
        QCOMPARE(on_screen.range_max, file.range_max);
        QCOMPARE(on_screen.followed_class, file.followed_class);
        QCOMPARE(on_screen.tolerance, file.tolerance);
        QCOMPARE(on_screen.eq4_centred, file.eq4_centred);
        QCOMPARE(on_screen.scale_by_t_squared, file.scale_by_t_squared);
        QCOMPARE(on_screen.log_scale, file.log_scale);
        QCOMPARE(on_screen.slice_kind, file.slice_kind);
        QCOMPARE(on_screen.slice_first, file.slice_first);
        QCOMPARE(on_screen.slice_second, file.slice_second);
        QVERIFY(on_screen.panels == file.panels);
        QCOMPARE(m_window->currentPageKey(), expected.page);
        if (expected.page == QLatin1String("beyond")) {
            auto* beyond = qobject_cast<BeyondPage*>(m_window->pages()->currentWidget());
            QVERIFY(beyond);
            QCOMPARE(beyond->currentView(), expected.view);
        }

        QCOMPARE(m_lessons->currentLesson(), k);
        QCOMPARE(m_lessons->bar()->headingLabel()->text(),
                 QStringLiteral("Lesson %1 of %2: %3")
                     .arg(k + 1)
                     .arg(tour.lessons.size())
                     .arg(tour.lessons[std::size_t(k)].title));
        QVERIFY(m_lessons->bar()->tryLabel()->text().startsWith(QStringLiteral("Try this: ")));
        QVERIFY(m_lessons->dock()->isVisible());
    }
}

void LessonsTest::missingPageNamedInStatus()
{
    // The window of a build without the page: take its tab away.
    for (int i = 0; i < m_window->pages()->count(); ++i) {
        if (m_window->pages()->widget(i)->property("pageKey") == QStringLiteral("beyond"))
            delete m_window->pages()->widget(i);
    }
    const QString path = write(QStringLiteral("two.json"), kTwoLessons);
    QVERIFY(m_lessons->openTour(path, true).isEmpty());
    QVERIFY(m_lessons->showLesson(1));
    QCOMPARE(m_window->sessionState().temperature, 50.0);
    QCOMPARE(m_window->sessionState().teacher, (std::vector<double>{4, 1, -1, 0}));
    QCOMPARE(m_window->currentPageKey(), QStringLiteral("plots"));
    const QString message = m_window->statusBar()->currentMessage();
    QVERIFY2(message.contains(QStringLiteral("beyond/limits")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("not available")), qPrintable(message));
}

void LessonsTest::showBarStartsTour()
{
    QVERIFY(!m_lessons->dock()->isVisible());
    QCOMPARE(m_lessons->currentLesson(), -1);
    QVERIFY(!m_lessons->restoreAction()->isEnabled());
    const SessionState before = m_window->sessionState();

    QAction* show = m_window->findChild<QAction*>(QStringLiteral("showLessonBarAction"));
    QVERIFY(show);
    show->trigger();
    QVERIFY(m_lessons->dock()->isVisible());
    QCOMPARE(m_lessons->currentLesson(), 0);
    QCOMPARE(m_window->sessionState().teacher, m_lessons->tour().lessons[0].state.session.teacher);

    // Hiding and showing again keeps the lesson and the user's changes.
    m_window->setTemperature(3.0);
    show->trigger();
    QVERIFY(!m_lessons->dock()->isVisible());
    show->trigger();
    QCOMPARE(m_lessons->currentLesson(), 0);
    QCOMPARE(m_window->temperature(), 3.0);
    QVERIFY(m_window->sessionState().teacher != before.teacher);
}

void LessonsTest::nextPreviousStopAtEnds()
{
    const int count = int(m_lessons->tour().lessons.size());
    LessonBar* bar = m_lessons->bar();

    m_lessons->nextAction()->trigger();
    QCOMPARE(m_lessons->currentLesson(), 0);
    QVERIFY(!m_lessons->previousAction()->isEnabled());
    QVERIFY(!bar->previousButton()->isEnabled());
    m_lessons->showPrevious();
    QCOMPARE(m_lessons->currentLesson(), 0);

    for (int k = 1; k < count; ++k) {
        bar->nextButton()->click();
        QCOMPARE(m_lessons->currentLesson(), k);
    }
    QVERIFY(!m_lessons->nextAction()->isEnabled());
    QVERIFY(!bar->nextButton()->isEnabled());
    QVERIFY(bar->previousButton()->isEnabled());
    m_lessons->showNext();
    QCOMPARE(m_lessons->currentLesson(), count - 1);

    bar->previousButton()->click();
    QCOMPARE(m_lessons->currentLesson(), count - 2);
    QVERIFY(m_lessons->nextAction()->isEnabled());
}

void LessonsTest::undoRestoresPreviousLogits()
{
    const SessionState before = m_window->sessionState();
    QUndoStack* undo = m_files->undoStack();
    const int commands = undo->count();

    QVERIFY(m_lessons->showLesson(0));
    QCOMPARE(undo->count(), commands + 1);
    QVERIFY(m_window->sessionState().teacher != before.teacher);

    undo->undo();
    QCOMPARE(m_window->sessionState().teacher, before.teacher);
    QCOMPARE(m_window->sessionState().student, before.student);
    QCOMPARE(m_window->temperature(), before.temperature);

    undo->redo();
    QCOMPARE(m_window->sessionState().teacher, m_lessons->tour().lessons[0].state.session.teacher);
}

void LessonsTest::restoreUndoesUserEdits()
{
    QVERIFY(m_lessons->showLesson(0));
    const double lesson_temperature = m_window->temperature();
    m_window->setTemperature(lesson_temperature * 7.0);
    QCOMPARE(m_window->temperature(), lesson_temperature * 7.0);

    m_lessons->bar()->restoreButton()->click();
    QCOMPARE(m_window->temperature(), lesson_temperature);
    QCOMPARE(m_lessons->currentLesson(), 0);
}

void LessonsTest::sampleLessonShowsPicker()
{
    const Tour& tour = m_lessons->tour();
    const auto sample = std::find_if(tour.lessons.begin(), tour.lessons.end(),
                                     [](const Lesson& lesson) { return lesson.state.sample_row; });
    QVERIFY(sample != tour.lessons.end());
    const int index = int(sample - tour.lessons.begin());

    QVERIFY(m_lessons->showLesson(index));
    DatasetActions* datasets = m_files->datasets();
    QVERIFY(datasets->pickerDock()->isVisible());
    QCOMPARE(datasets->picker()->currentSample(), *sample->state.sample_row);
    QCOMPARE(m_window->sessionState().label, tour.sample->labels.at(*sample->state.sample_row));

    // A lesson with its own logits hides the picker, whose dataset is gone.
    QVERIFY(m_lessons->showLesson(0));
    QVERIFY(!datasets->pickerDock()->isVisible());
}

void LessonsTest::openTourShowsFirstLesson()
{
    const QString path = write(QStringLiteral("two.json"), kTwoLessons);
    QCOMPARE(m_lessons->openTour(path, true), QString());
    QCOMPARE(m_lessons->tour().lessons.size(), std::size_t(2));
    QCOMPARE(m_lessons->currentLesson(), 0);
    QCOMPARE(m_lessons->bar()->headingLabel()->text(), QStringLiteral("Lesson 1 of 2: Cold"));
    QCOMPARE(m_lessons->bar()->textLabel()->text(), QStringLiteral("Low temperature."));
    QCOMPARE(m_lessons->bar()->tryLabel()->text(), QStringLiteral("Try this: Raise T."));

    const SessionState on_screen = m_window->sessionState();
    QCOMPARE(on_screen.teacher, (std::vector<double>{4, 1, -1}));
    QCOMPARE(on_screen.class_names, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(on_screen.temperature, 0.5);
    QCOMPARE(on_screen.range_min, 0.1);
    QCOMPARE(on_screen.range_max, 100.0);
    QCOMPARE(on_screen.followed_class, 2);
    QCOMPARE(on_screen.tolerance, 0.05);
    QVERIFY(on_screen.log_scale);
}

void LessonsTest::rejectedFileChangesNothing()
{
    QVERIFY(m_lessons->showLesson(1));
    const SessionState before = m_window->sessionState();
    const QString page = m_window->currentPageKey();
    const QString heading = m_lessons->bar()->headingLabel()->text();
    const int commands = m_files->undoStack()->count();

    const QString path = write(QStringLiteral("bad.json"),
                               tourWithState(stateWith(R"(, "view": "limits")")));
    const QString message = m_lessons->openTour(path, true);
    QVERIFY(message.contains(path));
    QVERIFY(message.contains(QStringLiteral("lessons[0].state.view")));

    QVERIFY(m_window->sessionState() == before);
    QCOMPARE(m_window->currentPageKey(), page);
    QCOMPARE(m_lessons->currentLesson(), 1);
    QCOMPARE(m_lessons->bar()->headingLabel()->text(), heading);
    QCOMPARE(m_files->undoStack()->count(), commands);
    QVERIFY(m_lessons->tour().lessons.size() >= 7);
}

void LessonsTest::shortcutsAreUnique()
{
    // Every action of the window with a key, menus included; two actions
    // on one key would make Qt fire neither.
    QMap<QString, QString> owners;
    for (QAction* action : m_window->findChildren<QAction*>()) {
        for (const QKeySequence& key : action->shortcuts()) {
            const QString text = key.toString();
            QVERIFY2(!owners.contains(text),
                     qPrintable(QStringLiteral("%1 is bound to %2 and %3")
                                    .arg(text, owners.value(text), action->text())));
            owners.insert(text, action->text());
        }
    }
    QVERIFY(owners.contains(m_lessons->nextAction()->shortcut().toString()));
    QVERIFY(owners.contains(m_lessons->previousAction()->shortcut().toString()));
}

void LessonsTest::projectorModeEnlargesText()
{
    LessonBar* bar = m_lessons->bar();
    const qreal heading = bar->headingLabel()->font().pointSizeF();
    const qreal text = bar->textLabel()->font().pointSizeF();

    setThemeMode(ThemeMode{false, true});
    const double scale = theme().fontScale();
    const qreal projector_heading = bar->headingLabel()->font().pointSizeF();
    const qreal projector_text = bar->textLabel()->font().pointSizeF();
    setThemeMode(ThemeMode{});

    QVERIFY(scale > 1.0);
    QCOMPARE(projector_heading, heading * scale);
    QCOMPARE(projector_text, text * scale);
    QCOMPARE(bar->textLabel()->font().pointSizeF(), text);
}

void LessonsTest::lessonResetsBeyondSettings()
{
    // The user's choices on the beyond page would otherwise stay under a
    // lesson, while `export --lesson` draws it with the defaults.
    BeyondPage* beyond = beyondPage(*m_window);
    QVERIFY(beyond);
    const QString path = write(QStringLiteral("two.json"), kTwoLessons);
    QVERIFY(m_lessons->openTour(path, true).isEmpty());
    beyond->weightBox()->setValue(0.2);
    beyond->conventionBox()->setCurrentIndex(1);
    beyond->labelBox()->setCurrentIndex(2);
    beyond->secondClassBox()->setCurrentIndex(0);
    QCOMPARE(beyond->mixingConvention(), MixingConvention::WeightOnSoft);

    QVERIFY(m_lessons->showLesson(1));
    QCOMPARE(beyond->mixingWeight(), 0.5);
    QCOMPARE(beyond->mixingConvention(), MixingConvention::WeightOnHard);
    QCOMPARE(beyond->labelBox()->currentIndex(), 0); // automatic
    // The teacher [4, 1, -1, 0] puts classes 0 and 1 first.
    QCOMPARE(beyond->firstClassBox()->currentIndex(), 0);
    QCOMPARE(beyond->secondClassBox()->currentIndex(), 1);
}

void LessonsTest::lessonSetsBeyondSettings()
{
    const QString path = write(QStringLiteral("beyond.json"), tourWithState(R"({
        "logits": {"teacher": [3, 1, 0], "student": [1, 0, 0], "classes": ["cat", "dog", "fox"]},
        "temperature": {"value": 2}, "page": "beyond", "view": "hard-targets",
        "beyond": {"hard_label": 1, "weight": 0.25, "weight_multiplies": "soft"}})"));
    QVERIFY(m_lessons->openTour(path, true).isEmpty());
    BeyondPage* beyond = beyondPage(*m_window);
    QVERIFY(beyond);
    QCOMPARE(beyond->mixingWeight(), 0.25);
    QCOMPARE(beyond->mixingConvention(), MixingConvention::WeightOnSoft);
    QCOMPARE(beyond->hardLabel(), Index(1));
    QCOMPARE(beyond->labelBox()->currentText(), QStringLiteral("dog"));
    QVERIFY2(beyond->summary().contains(QStringLiteral("dog")), qPrintable(beyond->summary()));
}

void LessonsTest::longTextScrolls()
{
    const QString sentence = QStringLiteral("A sentence about soft targets and temperature. ");
    QString paragraph;
    for (int i = 0; i < 80; ++i)
        paragraph += sentence;
    const QString path = write(QStringLiteral("long.json"),
                               R"({"format": "distillscope-lessons", "version": 1, "title": "Long",
                                   "lessons": [{"title": "Long", "text": ")"
                                   + paragraph.toUtf8() + R"(", "try": "Scroll.",
                                   "state": {"logits": {"teacher": [3, 1, 0], "student": [1, 0, 0]},
                                             "temperature": {"value": 2}, "page": "plots"}}]})");
    QVERIFY(m_lessons->openTour(path, true).isEmpty());
    LessonBar* bar = m_lessons->bar();
    QCOMPARE(bar->textLabel()->text(), paragraph.trimmed());

    // The text is far taller than the window, so it must scroll, and the
    // buttons stay inside the bar.
    QScrollArea* scroll = bar->scrollArea();
    QVERIFY(scroll);
    QTRY_VERIFY(scroll->verticalScrollBar()->maximum() > 0);
    QVERIFY(scroll->widget()->isAncestorOf(bar->textLabel()));
    QVERIFY(bar->restoreButton()->geometry().bottom() <= bar->height());
    QVERIFY(!scroll->widget()->isAncestorOf(bar->restoreButton()));

    // Projector mode enlarges the text, which then needs more scrolling.
    const int normal = scroll->verticalScrollBar()->maximum();
    setThemeMode(ThemeMode{false, true});
    QTRY_VERIFY(scroll->verticalScrollBar()->maximum() > normal);
    setThemeMode(ThemeMode{});
}

void LessonsTest::undoMarksLessonChanged()
{
    LessonBar* bar = m_lessons->bar();
    QVERIFY(m_lessons->showLesson(0));
    QVERIFY(!bar->isChanged());
    QVERIFY(!bar->changedLabel()->isVisibleTo(bar));

    // Undo puts the previous logits back while the bar still names the lesson.
    m_files->undoStack()->undo();
    QVERIFY(bar->isChanged());
    QVERIFY(bar->changedLabel()->isVisibleTo(bar));
    QCOMPARE(m_lessons->currentLesson(), 0);

    m_files->undoStack()->redo();
    QVERIFY(!bar->isChanged());

    // A change by the user marks it too, and Restore Lesson clears the mark.
    m_window->setTemperature(m_window->temperature() * 3.0);
    QVERIFY(bar->isChanged());
    bar->restoreButton()->click();
    QVERIFY(!bar->isChanged());
    QVERIFY(!bar->changedLabel()->isVisibleTo(bar));
}

QTEST_MAIN(LessonsTest)
#include "tst_lessons.moc"
