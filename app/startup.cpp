#include "app/startup.h"

#include "app/bundled_sample.h"
#include "app/commands.h"
#include "app/dispatch.h"
#include "app/lesson_option.h"
#include "app/logits_input.h"
#include "app/messages.h"
#include "app/number_text.h"

#ifdef DISTILLSCOPE_HAS_WINDOW
#include "ui/run_window.h"

#include <QApplication>
#endif

#include <QCoreApplication>

namespace distillscope::app {
namespace {

// Without --temperature, a start at the sample uses the sample's temperature,
// and any other start uses this one.
constexpr double kDefaultStartTemperature = 1.0;

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

CliResult<ComputeRequest> readStartRequest(const ParsedOptions& options)
{
    ComputeRequest request;
    auto session = readSessionOption(options);
    if (!session)
        return unexpected(session.error());
    request.session = *session;
    request.teacher = options.value(QStringLiteral("teacher")).value_or(kSampleSpec);
    request.student = options.value(QStringLiteral("student")).value_or(kSampleSpec);
    request.row = options.value(QStringLiteral("row"));

    if (auto text = options.value(QStringLiteral("temperature"))) {
        auto temperature = readNumber(QStringLiteral("--temperature"), *text,
                                      optionSpec(startCommand(), QStringLiteral("temperature")).expected);
        if (!temperature)
            return unexpected(temperature.error());
        request.temperature = *temperature;
        request.temperature_label = QStringLiteral("--temperature ") + Messages::quote(*text);
        return request;
    }

    if (request.session) {
        auto state = readSessionFile(*request.session);
        if (!state)
            return unexpected(state.error());
        request.temperature = state->temperature;
        request.temperature_label = Messages::tr("the session's temperature %1")
                                        .arg(numberText(state->temperature));
        return request;
    }

    request.temperature = kDefaultStartTemperature;
    if (request.teacher == kSampleSpec || request.student == kSampleSpec) {
        auto defaults = readSampleDefaults();
        if (!defaults)
            return unexpected(defaults.error());
        request.temperature = defaults->temperature;
    }
    request.temperature_label =
        Messages::tr("the default temperature %1").arg(numberText(request.temperature));
    return request;
}

#ifdef DISTILLSCOPE_HAS_WINDOW
CliResult<ui::StartupScenario> windowScenario(const ComputeRequest& request)
{
    auto pair = loadLogitsPair(request.teacher, request.student, request.row, request.session);
    if (!pair)
        return unexpected(pair.error());
    // Every quantity the window shows must exist at the start temperature, as
    // compute requires, or the panels would have nothing to draw.
    auto valid = pair->distillation.evaluate(request.temperature);
    if (!valid) {
        const InputContext context{pair->teacherPlace(), pair->studentPlace(),
                                   request.temperature_label, request.tolerance_label};
        return usageError(Messages::inputError(valid.error(), context));
    }

    ui::StartupScenario scenario;
    scenario.teacher = pair->teacherRow().values;
    scenario.student = pair->studentRow().values;
    scenario.class_names = pair->class_names;
    scenario.temperature = request.temperature;
    if (request.session) {
        scenario.session_path = request.session->toStdString();
        scenario.source_label = request.session->toStdString();
        return scenario;
    }
    // Files, and the bundled sample, become a dataset the window can step through.
    const auto tableOf = [](const LogitsInput& input) -> std::shared_ptr<const LogitsTable> {
        if (input.origin.kind == SpecKind::List)
            return nullptr;
        return std::make_shared<const LogitsTable>(input.table);
    };
    scenario.teacher_table = tableOf(pair->teacher);
    scenario.student_table = tableOf(pair->student);
    scenario.teacher_path = pair->teacher.origin.spec.toStdString();
    scenario.student_path = pair->student.origin.spec.toStdString();
    scenario.row = static_cast<int>(pair->teacher_row);
    scenario.label = pair->rowLabel();

    const bool sample = pair->teacher.origin.kind == SpecKind::Sample
        && pair->student.origin.kind == SpecKind::Sample;
    scenario.source_label = sample
        ? Messages::tr("digits sample, test image %1").arg(pair->teacher_row).toStdString()
        : Messages::tr("teacher %1, student %2")
              .arg(Messages::quote(request.teacher), Messages::quote(request.student))
              .toStdString();
    return scenario;
}

ui::StartupScenario lessonScenario(const LessonChoice& choice)
{
    const ui::SessionState& state = choice.lesson().state.session;
    ui::StartupScenario scenario;
    scenario.teacher = state.teacher;
    scenario.student = state.student;
    for (const QString& name : state.class_names)
        scenario.class_names.push_back(name.toStdString());
    scenario.temperature = state.temperature;
    scenario.source_label = state.source.toStdString();
    scenario.lesson = choice.index;
    scenario.lessons_path = choice.path.toStdString();
    return scenario;
}
#endif

QString listSpec(const std::vector<double>& logits)
{
    QStringList numbers;
    for (const double logit : logits)
        numbers.append(numberText(logit));
    return numbers.join(u',');
}

// Opens the window on a lesson, or without a display prints what `compute`
// prints for the lesson's logits and temperature.
int startOnLesson(int& argc, char** argv, const LessonChoice& choice)
{
#ifdef DISTILLSCOPE_HAS_WINDOW
    if (hasDisplay()) {
        QApplication application(argc, argv);
        return ui::runWindow(application, lessonScenario(choice));
    }
#endif
    const QCoreApplication application(argc, argv);
    const ui::SessionState& state = choice.lesson().state.session;
    ComputeRequest request;
    request.teacher = listSpec(state.teacher);
    request.student = listSpec(state.student);
    request.temperature = state.temperature;
    request.temperature_label =
        Messages::tr("the temperature %1 of lesson %2").arg(numberText(state.temperature)).arg(choice.index + 1);
    request.tolerance = state.tolerance;
    const CliResult<std::string> output = compute(request);
    if (!output)
        return printResult(output);
    printNote(hasDisplay() ? Messages::tr("this build has no window, so it prints what 'compute' "
                                          "prints for the lesson's logits and temperature instead")
                           : Messages::tr("no display found (DISPLAY, WAYLAND_DISPLAY and "
                                          "QT_QPA_PLATFORM are unset), so instead of the window "
                                          "it prints what 'compute' prints for the lesson's "
                                          "logits and temperature"));
    return printResult(output);
}

} // namespace

const CommandSpec& startCommand()
{
    static const CommandSpec command = [] {
        CommandSpec spec;
        spec.usage = QStringLiteral("[COMMAND] [options]");
        spec.summary = Messages::tr(
            "Explores Section 2.1 of Hinton, Vinyals and Dean, \"Distilling the Knowledge in a "
            "Neural Network\" (2015): soft targets at temperature T, the exact gradient of the "
            "distillation loss, its high-temperature approximations and where they agree. "
            "Without a command, opens the window on the bundled digits sample or on the given "
            "logits. Where no display is available (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM "
            "unset), it says so and prints what 'compute' prints for the same input instead.");
        spec.options = logitsOptions();
        spec.options[0].description += Messages::tr(" Default: sample.");
        spec.options[1].description += Messages::tr(" Default: sample.");
        spec.options.push_back(
            {QStringLiteral("temperature"), QStringLiteral("T"),
             Messages::tr("Temperature the window opens at, dimensionless. Default: the "
                          "session's temperature with --session, the sample's temperature when "
                          "either SPEC is 'sample', else 1."),
             Messages::tr("a temperature from 1e-6 to 1e16, such as 2")});
        for (OptionSpec& option : lessonOptions())
            spec.options.push_back(std::move(option));
        spec.options.push_back({QStringLiteral("version"), QString(),
                                Messages::tr("Print the version and exit.")});
        spec.details = Messages::tr(
            "Commands:\n"
            "  compute  Every quantity at one temperature, as JSON or CSV.\n"
            "  sweep    Losses and gradients over log-spaced temperatures, as CSV or JSON.\n"
            "  export   A panel or the whole window as PNG, JPEG, SVG, PDF, CSV or an animation.\n"
            "  bench    Timings of the numeric core or the window, as JSON.\n"
            "\n"
            "Run 'distillscope COMMAND --help' for the options of a command. Exit status: 0 on "
            "success, 2 on invalid input, with one line on stderr that starts with "
            "'distillscope:', and 1 on an internal failure.");
        return spec;
    }();
    return command;
}

bool startsWithoutCommand(const QStringList& arguments)
{
    return arguments.isEmpty() || arguments.first().startsWith(u'-');
}

int startWithoutCommand(int& argc, char** argv, const QStringList& arguments)
{
    auto options = parseOptions(startCommand(), arguments);
    if (!options)
        return printResult(unexpected(options.error()));
    if (options->helpRequested())
        return printResult(helpText(startCommand()).toStdString());
    if (options->has(QStringLiteral("version")))
        return printResult(QStringLiteral("distillscope %1\n")
                               .arg(QStringLiteral(DISTILLSCOPE_VERSION))
                               .toStdString());

    const QStringList overridden = {QStringLiteral("teacher"), QStringLiteral("student"),
                                    QStringLiteral("row"), QStringLiteral("session"),
                                    QStringLiteral("temperature")};
    auto lesson = readLessonOptions(*options, overridden);
    if (!lesson)
        return printResult(unexpected(lesson.error()));
    if (*lesson)
        return startOnLesson(argc, argv, **lesson);

    auto request = readStartRequest(*options);
    if (!request)
        return printResult(unexpected(request.error()));

#ifdef DISTILLSCOPE_HAS_WINDOW
    if (hasDisplay()) {
        auto scenario = windowScenario(*request);
        if (!scenario)
            return printResult(unexpected(scenario.error()));
        QApplication application(argc, argv);
        return ui::runWindow(application, *scenario);
    }
#endif

    // QCoreApplication installs the environment's locale, as every other run does.
    const QCoreApplication application(argc, argv);
    const CliResult<std::string> output = compute(*request);
    if (!output)
        return printResult(output); // bad input gets its one line and nothing else
    printNote(hasDisplay() ? Messages::tr("this build has no window, so it prints what 'compute' "
                                          "prints for the same input instead")
                           : Messages::tr("no display found (DISPLAY, WAYLAND_DISPLAY and "
                                          "QT_QPA_PLATFORM are unset), so instead of the window "
                                          "it prints what 'compute' prints for the same input"));
    return printResult(output);
}

} // namespace distillscope::app
