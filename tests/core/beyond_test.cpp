// The quantities of distillscope/beyond.h against tests/data/beyond_cases.json,
// which tools/make_beyond_cases.py computes with mpmath and exact fractions
// and rounds once to double.

#include "distillscope/beyond.h"
#include "distillscope/match_temperature.h"
#include "distillscope/sweep.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

namespace distillscope {
namespace {

using Json = nlohmann::json;

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

const Json& cases()
{
    static const Json document = [] {
        std::ifstream file(DISTILLSCOPE_BEYOND_REFERENCE);
        return Json::parse(file);
    }();
    return document.at("cases");
}

std::vector<double> numbers(const Json& array)
{
    return array.get<std::vector<double>>();
}

Distillation distillationOf(const Json& entry)
{
    const std::vector<double> teacher = numbers(entry.at("teacher"));
    const std::vector<double> student = numbers(entry.at("student"));
    auto created = Distillation::create(teacher, student);
    EXPECT_TRUE(created) << entry.at("name");
    return std::move(*created);
}

// Expects |actual - expected| <= tolerance, naming the case, the quantity and
// the class, and printing both numbers to 17 digits.
void expectNear(const Json& entry, const std::string& quantity, Index index, double actual,
                double expected, double tolerance)
{
    EXPECT_LE(std::abs(actual - expected), tolerance)
        << entry.at("name").get<std::string>() << ": " << quantity << "[" << index << "] = "
        << testing::PrintToString(actual) << ", reference " << testing::PrintToString(expected)
        << ", tolerance " << tolerance;
}

// Each component within `relative` of its own size.
void expectComponentsNear(const Json& entry, const std::string& quantity, const Vector& actual,
                          const std::vector<double>& expected, double relative)
{
    ASSERT_EQ(actual.size(), Index(expected.size())) << quantity;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto index = Index(i);
        expectNear(entry, quantity, index, actual[index], expected[i], relative * std::abs(expected[i]));
    }
}

TEST(BeyondReference, HardLabelGradient)
{
    for (const Json& entry : cases()) {
        const Distillation distillation = distillationOf(entry);
        const Vector hard = hardLabelGradient(distillation, entry.at("label").get<Index>());
        // exp(z - max z) turns the rounding of its argument into a relative
        // error of about |z - max z| ulps, 50 for the confident student.
        expectComponentsNear(entry, "hard_gradient", hard, numbers(entry.at("hard_gradient")),
                             64.0 * kEpsilon);
    }
}

TEST(BeyondReference, MixedGradientBothConventions)
{
    for (const Json& entry : cases()) {
        const Distillation distillation = distillationOf(entry);
        const double temperature = entry.at("temperature").get<double>();
        auto quantities = distillation.evaluate(temperature);
        ASSERT_TRUE(quantities) << entry.at("name");
        const Vector soft_scaled = quantities->grad_exact * (temperature * temperature);
        const Vector hard = hardLabelGradient(distillation, entry.at("label").get<Index>());
        const double weight = entry.at("weight").get<double>();

        for (const auto& [convention, key] :
             {std::pair{MixingConvention::WeightOnHard, "mixed_hard_weight"},
              std::pair{MixingConvention::WeightOnSoft, "mixed_soft_weight"}}) {
            const std::vector<double> expected = numbers(entry.at(key));
            const Vector mixed = mixedGradient(hard, soft_scaled, weight, convention);
            double largest = 0.0;
            for (const double value : expected)
                largest = std::max(largest, std::abs(value));
            for (std::size_t i = 0; i < expected.size(); ++i)
                expectNear(entry, key, Index(i), mixed[Index(i)], expected[i], 1e-14 * largest);
        }
    }
}

TEST(BeyondReference, StandardizedLogits)
{
    for (const Json& entry : cases()) {
        for (const char* side : {"teacher", "student"}) {
            const std::vector<double> logits = numbers(entry.at(side));
            const Json& expected = entry.at(std::string("standardized_") + side);
            const auto result = standardize(logits);
            if (expected.is_null()) {
                ASSERT_FALSE(result) << entry.at("name") << " " << side;
                EXPECT_EQ(result.error().value, logits.front());
                continue;
            }
            ASSERT_TRUE(result) << entry.at("name") << " " << side;
            const std::string quantity = std::string("z-score of ") + side;
            expectComponentsNear(entry, quantity, result->values, numbers(expected.at("values")), 1e-14);
            const double mean = expected.at("mean").get<double>();
            const double deviation = expected.at("deviation").get<double>();
            expectNear(entry, quantity + " mean", -1, result->mean, mean, 4.0 * kEpsilon * std::abs(mean));
            expectNear(entry, quantity + " deviation", -1, result->deviation, deviation,
                       1e-14 * deviation);
        }
    }
}

TEST(BeyondReference, KlOfStandardizedLogits)
{
    for (const Json& entry : cases()) {
        if (entry.at("standardized_kl").is_null())
            continue;
        const auto teacher = standardize(numbers(entry.at("teacher")));
        const auto student = standardize(numbers(entry.at("student")));
        ASSERT_TRUE(teacher) << entry.at("name");
        ASSERT_TRUE(student) << entry.at("name");
        auto standardized = Distillation::create(
            std::span<const double>(teacher->values.data(), std::size_t(teacher->values.size())),
            std::span<const double>(student->values.data(), std::size_t(student->values.size())));
        ASSERT_TRUE(standardized);
        auto quantities = standardized->evaluate(entry.at("temperature").get<double>());
        ASSERT_TRUE(quantities) << entry.at("name");
        const double expected = entry.at("standardized_kl").get<double>();
        // The z-scores carry a few ulps each, which KL passes on divided by T.
        expectNear(entry, "standardized_kl", -1, quantities->kl, expected, 1e-11 * expected);
    }
}

TEST(BeyondReference, GradientLimit)
{
    for (const Json& entry : cases()) {
        const Distillation distillation = distillationOf(entry);
        const std::vector<double> expected = numbers(entry.at("gradient_limit"));
        const Vector limit = scaledGradientLimit(distillation);
        double largest = 0.0;
        for (const double value : expected)
            largest = std::max(largest, std::abs(value));
        for (std::size_t i = 0; i < expected.size(); ++i)
            expectNear(entry, "gradient_limit", Index(i), limit[Index(i)], expected[i], 4.0 * kEpsilon * largest);
    }
}

TEST(BeyondReference, KlLimits)
{
    for (const Json& entry : cases()) {
        const KlLimits limits = klLimits(distillationOf(entry));
        const double logit_matching = entry.at("logit_matching").get<double>();
        const double slope = entry.at("label_matching_slope").get<double>();
        ASSERT_TRUE(limits.logit_matching) << entry.at("name");
        ASSERT_TRUE(limits.label_matching_slope) << entry.at("name");
        expectNear(entry, "logit_matching", -1, *limits.logit_matching, logit_matching,
                   8.0 * kEpsilon * logit_matching);
        expectNear(entry, "label_matching_slope", -1, *limits.label_matching_slope, slope,
                   2.0 * kEpsilon * slope);
        EXPECT_EQ(limits.student_agrees, entry.at("student_agrees").get<bool>()) << entry.at("name");
    }
}

TEST(BeyondReference, TwoClassErrorFallsAsInverseSquare)
{
    for (const Json& entry : cases()) {
        const Distillation distillation = distillationOf(entry);
        const auto pair = entry.at("pair").get<std::vector<Index>>();
        const Distillation restricted = restrictToClasses(distillation, pair[0], pair[1]);
        ASSERT_EQ(restricted.classes(), 2);
        EXPECT_EQ(restricted.teacher()[1], distillation.teacher()[pair[1]]);
        EXPECT_EQ(restricted.student()[0], distillation.student()[pair[0]]);

        const double coefficient = entry.at("pair_error_coefficient").get<double>();
        const ErrorTerm term = leadingErrorTerm(restricted);
        if (coefficient == 0.0) {
            // K2 of logits near 1e-300 is below the double range.
            EXPECT_EQ(term.order, 0) << entry.at("name");
            continue;
        }
        EXPECT_EQ(term.order, 2) << entry.at("name");
        expectNear(entry, "pair_error_coefficient", -1, term.coefficient, coefficient, 1e-10 * coefficient);

        // Far above the logits the sweep's error is K2 / T^2 up to a
        // relative (logit / T)^2.
        const double spread = std::sqrt(coefficient) * 1e5;
        const std::vector<double> temperatures = {spread};
        const std::vector<SweepRow> rows = sweepGradients(restricted, temperatures, 0);
        ASSERT_TRUE(rows.front().relative_error) << entry.at("name");
        const double predicted = coefficient / (spread * spread);
        expectNear(entry, "two-class relative error", -1, *rows.front().relative_error, predicted,
                   1e-6 * predicted);
    }
}

TEST(Standardize, ConstantLogitsRejected)
{
    const std::vector<double> logits = {-2.5, -2.5, -2.5};
    const auto result = standardize(logits);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().value, -2.5);
}

