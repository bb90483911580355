#include "ui/window_bench.h"

#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/theme.h"

#include <QApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <random>

namespace distillscope::ui {

namespace {

constexpr int kSteps = 200;
// Fixed, so that two runs time the same logits and temperatures.
constexpr unsigned kSeed = 20150309;

double percentile(std::vector<double> samples, double fraction)
{
    std::sort(samples.begin(), samples.end());
    const size_t index = size_t(std::ceil(fraction * double(samples.size()))) - 1;
    return samples[std::min(index, samples.size() - 1)];
}

template <class Action>
std::vector<double> timeSteps(Action action)
{
    std::vector<double> milliseconds;
    milliseconds.reserve(kSteps);
    QElapsedTimer timer;
    for (int step = 0; step < kSteps; ++step) {
        timer.start();
        action(step);
        // Anything the replots left queued belongs to this step.
        QCoreApplication::processEvents();
        milliseconds.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    return milliseconds;
}

} // namespace

std::optional<WindowBenchResult> benchWindow(const WindowBenchOptions& options)
{
    const int classes = options.classes;
    assert(classes >= 2);
    std::mt19937 generator(kSeed);
    std::normal_distribution<double> normal(0.0, 3.0);
    StartupScenario scenario;
    scenario.teacher.resize(size_t(classes));
    scenario.student.resize(size_t(classes));
    for (double& value : scenario.teacher)
        value = normal(generator);
    for (double& value : scenario.student)
        value = normal(generator);
    scenario.temperature = 4.0;
    scenario.source_label = "benchmark";

    const ThemeMode mode_before = theme().mode();
    setThemeMode({mode_before.dark, options.projector});
    MainWindow window(scenario);
    window.resize(1600, 1000);
    window.show();
    if (!window.showPage(options.page, options.view)) {
        setThemeMode(mode_before);
        return std::nullopt;
    }
    QCoreApplication::processEvents();

    // Temperatures sweep the default slider range back and forth in log T.
    const std::vector<double> update_ms = timeSteps([&](int step) {
        const double phase = double(step % 100) / 99.0;
        const double exponent = step < 100 ? -2.0 + 6.0 * phase : 4.0 - 6.0 * phase;
        window.setTemperature(std::pow(10.0, exponent));
    });
    window.setTemperature(4.0);

    std::uniform_int_distribution<int> pick(0, classes - 1);
    const std::vector<double> edit_ms = timeSteps([&](int) {
        window.logitModel()->setLogit(pick(generator), LogitModel::StudentColumn, normal(generator));
    });

    WindowBenchResult result;
    result.update_ms_median = percentile(update_ms, 0.5);
    result.update_ms_p90 = percentile(update_ms, 0.9);
    result.edit_ms_median = percentile(edit_ms, 0.5);
    result.edit_ms_p90 = percentile(edit_ms, 0.9);
    setThemeMode(mode_before);
    return result;
}

} // namespace distillscope::ui
