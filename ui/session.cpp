#include "ui/session.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <optional>

namespace distillscope::ui {

namespace {

// A session contains the logits of one sample, far below this size. The
// limit keeps a mistaken path from filling memory before parsing starts.
constexpr qint64 kMaxSessionBytes = qint64{64} * 1024 * 1024;

QString kindName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null: return SessionFile::tr("null");
    case QJsonValue::Bool: return SessionFile::tr("a boolean");
    case QJsonValue::Double: return SessionFile::tr("the number %1").arg(value.toDouble());
    case QJsonValue::String: return SessionFile::tr("a string");
    case QJsonValue::Array: return SessionFile::tr("a list");
    case QJsonValue::Object: return SessionFile::tr("an object");
    case QJsonValue::Undefined: return SessionFile::tr("nothing");
    }
    return {};
}

// Reads typed values out of a QJsonObject and records the first mismatch
// with its JSON path, so that each reader below stays a flat list of fields.
class Reader {
public:
    explicit Reader(QString file) : m_file(std::move(file)) {}

    bool failed() const { return m_error.has_value(); }
    SessionError error() const { return *m_error; }

    void fail(const QString& path, const QString& expected, const QJsonValue& found)
    {
        if (m_error)
            return;
        SessionError error;
        error.file = m_file;
        error.json_path = path;
        error.expected = expected;
        error.found = kindName(found);
        m_error = error;
    }

    QJsonObject object(const QJsonObject& parent, const QString& path, const QString& key)
    {
        const QJsonValue value = parent.value(key);
        if (!value.isObject())
            fail(path + u'.' + key, SessionFile::tr("an object"), value);
        return value.toObject();
    }

    double number(const QJsonObject& parent, const QString& path, const QString& key,
                  double fallback, bool required = false)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined() && !required)
            return fallback;
        if (!value.isDouble() || !std::isfinite(value.toDouble())) {
            fail(path + u'.' + key, SessionFile::tr("a finite number"), value);
            return fallback;
        }
        return value.toDouble();
    }

    double positive(const QJsonObject& parent, const QString& path, const QString& key,
                    double fallback, bool required = false)
    {
        const double value = number(parent, path, key, fallback, required);
        if (!failed() && !(value > 0.0))
            fail(path + u'.' + key, SessionFile::tr("a finite number above 0"), parent.value(key));
        return value;
    }

    int index(const QJsonObject& parent, const QString& path, const QString& key, int fallback,
              int classes)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return std::min(fallback, classes - 1);
        const double number = value.toDouble(-1.0);
        if (!value.isDouble() || number != std::floor(number) || number < 0 || number >= classes) {
            fail(path + u'.' + key,
                 SessionFile::tr("a class index from 0 to %1").arg(classes - 1), value);
            return fallback;
        }
        return int(number);
    }

    bool boolean(const QJsonObject& parent, const QString& path, const QString& key, bool fallback)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return fallback;
        if (!value.isBool())
            fail(path + u'.' + key, SessionFile::tr("true or false"), value);
        return value.toBool(fallback);
    }

    QString string(const QJsonObject& parent, const QString& path, const QString& key)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return {};
        if (!value.isString())
            fail(path + u'.' + key, SessionFile::tr("a string"), value);
        return value.toString();
    }

    std::vector<double> logits(const QJsonObject& parent, const QString& path, const QString& key)
    {
        const QString here = path + u'.' + key;
        const QJsonValue value = parent.value(key);
        if (!value.isArray() || value.toArray().size() < 2) {
            fail(here, SessionFile::tr("a list of at least two finite numbers"), value);
            return {};
        }
        std::vector<double> logits;
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonValue item = array.at(i);
            if (!item.isDouble() || !std::isfinite(item.toDouble())) {
                fail(QStringLiteral("%1[%2]").arg(here).arg(i), SessionFile::tr("a finite number"),
                     item);
                return {};
            }
            logits.push_back(item.toDouble());
        }
        return logits;
    }

    QStringList names(const QJsonObject& parent, const QString& path, const QString& key,
                      std::size_t classes)
    {
        const QString here = path + u'.' + key;
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return {};
        if (!value.isArray() || std::size_t(value.toArray().size()) != classes) {
            fail(here, SessionFile::tr("a list of %1 class names").arg(classes), value);
            return {};
        }
        QStringList names;
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString()) {
                fail(QStringLiteral("%1[%2]").arg(here).arg(i), SessionFile::tr("a string"),
                     array.at(i));
                return {};
            }
            names.append(array.at(i).toString());
        }
        return names;
    }

