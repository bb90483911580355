#include "app/commands.h"

#include "app/messages.h"
#include "app/output_json.h"
#include "distillscope/distillation.h"
#include "distillscope/surface.h"
#include "distillscope/sweep.h"

#ifdef DISTILLSCOPE_HAS_WINDOW
#include "ui/window_bench.h"
#endif

#include <QThread>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace distillscope::app {
namespace {

// The workload that docs/benchmarks.md reports.
constexpr int kClasses = 1000;
constexpr int kSweepTemperatures = 400;
constexpr double kSweepFrom = 1e-2;
constexpr double kSweepTo = 1e4;
constexpr int kSurfacePoints = 256;
constexpr double kSurfaceTemperature = 4.0;
constexpr double kSurfaceHalfWidth = 5.0; // logit units around the origin of the slice
constexpr std::uint64_t kSeed = 2015;
constexpr long long kMaxRuns = 10000;
constexpr long long kMaxWindowClasses = 100000;

struct Timing {
    double median_ms = 0.0;
    double min_ms = 0.0;
};

// Runs `work` once to warm caches, then `runs` times, and returns the median
// and the fastest wall-clock time in milliseconds.
template <class Work>
Timing timeRuns(int runs, Work&& work)
{
    work();
    std::vector<double> milliseconds;
    milliseconds.reserve(static_cast<std::size_t>(runs));
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        work();
        const auto stop = std::chrono::steady_clock::now();
        milliseconds.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    }

    std::sort(milliseconds.begin(), milliseconds.end());
    const std::size_t middle = milliseconds.size() / 2;
    const double median = milliseconds.size() % 2 == 1
        ? milliseconds[middle]
        : (milliseconds[middle - 1] + milliseconds[middle]) / 2.0;
    return {median, milliseconds.front()};
}

std::vector<double> normalLogits(std::mt19937_64& generator, int count)
{
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> logits(static_cast<std::size_t>(count));
    for (double& logit : logits)
        logit = normal(generator);
    return logits;
}

// Returns the "model name" of the first processor in /proc/cpuinfo, or null
// where that file does not exist.
std::string cpuModelJson()
{
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (!line.starts_with("model name"))
            continue;
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos)
            break;
        const std::size_t start = line.find_first_not_of(' ', colon + 1);
        return jsonString(start == std::string::npos ? std::string() : line.substr(start));
    }
    return "null";
}

CliResult<std::string> benchCore(int runs)
{
    std::mt19937_64 generator(kSeed);
    const std::vector<double> teacher = normalLogits(generator, kClasses);
    const std::vector<double> student = normalLogits(generator, kClasses);
    auto distillation = Distillation::create(teacher, student);
    if (!distillation)
        return internalError(Messages::tr("the benchmark logits were rejected by the core"));

    const std::vector<double> temperatures =
        logSpacedTemperatures(kSweepFrom, kSweepTo, kSweepTemperatures);
    const SliceAxes axes{SliceKind::ClassPair, 0, 1};
    const GridSpec grid{-kSurfaceHalfWidth, kSurfaceHalfWidth, kSurfacePoints,
                        -kSurfaceHalfWidth, kSurfaceHalfWidth, kSurfacePoints};

    // Results feed a volatile sink so that the optimizer cannot drop the work.
    volatile double sink = 0.0;
    const Timing sweep = timeRuns(runs, [&] {
        const std::vector<SweepRow> rows = sweepGradients(*distillation, temperatures, 0);
        sink = sink + rows.back().exact_max;
    });
    bool surface_failed = false;
    const Timing surface = timeRuns(runs, [&] {
        const auto result = computeSurface(*distillation, kSurfaceTemperature, axes, grid);
        if (result)
            sink = sink + result->scaled_kl(0, 0);
        else
            surface_failed = true;
    });
    if (surface_failed)
        return internalError(Messages::tr("computeSurface failed on the benchmark logits"));

    JsonObject json;
    json.add("sweep_ms_median", jsonNumber(sweep.median_ms));
    json.add("sweep_ms_min", jsonNumber(sweep.min_ms));
    json.add("surface_ms_median", jsonNumber(surface.median_ms));
    json.add("surface_ms_min", jsonNumber(surface.min_ms));
    json.add("runs", std::to_string(runs));
    json.add("threads", "1");
    json.add("classes", std::to_string(kClasses));
    json.add("sweep_temperatures", std::to_string(kSweepTemperatures));
    json.add("sweep_from", jsonNumber(kSweepFrom));
    json.add("sweep_to", jsonNumber(kSweepTo));
    json.add("surface_points", std::to_string(kSurfacePoints));
    json.add("surface_temperature", jsonNumber(kSurfaceTemperature));
    json.add("seed", std::to_string(kSeed));
    json.add("cpu_model", cpuModelJson());
    json.add("logical_cpus", std::to_string(QThread::idealThreadCount()));
    json.add("vector_kernels", jsonString(vectorKernelVariant()));
    return json.text();
}

