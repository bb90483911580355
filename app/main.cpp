// distillscope: the window on Section 2.1 of Hinton, Vinyals and Dean (2015),
// and the compute, sweep and bench subcommands. Run with --help for the usage.

#include "app/bundled_sample.h"
#include "app/commands.h"
#include "app/dispatch.h"
#include "app/messages.h"

#ifdef DISTILLSCOPE_HAS_WINDOW
#include "ui/run_window.h"

#include <QApplication>
#endif

#include <QCoreApplication>

#include <cstring>
#include <memory>

namespace {

using namespace distillscope;
using namespace distillscope::app;

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

// Returns whether the command line is a valid `bench --window`, which needs a
// QApplication. Invalid bench options fail later, under a QCoreApplication, so
// that no platform plugin prints warnings before the one-line error.
bool isWindowBench(int argc, char** argv)
{
    if (argc < 2 || std::strcmp(argv[1], "bench") != 0)
        return false;
    QStringList arguments;
    for (int i = 2; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const auto request = readBenchRequest(arguments);
    return request && request->window && !request->help;
}

#ifdef DISTILLSCOPE_HAS_WINDOW
CliResult<ui::StartupScenario> sampleScenario()
{
    auto defaults = readSampleDefaults();
    if (!defaults)
        return unexpected(defaults.error());
    auto teacher = readSampleLogits(SampleSide::Teacher);
    if (!teacher)
        return unexpected(teacher.error());
    auto student = readSampleLogits(SampleSide::Student);
    if (!student)
        return unexpected(student.error());
    if (defaults->row >= teacher->rows.size() || defaults->row >= student->rows.size())
        return internalError(Messages::tr("the bundled sample's default row %1 is out of range")
                                 .arg(defaults->row));

    ui::StartupScenario scenario;
    scenario.teacher = teacher->rows[defaults->row].values;
    scenario.student = student->rows[defaults->row].values;
    scenario.class_names = teacher->class_names;
    scenario.temperature = defaults->temperature;
    scenario.source_label = Messages::tr("digits sample, test image %1")
                                .arg(defaults->row)
                                .toStdString();
    return scenario;
}

int startWindow(QApplication& application)
{
    auto scenario = sampleScenario();
    if (!scenario)
        return printResult(unexpected(scenario.error()));
    return ui::runWindow(application, *scenario);
}
#endif

} // namespace

int main(int argc, char** argv)
{
    const bool no_arguments = argc == 1;
    const bool window_bench = isWindowBench(argc, argv);
    if (window_bench && !hasDisplay())
        qputenv("QT_QPA_PLATFORM", "offscreen");

#ifdef DISTILLSCOPE_HAS_WINDOW
    const bool start_window = no_arguments && hasDisplay();
    std::unique_ptr<QCoreApplication> application;
    if (start_window || window_bench)
        application = std::make_unique<QApplication>(argc, argv);
    else
        application = std::make_unique<QCoreApplication>(argc, argv);
#else
    const bool start_window = false;
    auto application = std::make_unique<QCoreApplication>(argc, argv);
#endif
    QCoreApplication::setApplicationName(QStringLiteral("distillscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DISTILLSCOPE_VERSION));

#ifdef DISTILLSCOPE_HAS_WINDOW
    if (start_window)
        return startWindow(static_cast<QApplication&>(*application));
#endif
    if (no_arguments) {
        printNote(hasDisplay()
                      ? Messages::tr("this build has no window, so it prints 'compute' for the "
                                     "bundled digits sample instead")
                      : Messages::tr("no display found (DISPLAY, WAYLAND_DISPLAY and "
                                     "QT_QPA_PLATFORM are unset), so instead of the window it "
                                     "prints 'compute' for the bundled digits sample"));
        return printResult(computeSample());
    }
    Q_UNUSED(start_window);
    return dispatch(QCoreApplication::arguments().mid(1));
}
