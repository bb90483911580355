#include "ui/lessons.h"

#include "distillscope/distillation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>
#include <optional>

namespace distillscope::ui {

namespace {

// A tour of a few dozen lessons is a few kilobytes. The limit keeps a
// mistaken path from filling memory before parsing starts.
constexpr qint64 kMaxLessonBytes = qint64{16} * 1024 * 1024;

// qt_add_resources in ui/CMakeLists.txt puts resources/samples/ here.
constexpr auto kSampleFolder = ":/samples/";

const QStringList kRootKeys = {QStringLiteral("format"), QStringLiteral("version"),
                               QStringLiteral("title"), QStringLiteral("lessons")};
const QStringList kLessonKeys = {QStringLiteral("title"), QStringLiteral("text"),
                                 QStringLiteral("try"), QStringLiteral("state")};
const QStringList kStateKeys = {QStringLiteral("logits"),  QStringLiteral("sample"),
                                QStringLiteral("temperature"), QStringLiteral("options"),
                                QStringLiteral("page"),    QStringLiteral("view"),
                                QStringLiteral("beyond")};
const QStringList kLogitsKeys = {QStringLiteral("teacher"), QStringLiteral("student"),
                                 QStringLiteral("classes"), QStringLiteral("label")};
const QStringList kSampleKeys = {QStringLiteral("row")};
const QStringList kTemperatureKeys = {QStringLiteral("value"), QStringLiteral("min"),
                                      QStringLiteral("max")};
const QStringList kOptionKeys = {QStringLiteral("followed_class"), QStringLiteral("tolerance"),
                                 QStringLiteral("eq4_logits"), QStringLiteral("scale_by_t_squared"),
                                 QStringLiteral("log_scale"), QStringLiteral("slice"),
                                 QStringLiteral("panels")};
const QStringList kSliceKeys = {QStringLiteral("kind"), QStringLiteral("first_class"),
                                QStringLiteral("second_class")};
const QStringList kBeyondKeys = {QStringLiteral("hard_label"), QStringLiteral("weight"),
                                 QStringLiteral("weight_multiplies")};
// The values of "weight_multiplies", in the order of MixingConvention.
const QStringList kConventionNames = {QStringLiteral("hard"), QStringLiteral("soft")};
const QStringList kPanelKeys = {QStringLiteral("distribution"), QStringLiteral("gradient"),
                                QStringLiteral("sweep"), QStringLiteral("surface")};

// Strings in messages longer than this are cut, so that a pasted paragraph
// does not become the message.
constexpr qsizetype kMaxQuotedLength = 40;

QString quoted(const QString& text)
{
    return u'"' + text + u'"';
}

QString shortQuoted(const QString& text)
{
    if (text.size() <= kMaxQuotedLength)
        return quoted(text);
    return quoted(text.left(kMaxQuotedLength - 1) + QChar(0x2026));
}

QString quotedList(const QStringList& words)
{
    QStringList quoted_words;
    for (const QString& word : words)
        quoted_words.append(quoted(word));
    return quoted_words.join(QStringLiteral(", "));
}

// The shortest text that reads back to `value`, with the exponent written
// as people write it: 1e-6 and 1e16 rather than 1e-06 and 1e+16.
QString numberText(double value)
{
    QString text = QString::number(value, 'g', QLocale::FloatingPointShortest);
    const qsizetype exponent = text.indexOf(u'e');
    if (exponent < 0)
        return text;
    QString digits = text.mid(exponent + 1);
    const bool negative = digits.startsWith(u'-');
    digits.remove(0, digits.startsWith(u'-') || digits.startsWith(u'+') ? 1 : 0);
    while (digits.size() > 1 && digits.startsWith(u'0'))
        digits.remove(0, 1);
    return text.left(exponent + 1) + (negative ? QStringLiteral("-") : QString()) + digits;
}

QString valueName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null: return LessonFile::tr("null");
    case QJsonValue::Bool: return LessonFile::tr("a boolean");
    case QJsonValue::Double: return LessonFile::tr("the number %1").arg(numberText(value.toDouble()));
    case QJsonValue::String: return LessonFile::tr("the string %1").arg(shortQuoted(value.toString()));
    case QJsonValue::Array: {
        const qsizetype count = value.toArray().size();
        if (count == 0)
            return LessonFile::tr("an empty list");
        if (count == 1)
            return LessonFile::tr("a list of 1 item");
        return LessonFile::tr("a list of %1 items").arg(count);
    }
    case QJsonValue::Object: return LessonFile::tr("an object");
    case QJsonValue::Undefined: return LessonFile::tr("nothing");
    }
    return {};
}

