#include "app/commands.h"

#include "app/logits_input.h"
#include "app/messages.h"
#include "app/number_text.h"
#include "app/output_json.h"
#include "app/output_table.h"
#include "distillscope/sweep.h"

#include <cmath>
#include <limits>
#include <vector>

namespace distillscope::app {
namespace {

// Beyond this the CSV would pass 30 MB, more than a plot needs.
constexpr long long kMaxPoints = 100000;

enum class SweepFormat { Csv, Json };

struct SweepRequest {
    QString teacher, student;
    std::optional<QString> row;
    std::optional<QString> session; // a session file in place of the SPECs and row
    double from = 0.0, to = 0.0;
    QString from_text, to_text;
    long long points = 0;
    std::optional<QString> followed_class;
    SweepFormat format = SweepFormat::Csv;
};

// One column of the sweep; `values` contains nullopt where the quantity is undefined.
struct Column {
    const char* name;
    std::vector<std::optional<double>> values;
};

double maxNorm(const Vector& gradient)
{
    return gradient.cwiseAbs().maxCoeff();
}

CliResult<SweepRequest> readRequest(const ParsedOptions& options)
{
    const CommandSpec& command = sweepCommand();
    SweepRequest request;

    auto session = readSessionOption(options);
    if (!session)
        return unexpected(session.error());
    request.session = *session;
    for (const char* name : {"teacher", "student", "from", "to", "points"}) {
        if (request.session && (qstrcmp(name, "teacher") == 0 || qstrcmp(name, "student") == 0))
            continue;
        auto value = requiredValue(command, options, QLatin1String(name));
        if (!value)
            return unexpected(value.error());
    }
    request.teacher = options.value(QStringLiteral("teacher")).value_or(QString());
    request.student = options.value(QStringLiteral("student")).value_or(QString());
    request.row = options.value(QStringLiteral("row"));
    request.followed_class = options.value(QStringLiteral("class"));
    request.from_text = *options.value(QStringLiteral("from"));
    request.to_text = *options.value(QStringLiteral("to"));

    auto from = readNumber(QStringLiteral("--from"), request.from_text,
                           optionSpec(command, QStringLiteral("from")).expected);
    if (!from)
        return unexpected(from.error());
    auto to = readNumber(QStringLiteral("--to"), request.to_text,
                         optionSpec(command, QStringLiteral("to")).expected);
    if (!to)
        return unexpected(to.error());
    request.from = *from;
    request.to = *to;

    const QString points_text = *options.value(QStringLiteral("points"));
    auto points = readInteger(QStringLiteral("--points"), points_text, 1, kMaxPoints,
                              optionSpec(command, QStringLiteral("points")).expected);
    if (!points)
        return unexpected(points.error());
    request.points = *points;

    const QString format = options.value(QStringLiteral("format")).value_or(QStringLiteral("csv"));
    if (format == QLatin1String("json")) {
        request.format = SweepFormat::Json;
    } else if (format != QLatin1String("csv")) {
        return usageError(Messages::invalidValue(QStringLiteral("--format"), format,
                                                 optionSpec(command, QStringLiteral("format")).expected));
    }
    return request;
}

// Checks what logSpacedTemperatures asserts: 0 < from <= to, and one point only when from = to.
std::optional<CliError> checkRange(const SweepRequest& request, const InputContext& context)
{
    if (!(request.from > 0.0)) {
        InputContext from_context = context;
        from_context.temperature = QStringLiteral("--from ") + Messages::quote(request.from_text);
        const InputError error{InputProblem::InvalidTemperature, Operand::Temperature, -1,
                               request.from};
        return CliError{Messages::inputError(error, from_context)};
    }
    if (request.to < request.from) {
        return CliError{Messages::tr("--to %1 is below --from %2; expected a highest temperature "
                                     "at least as large as the lowest")
                            .arg(Messages::quote(request.to_text),
                                 Messages::quote(request.from_text))};
    }
    if (request.points > 1 && request.to == request.from) {
        return CliError{Messages::tr("--from %1 and --to %2 are one temperature, but --points is "
                                     "%3; expected --points 1, or a --to above --from")
                            .arg(Messages::quote(request.from_text), Messages::quote(request.to_text))
                            .arg(request.points)};
    }
    if (request.points == 1 && request.to != request.from) {
        return CliError{Messages::tr("--points 1 gives a single temperature, but --from %1 and "
                                     "--to %2 differ; expected --points 2 or more")
                            .arg(Messages::quote(request.from_text),
                                 Messages::quote(request.to_text))};
    }
    return std::nullopt;
}

CliResult<Index> followedClass(const SweepRequest& request, const Distillation& distillation)
{
    if (!request.followed_class)
        return distillation.teacherArgmax();

    const Index classes = distillation.classes();
    auto followed = readInteger(QStringLiteral("--class"), *request.followed_class, 0,
                                classes - 1,
                                optionSpec(sweepCommand(), QStringLiteral("class")).expected);
    if (!followed) {
        // A well-formed integer outside 0..N-1 gets the message that states N.
        if (readInteger(QStringLiteral("--class"), *request.followed_class,
                        std::numeric_limits<long long>::min(),
                        std::numeric_limits<long long>::max(), QString()))
            return usageError(Messages::classOutOfRange(*request.followed_class, classes));
        return unexpected(followed.error());
    }
    return static_cast<Index>(*followed);
}

std::string sweepCsv(const std::vector<Column>& columns, std::size_t rows)
{
    std::string out;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        out += c > 0 ? "," : "";
        out += columns[c].name;
    }
    out += '\n';
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            out += c > 0 ? "," : "";
            out += csvNumber(columns[c].values[r]);
        }
        out += '\n';
    }
    return out;
}

