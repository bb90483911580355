#pragma once

// The session file: a JSON document with the logits on screen and every
// choice of the window, so that a saved session opens where it was left.
//
// Layout of format version 1 (numbers are JSON doubles, which QJsonDocument
// writes with the shortest text that reads back to the same double):
//
//   { "format": "distillscope-session", "version": 1,
//     "source": "digits sample, test image 3",          optional
//     "logits": { "teacher": [..], "student": [..],
//                 "classes": ["0", ..], "label": "3" },  classes, label optional
//     "temperature": { "value": 2, "min": 0.01, "max": 10000 },
//     "options": { "followed_class": 0, "tolerance": 0.01,
//                  "eq4_logits": "centred" | "raw",
//                  "scale_by_t_squared": false, "log_scale": false,
//                  "slice": { "kind": "class_pair" | "zero_mean_plane",
//                             "first_class": 0, "second_class": 1 },
//                  "panels": { "distribution": true, "gradient": true,
//                              "sweep": true, "surface": true } } }
//
// Version 0, the layout before options existed, kept "teacher", "student",
// "classes" and a plain "temperature" number at the top level. readSession
// migrates it to version 1 with default options. A version above
// kSessionFormatVersion is rejected, because its meaning is unknown here.
//
// NOTE: a session stores the logits of the sample on screen, not the
// dataset files it came from, so an opened session has no sample picker.
//
// This library needs Qt Core only, so that the command line reads sessions
// without the widgets.

#include "distillscope/expected.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace distillscope::ui {

inline constexpr int kSessionFormatVersion = 1;
inline const QString kSessionFormatName = QStringLiteral("distillscope-session");
// The extension File > Save Session proposes.
inline const QString kSessionSuffix = QStringLiteral("dsession");

enum class SessionSliceKind { ClassPair, ZeroMeanPlane };

// The visibility of each of the four panels.
struct SessionPanels {
    bool distribution = true;
    bool gradient = true;
    bool sweep = true;
    bool surface = true;

    bool operator==(const SessionPanels&) const = default;
};

// Everything a session file stores. The defaults are those of a new window.
struct SessionState {
    std::vector<double> teacher, student;
    QStringList class_names; // empty, or one name per class
    QString label;           // the true class of the sample, where known
    QString source;          // shown in the title bar, such as a file name
    double temperature = 1.0;
    double range_min = 1e-2;
    double range_max = 1e4;
    int followed_class = 0;
    double tolerance = 0.01; // a fraction, not per cent
    bool eq4_centred = true;
    bool scale_by_t_squared = false;
    bool log_scale = false;
    SessionSliceKind slice_kind = SessionSliceKind::ClassPair;
    int slice_first = 0;
    int slice_second = 1;
    SessionPanels panels;

    bool operator==(const SessionState&) const = default;
};

// The reason a session could not be read. The message names the file, the
// JSON path and what was expected there.
struct SessionError {
    enum class Kind {
        Unreadable,    // the file could not be opened or read, for the reason in `detail`
        Syntax,        // not valid JSON; `detail` and `offset` locate it
        NewerVersion,  // `version` is above kSessionFormatVersion
        InvalidValue,  // the value at `json_path` is not what `expected` describes
    };
    Kind kind = Kind::InvalidValue;
    QString file;
    QString json_path; // such as "$.logits.teacher[3]"
    QString expected;  // such as "a finite number"
    QString found;     // such as "a string"
    QString detail;
    qint64 offset = 0;
    int version = 0;
};

class SessionFile {
    Q_DECLARE_TR_FUNCTIONS(SessionFile)

public:
    // Returns whether `head`, the first bytes of a file, look like a session:
    // a JSON object whose "format" member is kSessionFormatName. Used to tell
    // sessions from JSON logits files by content.
    static bool looksLikeSession(const QByteArray& head);

    // Parses a session document. `file` names it in errors.
    static Expected<SessionState, SessionError> parse(const QByteArray& json, const QString& file);
    // Reads and parses the file at `path`.
    static Expected<SessionState, SessionError> read(const QString& path);

    // Brings a document of an older version to version 1. Returns the
    // migrated object, or the error when `version` is unknown.
    static Expected<QJsonObject, SessionError> migrate(QJsonObject document, int version,
                                                       const QString& file);

    static QByteArray serialize(const SessionState& state);
    // Writes `state` to `path` through QSaveFile: a temporary file renamed
    // over the target on success, so a crash never leaves half a session.
    // Returns an empty string on success, or the message of the failure.
    static QString write(const SessionState& state, const QString& path);

    // The user-facing message of `error`, one sentence without a line end.
    static QString describe(const SessionError& error);
};

} // namespace distillscope::ui
