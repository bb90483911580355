#pragma once

// Vectorized exponentials for the per-temperature loops.
//
// The sweep evaluates two or three exponentials per class and temperature,
// 400 temperatures by 1000 classes in the benchmark, so these loops dominate
// its cost. Debian builds for plain x86-64 (SSE2); each function is compiled
// twice, for x86-64-v3 (AVX2) and for the baseline, and the dynamic loader
// picks the variant the processor supports (GCC's target_clones). FMA is off
// in both, so the two variants return identical bits.
//
// Accuracy: within 2 units in the last place of the correctly rounded result
// for normal results; subnormal results are rounded twice. Inputs above
// 709.78 give +inf and below -745.2 give 0; NaN stays NaN.

#include <span>

namespace distillscope::detail {

// out[i] = exp(x[i]). `out` may alias `x`.
void vectorExp(std::span<const double> x, std::span<double> out);

// out[i] = exp(x[i]) - 1, with full relative accuracy near 0. `out` may alias `x`.
void vectorExpm1(std::span<const double> x, std::span<double> out);

// Returns the name of the variant the loader chose ("x86-64-v3" or "baseline"),
// for benchmark reports.
const char* kernelVariant();

} // namespace distillscope::detail