std::string sweepJson(const std::vector<Column>& columns, const LogitsPair& pair, Index followed)
{
    JsonObject json;
    json.add("n", std::to_string(pair.distillation.classes()));
    json.add("class", std::to_string(followed));
    const auto k = static_cast<std::size_t>(followed);
    if (k < pair.class_names.size())
        json.add("class_name", jsonString(pair.class_names[k]));
    json.add("points", std::to_string(columns.front().values.size()));
    for (const Column& column : columns)
        json.add(column.name, jsonArray(column.values));
    return json.text();
}

CliResult<std::string> sweep(const SweepRequest& request)
{
    auto pair = loadLogitsPair(request.teacher, request.student, request.row, request.session);
    if (!pair)
        return unexpected(pair.error());

    const InputContext context{pair->teacherPlace(), pair->studentPlace(), QString(), QString()};
    if (auto error = checkRange(request, context))
        return unexpected(*error);
    auto followed = followedClass(request, pair->distillation);
    if (!followed)
        return unexpected(followed.error());

    const std::vector<double> temperatures =
        logSpacedTemperatures(request.from, request.to, static_cast<int>(request.points));
    std::vector<Column> columns = {
        {"temperature", {}},      {"cross_entropy", {}},  {"kl", {}},
        {"kl_scaled", {}},        {"quadratic_loss", {}}, {"exact_max", {}},
        {"exact_class", {}},      {"taylor_max", {}},     {"taylor_class", {}},
        {"zero_mean_max", {}},    {"zero_mean_class", {}}, {"centered_max", {}},
        {"centered_class", {}},   {"second_order_max", {}}, {"second_order_class", {}},
        {"relative_error", {}},   {"cosine", {}},
    };
    for (Column& column : columns)
        column.values.reserve(temperatures.size());

    for (const double temperature : temperatures) {
        auto q = pair->distillation.evaluate(temperature);
        InputContext at = context;
        at.temperature = Messages::tr("sweep temperature %1 (from --from %2 to --to %3)")
                             .arg(numberText(temperature), Messages::quote(request.from_text),
                                  Messages::quote(request.to_text));
        if (!q)
            return usageError(Messages::inputError(q.error(), at));

        const std::optional<double> taylor_max =
            q->grad_taylor ? std::optional(maxNorm(*q->grad_taylor)) : std::nullopt;
        const std::optional<double> taylor_class =
            q->grad_taylor ? std::optional((*q->grad_taylor)[*followed]) : std::nullopt;
        const std::optional<double> row[] = {
            temperature, q->cross_entropy, q->kl, q->kl_scaled, q->quadratic_loss,
            maxNorm(q->grad_exact), q->grad_exact[*followed], taylor_max, taylor_class,
            maxNorm(q->grad_zero_mean), q->grad_zero_mean[*followed],
            maxNorm(q->grad_centered), q->grad_centered[*followed],
            maxNorm(q->grad_second_order), q->grad_second_order[*followed],
            q->centered_vs_exact.max_relative_error, q->centered_vs_exact.cosine,
        };
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (row[c] && !std::isfinite(*row[c]))
                return internalError(Messages::nonFiniteResult(
                    QString::fromLatin1(columns[c].name), at.temperature));
            columns[c].values.push_back(row[c]);
        }
    }

    if (request.format == SweepFormat::Json)
        return sweepJson(columns, *pair, *followed);
    return sweepCsv(columns, temperatures.size());
}

} // namespace

