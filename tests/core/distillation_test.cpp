// Properties that hold for every input, and the rejection of bad input.
//
// The reference tests pin values case by case. These check identities of the
// mathematics itself (shift invariance, zero sums, non-negative KL, the
// derivative of T^2 KL) on random logits across the whole temperature range.

#include "distillscope/distillation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace distillscope {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<double> kTemperatures{1e-6, 1e-3, 0.05, 0.5, 1.0, 3.0, 20.0, 1e3, 1e6, 1e10, 1e16};

struct RandomCase {
    std::vector<double> teacher;
    std::vector<double> student;
};

std::vector<RandomCase> randomCases()
{
    std::vector<RandomCase> cases;
    std::mt19937_64 generator(1503);
    for (int classes : {2, 3, 10, 100}) {
        for (double spread : {0.01, 1.0, 30.0}) {
            std::normal_distribution<double> draw(0.0, spread);
            RandomCase entry;
            for (int i = 0; i < classes; ++i) {
                entry.teacher.push_back(draw(generator));
                entry.student.push_back(draw(generator));
            }
            cases.push_back(entry);
        }
    }
    return cases;
}

Distillation make(const std::vector<double>& teacher, const std::vector<double>& student)
{
    auto created = Distillation::create(teacher, student);
    EXPECT_TRUE(created.has_value());
    return std::move(created).value();
}

double maxAbs(const Vector& values)
{
    return values.cwiseAbs().maxCoeff();
}

// Logits are rounded to multiples of 2^-24 and shifted by 2.5 and -7, so
// that the shifted logits are exact and any change in Eq. 2 comes from the
// code, not from rounding the input. The centred logits are rounded once
// from double-double, which may differ in the last bit after a shift.
TEST(Properties, ExactGradientIgnoresLogitShift)
{
    for (const RandomCase& entry : randomCases()) {
        std::vector<double> teacher = entry.teacher;
        std::vector<double> student = entry.student;
        for (double& value : teacher)
            value = std::ldexp(std::round(std::ldexp(value, 24)), -24);
        for (double& value : student)
            value = std::ldexp(std::round(std::ldexp(value, 24)), -24);
        std::vector<double> shifted_teacher = teacher;
        std::vector<double> shifted_student = student;
        for (double& value : shifted_teacher)
            value += 2.5;
        for (double& value : shifted_student)
            value -= 7.0;
        const Distillation original = make(teacher, student);
        const Distillation shifted = make(shifted_teacher, shifted_student);
        for (double temperature : kTemperatures) {
            const Quantities a = original.evaluate(temperature).value();
            const Quantities b = shifted.evaluate(temperature).value();
            const double tolerance = 1e-14 * maxAbs(a.grad_exact) + 1e-300;
            for (Index i = 0; i < a.grad_exact.size(); ++i)
                EXPECT_NEAR(b.grad_exact[i], a.grad_exact[i], tolerance)
                    << "N = " << entry.teacher.size() << ", T = " << temperature << ", class " << i;
            EXPECT_NEAR(b.kl, a.kl, 1e-13 * a.kl) << "N = " << entry.teacher.size() << ", T = " << temperature;
        }
    }
}

TEST(Properties, ExactGradientSumsToZero)
{
    for (const RandomCase& entry : randomCases()) {
        const Distillation distillation = make(entry.teacher, entry.student);
        for (double temperature : kTemperatures) {
            const Quantities result = distillation.evaluate(temperature).value();
            const double total = result.grad_exact.sum();
            const double scale = result.grad_exact.cwiseAbs().sum();
            EXPECT_LE(std::abs(total), 4e-16 * scale * static_cast<double>(entry.teacher.size()) + 1e-300)
                << "N = " << entry.teacher.size() << ", T = " << temperature;
        }
    }
}

TEST(Properties, CenteredGradientSumsToZero)
{
    for (const RandomCase& entry : randomCases()) {
        const Distillation distillation = make(entry.teacher, entry.student);
        for (double temperature : kTemperatures) {
            const Quantities result = distillation.evaluate(temperature).value();
            const double scale = result.grad_centered.cwiseAbs().sum();
            EXPECT_LE(std::abs(result.grad_centered.sum()), 4e-16 * scale * static_cast<double>(entry.teacher.size()))
                << "N = " << entry.teacher.size() << ", T = " << temperature;
        }
    }
}

