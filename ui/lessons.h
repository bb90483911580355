#pragma once

// Lesson files: a guided tour of prepared states, each with a paragraph to
// read and something to try. docs/lessons.md describes the format for
// lecturers who write their own; resources/lessons/tour.json is the bundled
// tour.
//
// Layout of format version 1:
//
//   { "format": "distillscope-lessons", "version": 1, "title": "...",
//     "lessons": [
//       { "title": "...", "text": "...", "try": "...",
//         "state": { "logits": { as in a session file }   or
//                    "sample": { "row": 76 },
//                    "temperature": { "value": 2, "min": 0.01, "max": 10000 },
//                    "options": { as in a session file },  optional
//                    "page": "plots" | "derivation" | "beyond",
//                    "view": "hard-targets" | ...,       only with "beyond"
//                    "beyond": { "hard_label": "cat", 3 or "automatic", "weight": 0.5,
//                                "weight_multiplies": "hard" | "soft" } } } ] }
//                                                          only with "beyond"
//
// The state reuses the session layout of ui/session.h, and SessionFile reads
// its values. Reading is stricter than for sessions, because a lesson file is
// written by hand. Every object is checked for unknown and duplicate keys,
// class names must differ, a label names a class, a class pair has two
// different classes and at least one panel is on. Temperatures
// must lie within the core's range [kMinTemperature, kMaxTemperature] and
// within [min, max], and the logits must be valid at that temperature.
//
// This library needs Qt Core only, so that the command line reads lessons
// without the widgets. It carries the bundled tour and the digits sample as
// Qt resources (:/lessons/ and :/samples/).

#include "ui/session.h"

#include "distillscope/beyond.h"
#include "distillscope/expected.h"
#include "distillscope/logits_text.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace distillscope::ui {

inline constexpr int kLessonFormatVersion = 1;
inline const QString kLessonFormatName = QStringLiteral("distillscope-lessons");
// The page keys a lesson may name, and the views of the page "beyond".
inline const QStringList kLessonPages = {QStringLiteral("plots"), QStringLiteral("derivation"),
                                         QStringLiteral("beyond")};
inline const QString kViewsPage = QStringLiteral("beyond");
inline const QStringList kBeyondViews = {QStringLiteral("hard-targets"),
                                         QStringLiteral("low-temperature"),
                                         QStringLiteral("two-classes"),
                                         QStringLiteral("standardization"),
                                         QStringLiteral("limits")};

// The digits sample compiled into this library: the teacher's and the
// student's logits of one test image per row, with their class names.
struct DigitsSample {
    std::shared_ptr<const LogitsTable> teacher, student;
    QStringList labels; // the true class of each row
};

// The controls of the hard-targets view beyond the paper. A lesson without
// "beyond" puts these defaults back, so that the window and `export` agree.
struct BeyondSettings {
    std::optional<int> hard_label; // a class index, or empty for automatic
    double mixing_weight = 0.5;
    MixingConvention convention = MixingConvention::WeightOnHard;

    bool operator==(const BeyondSettings&) const = default;
};

// The state a lesson puts on screen.
struct LessonState {
    SessionState session;
    QString page = QStringLiteral("plots");
    QString view; // empty, or one of kBeyondViews when page is "beyond"
    // The row of the digits sample when the lesson refers to it; the logits
    // of that row are then in `session`.
    std::optional<int> sample_row;
    BeyondSettings beyond;
};

struct Lesson {
    QString title;
    QString text;     // the paragraph to read
    QString try_text; // what to try, shown after "Try this:"
    LessonState state;
};

struct Tour {
    QString file;
    QString title;
    std::vector<Lesson> lessons; // at least one
    // Loaded when a lesson refers to the sample, so that the window can step
    // through its other rows.
    std::optional<DigitsSample> sample;
};

// The reason a lesson file could not be read.
struct LessonError {
    enum class Kind {
        Unreadable,   // the file could not be opened or read, for the reason in `problem`
        Syntax,       // not valid JSON: `problem` and `offset` locate it
        Empty,        // the file has no content but white space
        InvalidValue, // the value at `json_path` is invalid, as `problem` describes
    };
    Kind kind = Kind::InvalidValue;
    QString file;
    QString json_path; // such as "lessons[2].state.temperature.value"
    QString problem;   // such as "expected a finite number, found the string \"2\""
    qint64 offset = 0;
};

class LessonFile {
    Q_DECLARE_TR_FUNCTIONS(LessonFile)

public:
    // The path of the tour built into the program.
    static QString bundledTourPath();

    // Parses a lesson document. `file` names it in errors.
    static Expected<Tour, LessonError> parse(const QByteArray& json, const QString& file);
    // Reads and parses the file at `path`, a Qt resource path included.
    static Expected<Tour, LessonError> read(const QString& path);

    // Reads the digits sample from :/samples/. Fails only when the build
    // left out the resources.
    static Expected<DigitsSample, LessonError> readDigitsSample();
    // The session state of row `row` of `sample`: its logits, class names,
    // label and a source naming the row. Precondition: the row exists.
    static SessionState sampleState(const DigitsSample& sample, int row);

    // The user-facing message of `error`, one sentence without a line end.
    static QString describe(const LessonError& error);
};

} // namespace distillscope::ui
