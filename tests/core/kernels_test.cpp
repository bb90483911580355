// The building blocks of the core: vector exponentials, exact sums and the
// second-order series, each against an independent reference.

#include "distillscope/detail/exact_sum.h"
#include "kernels.h"
#include "series.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace distillscope::detail {
namespace {

// Distance in units in the last place of `expected`.
double ulpsBetween(double actual, double expected)
{
    if (actual == expected)
        return 0.0;
    const double spacing = std::abs(std::nextafter(expected, std::numeric_limits<double>::infinity()) - expected);
    return std::abs(actual - expected) / spacing;
}

std::vector<double> sampleArguments()
{
    std::vector<double> x;
    std::mt19937_64 generator(20150309);
    std::uniform_real_distribution<double> wide(-760.0, 715.0);
    std::uniform_real_distribution<double> narrow(-2.0, 2.0);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    for (int k = 0; k < 200000; ++k)
        x.push_back(wide(generator));
    for (int k = 0; k < 200000; ++k)
        x.push_back(narrow(generator));
    for (int k = 0; k < 50000; ++k)
        x.push_back(std::ldexp(unit(generator), -(k % 1075)));
    return x;
}

TEST(VectorExp, WithinOneUlpOfLibm)
{
    const std::vector<double> x = sampleArguments();
    std::vector<double> out(x.size());
    vectorExp(x, out);
    double worst = 0.0;
    double worst_argument = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double expected = std::exp(x[i]);
        if (expected < std::numeric_limits<double>::min())
            continue; // subnormal results are rounded twice, checked below
        const double error = ulpsBetween(out[i], expected);
        if (error > worst) {
            worst = error;
            worst_argument = x[i];
        }
    }
    EXPECT_LE(worst, 2.0) << "at x = " << worst_argument;
}

TEST(VectorExp, SubnormalResultsWithinTwoUlps)
{
    std::vector<double> x;
    for (double value = -745.0; value < -708.4; value += 0.37)
        x.push_back(value);
    std::vector<double> out(x.size());
    vectorExp(x, out);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double expected = std::exp(x[i]);
        const double spacing = std::numeric_limits<double>::denorm_min();
        EXPECT_LE(std::abs(out[i] - expected), 2.0 * spacing + 2.3e-16 * expected) << "at x = " << x[i];
    }
}

TEST(VectorExp, SpecialValues)
{
    const double infinity = std::numeric_limits<double>::infinity();
    const std::vector<double> x{0.0, -0.0, infinity, -infinity, 709.78, 709.79, -745.2, -746.0, 1e300, -1e300};
    std::vector<double> out(x.size());
    vectorExp(x, out);
    EXPECT_EQ(out[0], 1.0);
    EXPECT_EQ(out[1], 1.0);
    EXPECT_EQ(out[2], infinity);
    EXPECT_EQ(out[3], 0.0);
    EXPECT_TRUE(std::isfinite(out[4]));
    EXPECT_EQ(out[5], infinity);
    EXPECT_EQ(out[6], 0.0);
    EXPECT_EQ(out[7], 0.0);
    EXPECT_EQ(out[8], infinity);
    EXPECT_EQ(out[9], 0.0);

    const std::vector<double> nan{std::numeric_limits<double>::quiet_NaN()};
    std::vector<double> nan_out(1);
    vectorExp(nan, nan_out);
    EXPECT_TRUE(std::isnan(nan_out[0]));
}

TEST(VectorExp, OddLengthsLeaveNeighboursAlone)
{
    for (std::size_t length : {1u, 2u, 3u, 5u, 7u}) {
        std::vector<double> x(length, 1.0);
        std::vector<double> out(length + 1, -7.0);
        vectorExp(x, std::span<double>(out.data(), length));
        for (std::size_t i = 0; i < length; ++i)
            EXPECT_LE(ulpsBetween(out[i], std::exp(1.0)), 1.0) << "length " << length << ", index " << i;
        EXPECT_EQ(out[length], -7.0) << "length " << length;
    }
}

TEST(VectorExpm1, WithinTwoUlpsOfLibm)
{
    const std::vector<double> x = sampleArguments();
    std::vector<double> out(x.size());
    vectorExpm1(x, out);
    double worst = 0.0;
    double worst_argument = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double expected = std::expm1(x[i]);
        if (std::abs(expected) < std::numeric_limits<double>::min() || std::isinf(expected))
            continue;
        const double error = ulpsBetween(out[i], expected);
        if (error > worst) {
            worst = error;
            worst_argument = x[i];
        }
    }
    EXPECT_LE(worst, 2.0) << "at x = " << worst_argument;
}

