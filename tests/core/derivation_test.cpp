// The numbers of the derivation page: the Taylor step against the mpmath
// values of tests/data/derivation_cases.json (tools/make_derivation_cases.py),
// and every other step against the quantities the core computes itself.

#include "distillscope/derivation.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace distillscope {
namespace {

using Json = nlohmann::json;

constexpr double kInfinity = std::numeric_limits<double>::infinity();

double jsonDouble(const Json& value)
{
    if (value.is_string())
        return value.get<std::string>() == "inf" ? kInfinity : -kInfinity;
    return value.get<double>();
}

// Distance in units in the last place of `expected`, measured at its own
// exponent; 0 for equal values, including equal infinities.
double ulpsApart(double actual, double expected)
{
    if (actual == expected)
        return 0.0;
    if (!std::isfinite(actual) || !std::isfinite(expected))
        return kInfinity;
    const double spacing = std::nextafter(std::abs(expected), kInfinity) - std::abs(expected);
    return std::abs(actual - expected) / spacing;
}

::testing::AssertionResult withinUlps(const char* actual_text, const char* expected_text, const char*,
                                      double actual, double expected, double ulps)
{
    const double distance = ulpsApart(actual, expected);
    if (distance <= ulps)
        return ::testing::AssertionSuccess();
    std::ostringstream message;
    message.precision(17);
    message << actual_text << " = " << actual << " but " << expected_text << " = " << expected << ", "
            << distance << " ulps apart, tolerance " << ulps;
    return ::testing::AssertionFailure() << message.str();
}

Distillation make(const std::vector<double>& teacher, const std::vector<double>& student)
{
    auto created = Distillation::create(teacher, student);
    EXPECT_TRUE(created.has_value());
    return std::move(created).value();
}

Json loadCases()
{
    std::ifstream file(DISTILLSCOPE_DERIVATION_REFERENCE);
    EXPECT_TRUE(file.is_open()) << "cannot open " << DISTILLSCOPE_DERIVATION_REFERENCE;
    return Json::parse(file);
}

void checkSide(const std::string& name, const TaylorTerm& term, const TaylorFraction& fraction,
               double sum, const Json& expected)
{
    SCOPED_TRACE(name);
    EXPECT_EQ(term.x, jsonDouble(expected["x"]));
    EXPECT_PRED_FORMAT3(withinUlps, term.exponential, jsonDouble(expected["exponential"]), 1.0);
    EXPECT_EQ(term.linear, jsonDouble(expected["linear"]));
    EXPECT_PRED_FORMAT3(withinUlps, term.remainder, jsonDouble(expected["remainder"]), 4.0);
    EXPECT_PRED_FORMAT3(withinUlps, term.relative_remainder,
                        jsonDouble(expected["relative_remainder"]), 8.0);
    EXPECT_EQ(fraction.numerator, jsonDouble(expected["numerator"]));
    EXPECT_PRED_FORMAT3(withinUlps, fraction.denominator, jsonDouble(expected["denominator"]), 2.0);
    if (expected["fraction"].is_null()) {
        EXPECT_FALSE(fraction.fraction.has_value());
        EXPECT_EQ(fraction.denominator, 0.0);
    } else {
        ASSERT_TRUE(fraction.fraction.has_value());
        EXPECT_PRED_FORMAT3(withinUlps, *fraction.fraction, jsonDouble(expected["fraction"]), 4.0);
    }
    EXPECT_PRED_FORMAT3(withinUlps, sum, jsonDouble(expected["sum"]), 1.0);
}

TEST(DerivationReference, TaylorStepMatchesMpmath)
{
    const Json cases = loadCases()["cases"];
    ASSERT_GE(cases.size(), 40u);
    for (const Json& entry : cases) {
        const std::string name = entry["name"].get<std::string>();
        SCOPED_TRACE(name);
        const Distillation distillation = make(entry["teacher"].get<std::vector<double>>(),
                                               entry["student"].get<std::vector<double>>());
        auto numbers = deriveNumbers(distillation, entry["temperature"].get<double>(),
                                     entry["class"].get<Index>());
        ASSERT_TRUE(numbers.has_value());
        checkSide("student", numbers->student_term, numbers->student_fraction, numbers->student_sum,
                  entry["student_side"]);
        checkSide("teacher", numbers->teacher_term, numbers->teacher_fraction, numbers->teacher_sum,
                  entry["teacher_side"]);
    }
}

struct TaylorTermCase {
    const char* name;
    double x;
    double remainder;          // e^x - 1 - x, exact by construction or a known limit
    double relative_remainder; // (e^x - 1 - x) / e^x
};

// Values fixed by the algebra alone: the series of e^x - 1 - x starts with
// x^2/2, which at |x| = 2^-60 leaves the next term x^3/6 below half an ulp.
const TaylorTermCase kTaylorTermCases[] = {
    {"zero", 0.0, 0.0, 0.0},
    {"tiny positive", std::ldexp(1.0, -60), std::ldexp(1.0, -121), std::ldexp(1.0, -121)},
    {"tiny negative", -std::ldexp(1.0, -60), std::ldexp(1.0, -121), std::ldexp(1.0, -121)},
    {"overflowing exponential", 1000.0, kInfinity, 1.0},
    {"underflowing exponential", -1000.0, 999.0, kInfinity},
};

TEST(DerivationTaylorTerm, EdgeValues)
{
    for (const TaylorTermCase& entry : kTaylorTermCases) {
        SCOPED_TRACE(entry.name);
        const TaylorTerm term = taylorTerm(entry.x);
        EXPECT_EQ(term.linear, 1.0 + entry.x);
        EXPECT_PRED_FORMAT3(withinUlps, term.remainder, entry.remainder, 1.0);
        EXPECT_PRED_FORMAT3(withinUlps, term.relative_remainder, entry.relative_remainder, 1.0);
        EXPECT_FALSE(std::isnan(term.relative_remainder));
    }
}

struct CoreCase {
    const char* name;
    std::vector<double> teacher, student;
};

const CoreCase kCoreCases[] = {
    {"three classes", {2.5, -1.0, 0.75}, {1.25, 0.5, -2.0}},
    {"two classes", {4.0, -4.0}, {0.5, 0.25}},
    {"offset of 1e6", {1e6 + 1.0, 1e6 - 2.0, 1e6 + 0.5}, {1e6 - 0.25, 1e6 + 3.0, 1e6}},
    {"one dominant logit", {40.0, 0.0, 0.0, 0.0}, {35.0, 1.0, -1.0, 0.5}},
};

const double kTemperatures[] = {1e-6, 0.05, 1.0, 3.0, 1e3, 1e8, 1e16};

// Every value the core computes is passed through unchanged, class by class.
TEST(DerivationNumbers, ReuseCoreQuantities)
{
    for (const CoreCase& entry : kCoreCases) {
        const Distillation distillation = make(entry.teacher, entry.student);
        for (const double temperature : kTemperatures) {
            auto quantities = distillation.evaluate(temperature);
            ASSERT_TRUE(quantities.has_value());
            for (Index i = 0; i < distillation.classes(); ++i) {
                SCOPED_TRACE(std::string(entry.name) + ", T = " + std::to_string(temperature)
                             + ", class " + std::to_string(i));
                const DerivationNumbers numbers = deriveNumbers(distillation, *quantities, i);
                EXPECT_EQ(numbers.class_index, i);
                EXPECT_EQ(numbers.classes, distillation.classes());
                EXPECT_EQ(numbers.temperature, temperature);
                EXPECT_EQ(numbers.p, quantities->p[i]);
                EXPECT_EQ(numbers.q, quantities->q[i]);
                EXPECT_EQ(numbers.log_p, quantities->log_p[i]);
                EXPECT_EQ(numbers.log_q, quantities->log_q[i]);
                EXPECT_EQ(numbers.grad_exact, quantities->grad_exact[i]);
                ASSERT_EQ(numbers.grad_taylor.has_value(), quantities->grad_taylor.has_value());
                if (numbers.grad_taylor) {
                    EXPECT_EQ(*numbers.grad_taylor, (*quantities->grad_taylor)[i]);
                }
                EXPECT_EQ(numbers.grad_centered, quantities->grad_centered[i]);
                EXPECT_EQ(numbers.grad_raw, quantities->grad_zero_mean[i]);
                EXPECT_EQ(numbers.centered_relative_error,
                          quantities->centered_vs_exact.relative_error[std::size_t(i)]);
                EXPECT_EQ(numbers.quadratic_loss, quantities->quadratic_loss);
                EXPECT_EQ(numbers.centered_teacher, distillation.centeredTeacher()[i]);
                EXPECT_EQ(numbers.loss_gradient, distillation.centeredDifference()[i]);
                EXPECT_EQ(numbers.minimizer, numbers.centered_teacher);
            }
        }
    }
}

// Eq. 4 is the step size 1/(N T^2) times the gradient of Eq. 5, and T^2
// times Eq. 4 is (zc_i - vc_i) / N; both within the few roundings of the
// products.
TEST(DerivationNumbers, Eq4IsStepTimesLossGradient)
{
    for (const CoreCase& entry : kCoreCases) {
        const Distillation distillation = make(entry.teacher, entry.student);
        const auto n = static_cast<double>(distillation.classes());
        for (const double temperature : kTemperatures) {
            for (Index i = 0; i < distillation.classes(); ++i) {
                SCOPED_TRACE(std::string(entry.name) + ", T = " + std::to_string(temperature)
                             + ", class " + std::to_string(i));
                auto numbers = deriveNumbers(distillation, temperature, i);
                ASSERT_TRUE(numbers.has_value());
                EXPECT_PRED_FORMAT3(withinUlps, numbers->step_times_gradient,
                                    numbers->grad_centered, 4.0);
                EXPECT_PRED_FORMAT3(withinUlps, numbers->grad_centered_scaled,
                                    numbers->loss_gradient / n, 4.0);
                EXPECT_PRED_FORMAT3(withinUlps, numbers->step_size,
                                    1.0 / (n * temperature * temperature), 0.0);
            }
        }
    }
}

// The centred logits have zero sum, and they are the logits minus the mean
// to within the rounding of that mean.
TEST(DerivationNumbers, CentredLogitsHaveZeroMean)
{
    for (const CoreCase& entry : kCoreCases) {
        SCOPED_TRACE(entry.name);
        const Distillation distillation = make(entry.teacher, entry.student);
        double student_total = 0.0;
        double teacher_total = 0.0;
        double largest = 0.0;
        for (Index i = 0; i < distillation.classes(); ++i) {
            auto numbers = deriveNumbers(distillation, 2.0, i);
            ASSERT_TRUE(numbers.has_value());
            student_total += numbers->centered_student;
            teacher_total += numbers->centered_teacher;
            largest = std::max({largest, std::abs(numbers->centered_student),
                                std::abs(numbers->centered_teacher)});
            const double spacing = 4.0 * std::numeric_limits<double>::epsilon()
                * std::max(std::abs(entry.student[std::size_t(i)]), std::abs(numbers->student_mean));
            EXPECT_NEAR(numbers->centered_student, entry.student[std::size_t(i)] - numbers->student_mean,
                        spacing);
            EXPECT_EQ(numbers->loss_gradient, distillation.centeredDifference()[i]);
        }
        const double tolerance = 8.0 * std::numeric_limits<double>::epsilon() * largest;
        EXPECT_NEAR(student_total, 0.0, tolerance);
        EXPECT_NEAR(teacher_total, 0.0, tolerance);
    }
}

// Adding a constant to every teacher logit and another to every student
// logit leaves Eq. 1, Eq. 2 and the centred Eq. 4 as they are, because
// softmax and centring ignore it, but moves the sums, Eq. 3 and, when the
// constants differ, the raw Eq. 4.
TEST(DerivationNumbers, ShiftMovesEq3ButNotEq2)
{
    const std::vector<double> teacher{2.5, -1.0, 0.75};
    const std::vector<double> student{1.25, 0.5, -2.0};
    constexpr double kTeacherShift = 4.0;
    constexpr double kStudentShift = 1.0;
    std::vector<double> shifted_teacher, shifted_student;
    for (std::size_t i = 0; i < teacher.size(); ++i) {
        shifted_teacher.push_back(teacher[i] + kTeacherShift);
        shifted_student.push_back(student[i] + kStudentShift);
    }
    constexpr double kTemperature = 5.0;
    auto before = deriveNumbers(make(teacher, student), kTemperature, 0);
    auto after = deriveNumbers(make(shifted_teacher, shifted_student), kTemperature, 0);
    ASSERT_TRUE(before.has_value());
    ASSERT_TRUE(after.has_value());

    EXPECT_PRED_FORMAT3(withinUlps, after->q, before->q, 4.0);
    EXPECT_PRED_FORMAT3(withinUlps, after->p, before->p, 4.0);
    EXPECT_NEAR(after->grad_exact, before->grad_exact, 1e-15);
    EXPECT_EQ(after->grad_centered, before->grad_centered);
    EXPECT_EQ(after->student_sum, before->student_sum + 3.0 * kStudentShift);
    EXPECT_EQ(after->teacher_sum, before->teacher_sum + 3.0 * kTeacherShift);
    // (z_i - v_i) / (N T^2) moves by (1 - 4) / (3 * 25) = -0.04.
    EXPECT_NEAR(after->grad_raw - before->grad_raw, -0.04, 1e-15);
    ASSERT_TRUE(before->grad_taylor.has_value());
    ASSERT_TRUE(after->grad_taylor.has_value());
    EXPECT_GT(std::abs(*after->grad_taylor - *before->grad_taylor), 1e-4);
}

// At T = 1e-3 both soft targets of class 0 underflow, so Eq. 2 is 0 in
// doubles; its size comes from the logarithms. With v = (0, 1) and z = (0, 2),
// q_0 = 1 / (1 + e^2000) and p_0 = 1 / (1 + e^1000), so |q_0 - p_0| / T is
// e^-1000 (1 - e^-1000) / 1e-3 to double precision, whose log10 is
// -1000 / ln 10 + 3.
TEST(DerivationNumbers, UnderflowingEq2KeepsItsSize)
{
    auto numbers = deriveNumbers(make({0.0, 1.0}, {0.0, 2.0}), 1e-3, 0);
    ASSERT_TRUE(numbers.has_value());
    EXPECT_EQ(numbers->grad_exact, 0.0);
    ASSERT_TRUE(numbers->grad_exact_log10.has_value());
    EXPECT_NEAR(*numbers->grad_exact_log10, -1000.0 / std::log(10.0) + 3.0, 1e-12);
    EXPECT_TRUE(numbers->grad_exact_negative);

    auto ordinary = deriveNumbers(make({0.0, 1.0}, {0.0, 2.0}), 1.0, 0);
    ASSERT_TRUE(ordinary.has_value());
    EXPECT_FALSE(ordinary->grad_exact_log10.has_value());
}

// For the top class both soft targets round to 1 and their logs to 0, so
// the sizes come from the complements: 1 - q_1 = q_0 ~ e^-2000 and
// 1 - p_1 = p_0 ~ e^-1000, so q_1 - p_1 ~ +e^-1000 and log p_1 ~ -e^-1000.
TEST(DerivationNumbers, TopClassUnderflowKeepsSizeAndSign)
{
    auto numbers = deriveNumbers(make({0.0, 1.0}, {0.0, 2.0}), 1e-3, 1);
    ASSERT_TRUE(numbers.has_value());
    EXPECT_EQ(numbers->grad_exact, 0.0);
    ASSERT_TRUE(numbers->grad_exact_log10.has_value());
    EXPECT_NEAR(*numbers->grad_exact_log10, -1000.0 / std::log(10.0) + 3.0, 1e-12);
    EXPECT_FALSE(numbers->grad_exact_negative);
    EXPECT_EQ(numbers->log_p, 0.0);
    ASSERT_TRUE(numbers->log_p_log10.has_value());
    EXPECT_NEAR(*numbers->log_p_log10, -1000.0 / std::log(10.0), 1e-12);
    ASSERT_TRUE(numbers->log_q_log10.has_value());
    EXPECT_NEAR(*numbers->log_q_log10, -2000.0 / std::log(10.0), 1e-12);

    // Where log p_i keeps its digits there is no size to add.
    auto ordinary = deriveNumbers(make({0.0, 1.0}, {0.0, 2.0}), 1.0, 1);
    ASSERT_TRUE(ordinary.has_value());
    EXPECT_FALSE(ordinary->log_p_log10.has_value());
    EXPECT_FALSE(ordinary->log_q_log10.has_value());
}

// At T = 2 the teacher's sum -6 makes N + sum v / T exactly zero for N = 3.
TEST(DerivationNumbers, PoleLeavesEq3Empty)
{
    auto numbers = deriveNumbers(make({-3.0, -1.0, -2.0}, {0.5, -0.5, 1.0}), 2.0, 1);
    ASSERT_TRUE(numbers.has_value());
    EXPECT_EQ(numbers->teacher_fraction.denominator, 0.0);
    EXPECT_FALSE(numbers->teacher_fraction.fraction.has_value());
    EXPECT_TRUE(numbers->student_fraction.fraction.has_value());
    EXPECT_FALSE(numbers->grad_taylor.has_value());
}

TEST(DerivationNumbers, InvalidTemperatureIsRejected)
{
    const Distillation distillation = make({1.0, 2.0}, {0.0, 3.0});
    for (const double temperature : {0.0, -1.0, 1e-7, 1e17, std::numeric_limits<double>::quiet_NaN()}) {
        SCOPED_TRACE(temperature);
        auto numbers = deriveNumbers(distillation, temperature, 0);
        ASSERT_FALSE(numbers.has_value());
        EXPECT_EQ(numbers.error().operand, Operand::Temperature);
    }
}

} // namespace
} // namespace distillscope