CliResult<std::string> benchWindow(const BenchRequest& request)
{
#ifdef DISTILLSCOPE_HAS_WINDOW
    ui::WindowBenchOptions options;
    options.classes = request.classes;
    options.page = request.page;
    options.view = request.view;
    options.projector = request.projector;
    const auto timed = ui::benchWindow(options);
    if (!timed)
        return usageError(Messages::tr("the window has no page %1; expected %2")
                              .arg(Messages::quote(request.view.isEmpty()
                                                       ? request.page
                                                       : request.page + u'/' + request.view),
                                   optionSpec(benchCommand(), QStringLiteral("page")).expected));
    const ui::WindowBenchResult& result = *timed;
    JsonObject json;
    json.add("update_ms_median", jsonNumber(result.update_ms_median));
    json.add("update_ms_p90", jsonNumber(result.update_ms_p90));
    json.add("edit_ms_median", jsonNumber(result.edit_ms_median));
    json.add("edit_ms_p90", jsonNumber(result.edit_ms_p90));
    json.add("classes", std::to_string(request.classes));
    json.add("page", jsonString(request.page.toStdString()));
    if (!request.view.isEmpty())
        json.add("view", jsonString(request.view.toStdString()));
    json.add("projector", request.projector ? "true" : "false");
    json.add("cpu_model", cpuModelJson());
    return json.text();
#else
    Q_UNUSED(request);
    return usageError(Messages::tr("--window needs a build with the window; configure with "
                                   "-DDISTILLSCOPE_BUILD_GUI=ON"));
#endif
}

} // namespace

const CommandSpec& benchCommand()
{
    static const CommandSpec command = [] {
        CommandSpec spec;
        spec.name = QStringLiteral("bench");
        spec.usage = QStringLiteral("--core [--runs K] | --window [--classes N] [--page NAME "
                                    "[--view VIEW]] [--projector]");
        spec.summary = Messages::tr("Times the numeric core or the window on one thread and "
                                    "prints the figures as JSON.");
        spec.options = {
            {QStringLiteral("core"), QString(),
             Messages::tr("Time the numeric core at N = 1000 random normal logits: "
                          "sweepGradients over 400 temperatures spaced evenly in log T from 1e-2 "
                          "to 1e4 (sweep_ms_median), and computeSurface on a 256 x 256 grid at "
                          "T = 4 (surface_ms_median). Times are in milliseconds.")},
            {QStringLiteral("runs"), QStringLiteral("K"),
             Messages::tr("Timed repetitions of each --core workload after one warm-up run, 1 "
                          "to 10000; default 50. The median and the minimum are printed."),
             Messages::tr("a whole number of runs from 1 to 10000, such as 50")},
            {QStringLiteral("window"), QString(),
             Messages::tr("Time the main window offscreen: 200 temperature changes and 200 logit "
                          "edits, each until every panel has replotted, in milliseconds.")},
            {QStringLiteral("classes"), QStringLiteral("N"),
             Messages::tr("Number of random classes for --window, 2 to 100000; default 1000. "
                          "Implies --window."),
             Messages::tr("a whole number of classes from 2 to 100000, such as 1000")},
            {QStringLiteral("page"), QStringLiteral("NAME"),
             Messages::tr("The page on screen while --window is timed: plots (the four panels), "
                          "derivation or beyond. Default: plots. Implies --window."),
             Messages::tr("plots, derivation or beyond")},
            {QStringLiteral("view"), QStringLiteral("VIEW"),
             Messages::tr("The view of --page beyond: hard-targets, low-temperature, two-classes, "
                          "standardization or limits. Default: hard-targets."),
             Messages::tr("hard-targets, low-temperature, two-classes, standardization or limits")},
            {QStringLiteral("projector"), QString(),
             Messages::tr("Time the window in projector mode, with its thicker lines and larger "
                          "text. Implies --window.")},
        };
        return spec;
    }();
    return command;
}