TEST(VectorExpm1, TinyArgumentsKeepRelativeAccuracy)
{
    const std::vector<double> x{1e-300, -1e-300, 1e-17, -3e-12, 2.5e-9};
    std::vector<double> out(x.size());
    vectorExpm1(x, out);
    for (std::size_t i = 0; i < x.size(); ++i)
        EXPECT_LE(ulpsBetween(out[i], std::expm1(x[i])), 1.0) << "at x = " << x[i];
}

TEST(ExactSum, CancellationLeavesExactRemainder)
{
    ExactSum sum;
    sum.add(1e300);
    sum.add(1.0);
    sum.add(-1e300);
    EXPECT_EQ(sum.rounded(), 1.0);
    EXPECT_EQ(sum.sign(), 1);
    sum.add(-1.0);
    EXPECT_TRUE(sum.isZero());
    EXPECT_EQ(sum.rounded(), 0.0);
}

TEST(ExactSum, SignOfTinyRemainder)
{
    ExactSum sum;
    sum.add(0.1);
    sum.add(0.2);
    sum.add(-0.3);
    // The three doubles add exactly to 2^-55, while evaluating
    // 0.1 + 0.2 - 0.3 in double arithmetic gives twice that.
    EXPECT_EQ(sum.sign(), 1);
    EXPECT_EQ(sum.rounded(), std::ldexp(1.0, -55));
}

TEST(ExactSum, ManyTermsMatchLongAccumulator)
{
    // Integers times 2^-20 add exactly in a 64-bit integer accumulator.
    std::mt19937_64 generator(7);
    std::uniform_int_distribution<std::int64_t> draw(-(std::int64_t{1} << 40), std::int64_t{1} << 40);
    ExactSum sum;
    std::int64_t exact = 0;
    for (int k = 0; k < 5000; ++k) {
        const std::int64_t value = draw(generator);
        exact += value;
        sum.add(std::ldexp(static_cast<double>(value), -20));
    }
    EXPECT_EQ(sum.rounded(), std::ldexp(static_cast<double>(exact), -20));
}

// References in long double: the Taylor series below |x| = 0.01, where the
// direct difference would cancel away the 11 extra bits, and the direct
// difference above it.
double referenceRatioExcess(double r)
{
    const long double x = r;
    if (std::abs(r) < 0.01) {
        long double sum = 0.0L;
        long double power = x;
        for (int k = 2; k <= 12; ++k) {
            power *= x;
            sum += ((k % 2 == 0) ? power : -power) / k;
        }
        return static_cast<double>(sum);
    }
    return static_cast<double>(x - std::log1pl(x));
}

double referenceExpm1Excess(double value)
{
    const long double x = value;
    if (std::abs(value) < 0.01) {
        long double sum = 0.0L;
        long double term = x;
        for (int k = 2; k <= 12; ++k) {
            term *= x / k;
            sum += term;
        }
        return static_cast<double>(sum);
    }
    return static_cast<double>(std::expm1l(x) - x);
}

TEST(Series, RatioExcessMinusLogMatchesLongDouble)
{
    for (double r : {-0.9, -0.3, -0.25, -0.1, -1e-5, -1e-12, 1e-16, 1e-8, 0.01, 0.2, 0.25, 0.7, 5.0}) {
        const double expected = referenceRatioExcess(r);
        EXPECT_LE(ulpsBetween(ratioExcessMinusLog(r), expected), 16.0) << "at r = " << r;
    }
}

TEST(Series, Expm1MinusArgumentMatchesLongDouble)
{
    for (double x : {-5.0, -0.7, -0.25, -0.1, -1e-6, -1e-15, 1e-15, 1e-6, 0.1, 0.25, 0.9, 8.0}) {
        const double expected = referenceExpm1Excess(x);
        EXPECT_LE(ulpsBetween(expm1MinusArgument(x), expected), 16.0) << "at x = " << x;
    }
}

TEST(Series, ZeroAtZero)
{
    EXPECT_EQ(ratioExcessMinusLog(0.0), 0.0);
    EXPECT_EQ(expm1MinusArgument(0.0), 0.0);
}

} // namespace
} // namespace distillscope::detail