private:
    QString m_file;
    std::optional<SessionError> m_error;
};

void readOptions(Reader& reader, const QJsonObject& options, SessionState& state)
{
    const QString path = QStringLiteral("$.options");
    const int classes = int(state.teacher.size());
    state.followed_class = reader.index(options, path, QStringLiteral("followed_class"), 0, classes);
    state.tolerance = reader.positive(options, path, QStringLiteral("tolerance"), state.tolerance);

    const QJsonValue eq4 = options.value(QStringLiteral("eq4_logits"));
    if (eq4 == QJsonValue(QStringLiteral("raw")))
        state.eq4_centred = false;
    else if (!eq4.isUndefined() && eq4 != QJsonValue(QStringLiteral("centred")))
        reader.fail(path + QStringLiteral(".eq4_logits"), SessionFile::tr("\"centred\" or \"raw\""),
                    eq4);

    state.scale_by_t_squared =
        reader.boolean(options, path, QStringLiteral("scale_by_t_squared"), false);
    state.log_scale = reader.boolean(options, path, QStringLiteral("log_scale"), false);

    if (options.contains(QStringLiteral("slice"))) {
        const QString slice_path = path + QStringLiteral(".slice");
        const QJsonObject slice = reader.object(options, path, QStringLiteral("slice"));
        const QJsonValue kind = slice.value(QStringLiteral("kind"));
        if (kind == QJsonValue(QStringLiteral("zero_mean_plane")))
            state.slice_kind = SessionSliceKind::ZeroMeanPlane;
        else if (!kind.isUndefined() && kind != QJsonValue(QStringLiteral("class_pair")))
            reader.fail(slice_path + QStringLiteral(".kind"),
                        SessionFile::tr("\"class_pair\" or \"zero_mean_plane\""), kind);
        state.slice_first = reader.index(slice, slice_path, QStringLiteral("first_class"), 0, classes);
        state.slice_second =
            reader.index(slice, slice_path, QStringLiteral("second_class"), 1, classes);
    }

    if (options.contains(QStringLiteral("panels"))) {
        const QString panels_path = path + QStringLiteral(".panels");
        const QJsonObject panels = reader.object(options, path, QStringLiteral("panels"));
        state.panels.distribution =
            reader.boolean(panels, panels_path, QStringLiteral("distribution"), true);
        state.panels.gradient = reader.boolean(panels, panels_path, QStringLiteral("gradient"), true);
        state.panels.sweep = reader.boolean(panels, panels_path, QStringLiteral("sweep"), true);
        state.panels.surface = reader.boolean(panels, panels_path, QStringLiteral("surface"), true);
    }
}

Expected<SessionState, SessionError> readVersion1(const QJsonObject& document, const QString& file)
{
    Reader reader(file);
    SessionState state;
    const QString root = QStringLiteral("$");
    state.source = reader.string(document, root, QStringLiteral("source"));

    const QString logits_path = QStringLiteral("$.logits");
    const QJsonObject logits = reader.object(document, root, QStringLiteral("logits"));
    if (!reader.failed())
        state.teacher = reader.logits(logits, logits_path, QStringLiteral("teacher"));
    if (!reader.failed())
        state.student = reader.logits(logits, logits_path, QStringLiteral("student"));
    if (!reader.failed() && state.student.size() != state.teacher.size()) {
        reader.fail(logits_path + QStringLiteral(".student"),
                    SessionFile::tr("%1 logits, as many as the teacher has")
                        .arg(state.teacher.size()),
                    logits.value(QStringLiteral("student")));
    }
    if (!reader.failed()) {
        state.class_names =
            reader.names(logits, logits_path, QStringLiteral("classes"), state.teacher.size());
        state.label = reader.string(logits, logits_path, QStringLiteral("label"));
    }

    const QString temperature_path = QStringLiteral("$.temperature");
    const QJsonObject temperature = reader.object(document, root, QStringLiteral("temperature"));
    if (!reader.failed()) {
        state.temperature = reader.positive(temperature, temperature_path, QStringLiteral("value"),
                                            state.temperature, true);
        state.range_min = reader.positive(temperature, temperature_path, QStringLiteral("min"),
                                          state.range_min);
        state.range_max = reader.positive(temperature, temperature_path, QStringLiteral("max"),
                                          state.range_max);
    }
    if (!reader.failed() && !(state.range_min < state.range_max)) {
        reader.fail(temperature_path + QStringLiteral(".max"),
                    SessionFile::tr("a number above min, %1").arg(state.range_min),
                    temperature.value(QStringLiteral("max")));
    }

    if (!reader.failed() && document.contains(QStringLiteral("options"))) {
        const QJsonObject options = reader.object(document, root, QStringLiteral("options"));
        if (!reader.failed())
            readOptions(reader, options, state);
    }
    if (reader.failed())
        return unexpected(reader.error());
    return state;
}