QJsonArray toJson(const std::vector<double>& values)
{
    QJsonArray array;
    for (const double value : values)
        array.append(value);
    return array;
}

QString child(const QString& path, const QString& key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

// The location of a key that appears twice in one object of `json`, which
// must be valid JSON. QJsonDocument keeps only the last of such keys without
// a word, so this scan finds them in the text.
struct DuplicateKey {
    QString path; // the JSON path of the key, such as "lessons[0].title"
    QString key;
};

std::optional<DuplicateKey> findDuplicateKey(const QByteArray& json)
{
    struct Container {
        bool is_object = false;
        QString path;
        QStringList keys;
        qsizetype index = 0;   // the item of an array
        bool expect_key = true; // an object's next string is a key
    };
    std::vector<Container> open;
    const auto valuePath = [&open]() -> QString {
        if (open.empty())
            return {};
        const Container& parent = open.back();
        if (parent.is_object)
            return parent.keys.isEmpty() ? parent.path : child(parent.path, parent.keys.last());
        return QStringLiteral("%1[%2]").arg(parent.path).arg(parent.index);
    };

    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (c == '{' || c == '[') {
            Container container;
            container.is_object = c == '{';
            container.path = valuePath();
            open.push_back(std::move(container));
        } else if (c == '}' || c == ']') {
            if (!open.empty())
                open.pop_back();
        } else if (c == ',' && !open.empty()) {
            open.back().expect_key = true;
            ++open.back().index;
        } else if (c == '"') {
            const qsizetype start = i;
            for (++i; i < json.size() && json.at(i) != '"'; ++i) {
                if (json.at(i) == '\\')
                    ++i;
            }
            if (open.empty() || !open.back().is_object || !open.back().expect_key)
                continue;
            // Decoded by the JSON reader, so that "\u0061" and "a" are one key.
            const QByteArray literal = '[' + json.mid(start, i - start + 1) + ']';
            const QString key = QJsonDocument::fromJson(literal).array().at(0).toString();
            Container& object = open.back();
            object.expect_key = false;
            if (object.keys.contains(key))
                return DuplicateKey{child(object.path, key), key};
            object.keys.append(key);
        }
    }
    return std::nullopt;
}

QString inputProblem(const InputError& error)
{
    switch (error.problem) {
    case InputProblem::ScaledLogitOverflow:
        return LessonFile::tr("logits whose ratio to T is finite, but the logit %1 of class %2 "
                              "overflows at this temperature")
            .arg(numberText(error.value))
            .arg(error.index);
    case InputProblem::ResultOverflow:
        return LessonFile::tr("logits whose gradients and losses are finite at this temperature, "
                              "but %1 overflows")
            .arg(QString::fromLatin1(error.quantity));
    default:
        return LessonFile::tr("logits and a temperature that the core accepts");
    }
}

// Collects the first problem of a document with its JSON location, so that
// the readers below stay flat lists of checks.
class Checker {
public:
    explicit Checker(QString file) : m_file(std::move(file)) {}

    bool failed() const { return m_error.has_value(); }
    LessonError error() const { return *m_error; }