const CommandSpec& sweepCommand()
{
    static const CommandSpec command = [] {
        CommandSpec spec;
        spec.name = QStringLiteral("sweep");
        spec.usage = QStringLiteral("(--teacher SPEC --student SPEC [--row K] | --session FILE) "
                                    "--from T0 --to T1 --points K [--class K] [--format csv|json]");
        spec.summary = Messages::tr(
            "Evaluates the losses and every gradient form of Section 2.1 at K temperatures "
            "spaced evenly in log T, for plotting elsewhere.");
        spec.options = logitsOptions();
        spec.options.push_back({QStringLiteral("from"), QStringLiteral("T0"),
                                Messages::tr("Lowest temperature of the sweep, dimensionless. A "
                                             "finite number above 0."),
                                Messages::tr("a temperature from 1e-6 to 1e16, such as 0.1")});
        spec.options.push_back({QStringLiteral("to"), QStringLiteral("T1"),
                                Messages::tr("Highest temperature of the sweep, dimensionless, at "
                                             "least T0."),
                                Messages::tr("a finite temperature at least --from, such as 100")});
        spec.options.push_back({QStringLiteral("points"), QStringLiteral("K"),
                                Messages::tr("Number of temperatures, from T0 to T1 with both "
                                             "included: 2 to 100000, or 1 when T0 equals T1."),
                                Messages::tr("a whole number of temperatures from 1 to 100000, "
                                             "such as 100")});
        spec.options.push_back({QStringLiteral("class"), QStringLiteral("K"),
                                Messages::tr("Class whose gradient component the *_class columns "
                                             "follow, counted from 0. Default: the teacher's top "
                                             "class."),
                                Messages::tr("a class counted from 0, such as --class 0")});
        spec.options.push_back({QStringLiteral("format"), QStringLiteral("FORMAT"),
                                Messages::tr("Output format: csv (default), a header row and one "
                                             "row per temperature, or json, one array per column."),
                                Messages::tr("csv or json")});
        spec.details = Messages::tr(
            "Columns: temperature, cross_entropy, kl, kl_scaled (T^2 KL), quadratic_loss (Eq. 5), "
            "then for each gradient form (exact = Eq. 2, taylor = Eq. 3, zero_mean = Eq. 4 as "
            "given, centered = Eq. 4 on centred logits, second_order = centred Eq. 4 plus the next "
            "term in 1/T) its max norm (_max) and the followed class's component (_class), then "
            "relative_error and cosine of the centred Eq. 4 against Eq. 2. An undefined value "
            "(Eq. 3 at its pole, the relative error where Eq. 2 is zero) is an empty CSV field or "
            "a JSON null.");
        return spec;
    }();
    return command;
}

CliResult<std::string> runSweep(const QStringList& arguments)
{
    auto options = parseOptions(sweepCommand(), arguments);
    if (!options)
        return unexpected(options.error());
    if (options->helpRequested())
        return helpText(sweepCommand()).toStdString();

    auto request = readRequest(*options);
    if (!request)
        return unexpected(request.error());
    return sweep(*request);
}

} // namespace distillscope::app
