#pragma once

// Gradients of Section 2.1 across many temperatures, for plots and benchmarks.

#include "distillscope/distillation.h"

#include <optional>
#include <span>
#include <vector>

namespace distillscope {

// Returns `points` temperatures spaced evenly in log T from `from` to `to`,
// both included. Preconditions: 0 < from <= to, points >= 2 (or points == 1
// with from == to).
std::vector<double> logSpacedTemperatures(double from, double to, int points);

// The gradients at one temperature, for one followed class and in max norm.
struct SweepRow {
    double temperature = 0.0;
    double exact_class = 0.0, exact_max = 0.0;     // Eq. 2
    std::optional<double> taylor_class, taylor_max; // Eq. 3, empty at its pole
    double zero_mean_class = 0.0, zero_mean_max = 0.0;
    double centered_class = 0.0, centered_max = 0.0;
    double second_order_class = 0.0, second_order_max = 0.0;
    // Centred Eq. 4 against Eq. 2: max-norm relative error and cosine, empty
    // when Eq. 2 is exactly zero at this temperature.
    std::optional<double> relative_error;
    std::optional<double> cosine;
    // Eq. 4 on the logits as given against Eq. 2, max-norm relative error.
    // It tends to a nonzero limit at high T unless the logit sums are equal,
    // which shows why Eq. 4 needs zero-mean logits.
    std::optional<double> zero_mean_relative_error;
};

// Computes a SweepRow per temperature. Max norms are max_i |g_i|; the
// `_class` fields are signed components of class `followed_class`.
//
// Preconditions: 0 <= followed_class < N, and validateTemperature succeeds for
// every temperature (the caller filters). Accuracy as Distillation::evaluate.
// Cost O(N) per temperature with two or three vectorized exponentials per
// class; docs/benchmarks.md has the figures.
std::vector<SweepRow> sweepGradients(const Distillation& distillation,
                                     std::span<const double> temperatures,
                                     Index followed_class);

// Max-norm relative error of the centred Eq. 4 against Eq. 2 at one
// temperature; empty when Eq. 2 is zero. Same kernel as sweepGradients.
std::optional<double> centeredRelativeError(const Distillation& distillation,
                                            double temperature);

// Returns which build of the vector kernels the loader chose for this
// processor: "x86-64-v3" (AVX2 and FMA) or "baseline" (SSE2), for benchmark
// reports.
const char* vectorKernelVariant();

} // namespace distillscope