    void fail(const QString& path, const QString& problem)
    {
        if (m_error)
            return;
        LessonError error;
        error.file = m_file;
        error.json_path = path;
        error.problem = problem;
        m_error = error;
    }

    void expect(const QString& path, const QString& expected, const QJsonValue& found)
    {
        fail(path, LessonFile::tr("expected %1, found %2").arg(expected, valueName(found)));
    }

    // Rejects the first key of `object` that is not in `allowed`, because a
    // misspelt key would otherwise be dropped without a word.
    void onlyKeys(const QJsonObject& object, const QString& path, const QStringList& allowed)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!allowed.contains(it.key())) {
                fail(child(path, it.key()), LessonFile::tr("unknown key %1; expected one of %2")
                                                .arg(quoted(it.key()), quotedList(allowed)));
                return;
            }
        }
    }

    QJsonObject object(const QJsonObject& parent, const QString& path, const QString& key,
                       const QStringList& allowed)
    {
        const QJsonValue value = parent.value(key);
        if (!value.isObject()) {
            expect(child(path, key), LessonFile::tr("an object"), value);
            return {};
        }
        onlyKeys(value.toObject(), child(path, key), allowed);
        return value.toObject();
    }

    QString text(const QJsonObject& parent, const QString& path, const QString& key)
    {
        const QJsonValue value = parent.value(key);
        if (!value.isString() || value.toString().trimmed().isEmpty()) {
            expect(child(path, key), LessonFile::tr("a non-empty string"), value);
            return {};
        }
        return value.toString().trimmed();
    }

private:
    QString m_file;
    std::optional<LessonError> m_error;
};

// Checks the keys of the options and of their nested objects; SessionFile
// checks the values.
void checkOptionKeys(Checker& checker, const QJsonObject& state, const QString& path)
{
    if (!state.contains(QStringLiteral("options")))
        return;
    const QString options_path = child(path, QStringLiteral("options"));
    const QJsonObject options = checker.object(state, path, QStringLiteral("options"), kOptionKeys);
    if (!checker.failed() && options.contains(QStringLiteral("slice")))
        checker.object(options, options_path, QStringLiteral("slice"), kSliceKeys);
    if (!checker.failed() && options.contains(QStringLiteral("panels")))
        checker.object(options, options_path, QStringLiteral("panels"), kPanelKeys);
}

// Reads "sample": {"row": K} into the logits of row K of the digits sample.
std::optional<QJsonObject> sampleLogits(Checker& checker, const QJsonObject& state,
                                        const QString& path, Tour& tour, int& row)
{
    const QString sample_path = child(path, QStringLiteral("sample"));
    const QJsonObject sample = checker.object(state, path, QStringLiteral("sample"), kSampleKeys);
    if (checker.failed())
        return std::nullopt;
    if (!tour.sample) {
        auto loaded = LessonFile::readDigitsSample();
        if (!loaded) {
            checker.fail(sample_path, loaded.error().problem);
            return std::nullopt;
        }
        tour.sample = std::move(*loaded);
    }
    const int rows = int(tour.sample->teacher->rows.size());
    const QJsonValue value = sample.value(QStringLiteral("row"));
    const double number = value.toDouble(-1.0);
    if (!value.isDouble() || number != std::floor(number) || number < 0 || number >= rows) {
        checker.expect(child(sample_path, QStringLiteral("row")),
                       LessonFile::tr("a row of the digits sample from 0 to %1").arg(rows - 1), value);
        return std::nullopt;
    }
    row = int(number);

    const SessionState resolved = LessonFile::sampleState(*tour.sample, row);
    QJsonObject logits;
    logits.insert(QStringLiteral("teacher"), toJson(resolved.teacher));
    logits.insert(QStringLiteral("student"), toJson(resolved.student));
    logits.insert(QStringLiteral("classes"), QJsonArray::fromStringList(resolved.class_names));
    logits.insert(QStringLiteral("label"), resolved.label);
    return logits;
}

