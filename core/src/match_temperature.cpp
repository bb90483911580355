#include "distillscope/match_temperature.h"

#include "sweep_evaluator.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace distillscope {
namespace {

constexpr double kWalkRatio = 1.1547819846894583; // 10^(1/16)
constexpr double kBisectionWidth = 1e-12;

// The lowest temperature at which v/T and z/T are still finite.
double lowestValidTemperature(const Distillation& distillation)
{
    const double largest = std::max(std::abs(distillation.teacher()[distillation.largestTeacherIndex()]),
                                    std::abs(distillation.student()[distillation.largestStudentIndex()]));
    double lowest = kMinTemperature;
    while (!distillation.validateTemperature(lowest))
        lowest = std::max(lowest * 2.0, largest / std::numeric_limits<double>::max() * 2.0);
    return lowest;
}

void predict(const Distillation& distillation, double tolerance, MatchTemperature& match)
{
    const ErrorTerm term = leadingErrorTerm(distillation);
    if (term.order == 1)
        match.predicted = term.coefficient / tolerance;
    else if (term.order == 2)
        match.predicted = std::sqrt(term.coefficient / tolerance);
    match.predicted_order = term.order;
}

} // namespace

// With x = zc/T and y = vc/T, softmax expands as
//     N q_i = 1 + x_i + (x_i^2 - m2(x))/2 + x_i^3/6 - x_i m2(x)/2 - m3(x)/6 + O(x^4),
// where m2 and m3 are the means of x^2 and x^3. The centred Eq. 4 of
// distillation.h keeps the linear term only, so the error is led by the
// quadratic term (K1) and, when
// that vanishes as it does for N = 2, by the cubic one (K2).
ErrorTerm leadingErrorTerm(const Distillation& distillation)
{
    ErrorTerm term;
    const Vector& difference = distillation.centeredDifference();
    const Vector& numerator = distillation.secondOrderNumerator();
    const double difference_max = difference.cwiseAbs().maxCoeff();
    const double numerator_max = numerator.cwiseAbs().maxCoeff();
    if (difference_max == 0.0)
        return term;

    // The numerator is a product of centred values minus its mean. Below a
    // few dozen ulps of the products it is the rounding noise of a zero term.
    const Vector teacher = distillation.centeredTeacher();
    const Vector student = difference + teacher;
    const double product_scale = difference_max * (student.cwiseAbs().maxCoeff() + teacher.cwiseAbs().maxCoeff());
    const double noise = 64.0 * std::numeric_limits<double>::epsilon() * product_scale;
    const int exponent = distillation.scaleExponent();

    if (numerator_max > noise) {
        const double first = std::ldexp(numerator_max / (2.0 * difference_max), exponent);
        term.coefficient = first;
        term.order = 1;
        return term;
    }

    const auto n = static_cast<double>(distillation.classes());
    const double student_m2 = student.squaredNorm() / n;
    const double teacher_m2 = teacher.squaredNorm() / n;
    const double student_m3 = student.array().cube().sum() / n;
    const double teacher_m3 = teacher.array().cube().sum() / n;
    const Vector cubic = (student.array().cube() - teacher.array().cube()) / 6.0
        - (student.array() * student_m2 - teacher.array() * teacher_m2) / 2.0
        - (student_m3 - teacher_m3) / 6.0;
    const double second = std::ldexp(cubic.cwiseAbs().maxCoeff() / difference_max, 2 * exponent);
    if (second > 0.0 && std::isfinite(second)) {
        term.coefficient = second;
        term.order = 2;
    }
    return term;
}

MatchTemperature findMatchTemperature(const Distillation& distillation, double tolerance)
{
    assert(tolerance > 0.0);
    assert(std::isfinite(tolerance));
    MatchTemperature match;
    if (distillation.gradientVanishes()) {
        match.status = MatchTemperature::Status::GradientVanishes;
        return match;
    }
    predict(distillation, tolerance, match);

    detail::SweepEvaluator evaluator(distillation);
    SweepRow row;
    // An undefined error (Eq. 2 underflowed to zero) counts as a mismatch.
    const auto within = [&](double temperature) {
        evaluator.evaluate(temperature, -1, row);
        return row.relative_error && *row.relative_error <= tolerance;
    };

    if (!within(kMaxTemperature)) {
        match.status = MatchTemperature::Status::NeverReached;
        return match;
    }

    const double lowest = lowestValidTemperature(distillation);
    double inside = kMaxTemperature;
    double outside = 0.0;
    while (inside > lowest) {
        const double next = std::max(inside / kWalkRatio, lowest);
        if (!within(next)) {
            outside = next;
            break;
        }
        inside = next;
    }
    if (outside == 0.0) {
        match.status = MatchTemperature::Status::HoldsEverywhere;
        match.value = lowest;
        return match;
    }

    while (inside / outside - 1.0 > kBisectionWidth) {
        const double middle = std::sqrt(inside * outside);
        if (within(middle))
            inside = middle;
        else
            outside = middle;
    }
    match.status = MatchTemperature::Status::Found;
    match.value = inside;
    return match;
}

} // namespace distillscope
