#pragma once

// The per-temperature loop behind sweepGradients, centeredRelativeError and
// the match-temperature search, which keeps its scratch arrays between calls.

#include "distillscope/sweep.h"

#include "kernels.h"
#include "soft_targets.h"

#include <algorithm>
#include <cmath>

namespace distillscope::detail {

// Per-temperature work shared by the sweep and the relative-error probe.
class SweepEvaluator {
public:
    explicit SweepEvaluator(const Distillation& distillation)
        : m_distillation(distillation)
        , m_taylor(static_cast<std::size_t>(distillation.classes()))
    {
        const Index n = distillation.classes();
        const Vector& centred = distillation.centeredDifference();
        m_centered_abs_max = centred.cwiseAbs().maxCoeff();
        m_zero_mean.resize(static_cast<std::size_t>(n));
        m_raw_difference_max = (distillation.student() - distillation.teacher()).cwiseAbs().maxCoeff();
        m_raw_difference_max_finite = std::isfinite(m_raw_difference_max);
    }

    // Fills `row` at `temperature` for class `followed`; with `followed` < 0
    // computes only the relative error and cosine.
    void evaluate(double temperature, Index followed, SweepRow& row)
    {
        const Distillation& d = m_distillation;
        const Index n = d.classes();
        const auto n_double = static_cast<double>(n);
        // At high T both Eq. 2 and its difference from the centred Eq. 4
        // come from the series in the centred logits, which keeps the
        // difference accurate where subtracting the two would not.
        const bool expansion = d.expansionApplies(temperature);
        CentredExpansion series;
        if (expansion) {
            m_work.target_difference.resize(static_cast<std::size_t>(n));
            m_remainder.resize(static_cast<std::size_t>(n));
            series = computeCentredExpansion(d, temperature, m_work.target_difference, m_remainder);
        } else {
            computeTargetDifference(d, temperature, m_work, false);
        }
        const std::vector<double>& difference = m_work.target_difference;

        row.temperature = temperature;
        const double first_scale = n_double * temperature * temperature;
        const double second_scale = 2.0 * first_scale * temperature;
        const double factor = d.scaleFactor();
        const Vector& centred = d.centeredDifference();
        const Vector& numerator = d.secondOrderNumerator();

        // Eq. 2 against the centred Eq. 4, c_i = wc_i 2^k / (N T^2).
        GradientStatisticsInput input;
        input.target_difference = difference.data();
        input.centred_difference = centred.data();
        input.second_order_numerator = numerator.data();
        input.inverse_temperature = 1.0 / temperature;
        input.first_order_scale = factor / first_scale;
        input.second_order_scale = factor * factor / second_scale;
        if (followed >= 0 && m_raw_difference_max_finite && d.sumDifference() != 0.0) {
            input.raw_difference = d.rawDifference().data();
            input.raw_scale = 1.0 / first_scale;
        }
        const GradientStatistics statistics = gradientStatistics(input, static_cast<std::size_t>(n));
        const double exact_max = statistics.exact_max;

        row.relative_error.reset();
        row.cosine.reset();
        if (exact_max > 0.0) {
            row.relative_error = expansion ? series.remainder_max / series.difference_max
                                           : statistics.error_max / exact_max;
            if (m_centered_abs_max > 0.0)
                row.cosine = cosine(statistics, difference, centred, exact_max * temperature);
        }
        if (followed < 0)
            return;

        // The raw Eq. 4 differs from the centred one by the constant
        // (mean z - mean v) / (N T^2); when that is zero the two errors agree.
        row.zero_mean_relative_error.reset();
        if (exact_max > 0.0) {
            if (d.sumDifference() == 0.0) {
                row.zero_mean_relative_error = row.relative_error;
            } else if (input.raw_difference != nullptr) {
                row.zero_mean_relative_error = statistics.raw_error_max / exact_max;
            } else {
                d.zeroMeanGradient(temperature, m_zero_mean);
                double error_max = 0.0;
                for (std::size_t i = 0; i < m_zero_mean.size(); ++i)
                    error_max = std::max(error_max, std::abs(m_zero_mean[i] - difference[i] / temperature));
                row.zero_mean_relative_error = error_max / exact_max;
            }
        }

        row.exact_max = exact_max;
        row.exact_class = difference[static_cast<std::size_t>(followed)] / temperature;

        if (m_raw_difference_max_finite) {
            row.zero_mean_max = m_raw_difference_max / first_scale;
            row.zero_mean_class = (d.student()[followed] - d.teacher()[followed]) / first_scale;
        } else {
            d.zeroMeanGradient(temperature, m_zero_mean);
            row.zero_mean_max = 0.0;
            for (const double value : m_zero_mean)
                row.zero_mean_max = std::max(row.zero_mean_max, std::abs(value));
            row.zero_mean_class = m_zero_mean[static_cast<std::size_t>(followed)];
        }

        row.centered_max = m_centered_abs_max / first_scale * factor;
        row.centered_class = centred[followed] / first_scale * factor;
        row.second_order_max = statistics.second_order_max;
        row.second_order_class =
            row.centered_class + numerator[followed] / second_scale * factor * factor;

        row.taylor_class.reset();
        row.taylor_max.reset();
        if (d.taylorGradient(temperature, m_taylor)) {
            double taylor_max = 0.0;
            for (const double value : m_taylor)
                taylor_max = std::max(taylor_max, std::abs(value));
            row.taylor_max = taylor_max;
            row.taylor_class = m_taylor[static_cast<std::size_t>(followed)];
        }
    }

private:
    // Cosine of q - p and wc. The plain sums serve unless a square
    // overflowed or underflowed; then both vectors are divided by their
    // largest entries first and the sums formed again.
    double cosine(const GradientStatistics& statistics, const std::vector<double>& difference,
                  const Vector& centred, double difference_max) const
    {
        constexpr double kSafeLow = 1e-250;
        constexpr double kSafeHigh = 1e250;
        const bool safe = statistics.exact_squares > kSafeLow && statistics.exact_squares < kSafeHigh
            && statistics.centred_squares > kSafeLow && statistics.centred_squares < kSafeHigh;
        if (safe) {
            const double value = statistics.dot
                / (std::sqrt(statistics.exact_squares) * std::sqrt(statistics.centred_squares));
            return std::clamp(value, -1.0, 1.0);
        }

        const double difference_inverse = 1.0 / difference_max;
        const double centred_inverse = 1.0 / m_centered_abs_max;
        double dot = 0.0, difference_norm = 0.0, centred_norm = 0.0;
        for (std::size_t i = 0; i < difference.size(); ++i) {
            const double e = difference[i] * difference_inverse;
            const double c = centred[static_cast<Index>(i)] * centred_inverse;
            dot += e * c;
            difference_norm += e * e;
            centred_norm += c * c;
        }
        return std::clamp(dot / (std::sqrt(difference_norm) * std::sqrt(centred_norm)), -1.0, 1.0);
    }

    const Distillation& m_distillation;
    SoftTargetWorkspace m_work;
    std::vector<double> m_taylor;
    std::vector<double> m_zero_mean;
    std::vector<double> m_remainder;
    double m_centered_abs_max = 0.0;
    double m_raw_difference_max = 0.0; // max |z - v|
    bool m_raw_difference_max_finite = true;
};

} // namespace distillscope::detail