// Checks the temperature against the core's range and the slider's range,
// and the logits at that temperature.
void checkTemperature(Checker& checker, const SessionState& session, const QString& path)
{
    const QString temperature_path = child(path, QStringLiteral("temperature"));
    const QString expected_range = LessonFile::tr("a temperature from %1 to %2")
                                       .arg(numberText(kMinTemperature), numberText(kMaxTemperature));
    const std::pair<const char*, double> values[] = {
        {"value", session.temperature}, {"min", session.range_min}, {"max", session.range_max}};
    for (const auto& [key, value] : values) {
        if (value < kMinTemperature || value > kMaxTemperature)
            checker.expect(child(temperature_path, QLatin1String(key)), expected_range, value);
    }
    if (!checker.failed()
        && (session.temperature < session.range_min || session.temperature > session.range_max)) {
        checker.expect(child(temperature_path, QStringLiteral("value")),
                       LessonFile::tr("a temperature within min %1 and max %2")
                           .arg(numberText(session.range_min), numberText(session.range_max)),
                       session.temperature);
    }
    if (checker.failed())
        return;

    auto distillation = Distillation::create(session.teacher, session.student);
    if (!distillation) {
        checker.fail(child(path, QStringLiteral("logits")), inputProblem(distillation.error()));
        return;
    }
    if (auto evaluated = distillation->evaluate(session.temperature); !evaluated) {
        checker.fail(child(temperature_path, QStringLiteral("value")),
                     LessonFile::tr("expected %1, found T = %2")
                         .arg(inputProblem(evaluated.error()), numberText(session.temperature)));
    }
}

// The value at `json_path` of a session error, such as "$.options.slice.kind",
// inside `root`, the session object given to SessionFile.
QJsonValue valueAtPath(const QJsonObject& root, const QString& json_path)
{
    static const QRegularExpression step(QStringLiteral("\\.([^.\\[]+)|\\[(\\d+)\\]"));
    QJsonValue value = root;
    auto it = step.globalMatch(json_path);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (match.hasCaptured(1))
            value = value.toObject().value(match.captured(1));
        else
            value = value.toArray().at(match.captured(2).toLongLong());
    }
    return value;
}

// The names a label may take: the lesson's class names, or those the window
// gives classes without names, "0", "1" and on.
QStringList classNames(const SessionState& session)
{
    if (!session.class_names.isEmpty())
        return session.class_names;
    QStringList names;
    for (std::size_t i = 0; i < session.teacher.size(); ++i)
        names.append(QString::number(i));
    return names;
}

// Reads a class given by its name or by its index.
std::optional<int> readClass(Checker& checker, const QJsonValue& value, const QString& path,
                             const QStringList& names)
{
    if (value.isString() && names.contains(value.toString()))
        return int(names.indexOf(value.toString()));
    const double number = value.toDouble(-1.0);
    if (value.isDouble() && number == std::floor(number) && number >= 0 && number < names.size())
        return int(number);

    // The ten digit classes fit in a message, and longer lists are cut there.
    constexpr qsizetype kListedNames = 10;
    QString listed = quotedList(names.mid(0, kListedNames));
    if (names.size() > kListedNames)
        listed += QStringLiteral(", ") + QChar(0x2026);
    checker.expect(path,
                   LessonFile::tr("a class name (%1) or a class index from 0 to %2")
                       .arg(listed)
                       .arg(names.size() - 1),
                   value);
    return std::nullopt;
}

