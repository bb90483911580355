#include "kernels.h"

#include <cassert>
#include <cstdint>
#include <cstring>
#include <algorithm>

namespace distillscope::detail {
namespace {

using Doubles = double __attribute__((vector_size(32)));
using Integers = std::int64_t __attribute__((vector_size(32)));
constexpr int kLanes = 4;

// ln 2 split so that k * kLn2High is exact for |k| < 2^11 (Cody and Waite).
constexpr double kLn2High = 0x1.62e42fefa3800p-1;
constexpr double kLn2Low = 0x1.ef35793c76730p-45;
constexpr double kLog2E = 0x1.71547652b82fep0;
// Adding 1.5 * 2^52 rounds to an integer and leaves it in the low mantissa bits.
constexpr double kRoundingShifter = 0x1.8p52;
constexpr std::int64_t kRoundingShifterBits = 0x4338000000000000;
constexpr double kOverflowThreshold = 0x1.62e42fefa39efp9; // log(DBL_MAX)
constexpr double kUnderflowThreshold = -745.2;

// Reduced argument r with x = k ln 2 + r, |r| <= ln 2 / 2, and the split
// powers of two 2^k1 * 2^k2 = 2^k. Splitting keeps both factors normal for
// every k the clamped input can produce, including subnormal results and
// 2^1024 just below overflow.
struct Reduction {
    Doubles r;
    Doubles scale_first;
    Doubles scale_second;
};

__attribute__((always_inline)) inline Reduction reduce(Doubles x)
{
    const Doubles clamped = x < -746.0 ? Doubles{} - 746.0 : (x > 710.0 ? Doubles{} + 710.0 : x);
    const Doubles shifted = clamped * kLog2E + kRoundingShifter;
    const Doubles k = shifted - kRoundingShifter;
    const Integers k_int = (Integers)shifted - kRoundingShifterBits;
    const Doubles r = (clamped - k * kLn2High) - k * kLn2Low;

    const Integers k_first = k_int >> 1;
    const Integers k_second = k_int - k_first;
    const Doubles scale_first = (Doubles)((k_first + 1023) << 52);
    const Doubles scale_second = (Doubles)((k_second + 1023) << 52);
    return {r, scale_first, scale_second};
}

// e^r - 1 - r for |r| <= ln 2 / 2, as r^2 P(r) with the Taylor
// coefficients to degree 13; the truncation error is below 5e-18 relative.
// P is evaluated by Estrin's scheme: its chains of dependent operations are
// four deep instead of eleven, so the processor overlaps more of them.
__attribute__((always_inline)) inline Doubles phiTail(Doubles r)
{
    const Doubles r2 = r * r;
    const Doubles r4 = r2 * r2;
    const Doubles r8 = r4 * r4;
    const Doubles pair0 = r * (1.0 / 6.0) + 0.5;
    const Doubles pair1 = r * (1.0 / 120.0) + 1.0 / 24.0;
    const Doubles pair2 = r * (1.0 / 5040.0) + 1.0 / 720.0;
    const Doubles pair3 = r * (1.0 / 362880.0) + 1.0 / 40320.0;
    const Doubles pair4 = r * (1.0 / 39916800.0) + 1.0 / 3628800.0;
    const Doubles pair5 = r * (1.0 / 6227020800.0) + 1.0 / 479001600.0;
    const Doubles quad0 = pair1 * r2 + pair0;
    const Doubles quad1 = pair3 * r2 + pair2;
    const Doubles quad2 = pair5 * r2 + pair4;
    const Doubles tail = (quad2 * r8 + quad1 * r4) + quad0;
    return r2 * tail;
}

__attribute__((always_inline)) inline Doubles expm1Reduced(Doubles r)
{
    return r + phiTail(r);
}

__attribute__((always_inline)) inline Doubles expLanes(Doubles x)
{
    const Reduction reduced = reduce(x);
    const Doubles mantissa = expm1Reduced(reduced.r) + 1.0;
    Doubles result = (mantissa * reduced.scale_first) * reduced.scale_second;
    result = x > kOverflowThreshold ? Doubles{} + __builtin_inf() : result;
    result = x < kUnderflowThreshold ? Doubles{} : result;
    return x != x ? x : result;
}

__attribute__((always_inline)) inline Doubles expm1Lanes(Doubles x)
{
    const Reduction reduced = reduce(x);
    const Doubles power = reduced.scale_first * reduced.scale_second;
    // 2^k expm1(r) + (2^k - 1): for k = 0 this is expm1(r) itself, so values
    // near zero keep their relative accuracy; 2^k - 1 is exact for |k| <= 53.
    Doubles result = power * expm1Reduced(reduced.r) + (power - 1.0);
    result = x > kOverflowThreshold ? Doubles{} + __builtin_inf() : result;
    result = x < -40.0 ? Doubles{} - 1.0 : result;
    return x != x ? x : result;
}

__attribute__((always_inline)) inline Doubles load(const double* x)
{
    Doubles lanes;
    std::memcpy(&lanes, x, sizeof lanes);
    return lanes;
}

// Loads `count` < 4 values and fills the other lanes with `fill`.
__attribute__((always_inline)) inline Doubles loadTail(const double* x, std::size_t count, double fill)
{
    Doubles lanes = Doubles{} + fill;
    std::memcpy(&lanes, x, count * sizeof(double));
    return lanes;
}

__attribute__((always_inline)) inline void store(double* out, Doubles lanes, std::size_t count = kLanes)
{
    std::memcpy(out, &lanes, count * sizeof(double));
}

__attribute__((always_inline)) inline Doubles absolute(Doubles x)
{
    return (Doubles)((Integers)x & 0x7fffffffffffffff);
}

__attribute__((always_inline)) inline Doubles maximum(Doubles a, Doubles b)
{
    return a > b ? a : b;
}

__attribute__((always_inline)) inline double laneSum(Doubles x)
{
    return (x[0] + x[1]) + (x[2] + x[3]);
}

__attribute__((always_inline)) inline double laneMax(Doubles x)
{
    return std::max(std::max(x[0], x[1]), std::max(x[2], x[3]));
}

// All-ones in the lanes whose index i + lane differs from `skip`.
__attribute__((always_inline)) inline Integers notSkipped(std::size_t i, Index skip)
{
    const Integers lane_index = Integers{0, 1, 2, 3} + static_cast<std::int64_t>(i);
    return lane_index != skip;
}

// All-ones in the first `width` lanes, which hold data; the rest are padding.
__attribute__((always_inline)) inline Integers dataLanes(std::size_t width)
{
    return Integers{0, 1, 2, 3} < static_cast<std::int64_t>(width);
}

__attribute__((always_inline)) inline Integers isNearLanes(Doubles d)
{
    return (d >= -1.0) & (d <= 1.0);
}

__attribute__((always_inline)) inline Doubles take(const double* x, std::size_t i, std::size_t width)
{
    return width == kLanes ? load(x + i) : loadTail(x + i, width, 0.0);
}

template <Doubles (*Function)(Doubles)>
__attribute__((always_inline)) inline void applyLanes(const double* x, double* out, std::size_t count)
{
    std::size_t i = 0;
    for (; i + kLanes <= count; i += kLanes)
        store(out + i, Function(load(x + i)));
    if (i < count)
        store(out + i, Function(loadTail(x + i, count - i, 0.0)), count - i);
}

#define DISTILLSCOPE_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))

DISTILLSCOPE_CLONES void expClones(const double* x, double* out, std::size_t count)
{
    applyLanes<expLanes>(x, out, count);
}

DISTILLSCOPE_CLONES void expm1Clones(const double* x, double* out, std::size_t count)
{
    applyLanes<expm1Lanes>(x, out, count);
}

DISTILLSCOPE_CLONES double scaledExpClones(const double* shifted, double inverse, std::size_t count, Index skip,
                                           double* scaled, double* exponential)
{
    Doubles sum{};
    for (std::size_t i = 0; i < count; i += kLanes) {
        const std::size_t width = std::min<std::size_t>(kLanes, count - i);
        const Doubles x = (width == kLanes ? load(shifted + i) : loadTail(shifted + i, width, -__builtin_inf()))
            * inverse;
        const Doubles e = expLanes(x);
        store(scaled + i, x, width);
        store(exponential + i, e, width);
        sum += notSkipped(i, skip) ? e : Doubles{};
    }
    return laneSum(sum);
}

DISTILLSCOPE_CLONES DifferencePass differenceClones(const double* shifted_difference, const double* teacher_exp,
                                                    double inverse, std::size_t count, double* scaled,
                                                    double* expm1_out)
{
    Doubles gap{};
    Integers far{};
    for (std::size_t i = 0; i < count; i += kLanes) {
        const std::size_t width = std::min<std::size_t>(kLanes, count - i);
        const Doubles d = (width == kLanes ? load(shifted_difference + i) : loadTail(shifted_difference + i, width, 0.0))
            * inverse;
        const Doubles weight = width == kLanes ? load(teacher_exp + i) : loadTail(teacher_exp + i, width, 0.0);
        const Integers near = isNearLanes(d);
        const Doubles m = expm1Lanes(near ? d : Doubles{});
        store(scaled + i, d, width);
        store(expm1_out + i, m, width);
        gap += weight * m;
        far |= ~near;
    }
    const bool all_near = (far[0] | far[1] | far[2] | far[3]) == 0;
    return {laneSum(gap), all_near};
}

DISTILLSCOPE_CLONES double farGapClones(const double* scaled_difference, const double* teacher_exp,
                                        const double* student_exp, std::size_t count)
{
    Doubles gap{};
    for (std::size_t i = 0; i < count; i += kLanes) {
        const std::size_t width = std::min<std::size_t>(kLanes, count - i);
        const Doubles d = width == kLanes ? load(scaled_difference + i) : loadTail(scaled_difference + i, width, 0.0);
        const Doubles ea = width == kLanes ? load(teacher_exp + i) : loadTail(teacher_exp + i, width, 0.0);
        const Doubles eb = width == kLanes ? load(student_exp + i) : loadTail(student_exp + i, width, 0.0);
        gap += isNearLanes(d) ? Doubles{} : eb - ea;
    }
    return laneSum(gap);
}

DISTILLSCOPE_CLONES void targetDifferenceClones(const TargetDifferenceInput& input, std::size_t count, double* out)
{
    for (std::size_t i = 0; i < count; i += kLanes) {
        const std::size_t width = std::min<std::size_t>(kLanes, count - i);
        const Doubles d = take(input.scaled_difference, i, width);
        const Doubles p = take(input.teacher_exp, i, width) * input.teacher_inverse;
        const Doubles near = p * ((take(input.difference_expm1, i, width) - input.rho) * input.growth_inverse);
        Doubles result = near;
        if (input.student_exp != nullptr) {
            const Doubles far = take(input.student_exp, i, width) * input.student_inverse - p;
            result = isNearLanes(d) ? near : far;
        }
        store(out + i, result, width);
    }
}

DISTILLSCOPE_CLONES GradientStatistics statisticsClones(const GradientStatisticsInput& input, std::size_t count)
{
    Doubles exact_max{}, error_max{}, second_max{}, dot{}, exact_squares{}, centred_squares{}, raw_error_max{};
    for (std::size_t i = 0; i < count; i += kLanes) {
        const std::size_t width = std::min<std::size_t>(kLanes, count - i);
        const Doubles difference = take(input.target_difference, i, width);
        const Doubles centred = take(input.centred_difference, i, width);
        const Doubles exact = difference * input.inverse_temperature;
        const Doubles first = centred * input.first_order_scale;
        const Doubles second = first + take(input.second_order_numerator, i, width) * input.second_order_scale;
        exact_max = maximum(exact_max, absolute(exact));
        error_max = maximum(error_max, absolute(first - exact));
        second_max = maximum(second_max, absolute(second));
        dot += difference * centred;
        exact_squares += difference * difference;
        centred_squares += centred * centred;
        if (input.raw_difference != nullptr) {
            const Doubles raw = take(input.raw_difference, i, width) * input.raw_scale;
            raw_error_max = maximum(raw_error_max, absolute(raw - exact));
        }
    }
    return {laneMax(exact_max), laneMax(error_max),     laneMax(second_max),     laneSum(dot),
            laneSum(exact_squares), laneSum(centred_squares), laneMax(raw_error_max)};
}

DISTILLSCOPE_CLONES CentredExpansion expansionClones(const CentredExpansionInput& input, std::size_t count,
                                                    double* difference, double* remainder)
{
    // First pass: phi(y) into `difference`, phi(x) - phi(y) into `remainder`.
    Doubles teacher_phi_sum{}, phi_gap_sum{};
    for (std::size_t i = 0; i < count; i += kLanes) {
        const std::size_t width = std::min<std::size_t>(kLanes, count - i);
        const Doubles y = take(input.centred_teacher, i, width) * input.scale;
        const Doubles delta = take(input.centred_difference, i, width) * input.scale;
        const Doubles phi_y = phiTail(y);
        const Doubles phi_delta = phiTail(delta);
        // phi(x) - phi(y) = (e^y - 1)(e^delta - 1) + phi(delta) for x = y + delta.
        const Doubles phi_gap = (y + phi_y) * (delta + phi_delta) + phi_delta;
        store(difference + i, phi_y, width);
        store(remainder + i, phi_gap, width);
        teacher_phi_sum += phi_y;
        phi_gap_sum += phi_gap;
    }
    const double n = static_cast<double>(count);
    const double phi_y_total = laneSum(teacher_phi_sum);
    const double phi_gap_total = laneSum(phi_gap_sum);
    const double student_partition = n + phi_y_total + phi_gap_total; // sum e^x
    const double teacher_partition = n + phi_y_total;                 // sum e^y
    const double student_inverse = 1.0 / student_partition;
    const double coupling = phi_gap_total / (student_partition * teacher_partition);
    const double inverse_n = 1.0 / n;

    Doubles remainder_max{}, difference_max{};
    for (std::size_t i = 0; i < count; i += kLanes) {
        const std::size_t width = std::min<std::size_t>(kLanes, count - i);
        const Doubles y = take(input.centred_teacher, i, width) * input.scale;
        const Doubles delta = take(input.centred_difference, i, width) * input.scale;
        const Doubles phi_y = take(difference, i, width);
        const Doubles phi_gap = take(remainder, i, width);
        const Doubles x = y + delta;
        const Doubles teacher_excess = n * phi_y - (1.0 + y) * phi_y_total;
        const Doubles gap_excess = n * phi_gap - (1.0 + x) * phi_gap_total - delta * phi_y_total;
        const Doubles rest = (gap_excess * student_inverse - teacher_excess * coupling) * inverse_n;
        const Doubles target = delta * inverse_n + rest;
        store(remainder + i, rest, width);
        store(difference + i, target, width);
        // Padding lanes have y = delta = 0 but not a zero remainder.
        const Integers valid = dataLanes(width);
        remainder_max = maximum(remainder_max, valid ? absolute(rest) : Doubles{});
        difference_max = maximum(difference_max, valid ? absolute(target) : Doubles{});
    }
    return {laneMax(difference_max), laneMax(remainder_max)};
}

DISTILLSCOPE_CLONES CentredExpansion seriesClones(const CentredSeriesInput& input, std::size_t count,
                                                 double* difference, double* remainder)
{
    // First pass: phi3(y) into `difference`, phi3(x) - phi3(y) into
    // `remainder`, and the sums of y^2, x^2, phi3(y) and the gaps.
    Doubles teacher_squares{}, student_squares{}, teacher_phi3{}, gap_phi3{};
    for (std::size_t i = 0; i < count; i += kLanes) {
        const std::size_t width = std::min<std::size_t>(kLanes, count - i);
        const Integers valid = dataLanes(width);
        const Doubles y = take(input.centred_teacher, i, width) * input.scale;
        const Doubles delta = take(input.centred_difference, i, width) * input.scale;
        const Doubles sum = take(input.centred_sum, i, width) * input.scale;
        const Doubles x = y + delta;
        const Doubles x2 = x * x;
        const Doubles y2 = y * y;

        // phi3(y) = y^3 (1/3! + y/4! + ... + y^7/10!).
        Doubles tail = y * (1.0 / 3628800.0) + 1.0 / 362880.0;
        tail = tail * y + 1.0 / 40320.0;
        tail = tail * y + 1.0 / 5040.0;
        tail = tail * y + 1.0 / 720.0;
        tail = tail * y + 1.0 / 120.0;
        tail = tail * y + 1.0 / 24.0;
        tail = tail * y + 1.0 / 6.0;
        const Doubles phi3_y = y2 * y * tail;

        // h_{2m+1} = (x + y) E_m with E_m = sum_j x^(2j) y^(2m-2j), and
        // h_{2m} = x h_{2m-1} + y^(2m); all E_m are sums of squares.
        Doubles even_sum = Doubles{} + 1.0; // E_0
        Doubles y_power = Doubles{} + 1.0;  // y^(2m)
        Doubles series{};
        Doubles odd = sum; // h_1
        double factorial = 2.0;
        for (int m = 1; m <= 4; ++m) {
            y_power *= y2;
            const Doubles even_h = x * odd + y_power; // h_{2m}
            factorial *= 2 * m + 1;                   // (2m+1)!
            series += even_h * (1.0 / factorial);
            even_sum = x2 * even_sum + y_power;       // E_m
            odd = sum * even_sum;                     // h_{2m+1}
            factorial *= 2 * m + 2;                   // (2m+2)!
            series += odd * (1.0 / factorial);
        }
        const Doubles gap = delta * series;

        store(difference + i, phi3_y, width);
        store(remainder + i, gap, width);
        teacher_squares += valid ? y2 : Doubles{};
        student_squares += valid ? x2 : Doubles{};
        teacher_phi3 += valid ? phi3_y : Doubles{};
        gap_phi3 += valid ? gap : Doubles{};
    }
    const double n = static_cast<double>(count);
    const double teacher_square_total = laneSum(teacher_squares);
    const double student_square_total = laneSum(student_squares);
    const double teacher_phi3_total = laneSum(teacher_phi3);
    const double gap_phi3_total = laneSum(gap_phi3);
    const double scale2 = input.scale * input.scale;
    // sum x^2 - sum y^2 = N mean(zc^2 - vc^2) / T^2, from the exact mean.
    const double squares_gap_total = n * input.squares_gap_mean * scale2;
    const double student_partition = n + 0.5 * student_square_total + teacher_phi3_total + gap_phi3_total;
    const double teacher_partition = n + 0.5 * teacher_square_total + teacher_phi3_total;
    const double partition_gap = -0.5 * squares_gap_total - gap_phi3_total; // B - A
    const double student_inverse = 1.0 / student_partition;
    const double coupling = partition_gap / (student_partition * teacher_partition);
    const double teacher_square_mean = teacher_square_total / n;
    const double inverse_n = 1.0 / n;

    Doubles remainder_max{}, difference_max{};
    for (std::size_t i = 0; i < count; i += kLanes) {
        const std::size_t width = std::min<std::size_t>(kLanes, count - i);
        const Doubles y = take(input.centred_teacher, i, width) * input.scale;
        const Doubles delta = take(input.centred_difference, i, width) * input.scale;
        const Doubles numerator = take(input.second_order_numerator, i, width) * scale2;
        const Doubles phi3_y = take(difference, i, width);
        const Doubles gap = take(remainder, i, width);
        const Doubles x = y + delta;

        // U - V for the student and teacher numerators of q_i - (1 + x_i)/N
        // and p_i - (1 + y_i)/N, and V itself.
        const Doubles second = (0.5 * n) * numerator;
        const Doubles third = n * gap - 0.5 * (x * squares_gap_total + delta * teacher_square_total)
            - (1.0 + x) * gap_phi3_total - delta * teacher_phi3_total;
        const Doubles teacher_numerator = (0.5 * n) * (y * y - teacher_square_mean) + n * phi3_y
            - 0.5 * y * teacher_square_total - (1.0 + y) * teacher_phi3_total;
        const Doubles rest = ((second + third) * student_inverse + teacher_numerator * coupling) * inverse_n;
        const Doubles target = delta * inverse_n + rest;
        store(remainder + i, rest, width);
        store(difference + i, target, width);
        const Integers valid = dataLanes(width);
        remainder_max = maximum(remainder_max, valid ? absolute(rest) : Doubles{});
        difference_max = maximum(difference_max, valid ? absolute(target) : Doubles{});
    }
    return {laneMax(difference_max), laneMax(remainder_max)};
}

DISTILLSCOPE_CLONES double taylorClones(const TaylorInput& input, std::size_t count, double* out)
{
    Doubles largest{};
    for (std::size_t i = 0; i < count; i += kLanes) {
        const std::size_t width = std::min<std::size_t>(kLanes, count - i);
        const Doubles centred = take(input.centred_difference, i, width);
        const Doubles coupled = take(input.centred_teacher, i, width) * input.coupling;
        const Doubles rearranged_terms = (absolute(centred) + absolute(coupled)) * input.student_inverse_magnitude;
        const Doubles student_term = (take(input.scaled_student, i, width) + input.scaled_temperature) * input.student_inverse;
        const Doubles teacher_term = (take(input.scaled_teacher, i, width) + input.scaled_temperature) * input.teacher_inverse;
        const Doubles printed_terms = absolute(student_term) + absolute(teacher_term);
        const Doubles bracket = rearranged_terms <= printed_terms ? (centred - coupled) * input.student_inverse
                                                                  : student_term - teacher_term;
        const Doubles value = bracket * input.inverse_temperature;
        store(out + i, value, width);
        largest = maximum(largest, dataLanes(width) ? absolute(value) : Doubles{});
    }
    return laneMax(largest);
}

} // namespace

double scaledExp(std::span<const double> shifted, double inverse, Index skip, std::span<double> scaled,
                 std::span<double> exponential)
{
    assert(scaled.size() == shifted.size());
    assert(exponential.size() == shifted.size());
    return scaledExpClones(shifted.data(), inverse, shifted.size(), skip, scaled.data(), exponential.data());
}

DifferencePass differencePass(std::span<const double> shifted_difference, std::span<const double> teacher_exp,
                              double inverse, std::span<double> scaled, std::span<double> expm1_out)
{
    assert(scaled.size() == shifted_difference.size());
    assert(expm1_out.size() == shifted_difference.size());
    return differenceClones(shifted_difference.data(), teacher_exp.data(), inverse, shifted_difference.size(),
                            scaled.data(), expm1_out.data());
}

double farPartitionGap(std::span<const double> scaled_difference, std::span<const double> teacher_exp,
                       std::span<const double> student_exp)
{
    return farGapClones(scaled_difference.data(), teacher_exp.data(), student_exp.data(), scaled_difference.size());
}

void targetDifference(const TargetDifferenceInput& input, std::span<double> out)
{
    targetDifferenceClones(input, out.size(), out.data());
}

GradientStatistics gradientStatistics(const GradientStatisticsInput& input, std::size_t count)
{
    return statisticsClones(input, count);
}

CentredExpansion centredExpansion(const CentredExpansionInput& input, std::span<double> difference,
                                  std::span<double> remainder)
{
    assert(difference.size() == remainder.size());
    return expansionClones(input, difference.size(), difference.data(), remainder.data());
}

CentredExpansion centredSeries(const CentredSeriesInput& input, std::span<double> difference,
                               std::span<double> remainder)
{
    assert(difference.size() == remainder.size());
    return seriesClones(input, difference.size(), difference.data(), remainder.data());
}

double taylorGradientKernel(const TaylorInput& input, std::span<double> out)
{
    return taylorClones(input, out.size(), out.data());
}

void vectorExp(std::span<const double> x, std::span<double> out)
{
    assert(out.size() == x.size());
    expClones(x.data(), out.data(), x.size());
}

void vectorExpm1(std::span<const double> x, std::span<double> out)
{
    assert(out.size() == x.size());
    expm1Clones(x.data(), out.data(), x.size());
}

const char* kernelVariant()
{
    // The resolver of target_clones takes the x86-64-v3 variant when the
    // processor has the whole level. AVX2 and FMA stand for it here.
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "x86-64-v3";
    return "baseline";
}

} // namespace distillscope::detail
