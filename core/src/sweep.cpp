#include "distillscope/sweep.h"

#include "sweep_evaluator.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace distillscope {

std::vector<double> logSpacedTemperatures(double from, double to, int points)
{
    assert(from > 0.0);
    assert(from <= to);
    assert(points >= 2 || (points == 1 && from == to));
    if (points == 1)
        return {from};

    std::vector<double> temperatures(static_cast<std::size_t>(points));
    const double log_from = std::log(from);
    const double log_to = std::log(to);
    for (int k = 0; k < points; ++k) {
        const double fraction = static_cast<double>(k) / (points - 1);
        temperatures[static_cast<std::size_t>(k)] = std::exp(log_from + fraction * (log_to - log_from));
    }
    // The ends are exact, so that a sweep over the slider range includes
    // the range's own limits.
    temperatures.front() = from;
    temperatures.back() = to;
    return temperatures;
}

std::vector<SweepRow> sweepGradients(const Distillation& distillation, std::span<const double> temperatures,
                                     Index followed_class)
{
    assert(followed_class >= 0);
    assert(followed_class < distillation.classes());
    detail::SweepEvaluator evaluator(distillation);
    std::vector<SweepRow> rows(temperatures.size());
    for (std::size_t k = 0; k < temperatures.size(); ++k)
        evaluator.evaluate(temperatures[k], followed_class, rows[k]);
    return rows;
}

const char* vectorKernelVariant()
{
    return detail::kernelVariant();
}

std::optional<double> centeredRelativeError(const Distillation& distillation, double temperature)
{
    detail::SweepEvaluator evaluator(distillation);
    SweepRow row;
    evaluator.evaluate(temperature, -1, row);
    return row.relative_error;
}

} // namespace distillscope