// Checks what SessionFile accepts but a lesson must not show: two classes of
// one name, a label that names no class, a class pair of one class, and
// every panel off, which leaves the plots page empty.
void checkSession(Checker& checker, SessionState& session, const QJsonValue& label,
                  const QString& path)
{
    const QString logits_path = child(path, QStringLiteral("logits"));
    for (qsizetype i = 1; i < session.class_names.size(); ++i) {
        const qsizetype first = session.class_names.indexOf(session.class_names.at(i));
        if (first < i) {
            checker.fail(QStringLiteral("%1.classes[%2]").arg(logits_path).arg(i),
                         LessonFile::tr("the class name %1 is also the name of class %2; "
                                        "expected different names")
                             .arg(shortQuoted(session.class_names.at(i)))
                             .arg(first));
            return;
        }
    }
    if (!label.isUndefined()) {
        const QStringList names = classNames(session);
        const auto index = readClass(checker, label, child(logits_path, QStringLiteral("label")), names);
        if (!index)
            return;
        session.label = names.at(*index);
    }

    const QString options_path = child(path, QStringLiteral("options"));
    if (session.slice_kind == SessionSliceKind::ClassPair && session.slice_first == session.slice_second) {
        checker.fail(child(options_path, QStringLiteral("slice.second_class")),
                     LessonFile::tr("expected a class other than first_class %1, because the "
                                    "surfaces need two different classes")
                         .arg(session.slice_first));
        return;
    }
    if (session.panels == SessionPanels{false, false, false, false}) {
        checker.fail(child(options_path, QStringLiteral("panels")),
                     LessonFile::tr("every panel is off, so the plots page would be empty; "
                                    "expected at least one panel set to true"));
    }
}

// Reads "beyond": the settings of the hard-targets view.
BeyondSettings readBeyondSettings(Checker& checker, const QJsonObject& state, const QString& path,
                                  const SessionState& session)
{
    BeyondSettings settings;
    const QString beyond_path = child(path, QStringLiteral("beyond"));
    const QJsonObject beyond = checker.object(state, path, QStringLiteral("beyond"), kBeyondKeys);
    if (checker.failed())
        return settings;

    // "automatic", the default, names no class: the page then takes the
    // sample's true label, or else the teacher's top class.
    const QJsonValue label = beyond.value(QStringLiteral("hard_label"));
    if (label.isString() && label.toString() == QLatin1String("automatic")) {
        settings.hard_label.reset();
    } else if (beyond.contains(QStringLiteral("hard_label"))) {
        settings.hard_label = readClass(checker, beyond.value(QStringLiteral("hard_label")),
                                        child(beyond_path, QStringLiteral("hard_label")),
                                        classNames(session));
    }
    if (!checker.failed() && beyond.contains(QStringLiteral("weight"))) {
        const QJsonValue weight = beyond.value(QStringLiteral("weight"));
        const double number = weight.toDouble(-1.0);
        if (!weight.isDouble() || number < 0.0 || number > 1.0)
            checker.expect(child(beyond_path, QStringLiteral("weight")),
                           LessonFile::tr("a mixing weight from 0 to 1"), weight);
        settings.mixing_weight = number;
    }
    if (!checker.failed() && beyond.contains(QStringLiteral("weight_multiplies"))) {
        const QJsonValue term = beyond.value(QStringLiteral("weight_multiplies"));
        const qsizetype index = kConventionNames.indexOf(term.toString());
        if (!term.isString() || index < 0)
            checker.expect(child(beyond_path, QStringLiteral("weight_multiplies")),
                           LessonFile::tr("%1 (the hard-label term) or %2 (the soft term)")
                               .arg(quoted(kConventionNames.at(0)), quoted(kConventionNames.at(1))),
                           term);
        settings.convention = index == 1 ? MixingConvention::WeightOnSoft : MixingConvention::WeightOnHard;
    }
    return settings;
}