TEST(Properties, KlIsPositiveUnlessShifted)
{
    for (const RandomCase& entry : randomCases()) {
        const Distillation distillation = make(entry.teacher, entry.student);
        for (double temperature : kTemperatures) {
            const Quantities result = distillation.evaluate(temperature).value();
            EXPECT_GE(result.kl, 0.0) << "N = " << entry.teacher.size() << ", T = " << temperature;
            // Below T = 1 nearly one-hot soft targets can make KL underflow.
            if (temperature >= 1.0) {
                EXPECT_GT(result.kl, 0.0) << "N = " << entry.teacher.size() << ", T = " << temperature;
            }
        }
    }
}

TEST(Properties, KlVanishesForConstantDifference)
{
    // Dyadic logits and offsets, so that every student logit is exact and
    // z - v is constant in exact arithmetic, not only after rounding.
    const std::vector<double> teacher{0.25, -1.75, 2.25, 0.125};
    for (double offset : {0.0, 1.0, -1048576.0, 0x1p33}) {
        std::vector<double> student = teacher;
        for (double& value : student)
            value += offset;
        const Distillation distillation = make(teacher, student);
        EXPECT_TRUE(distillation.gradientVanishes()) << "offset " << offset;
        for (double temperature : kTemperatures) {
            const Quantities result = distillation.evaluate(temperature).value();
            EXPECT_EQ(result.kl, 0.0) << "offset " << offset << ", T = " << temperature;
            EXPECT_EQ(maxAbs(result.grad_exact), 0.0) << "offset " << offset << ", T = " << temperature;
            EXPECT_EQ(maxAbs(result.grad_centered), 0.0) << "offset " << offset << ", T = " << temperature;
            EXPECT_EQ(result.quadratic_loss, 0.0) << "offset " << offset;
        }
    }
}

// d(T^2 KL)/dz_i = T^2 (q_i - p_i) / T, so a central difference of the
// scaled loss must reproduce T^2 times Eq. 2. At T = 1e8 the loss is a sum
// of terms of size 1e-16 relative to log N; the test fails for any KL
// formula that cancels.
TEST(Properties, FiniteDifferencesOfScaledKl)
{
    for (const RandomCase& entry : randomCases()) {
        if (entry.teacher.size() > 10)
            continue;
        for (double temperature : {0.5, 3.0, 100.0, 1e4, 1e8}) {
            const Distillation distillation = make(entry.teacher, entry.student);
            const Quantities centre = distillation.evaluate(temperature).value();
            const double scale = temperature * temperature;
            const double gradient_scale = maxAbs(centre.grad_exact) * scale;
            for (std::size_t i = 0; i < entry.student.size(); ++i) {
                const double step = 1e-4 * std::max(1.0, std::abs(entry.student[i]));
                std::vector<double> up = entry.student;
                std::vector<double> down = entry.student;
                up[i] += step;
                down[i] -= step;
                const double loss_up = make(entry.teacher, up).evaluate(temperature).value().kl_scaled;
                const double loss_down = make(entry.teacher, down).evaluate(temperature).value().kl_scaled;
                const double actual_step = up[i] - down[i];
                const double numeric = (loss_up - loss_down) / actual_step;
                const double analytic = scale * centre.grad_exact[static_cast<Index>(i)];
                EXPECT_NEAR(numeric, analytic, 1e-5 * gradient_scale + 1e-12)
                    << "N = " << entry.teacher.size() << ", T = " << temperature << ", class " << i;
            }
        }
    }
}

TEST(Properties, SoftTargetsSumToOne)
{
    for (const RandomCase& entry : randomCases()) {
        const Distillation distillation = make(entry.teacher, entry.student);
        for (double temperature : kTemperatures) {
            const Quantities result = distillation.evaluate(temperature).value();
            EXPECT_NEAR(result.p.sum(), 1.0, 1e-14) << "T = " << temperature;
            EXPECT_NEAR(result.q.sum(), 1.0, 1e-14) << "T = " << temperature;
        }
    }
}

TEST(Properties, CrossEntropyIsEntropyPlusKl)
{
    for (const RandomCase& entry : randomCases()) {
        const Distillation distillation = make(entry.teacher, entry.student);
        for (double temperature : kTemperatures) {
            const Quantities result = distillation.evaluate(temperature).value();
            EXPECT_NEAR(result.cross_entropy, result.entropy_p + result.kl, 1e-13 * result.cross_entropy + 1e-300)
                << "T = " << temperature;
        }
    }
}