QJsonArray toJson(const std::vector<double>& values)
{
    QJsonArray array;
    for (const double value : values)
        array.append(value);
    return array;
}

} // namespace

bool SessionFile::looksLikeSession(const QByteArray& head)
{
    // Parsing the whole document would be exact but slow for a large JSON
    // logits file, and the writer puts "format" first, so the head suffices.
    const QByteArray trimmed = head.trimmed();
    if (!trimmed.startsWith('{'))
        return false;
    const qsizetype key = trimmed.indexOf("\"format\"");
    return key >= 0 && trimmed.indexOf('"' + kSessionFormatName.toUtf8() + '"', key) > key;
}

Expected<QJsonObject, SessionError> SessionFile::migrate(QJsonObject document, int version,
                                                         const QString& file)
{
    if (version == 0) {
        // Version 0 had the logits and a bare temperature at the top level
        // and no options, so every option takes its default.
        QJsonObject logits;
        for (const char* key : {"teacher", "student", "classes", "label"}) {
            const QString name = QString::fromLatin1(key);
            if (document.contains(name))
                logits.insert(name, document.take(name));
        }
        QJsonObject temperature;
        temperature.insert(QStringLiteral("value"), document.take(QStringLiteral("temperature")));
        document.insert(QStringLiteral("logits"), logits);
        document.insert(QStringLiteral("temperature"), temperature);
        document.insert(QStringLiteral("version"), 1);
        version = 1;
    }
    if (version != kSessionFormatVersion) {
        SessionError error;
        error.file = file;
        error.json_path = QStringLiteral("$.version");
        error.expected = tr("a format version from 0 to %1").arg(kSessionFormatVersion);
        error.found = kindName(version);
        return unexpected(error);
    }
    return document;
}

Expected<SessionState, SessionError> SessionFile::parse(const QByteArray& json, const QString& file)
{
    QJsonParseError parse_error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parse_error);
    if (parse_error.error != QJsonParseError::NoError) {
        SessionError error;
        error.kind = SessionError::Kind::Syntax;
        error.file = file;
        error.detail = parse_error.errorString();
        error.offset = parse_error.offset;
        return unexpected(error);
    }

    Reader reader(file);
    if (!document.isObject()) {
        reader.fail(QStringLiteral("$"), tr("an object with \"format\": \"%1\"").arg(kSessionFormatName),
                    document.isArray() ? QJsonValue(document.array()) : QJsonValue());
        return unexpected(reader.error());
    }
    const QJsonObject root = document.object();
    const QJsonValue format = root.value(QStringLiteral("format"));
    if (format != QJsonValue(kSessionFormatName)) {
        reader.fail(QStringLiteral("$.format"), tr("\"%1\"").arg(kSessionFormatName), format);
        return unexpected(reader.error());
    }
    const QJsonValue version_value = root.value(QStringLiteral("version"));
    const double version = version_value.toDouble(-1.0);
    if (!version_value.isDouble() || version != std::floor(version) || version < 0) {
        reader.fail(QStringLiteral("$.version"), tr("a whole format version from 0"), version_value);
        return unexpected(reader.error());
    }
    if (version > kSessionFormatVersion) {
        SessionError error;
        error.kind = SessionError::Kind::NewerVersion;
        error.file = file;
        error.json_path = QStringLiteral("$.version");
        error.version = version > 1e9 ? 1000000000 : int(version);
        return unexpected(error);
    }

    auto migrated = migrate(root, int(version), file);
    if (!migrated)
        return unexpected(migrated.error());
    return readVersion1(*migrated, file);
}