std::optional<LessonState> readState(Checker& checker, const QJsonObject& lesson,
                                     const QString& lesson_path, Tour& tour, const QString& source)
{
    const QString path = child(lesson_path, QStringLiteral("state"));
    const QJsonObject state = checker.object(lesson, lesson_path, QStringLiteral("state"), kStateKeys);
    if (checker.failed())
        return std::nullopt;

    LessonState result;
    const bool has_logits = state.contains(QStringLiteral("logits"));
    const bool has_sample = state.contains(QStringLiteral("sample"));
    if (has_logits == has_sample) {
        checker.fail(path, has_logits ? LessonFile::tr("expected either \"logits\" or \"sample\", "
                                                       "found both")
                                      : LessonFile::tr("missing key \"logits\" or \"sample\""));
        return std::nullopt;
    }
    QJsonObject logits;
    if (has_logits) {
        logits = checker.object(state, path, QStringLiteral("logits"), kLogitsKeys);
    } else {
        int row = 0;
        if (auto resolved = sampleLogits(checker, state, path, tour, row)) {
            logits = *resolved;
            result.sample_row = row;
        }
    }
    if (!checker.failed())
        checker.object(state, path, QStringLiteral("temperature"), kTemperatureKeys);
    if (!checker.failed())
        checkOptionKeys(checker, state, path);
    if (checker.failed())
        return std::nullopt;

    result.page = checker.text(state, path, QStringLiteral("page"));
    if (!checker.failed() && !kLessonPages.contains(result.page))
        checker.expect(child(path, QStringLiteral("page")),
                       LessonFile::tr("one of the pages %1").arg(quotedList(kLessonPages)),
                       state.value(QStringLiteral("page")));
    if (!checker.failed() && state.contains(QStringLiteral("view"))) {
        const QString view_path = child(path, QStringLiteral("view"));
        result.view = checker.text(state, path, QStringLiteral("view"));
        if (!checker.failed() && result.page != kViewsPage)
            checker.fail(view_path, LessonFile::tr("a view needs the page %1, but the page is %2")
                                        .arg(quoted(kViewsPage), quoted(result.page)));
        else if (!checker.failed() && !kBeyondViews.contains(result.view))
            checker.expect(view_path,
                           LessonFile::tr("one of the views %1").arg(quotedList(kBeyondViews)),
                           state.value(QStringLiteral("view")));
    }
    if (!checker.failed() && state.contains(QStringLiteral("beyond")) && result.page != kViewsPage)
        checker.fail(child(path, QStringLiteral("beyond")),
                     LessonFile::tr("settings of the page %1 need that page, but the page is %2")
                         .arg(quoted(kViewsPage), quoted(result.page)));
    if (checker.failed())
        return std::nullopt;

    // The label is checked below against the class names, and it may be an
    // index, which SessionFile does not read.
    const QJsonValue label = logits.take(QStringLiteral("label"));

    // The values are those of a session, so SessionFile reads them; its
    // JSON paths start at "$", the state object here.
    QJsonObject session;
    session.insert(QStringLiteral("format"), kSessionFormatName);
    session.insert(QStringLiteral("version"), kSessionFormatVersion);
    session.insert(QStringLiteral("logits"), logits);
    session.insert(QStringLiteral("temperature"), state.value(QStringLiteral("temperature")));
    if (state.contains(QStringLiteral("options")))
        session.insert(QStringLiteral("options"), state.value(QStringLiteral("options")));
    auto parsed = SessionFile::parse(QJsonDocument(session).toJson(QJsonDocument::Compact),
                                     tour.file);
    if (!parsed) {
        const SessionError& error = parsed.error();
        const QString location = error.json_path == QLatin1String("$")
            ? path
            : path + error.json_path.mid(1);
        // The value is named here, because SessionFile names only its type.
        const QJsonValue found = valueAtPath(session, error.json_path);
        checker.fail(location, LessonFile::tr("expected %1, found %2")
                                   .arg(error.expected, found.isUndefined() ? error.found
                                                                            : valueName(found)));
        return std::nullopt;
    }
    result.session = std::move(*parsed);
    result.session.source = result.sample_row
        ? LessonFile::sampleState(*tour.sample, *result.sample_row).source
        : source;

    checkSession(checker, result.session, label, path);
    if (!checker.failed() && state.contains(QStringLiteral("beyond")))
        result.beyond = readBeyondSettings(checker, state, path, result.session);
    if (!checker.failed())
        checkTemperature(checker, result.session, path);
    if (checker.failed())
        return std::nullopt;
    return result;
}

} // namespace