TEST(Edges, SubnormalSoftTarget)
{
    // p_2 = e^-745 / (1 + e^-745) is about 5e-324, the smallest subnormal.
    const Distillation distillation = make({0.0, -7.44}, {0.0, 0.0});
    const Quantities result = distillation.evaluate(0.01).value();
    EXPECT_GT(result.p[1], 0.0);
    EXPECT_LT(result.p[1], std::numeric_limits<double>::min());
    EXPECT_NEAR(result.log_p[1], -744.0, 1e-12);
    EXPECT_TRUE(result.grad_exact.allFinite());
}

TEST(Edges, UnderflowedStudentKeepsLogarithm)
{
    const Distillation distillation = make({0.0, -5.0}, {0.0, -400.0});
    const Quantities result = distillation.evaluate(0.5).value();
    EXPECT_EQ(result.q[1], 0.0);
    EXPECT_NEAR(result.log_q[1], -800.0, 1e-12);
    EXPECT_TRUE(std::isfinite(result.cross_entropy));
    EXPECT_GT(result.kl, 0.0);
}

TEST(Edges, OneDominantLogit)
{
    const Distillation distillation = make({50.0, 0.0, 0.0, 0.0}, {0.0, 50.0, 0.0, 0.0});
    const Quantities result = distillation.evaluate(1.0).value();
    EXPECT_NEAR(result.grad_exact[0], -1.0, 1e-15);
    EXPECT_NEAR(result.grad_exact[1], 1.0, 1e-15);
    EXPECT_NEAR(result.kl, 50.0, 1e-12);
}

TEST(Edges, HugeLogitsAtHighTemperature)
{
    // The spread of these logits overflows a double; the scaled logits do not.
    const Distillation distillation = make({1.5e308, -1.5e308}, {-1.5e308, 1.5e308});
    EXPECT_TRUE(distillation.spreadOverflows());
    std::vector<double> gradient(2);
    distillation.exactGradient(1e16, gradient);
    EXPECT_NEAR(gradient[0], -1e-16, 1e-30);
    EXPECT_NEAR(gradient[1], 1e-16, 1e-30);

    // KL is about 3e292, so T^2 KL at T = 1e16 is beyond the double range.
    const auto result = distillation.evaluate(1e16);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().problem, InputProblem::ResultOverflow);
    EXPECT_STREQ(result.error().quantity, "kl_scaled");
}

TEST(Edges, OffsetLogitsKeepCentredDigits)
{
    // Centred values are 1e-6 against an offset of 1e6: a mean rounded to
    // double would leave 1e-10 of noise, 1e-4 of the result.
    const std::vector<double> teacher{1e6 + 1e-6, 1e6 - 1e-6, 1e6};
    const std::vector<double> student{1e6, 1e6, 1e6};
    const Distillation distillation = make(teacher, student);
    const Quantities result = distillation.evaluate(1.0).value();
    const double first = (student[0] - teacher[0]) - ((student[0] + student[1] + student[2]) - (teacher[0] + teacher[1] + teacher[2])) / 3.0;
    EXPECT_NEAR(result.grad_centered[0] * 3.0, first, 1e-12 * std::abs(first));
    EXPECT_NEAR(result.grad_centered.sum(), 0.0, 1e-25);
}

struct RejectedInput {
    std::string name;
    std::vector<double> teacher;
    std::vector<double> student;
    InputProblem problem;
    Operand operand;
    Index index;
};

TEST(Validation, RejectsBadLogits)
{
    const std::vector<RejectedInput> cases{
        {"one class", {1.0}, {2.0}, InputProblem::TooFewClasses, Operand::Teacher, -1},
        {"no classes", {}, {}, InputProblem::TooFewClasses, Operand::Teacher, -1},
        {"length mismatch", {1.0, 2.0}, {1.0, 2.0, 3.0}, InputProblem::LengthMismatch, Operand::Student, -1},
        {"teacher NaN", {1.0, kNaN}, {1.0, 2.0}, InputProblem::NonFiniteLogit, Operand::Teacher, 1},
        {"student infinity", {1.0, 2.0}, {-kInfinity, 2.0}, InputProblem::NonFiniteLogit, Operand::Student, 0},
    };
    for (const RejectedInput& entry : cases) {
        const auto created = Distillation::create(entry.teacher, entry.student);
        ASSERT_FALSE(created.has_value()) << entry.name;
        EXPECT_EQ(created.error().problem, entry.problem) << entry.name;
        EXPECT_EQ(created.error().operand, entry.operand) << entry.name;
        EXPECT_EQ(created.error().index, entry.index) << entry.name;
    }
}

