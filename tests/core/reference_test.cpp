// Every quantity of every case in the high-precision reference files, checked
// against the accuracy that distillation.h promises.
//
// Two files are read: tests/data/reference_cases.json, made by
// tools/make_reference_cases.py and carried in the repository, and, when it
// exists, a second reference set whose path CMake passes in
// DISTILLSCOPE_EXTRA_REFERENCE. Both hold 60-digit values rounded once to
// double, so the tolerances below measure our error alone.

#include "distillscope/distillation.h"
#include "distillscope/match_temperature.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace distillscope {
namespace {

using Json = nlohmann::json;

constexpr double kSmallestNormal = std::numeric_limits<double>::min();

std::vector<double> numbers(const Json& array)
{
    return array.get<std::vector<double>>();
}

double maxAbs(const std::vector<double>& values)
{
    double largest = 0.0;
    for (const double value : values)
        largest = std::max(largest, std::abs(value));
    return largest;
}

// Collects violations for one case, each naming the quantity, the class, both
// numbers, the error and the tolerance.
class CaseChecker {
public:
    explicit CaseChecker(std::string name) : m_name(std::move(name)) {}

    void check(const std::string& quantity, Index index, double actual, double expected, double tolerance)
    {
        const double error = std::abs(actual - expected);
        if (error <= tolerance && std::isfinite(actual))
            return;
        std::ostringstream message;
        message.precision(17);
        message << m_name << ": " << quantity;
        if (index >= 0)
            message << "[" << index << "]";
        message << " = " << actual << ", reference " << expected << ", error " << error << " > tolerance "
                << tolerance;
        m_failures.push_back(message.str());
    }

    void fail(const std::string& text) { m_failures.push_back(m_name + ": " + text); }

    const std::vector<std::string>& failures() const { return m_failures; }

private:
    std::string m_name;
    std::vector<std::string> m_failures;
};

void checkVector(CaseChecker& checker, const std::string& quantity, const Vector& actual,
                 const std::vector<double>& expected, double tolerance)
{
    for (std::size_t i = 0; i < expected.size(); ++i)
        checker.check(quantity, static_cast<Index>(i), actual[static_cast<Index>(i)], expected[i], tolerance);
}

void checkProbabilities(CaseChecker& checker, const std::string& quantity, const Vector& actual,
                        const std::vector<double>& expected)
{
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double reference = expected[i];
        const double tolerance = reference >= kSmallestNormal
            ? 1e-15 * std::max(10.0, std::abs(std::log(reference))) * reference
            : 1e-300;
        checker.check(quantity, static_cast<Index>(i), actual[static_cast<Index>(i)], reference, tolerance);
    }
}

void checkLogarithms(CaseChecker& checker, const std::string& quantity, const Vector& actual,
                     const std::vector<double>& expected)
{
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double tolerance = 1e-14 * std::max(1.0, std::abs(expected[i]));
        checker.check(quantity, static_cast<Index>(i), actual[static_cast<Index>(i)], expected[i], tolerance);
    }
}

void checkLoss(CaseChecker& checker, const std::string& quantity, double actual, double expected)
{
    const double tolerance = std::abs(expected) >= kSmallestNormal ? 1e-13 * std::abs(expected) : 1e-300;
    checker.check(quantity, -1, actual, expected, tolerance);
}

MatchTemperature::Status statusNamed(const std::string& name)
{
    if (name == "found")
        return MatchTemperature::Status::Found;
    if (name == "holds_everywhere")
        return MatchTemperature::Status::HoldsEverywhere;
    if (name == "gradient_vanishes")
        return MatchTemperature::Status::GradientVanishes;
    return MatchTemperature::Status::NeverReached;
}

void checkMatchTemperature(CaseChecker& checker, const Distillation& distillation, const Json& expected)
{
    for (const auto& [tolerance_text, entry] : expected.items()) {
        const double tolerance = std::stod(tolerance_text);
        const MatchTemperature match = findMatchTemperature(distillation, tolerance);
        const std::string quantity = "match_temperature(" + tolerance_text + ")";
        if (match.status != statusNamed(entry.at("status").get<std::string>())) {
            checker.fail(quantity + " has status " + std::to_string(static_cast<int>(match.status))
                         + ", reference " + entry.at("status").get<std::string>());
            continue;
        }
        if (entry.at("value").is_null() != !match.value.has_value()) {
            checker.fail(quantity + " is defined in only one of result and reference");
            continue;
        }
        if (match.value) {
            const double reference = entry.at("value").get<double>();
            checker.check(quantity, -1, *match.value, reference, 1e-6 * reference);
        }
        if (entry.contains("predicted_order") && entry.at("predicted_order").get<int>() != match.predicted_order)
            checker.fail(quantity + " predicted order " + std::to_string(match.predicted_order) + ", reference "
                         + std::to_string(entry.at("predicted_order").get<int>()));
        if (entry.contains("predicted") && !entry.at("predicted").is_null() && match.predicted) {
            const double reference = entry.at("predicted").get<double>();
            checker.check(quantity + " prediction", -1, *match.predicted, reference, 1e-9 * reference);
        }
    }
}

