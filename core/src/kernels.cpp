#include "kernels.h"

#include <cassert>
#include <cstdint>
#include <cstring>

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

// exp(r) - 1 for |r| <= ln 2 / 2, as r + r^2 P(r) with the Taylor
// coefficients to degree 13; the truncation error is below 5e-18 relative.
// P is evaluated by Estrin's scheme: its chains of dependent operations are
// four deep instead of eleven, so the processor overlaps more of them.
__attribute__((always_inline)) inline Doubles expm1Reduced(Doubles r)
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
    return r + r2 * tail;
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

template <Doubles (*Function)(Doubles)>
__attribute__((always_inline)) inline void applyLanes(const double* x, double* out, std::size_t count)
{
    std::size_t i = 0;
    for (; i + kLanes <= count; i += kLanes) {
        Doubles lanes;
        std::memcpy(&lanes, x + i, sizeof lanes);
        lanes = Function(lanes);
        std::memcpy(out + i, &lanes, sizeof lanes);
    }
    if (i < count) {
        Doubles lanes{};
        std::memcpy(&lanes, x + i, (count - i) * sizeof(double));
        lanes = Function(lanes);
        std::memcpy(out + i, &lanes, (count - i) * sizeof(double));
    }
}

__attribute__((target_clones("arch=x86-64-v3", "default"))) void expClones(const double* x, double* out,
                                                                               std::size_t count)
{
    applyLanes<expLanes>(x, out, count);
}

__attribute__((target_clones("arch=x86-64-v3", "default"))) void expm1Clones(const double* x, double* out,
                                                                                 std::size_t count)
{
    applyLanes<expm1Lanes>(x, out, count);
}

} // namespace

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
    // processor has the whole level; AVX2 and FMA stand for it here.
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "x86-64-v3";
    return "baseline";
}

} // namespace distillscope::detail