CliResult<BenchRequest> readBenchRequest(const QStringList& arguments)
{
    const CommandSpec& command = benchCommand();
    auto options = parseOptions(command, arguments);
    if (!options)
        return unexpected(options.error());

    BenchRequest request;
    if (options->helpRequested()) {
        request.help = true;
        return request;
    }

    const bool core = options->has(QStringLiteral("core"));
    // These options only make sense for the window, so they imply --window.
    QString window_option;
    for (const char* name : {"window", "classes", "page", "view", "projector"}) {
        if (window_option.isEmpty() && options->has(QLatin1String(name)))
            window_option = QStringLiteral("--") + QLatin1String(name);
    }
    request.window = !window_option.isEmpty();
    if (core && request.window)
        return usageError(Messages::conflictingOptions(QStringLiteral("--core"), window_option));
    if (!core && !request.window)
        return usageError(Messages::missingOption(command.name, QStringLiteral("--core or --window"),
                                                  Messages::tr("--core to time the numeric core")));

    if (auto runs_text = options->value(QStringLiteral("runs"))) {
        auto runs = readInteger(QStringLiteral("--runs"), *runs_text, 1, kMaxRuns,
                                optionSpec(command, QStringLiteral("runs")).expected);
        if (!runs)
            return unexpected(runs.error());
        request.runs = static_cast<int>(*runs);
    }
    if (auto classes_text = options->value(QStringLiteral("classes"))) {
        auto classes = readInteger(QStringLiteral("--classes"), *classes_text, 2, kMaxWindowClasses,
                                   optionSpec(command, QStringLiteral("classes")).expected);
        if (!classes)
            return unexpected(classes.error());
        request.classes = static_cast<int>(*classes);
    }
    if (auto page = options->value(QStringLiteral("page"))) {
        const QStringList pages{QStringLiteral("plots"), QStringLiteral("derivation"),
                                QStringLiteral("beyond")};
        if (!pages.contains(*page))
            return usageError(Messages::invalidValue(QStringLiteral("--page"), *page,
                                                     optionSpec(command, QStringLiteral("page")).expected));
        request.page = *page;
    }
    if (auto view = options->value(QStringLiteral("view"))) {
        if (request.page != QLatin1String("beyond"))
            return usageError(Messages::tr("--view without --page beyond; expected --page beyond, the only page with views"));
        const QStringList views{QStringLiteral("hard-targets"), QStringLiteral("low-temperature"),
                                QStringLiteral("two-classes"), QStringLiteral("standardization"),
                                QStringLiteral("limits")};
        if (!views.contains(*view))
            return usageError(Messages::invalidValue(QStringLiteral("--view"), *view,
                                                     optionSpec(command, QStringLiteral("view")).expected));
        request.view = *view;
    }
    request.projector = options->has(QStringLiteral("projector"));
    return request;
}

CliResult<std::string> runBench(const BenchRequest& request)
{
    if (request.help)
        return helpText(benchCommand()).toStdString();
    return request.window ? benchWindow(request) : benchCore(request.runs);
}

} // namespace distillscope::app