std::vector<std::string> checkCase(const Json& entry)
{
    CaseChecker checker(entry.at("name").get<std::string>());
    const std::vector<double> teacher = numbers(entry.at("teacher"));
    const std::vector<double> student = numbers(entry.at("student"));
    const double temperature = entry.at("temperature").get<double>();

    auto distillation = Distillation::create(teacher, student);
    if (!distillation) {
        checker.fail("rejected as input");
        return checker.failures();
    }
    auto evaluated = distillation->evaluate(temperature);
    if (!evaluated) {
        checker.fail("evaluate failed with problem " + std::to_string(static_cast<int>(evaluated.error().problem)));
        return checker.failures();
    }
    const Quantities& result = *evaluated;
    const auto n = static_cast<double>(teacher.size());

    const std::vector<double> p = numbers(entry.at("p"));
    const std::vector<double> q = numbers(entry.at("q"));
    checkProbabilities(checker, "p", result.p, p);
    checkProbabilities(checker, "q", result.q, q);
    checkLogarithms(checker, "log_p", result.log_p, numbers(entry.at("log_p")));
    checkLogarithms(checker, "log_q", result.log_q, numbers(entry.at("log_q")));

    // The rounding of the exponents themselves, v_j / T and z_j / T, moves
    // nearly one-hot soft targets by p_j |v_j - max v| / T ulps.
    const double teacher_max = *std::max_element(teacher.begin(), teacher.end());
    const double student_max = *std::max_element(student.begin(), student.end());
    double exponent_rounding = 0.0;
    for (std::size_t j = 0; j < teacher.size(); ++j) {
        exponent_rounding = std::max(exponent_rounding,
                                     p[j] * std::abs(teacher[j] - teacher_max) + q[j] * std::abs(student[j] - student_max));
    }
    const std::vector<double> exact = numbers(entry.at("grad_exact"));
    checkVector(checker, "grad_exact", result.grad_exact, exact,
                1e-14 * maxAbs(exact) + 4e-15 * exponent_rounding / (temperature * temperature) + 1e-300);

    const Json& taylor = entry.at("grad_taylor");
    if (taylor.is_null() != !result.grad_taylor.has_value()) {
        checker.fail(std::string("grad_taylor is ") + (taylor.is_null() ? "null" : "defined")
                     + " in the reference but not in the result");
    } else if (!taylor.is_null()) {
        const std::vector<double> expected = numbers(taylor);
        checkVector(checker, "grad_taylor", *result.grad_taylor, expected, 1e-11 * maxAbs(expected));
    }

    const std::vector<double> zero_mean = numbers(entry.at("grad_zero_mean"));
    checkVector(checker, "grad_zero_mean", result.grad_zero_mean, zero_mean, 1e-14 * maxAbs(zero_mean));
    const std::vector<double> centered = numbers(entry.at("grad_centered"));
    checkVector(checker, "grad_centered", result.grad_centered, centered, 1e-14 * maxAbs(centered));

    long double teacher_mean = 0.0L, student_mean = 0.0L;
    for (std::size_t j = 0; j < teacher.size(); ++j) {
        teacher_mean += teacher[j];
        student_mean += student[j];
    }
    teacher_mean /= n;
    student_mean /= n;
    double squares_max = 0.0;
    for (std::size_t j = 0; j < teacher.size(); ++j) {
        const auto vc = static_cast<double>(teacher[j] - teacher_mean);
        const auto zc = static_cast<double>(student[j] - student_mean);
        squares_max = std::max(squares_max, zc * zc + vc * vc);
    }
    const std::vector<double> second = numbers(entry.at("grad_second_order"));
    checkVector(checker, "grad_second_order", result.grad_second_order, second,
                1e-14 * maxAbs(second) + 1e-15 * squares_max / (n * temperature * temperature * temperature));

    checkLoss(checker, "cross_entropy", result.cross_entropy, entry.at("cross_entropy").get<double>());
    checkLoss(checker, "kl", result.kl, entry.at("kl").get<double>());
    checkLoss(checker, "kl_scaled", result.kl_scaled, entry.at("kl_scaled").get<double>());
    checkLoss(checker, "quadratic_loss", result.quadratic_loss, entry.at("quadratic_loss").get<double>());

    if (entry.contains("match_temperature") && !entry.at("match_temperature").is_null())
        checkMatchTemperature(checker, *distillation, entry.at("match_temperature"));
    return checker.failures();
}

void checkReferenceFile(const std::filesystem::path& path)
{
    std::ifstream file(path);
    ASSERT_TRUE(file) << "cannot open " << path;
    const Json document = Json::parse(file);
    const Json& cases = document.at("cases");
    ASSERT_FALSE(cases.empty()) << path << " holds no cases";

    std::size_t failed_cases = 0;
    for (const Json& entry : cases) {
        const std::vector<std::string> failures = checkCase(entry);
        if (!failures.empty())
            ++failed_cases;
        for (const std::string& failure : failures)
            ADD_FAILURE() << failure;
    }
    EXPECT_EQ(failed_cases, 0u) << "of " << cases.size() << " cases in " << path;
}

TEST(Reference, RepositoryCases)
{
    checkReferenceFile(DISTILLSCOPE_REPOSITORY_REFERENCE);
}

TEST(Reference, ExtraCases)
{
    const std::filesystem::path path = DISTILLSCOPE_EXTRA_REFERENCE;
    if (!std::filesystem::exists(path))
        GTEST_SKIP() << "no extra reference set at " << path;
    checkReferenceFile(path);
}

} // namespace
} // namespace distillscope