TEST(Validation, RejectsBadTemperatures)
{
    const Distillation distillation = make({1.0, 0.0}, {0.0, 1.0});
    for (double temperature : {0.0, -0.0, -1.0, kNaN, kInfinity, -kInfinity}) {
        const auto result = distillation.evaluate(temperature);
        ASSERT_FALSE(result.has_value()) << "T = " << temperature;
        EXPECT_EQ(result.error().problem, InputProblem::InvalidTemperature) << "T = " << temperature;
    }
}

TEST(Validation, RejectsOverflowingRatio)
{
    const Distillation distillation = make({1e303, 0.0}, {0.0, 1.0});
    const auto result = distillation.evaluate(1e-6);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().problem, InputProblem::ScaledLogitOverflow);
    EXPECT_EQ(result.error().operand, Operand::Teacher);
    EXPECT_EQ(result.error().index, 0);
    EXPECT_EQ(result.error().value, 1e303);
}

TEST(Validation, RejectsTemperatureOutsideRange)
{
    const Distillation distillation = make({1.0, 0.0}, {0.0, 1.0});
    for (double temperature : {9.9e-7, 1.1e16, 1e300, 5e-324}) {
        const auto result = distillation.evaluate(temperature);
        ASSERT_FALSE(result.has_value()) << "T = " << temperature;
        EXPECT_EQ(result.error().problem, InputProblem::TemperatureOutOfRange) << "T = " << temperature;
    }
    EXPECT_TRUE(distillation.evaluate(kMinTemperature).has_value());
    EXPECT_TRUE(distillation.evaluate(kMaxTemperature).has_value());
}

TEST(Validation, ReportsResultOverflow)
{
    // z / T is finite, but Eq. 4 divides by T once more.
    const Distillation distillation = make({1e302, 0.0}, {0.0, 1.0});
    const auto result = distillation.evaluate(1e-5);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().problem, InputProblem::ResultOverflow);
    EXPECT_STREQ(result.error().quantity, "grad_zero_mean");
}

TEST(Comparison, RelativeErrorAndCosine)
{
    const std::vector<double> reference{1.0, -2.0, 0.0};
    const std::vector<double> approximation{1.5, -2.0, 0.0};
    const GradientComparison comparison = compareGradients(approximation, reference);
    ASSERT_TRUE(comparison.max_relative_error.has_value());
    EXPECT_DOUBLE_EQ(*comparison.max_relative_error, 0.25);
    ASSERT_TRUE(comparison.relative_error[0].has_value());
    EXPECT_DOUBLE_EQ(*comparison.relative_error[0], 0.5);
    ASSERT_TRUE(comparison.relative_error[2].has_value());
    EXPECT_EQ(*comparison.relative_error[2], 0.0);
    ASSERT_TRUE(comparison.cosine.has_value());
    EXPECT_NEAR(*comparison.cosine, (1.5 + 4.0) / (std::sqrt(6.25) * std::sqrt(5.0)), 1e-15);
}

TEST(Comparison, UndefinedForZeroReference)
{
    const std::vector<double> zero{0.0, 0.0};
    const std::vector<double> other{1.0, 0.0};
    const GradientComparison comparison = compareGradients(other, zero);
    EXPECT_FALSE(comparison.max_relative_error.has_value());
    EXPECT_FALSE(comparison.cosine.has_value());
    EXPECT_FALSE(comparison.relative_error[0].has_value());
}

TEST(Comparison, TinyVectorsKeepCosine)
{
    const std::vector<double> reference{1e-300, -1e-300};
    const std::vector<double> approximation{2e-300, -2e-300};
    const GradientComparison comparison = compareGradients(approximation, reference);
    ASSERT_TRUE(comparison.cosine.has_value());
    EXPECT_NEAR(*comparison.cosine, 1.0, 1e-15);
}

} // namespace
} // namespace distillscope