Expected<SessionState, SessionError> SessionFile::read(const QString& path)
{
    SessionError error;
    error.kind = SessionError::Kind::Unreadable;
    error.file = path;

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error.detail = file.errorString();
        return unexpected(error);
    }
    if (file.size() > kMaxSessionBytes) {
        error.detail = tr("the file has %1 bytes, above the limit of %2 bytes for a session")
                           .arg(file.size())
                           .arg(kMaxSessionBytes);
        return unexpected(error);
    }
    const QByteArray json = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        error.detail = file.errorString();
        return unexpected(error);
    }
    return parse(json, path);
}

QByteArray SessionFile::serialize(const SessionState& state)
{
    QJsonObject logits;
    logits.insert(QStringLiteral("teacher"), toJson(state.teacher));
    logits.insert(QStringLiteral("student"), toJson(state.student));
    if (!state.class_names.isEmpty())
        logits.insert(QStringLiteral("classes"), QJsonArray::fromStringList(state.class_names));
    if (!state.label.isEmpty())
        logits.insert(QStringLiteral("label"), state.label);

    QJsonObject temperature;
    temperature.insert(QStringLiteral("value"), state.temperature);
    temperature.insert(QStringLiteral("min"), state.range_min);
    temperature.insert(QStringLiteral("max"), state.range_max);

    QJsonObject slice;
    slice.insert(QStringLiteral("kind"), state.slice_kind == SessionSliceKind::ZeroMeanPlane
                                             ? QStringLiteral("zero_mean_plane")
                                             : QStringLiteral("class_pair"));
    slice.insert(QStringLiteral("first_class"), state.slice_first);
    slice.insert(QStringLiteral("second_class"), state.slice_second);

    QJsonObject panels;
    panels.insert(QStringLiteral("distribution"), state.panels.distribution);
    panels.insert(QStringLiteral("gradient"), state.panels.gradient);
    panels.insert(QStringLiteral("sweep"), state.panels.sweep);
    panels.insert(QStringLiteral("surface"), state.panels.surface);

    QJsonObject options;
    options.insert(QStringLiteral("followed_class"), state.followed_class);
    options.insert(QStringLiteral("tolerance"), state.tolerance);
    options.insert(QStringLiteral("eq4_logits"),
                   state.eq4_centred ? QStringLiteral("centred") : QStringLiteral("raw"));
    options.insert(QStringLiteral("scale_by_t_squared"), state.scale_by_t_squared);
    options.insert(QStringLiteral("log_scale"), state.log_scale);
    options.insert(QStringLiteral("slice"), slice);
    options.insert(QStringLiteral("panels"), panels);

    QJsonObject root;
    root.insert(QStringLiteral("version"), kSessionFormatVersion);
    if (!state.source.isEmpty())
        root.insert(QStringLiteral("source"), state.source);
    root.insert(QStringLiteral("logits"), logits);
    root.insert(QStringLiteral("temperature"), temperature);
    root.insert(QStringLiteral("options"), options);

    // QJsonObject sorts its keys, so "format" is written by hand in front,
    // where looksLikeSession finds it in the first bytes.
    QByteArray body = QJsonDocument(root).toJson(QJsonDocument::Indented);
    const QByteArray format =
        "{\n    \"format\": \"" + kSessionFormatName.toUtf8() + "\",";
    body.replace(0, 1, format);
    return body;
}

QString SessionFile::write(const SessionState& state, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Could not write the session %1: %2.").arg(path, file.errorString());
    const QByteArray json = serialize(state);
    if (file.write(json) != json.size() || !file.commit())
        return tr("Could not write the session %1: %2.").arg(path, file.errorString());
    return {};
}

QString SessionFile::describe(const SessionError& error)
{
    const QString& file = error.file;
    switch (error.kind) {
    case SessionError::Kind::Unreadable:
        return tr("Could not read the session %1: %2.").arg(file, error.detail);
    case SessionError::Kind::Syntax:
        return tr("The session %1 is not valid JSON: %2 at byte %3.")
            .arg(file, error.detail)
            .arg(error.offset);
    case SessionError::Kind::NewerVersion:
        return tr("The session %1 has format version %2, but this DistillScope reads versions "
                  "up to %3; open it with a newer DistillScope.")
            .arg(file)
            .arg(error.version)
            .arg(kSessionFormatVersion);
    case SessionError::Kind::InvalidValue:
        return tr("The session %1 is invalid at %2: expected %3, found %4.")
            .arg(file, error.json_path, error.expected, error.found);
    }
    return {};
}

} // namespace distillscope::ui