QString LessonFile::bundledTourPath()
{
    return QStringLiteral(":/lessons/tour.json");
}

Expected<Tour, LessonError> LessonFile::parse(const QByteArray& json, const QString& file)
{
    if (json.trimmed().isEmpty()) {
        LessonError error;
        error.kind = LessonError::Kind::Empty;
        error.file = file;
        return unexpected(error);
    }
    QJsonParseError parse_error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parse_error);
    if (parse_error.error != QJsonParseError::NoError) {
        LessonError error;
        error.kind = LessonError::Kind::Syntax;
        error.file = file;
        error.problem = parse_error.errorString();
        error.offset = parse_error.offset;
        return unexpected(error);
    }

    Checker checker(file);
    if (const auto duplicate = findDuplicateKey(json)) {
        checker.fail(duplicate->path, tr("the key %1 appears twice in this object; expected each "
                                         "key once").arg(quoted(duplicate->key)));
        return unexpected(checker.error());
    }
    if (!document.isObject()) {
        checker.expect(QString(), tr("an object with \"format\": %1").arg(quoted(kLessonFormatName)),
                       document.isArray() ? QJsonValue(document.array()) : QJsonValue());
        return unexpected(checker.error());
    }
    const QJsonObject root = document.object();
    const QJsonValue format = root.value(QStringLiteral("format"));
    if (format != QJsonValue(kLessonFormatName)) {
        checker.expect(QStringLiteral("format"), quoted(kLessonFormatName), format);
        return unexpected(checker.error());
    }
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (version != QJsonValue(kLessonFormatVersion)) {
        checker.expect(QStringLiteral("version"),
                       tr("format version %1, the only one this DistillScope reads")
                           .arg(kLessonFormatVersion),
                       version);
        return unexpected(checker.error());
    }
    checker.onlyKeys(root, QString(), kRootKeys);

    Tour tour;
    tour.file = file;
    tour.title = checker.text(root, QString(), QStringLiteral("title"));
    const QJsonValue lessons = root.value(QStringLiteral("lessons"));
    if (!checker.failed() && (!lessons.isArray() || lessons.toArray().isEmpty()))
        checker.expect(QStringLiteral("lessons"), tr("a list of at least one lesson"), lessons);
    if (checker.failed())
        return unexpected(checker.error());

    const QJsonArray list = lessons.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = QStringLiteral("lessons[%1]").arg(i);
        if (!list.at(i).isObject()) {
            checker.expect(path, tr("a lesson object"), list.at(i));
            return unexpected(checker.error());
        }
        const QJsonObject object = list.at(i).toObject();
        checker.onlyKeys(object, path, kLessonKeys);
        Lesson lesson;
        lesson.title = checker.text(object, path, QStringLiteral("title"));
        lesson.text = checker.text(object, path, QStringLiteral("text"));
        lesson.try_text = checker.text(object, path, QStringLiteral("try"));
        if (checker.failed())
            return unexpected(checker.error());
        const QString source = tr("%1, lesson %2").arg(tour.title).arg(i + 1);
        auto state = readState(checker, object, path, tour, source);
        if (!state)
            return unexpected(checker.error());
        lesson.state = std::move(*state);
        tour.lessons.push_back(std::move(lesson));
    }
    return tour;
}

