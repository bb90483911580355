#include "app/commands.h"

#include "app/logits_input.h"
#include "app/messages.h"
#include "app/number_text.h"
#include "app/output_json.h"
#include "app/output_table.h"
#include "distillscope/match_temperature.h"

#include <cmath>
#include <span>

namespace distillscope::app {
namespace {

std::span<const double> values(const Vector& vector)
{
    return {vector.data(), static_cast<std::size_t>(vector.size())};
}

const char* statusName(MatchTemperature::Status status)
{
    switch (status) {
    case MatchTemperature::Status::Found: return "found";
    case MatchTemperature::Status::HoldsEverywhere: return "holds_everywhere";
    case MatchTemperature::Status::NeverReached: return "never_reached";
    case MatchTemperature::Status::GradientVanishes: return "gradient_vanishes";
    }
    return "unknown";
}

bool allFinite(const Vector& vector)
{
    return vector.allFinite();
}

bool allFinite(std::optional<double> value)
{
    return !value || std::isfinite(*value);
}

// Names the first quantity that is NaN or infinite. The core reports overflow
// as ResultOverflow, so a name here means a bug, not bad input.
std::optional<QString> firstNonFinite(const Quantities& q, const MatchTemperature& match)
{
    const std::pair<const char*, bool> checks[] = {
        {"p", allFinite(q.p)},
        {"q", allFinite(q.q)},
        {"log_p", allFinite(q.log_p)},
        {"log_q", allFinite(q.log_q)},
        {"grad_exact", allFinite(q.grad_exact)},
        {"grad_taylor", !q.grad_taylor || allFinite(*q.grad_taylor)},
        {"grad_zero_mean", allFinite(q.grad_zero_mean)},
        {"grad_centered", allFinite(q.grad_centered)},
        {"grad_second_order", allFinite(q.grad_second_order)},
        {"cross_entropy", std::isfinite(q.cross_entropy)},
        {"kl", std::isfinite(q.kl)},
        {"kl_scaled", std::isfinite(q.kl_scaled)},
        {"quadratic_loss", std::isfinite(q.quadratic_loss)},
        {"entropy_p", std::isfinite(q.entropy_p)},
        {"entropy_q", std::isfinite(q.entropy_q)},
        {"relative_error", allFinite(q.centered_vs_exact.max_relative_error)},
        {"cosine", allFinite(q.centered_vs_exact.cosine)},
        {"match_temperature", allFinite(match.value)},
        {"match_temperature_predicted", allFinite(match.predicted)},
    };
    for (const auto& [name, finite] : checks) {
        if (!finite)
            return QString::fromLatin1(name);
    }
    for (const auto& error : q.centered_vs_exact.relative_error) {
        if (!allFinite(error))
            return QStringLiteral("relative_error_per_class");
    }
    return std::nullopt;
}

std::string computeJson(const LogitsPair& pair, const ComputeRequest& request, const Quantities& q,
                        const MatchTemperature& match)
{
    JsonObject json;
    json.add("n", std::to_string(pair.distillation.classes()));
    json.add("temperature", jsonNumber(q.temperature));
    if (!pair.class_names.empty())
        json.add("class_names", jsonStringArray(pair.class_names));
    json.add("teacher", jsonArray(values(pair.distillation.teacher())));
    json.add("student", jsonArray(values(pair.distillation.student())));
    json.add("p", jsonArray(values(q.p)));
    json.add("q", jsonArray(values(q.q)));
    json.add("log_p", jsonArray(values(q.log_p)));
    json.add("log_q", jsonArray(values(q.log_q)));
    json.add("grad_exact", jsonArray(values(q.grad_exact)));
    json.add("grad_taylor", q.grad_taylor ? jsonArray(values(*q.grad_taylor)) : "null");
    json.add("grad_zero_mean", jsonArray(values(q.grad_zero_mean)));
    json.add("grad_centered", jsonArray(values(q.grad_centered)));
    json.add("grad_second_order", jsonArray(values(q.grad_second_order)));
    json.add("cross_entropy", jsonNumber(q.cross_entropy));
    json.add("kl", jsonNumber(q.kl));
    json.add("kl_scaled", jsonNumber(q.kl_scaled));
    json.add("quadratic_loss", jsonNumber(q.quadratic_loss));
    json.add("entropy_p", jsonNumber(q.entropy_p));
    json.add("entropy_q", jsonNumber(q.entropy_q));
    json.add("tolerance", jsonNumber(request.tolerance));
    json.add("match_temperature", jsonNumber(match.value));
    json.add("match_temperature_status", jsonString(statusName(match.status)));
    json.add("match_temperature_predicted", jsonNumber(match.predicted));
    json.add("match_temperature_order", std::to_string(match.predicted_order));
    json.add("relative_error", jsonNumber(q.centered_vs_exact.max_relative_error));
    json.add("relative_error_per_class", jsonArray(q.centered_vs_exact.relative_error));
    json.add("cosine", jsonNumber(q.centered_vs_exact.cosine));
    return json.text();
}

std::string computeCsv(const LogitsPair& pair, const ComputeRequest& request, const Quantities& q,
                       const MatchTemperature& match)
{
    CsvTable csv;
    csv.comment("temperature", jsonNumber(q.temperature));
    csv.comment("cross_entropy", jsonNumber(q.cross_entropy));
    csv.comment("kl", jsonNumber(q.kl));
    csv.comment("kl_scaled", jsonNumber(q.kl_scaled));
    csv.comment("quadratic_loss", jsonNumber(q.quadratic_loss));
    csv.comment("entropy_p", jsonNumber(q.entropy_p));
    csv.comment("entropy_q", jsonNumber(q.entropy_q));
    csv.comment("tolerance", jsonNumber(request.tolerance));
    csv.comment("match_temperature", match.value ? jsonNumber(*match.value) : std::string());
    csv.comment("match_temperature_status", statusName(match.status));
    csv.comment("match_temperature_predicted",
                match.predicted ? jsonNumber(*match.predicted) : std::string());
    csv.comment("match_temperature_order", std::to_string(match.predicted_order));
    csv.comment("relative_error", csvNumber(q.centered_vs_exact.max_relative_error));
    csv.comment("cosine", csvNumber(q.centered_vs_exact.cosine));

    csv.header({"class", "name", "teacher", "student", "p", "q", "log_p", "log_q", "grad_exact",
                "grad_taylor", "grad_zero_mean", "grad_centered", "grad_second_order",
                "relative_error"});
    for (Index i = 0; i < pair.distillation.classes(); ++i) {
        const auto k = static_cast<std::size_t>(i);
        const std::string name = k < pair.class_names.size() ? pair.class_names[k] : std::string();
        const std::optional<double> taylor = q.grad_taylor ? std::optional((*q.grad_taylor)[i])
                                                           : std::nullopt;
        csv.row({std::to_string(i), csvText(name), csvNumber(pair.distillation.teacher()[i]),
                 csvNumber(pair.distillation.student()[i]), csvNumber(q.p[i]), csvNumber(q.q[i]),
                 csvNumber(q.log_p[i]), csvNumber(q.log_q[i]), csvNumber(q.grad_exact[i]),
                 csvNumber(taylor), csvNumber(q.grad_zero_mean[i]), csvNumber(q.grad_centered[i]),
                 csvNumber(q.grad_second_order[i]),
                 csvNumber(q.centered_vs_exact.relative_error[k])});
    }
    return csv.text();
}

CliResult<ComputeRequest> readRequest(const ParsedOptions& options)
{
    const CommandSpec& command = computeCommand();
    ComputeRequest request;

    auto session = readSessionOption(options);
    if (!session)
        return unexpected(session.error());
    request.session = *session;
    if (!request.session) {
        auto teacher = requiredValue(command, options, QStringLiteral("teacher"));
        if (!teacher)
            return unexpected(teacher.error());
        auto student = requiredValue(command, options, QStringLiteral("student"));
        if (!student)
            return unexpected(student.error());
        if (auto temperature_text = requiredValue(command, options, QStringLiteral("temperature"));
            !temperature_text)
            return unexpected(temperature_text.error());
        request.teacher = *teacher;
        request.student = *student;
        request.row = options.value(QStringLiteral("row"));
    }

    if (auto temperature_text = options.value(QStringLiteral("temperature"))) {
        const OptionSpec& temperature_spec = optionSpec(command, QStringLiteral("temperature"));
        auto temperature = readNumber(QStringLiteral("--temperature"), *temperature_text,
                                      temperature_spec.expected);
        if (!temperature)
            return unexpected(temperature.error());
        request.temperature = *temperature;
        request.temperature_label =
            QStringLiteral("--temperature ") + Messages::quote(*temperature_text);
    } else {
        auto state = readSessionFile(*request.session);
        if (!state)
            return unexpected(state.error());
        request.temperature = state->temperature;
        request.temperature_label = Messages::tr("the session's temperature %1")
                                        .arg(numberText(state->temperature));
    }

    if (auto tolerance_text = options.value(QStringLiteral("tolerance"))) {
        const OptionSpec& tolerance_spec = optionSpec(command, QStringLiteral("tolerance"));
        auto tolerance = readNumber(QStringLiteral("--tolerance"), *tolerance_text,
                                    tolerance_spec.expected);
        if (!tolerance)
            return unexpected(tolerance.error());
        request.tolerance = *tolerance;
        request.tolerance_label = QStringLiteral("--tolerance ") + Messages::quote(*tolerance_text);
    }

    const QString format = options.value(QStringLiteral("format")).value_or(QStringLiteral("json"));
    if (format == QLatin1String("csv")) {
        request.format = ComputeFormat::Csv;
    } else if (format != QLatin1String("json")) {
        return usageError(Messages::invalidValue(QStringLiteral("--format"), format,
                                                 optionSpec(command, QStringLiteral("format")).expected));
    }
    return request;
}

} // namespace

CliResult<std::string> compute(const ComputeRequest& request)
{
    auto pair = loadLogitsPair(request.teacher, request.student, request.row, request.session);
    if (!pair)
        return unexpected(pair.error());

    const InputContext context{pair->teacherPlace(), pair->studentPlace(),
                               request.temperature_label, request.tolerance_label};

    // findMatchTemperature asserts a positive finite tolerance, so check it here.
    if (!(request.tolerance > 0.0)) {
        const InputError error{InputProblem::InvalidTolerance, Operand::Tolerance, -1,
                               request.tolerance};
        return usageError(Messages::inputError(error, context));
    }

    auto quantities = pair->distillation.evaluate(request.temperature);
    if (!quantities)
        return usageError(Messages::inputError(quantities.error(), context));
    const MatchTemperature match = findMatchTemperature(pair->distillation, request.tolerance);

    if (auto quantity = firstNonFinite(*quantities, match))
        return internalError(Messages::nonFiniteResult(*quantity, context.temperature));

    return request.format == ComputeFormat::Json ? computeJson(*pair, request, *quantities, match)
                                                 : computeCsv(*pair, request, *quantities, match);
}

const CommandSpec& computeCommand()
{
    static const CommandSpec command = [] {
        CommandSpec spec;
        spec.name = QStringLiteral("compute");
        spec.usage = QStringLiteral("(--teacher SPEC --student SPEC --temperature T [--row K] | "
                                    "--session FILE [--temperature T]) [--tolerance EPS] "
                                    "[--format json|csv]");
        spec.summary = Messages::tr(
            "Computes every quantity of Hinton, Vinyals and Dean (2015), Section 2.1, at one "
            "temperature: the soft targets p = softmax(v/T) and q = softmax(z/T), the exact "
            "gradient (q - p)/T (Eq. 2), its high-temperature forms (Eq. 3 and 4), the losses, "
            "and the match temperature above which the centred Eq. 4 stays within EPS of Eq. 2.");
        spec.options = logitsOptions();
        spec.options.push_back(
            {QStringLiteral("temperature"), QStringLiteral("T"),
             Messages::tr("Softmax temperature T, dimensionless: both logit vectors are divided "
                          "by it. From 1e-6 to 1e16, the range over which every quantity is "
                          "computed to double precision. Required unless --session gives it."),
             Messages::tr("a temperature from 1e-6 to 1e16, such as 2")});
        spec.options.push_back(
            {QStringLiteral("tolerance"), QStringLiteral("EPS"),
             Messages::tr("Relative error in max norm, dimensionless, that defines the match "
                          "temperature: the smallest T above which the centred Eq. 4 stays within "
                          "EPS of Eq. 2. A finite number above 0; default 0.01."),
             Messages::tr("a finite relative error above 0, such as 0.01")});
        spec.options.push_back(
            {QStringLiteral("format"), QStringLiteral("FORMAT"),
             Messages::tr("Output format: json (default) or csv, one row per class after the "
                          "scalar results as '# name: value' comment lines."),
             Messages::tr("json or csv")});
        spec.details = Messages::tr(
            "JSON fields: n, temperature, class_names (when a file has a header), teacher, "
            "student, p, q, log_p, log_q, grad_exact, grad_taylor (null at the pole of Eq. 3), "
            "grad_zero_mean, grad_centered, grad_second_order, cross_entropy, kl, kl_scaled "
            "(T^2 KL), quadratic_loss (Eq. 5), entropy_p, entropy_q, tolerance, "
            "match_temperature (null when undefined), match_temperature_status, "
            "match_temperature_predicted, match_temperature_order, relative_error, "
            "relative_error_per_class and cosine (the centred Eq. 4 against Eq. 2). Numbers read "
            "back to the same double.");
        return spec;
    }();
    return command;
}

CliResult<std::string> runCompute(const QStringList& arguments)
{
    auto options = parseOptions(computeCommand(), arguments);
    if (!options)
        return unexpected(options.error());
    if (options->helpRequested())
        return helpText(computeCommand()).toStdString();

    auto request = readRequest(*options);
    if (!request)
        return unexpected(request.error());
    return compute(*request);
}

} // namespace distillscope::app
