#pragma once

// Vectorized exponentials for the per-temperature loops.
//
// The sweep evaluates two or three exponentials per class and temperature,
// 400 temperatures by 1000 classes in the benchmark, so these loops dominate
// its cost. Debian builds for plain x86-64 (SSE2). So each function is
// compiled twice with GCC's target_clones, for x86-64-v3 (AVX2 and FMA) and
// for the baseline, and the dynamic loader picks the variant the processor
// supports. The x86-64-v3 variant fuses multiply-adds, so the two variants
// can differ in the last bit.
//
// Accuracy: within 2 units in the last place of the correctly rounded result
// for normal results; subnormal results are rounded twice. Inputs above
// 709.78 give +inf and below -745.2 give 0; NaN stays NaN.

#include <Eigen/Core>

#include <cstddef>
#include <span>

namespace distillscope::detail {

// out[i] = exp(x[i]). `out` may alias `x`.
void vectorExp(std::span<const double> x, std::span<double> out);

// out[i] = exp(x[i]) - 1, with full relative accuracy near 0. `out` may alias `x`.
void vectorExpm1(std::span<const double> x, std::span<double> out);

using Index = Eigen::Index;

// Writes scaled[i] = shifted[i] * inverse and exponential[i] = e^scaled[i];
// returns the sum of the exponentials without the one at `skip`.
double scaledExp(std::span<const double> shifted, double inverse, Index skip, std::span<double> scaled,
                 std::span<double> exponential);

struct DifferencePass {
    double near_gap = 0.0; // sum of teacher_exp * (e^d - 1) over |d| <= 1
    bool all_near = true;  // every |d| <= 1
};

// Writes d = shifted_difference * inverse and e^d - 1 where |d| <= 1 (0 elsewhere).
DifferencePass differencePass(std::span<const double> shifted_difference, std::span<const double> teacher_exp,
                              double inverse, std::span<double> scaled, std::span<double> expm1_out);

// Returns the sum of student_exp - teacher_exp over the classes with |d| > 1.
double farPartitionGap(std::span<const double> scaled_difference, std::span<const double> teacher_exp,
                       std::span<const double> student_exp);

struct TargetDifferenceInput {
    const double* scaled_difference = nullptr;
    const double* teacher_exp = nullptr;
    const double* difference_expm1 = nullptr;
    const double* student_exp = nullptr; // null when every class is near
    double teacher_inverse = 1.0;        // 1 / S_v
    double student_inverse = 1.0;        // 1 / S_z
    double rho = 0.0;
    double growth_inverse = 1.0;         // 1 / (1 + rho)
};

// Writes q - p: p (e^d - 1 - rho) / (1 + rho) where |d| <= 1, e^b / S_z - p elsewhere.
void targetDifference(const TargetDifferenceInput& input, std::span<double> out);

struct GradientStatisticsInput {
    const double* target_difference = nullptr;      // q - p
    const double* centred_difference = nullptr;     // wc, times 2^-k
    const double* second_order_numerator = nullptr; // times 2^-2k
    double inverse_temperature = 1.0;
    double first_order_scale = 1.0;  // 2^k / (N T^2)
    double second_order_scale = 1.0; // 2^2k / (2 N T^3)
    const double* raw_difference = nullptr; // z - v, or null to skip the raw Eq. 4
    double raw_scale = 1.0;                 // 1 / (N T^2)
};

struct GradientStatistics {
    double exact_max = 0.0;        // max |Eq. 2|
    double error_max = 0.0;        // max |centred Eq. 4 - Eq. 2|
    double second_order_max = 0.0; // max |second-order form|
    double dot = 0.0;              // sum (q - p) wc
    double exact_squares = 0.0;    // sum (q - p)^2
    double centred_squares = 0.0;  // sum wc^2
    double raw_error_max = 0.0;    // max |raw Eq. 4 - Eq. 2|, when raw_difference is set
};

GradientStatistics gradientStatistics(const GradientStatisticsInput& input, std::size_t count);

struct TaylorInput {
    const double* centred_difference = nullptr; // wc 2^-k
    const double* centred_teacher = nullptr;    // vc 2^-k
    const double* scaled_student = nullptr;     // z 2^-k
    const double* scaled_teacher = nullptr;     // v 2^-k
    double coupling = 0.0;                      // (sum z - sum v) / A_v
    double scaled_temperature = 0.0;            // T 2^-k
    double student_inverse = 0.0;               // 1 / A_z
    double student_inverse_magnitude = 0.0;     // 1 / |A_z|
    double teacher_inverse = 0.0;               // 1 / A_v
    double inverse_temperature = 0.0;
};

// Writes Eq. 3 per class, each in the better-conditioned of its two forms
// (see Distillation::taylorGradient), and returns its max norm.
double taylorGradientKernel(const TaylorInput& input, std::span<double> out);

struct CentredExpansionInput {
    const double* centred_teacher = nullptr;    // vc 2^-k
    const double* centred_difference = nullptr; // wc 2^-k
    double scale = 1.0;                         // 2^k / T
};

struct CentredSeriesInput {
    const double* centred_teacher = nullptr;        // vc 2^-k
    const double* centred_difference = nullptr;     // wc 2^-k
    const double* centred_sum = nullptr;            // (zc + vc) 2^-k
    const double* second_order_numerator = nullptr; // times 2^-2k
    double squares_gap_mean = 0.0;                  // mean(zc^2 - vc^2), times 2^-2k
    double scale = 1.0;                             // 2^k / T
};

// Upper bound on |zc| / T and |vc| / T for centredSeries.
inline constexpr double kSeriesLimit = 1.0 / 32.0;

struct CentredExpansion {
    double difference_max = 0.0; // max |q - p|
    double remainder_max = 0.0;  // max |q - p - wc / (N T)|
};

// Upper bound on |vc| / T and |wc| / T for centredExpansion.
inline constexpr double kExpansionLimit = 0.34657359027997264; // ln 2 / 2

// Computes q - p and its remainder after the first-order term wc / (N T),
// for |vc| / T and |wc| / T at most kExpansionLimit.
//
// With y = vc / T, x = zc / T = y + delta and phi(s) = e^s - 1 - s, the centred
// logits sum to zero, so sum e^x = N + Phi(x) and
//     q_i - (1 + x_i) / N = [N phi(x_i) - (1 + x_i) Phi(x)] / (N (N + Phi(x))),
// and likewise for p. The kernel forms phi(x_i) - phi(y_i) as
// (e^y - 1)(e^delta - 1) + phi(delta), never as a difference, so the
// remainder keeps its relative accuracy when z is close to v; at T = 1e16 it
// is 1e-16 of q - p, which subtracting Eq. 4 from Eq. 2 would lose entirely.
CentredExpansion centredExpansion(const CentredExpansionInput& input, std::span<double> difference,
                                  std::span<double> remainder);

// Computes what centredExpansion computes, for |zc| / T and |vc| / T at most
// kSeriesLimit, with the second-order part of the remainder taken from the
// exact second-order numerator. The remainder then keeps its relative
// accuracy when that part vanishes, as it does for every pair of two-class
// logit vectors, where centredExpansion would return rounding noise of the
// size of the missing second-order term.
//
// With phi3(s) = e^s - 1 - s - s^2/2, the third-order parts are
// phi3(x) - phi3(y) = delta sum_{k>=3} h_{k-1}(x, y) / k!, where h_m is the
// complete homogeneous polynomial of degree m. For odd m, h_m carries the
// factor x + y = (zc + vc) / T, which is formed from accurate centred values.
CentredExpansion centredSeries(const CentredSeriesInput& input, std::span<double> difference,
                               std::span<double> remainder);

// Returns the name of the variant the loader chose ("x86-64-v3" or "baseline"),
// for benchmark reports.
const char* kernelVariant();

} // namespace distillscope::detail