Expected<Tour, LessonError> LessonFile::read(const QString& path)
{
    LessonError error;
    error.kind = LessonError::Kind::Unreadable;
    error.file = path;

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error.problem = file.errorString();
        return unexpected(error);
    }
    if (file.size() > kMaxLessonBytes) {
        error.problem = tr("the file has %1 bytes, above the limit of %2 bytes for lessons")
                            .arg(file.size())
                            .arg(kMaxLessonBytes);
        return unexpected(error);
    }
    const QByteArray json = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        error.problem = file.errorString();
        return unexpected(error);
    }
    return parse(json, path);
}

Expected<DigitsSample, LessonError> LessonFile::readDigitsSample()
{
    LessonError error;
    error.kind = LessonError::Kind::Unreadable;

    const auto readTable = [&](const char* name) -> std::shared_ptr<const LogitsTable> {
        QFile file(QLatin1String(kSampleFolder) + QLatin1String(name));
        error.file = file.fileName();
        if (!file.open(QIODevice::ReadOnly)) {
            error.problem = tr("the digits sample is missing from this build: %1").arg(file.errorString());
            return nullptr;
        }
        const QByteArray bytes = file.readAll();
        auto table = parseLogitsText(std::string_view(bytes.constData(), bytes.size()), name);
        if (!table) {
            error.problem = tr("the digits sample in this build is not a valid logits table");
            return nullptr;
        }
        return std::make_shared<const LogitsTable>(std::move(*table));
    };

    DigitsSample sample;
    sample.teacher = readTable("digits-teacher.csv");
    if (!sample.teacher)
        return unexpected(error);
    sample.student = readTable("digits-student.csv");
    if (!sample.student)
        return unexpected(error);

    // digits-labels.csv: comment lines, the header "index,label,...", then
    // one line per row in row order.
    QFile labels(QLatin1String(kSampleFolder) + QStringLiteral("digits-labels.csv"));
    error.file = labels.fileName();
    if (!labels.open(QIODevice::ReadOnly | QIODevice::Text)) {
        error.problem = tr("the digits sample is missing from this build: %1").arg(labels.errorString());
        return unexpected(error);
    }
    while (!labels.atEnd()) {
        const QString line = QString::fromUtf8(labels.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(QLatin1String("index")))
            continue;
        const QStringList cells = line.split(u',');
        if (cells.size() < 2 || cells.first().toInt() != sample.labels.size())
            break;
        sample.labels.append(cells.at(1));
    }
    const qsizetype rows = qsizetype(sample.teacher->rows.size());
    if (qsizetype(sample.student->rows.size()) != rows || sample.labels.size() != rows) {
        error.problem = tr("the digits sample in this build has files of different lengths");
        return unexpected(error);
    }
    return sample;
}

SessionState LessonFile::sampleState(const DigitsSample& sample, int row)
{
    SessionState state;
    state.teacher = sample.teacher->rows.at(std::size_t(row)).values;
    state.student = sample.student->rows.at(std::size_t(row)).values;
    for (const std::string& name : sample.teacher->class_names)
        state.class_names.append(QString::fromStdString(name));
    state.label = sample.labels.value(row);
    state.source = tr("digits sample, test image %1").arg(row);
    return state;
}

QString LessonFile::describe(const LessonError& error)
{
    switch (error.kind) {
    case LessonError::Kind::Unreadable:
        return tr("Could not read the lesson file %1: %2.").arg(error.file, error.problem);
    case LessonError::Kind::Empty:
        return tr("The lesson file %1 is empty; expected a JSON object with \"format\": %2.")
            .arg(error.file, quoted(kLessonFormatName));
    case LessonError::Kind::Syntax:
        return tr("The lesson file %1 is not valid JSON: %2 at byte %3.")
            .arg(error.file, error.problem)
            .arg(error.offset);
    case LessonError::Kind::InvalidValue:
        if (error.json_path.isEmpty())
            return tr("The lesson file %1 is invalid at the top level: %2.").arg(error.file, error.problem);
        return tr("The lesson file %1 is invalid at %2: %3.")
            .arg(error.file, error.json_path, error.problem);
    }
    return {};
}

} // namespace distillscope::ui