TEST(Standardize, LogitsNearDoubleLimit)
{
    constexpr double kLargest = std::numeric_limits<double>::max();
    const std::vector<double> logits = {kLargest, -kLargest};
    const auto result = standardize(logits);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->values[0], 1.0);
    EXPECT_EQ(result->values[1], -1.0);
    EXPECT_EQ(result->mean, 0.0);
    EXPECT_EQ(result->deviation, kLargest);
}

TEST(Standardize, SymmetricTripleIsExact)
{
    // z-scores of (a, 0, -a) are (sqrt(3/2), 0, -sqrt(3/2)) for any a.
    for (const double scale : {1e-300, 1.0, 1e300}) {
        const std::vector<double> logits = {scale, 0.0, -scale};
        const auto result = standardize(logits);
        ASSERT_TRUE(result) << scale;
        EXPECT_NEAR(result->values[0], std::sqrt(1.5), 2.0 * kEpsilon) << scale;
        EXPECT_EQ(result->values[1], 0.0) << scale;
        EXPECT_NEAR(result->values[2], -std::sqrt(1.5), 2.0 * kEpsilon) << scale;
    }
}

TEST(HardLabelGradient, SumsToZero)
{
    const std::vector<double> teacher = {1.0, 2.0, 3.0};
    const std::vector<double> student = {0.5, -1.0, 4.0};
    const Distillation distillation = *Distillation::create(teacher, student);
    for (Index label = 0; label < 3; ++label) {
        const Vector hard = hardLabelGradient(distillation, label);
        EXPECT_NEAR(hard.sum(), 0.0, 4.0 * kEpsilon) << label;
        EXPECT_LT(hard[label], 0.0) << label;
    }
}

TEST(ClassesByTeacherLogit, TiesKeepIndexOrder)
{
    const std::vector<double> teacher = {1.0, 3.0, 1.0, 5.0};
    const std::vector<double> student = {0.0, 0.0, 0.0, 0.0};
    const Distillation distillation = *Distillation::create(teacher, student);
    EXPECT_EQ(classesByTeacherLogit(distillation), (std::vector<Index>{3, 1, 0, 2}));
}

TEST(KlLimits, EqualLogitsHaveZeroLimits)
{
    const std::vector<double> logits = {0.5, 0.5};
    const KlLimits limits = klLimits(*Distillation::create(logits, logits));
    EXPECT_EQ(limits.logit_matching, 0.0);
    EXPECT_EQ(limits.label_matching_slope, 0.0);
    EXPECT_TRUE(limits.student_agrees);
}

} // namespace
} // namespace distillscope
