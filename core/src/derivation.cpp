#include "distillscope/derivation.h"

#include "series.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <vector>

namespace distillscope {

namespace {

// Above this x, (1 + x) e^-x is below 1e-15 and e^-x nears the subnormal
// range, so the relative remainder comes from the logarithm instead.
constexpr double kLargeArgument = 40.0;

TaylorFraction taylorFraction(const Distillation& distillation, Operand side, double temperature,
                              double scaled_logit)
{
    TaylorFraction result;
    result.numerator = 1.0 + scaled_logit;
    result.denominator = distillation.taylorDenominator(side, temperature);
    if (!distillation.taylorPole(side, temperature))
        result.fraction = result.numerator / result.denominator;
    return result;
}

} // namespace

TaylorTerm taylorTerm(double x)
{
    TaylorTerm term;
    term.x = x;
    term.exponential = std::exp(x);
    term.linear = 1.0 + x;
    term.remainder = detail::expm1MinusArgument(x);

    // (e^x - 1 - x) / e^x = 1 - (1 + x) e^-x. For large x the product is
    // exp(log1p(x) - x), where the subtraction no longer cancels; elsewhere
    // the accurate remainder times e^-x loses nothing. Below x = -709, e^-x
    // overflows and so does the ratio.
    if (x > kLargeArgument)
        term.relative_remainder = -std::expm1(std::log1p(x) - x);
    else
        term.relative_remainder = term.remainder * std::exp(-x);
    return term;
}

DerivationNumbers deriveNumbers(const Distillation& distillation, const Quantities& quantities,
                                Index class_index)
{
    assert(class_index >= 0);
    assert(class_index < distillation.classes());
    const Index i = class_index;
    const double temperature = quantities.temperature;
    const auto n = static_cast<double>(distillation.classes());
    const double student_logit = distillation.student()[i];
    const double teacher_logit = distillation.teacher()[i];

    DerivationNumbers numbers;
    numbers.class_index = i;
    numbers.classes = distillation.classes();
    numbers.temperature = temperature;

    numbers.p = quantities.p[i];
    numbers.q = quantities.q[i];
    numbers.log_p = quantities.log_p[i];
    numbers.log_q = quantities.log_q[i];
    numbers.grad_exact = quantities.grad_exact[i];

    // log(1 - p_i) = log of the sum of the other p_j, from their accurate logs.
    const auto log_complement = [&](const Vector& logs) {
        double largest = -std::numeric_limits<double>::infinity();
        for (Index j = 0; j < logs.size(); ++j) {
            if (j != i)
                largest = std::max(largest, logs[j]);
        }
        double sum = 0.0;
        for (Index j = 0; j < logs.size(); ++j) {
            if (j != i)
                sum += std::exp(logs[j] - largest);
        }
        return largest + std::log(sum);
    };
    const double log10_e = 1.0 / std::log(10.0);
    const double complement_p = log_complement(quantities.log_p);
    const double complement_q = log_complement(quantities.log_q);
    if (numbers.log_p == 0.0 && std::isfinite(complement_p))
        numbers.log_p_log10 = complement_p * log10_e;
    if (numbers.log_q == 0.0 && std::isfinite(complement_q))
        numbers.log_q_log10 = complement_q * log10_e;

    if (numbers.grad_exact == 0.0 && !distillation.gradientVanishes()) {
        // Near 1, q_i - p_i = (1 - p_i) - (1 - q_i), whose logs keep their digits.
        const bool near_one = std::max(numbers.q, numbers.p) > 0.5;
        const double log_a = near_one ? complement_p : numbers.log_q;
        const double log_b = near_one ? complement_q : numbers.log_p;
        if (log_a != log_b && std::isfinite(log_a) && std::isfinite(log_b)) {
            const double larger = std::max(log_a, log_b);
            const double smaller = std::min(log_a, log_b);
            const double log_difference = larger + std::log(-std::expm1(smaller - larger));
            numbers.grad_exact_log10 = (log_difference - std::log(temperature)) * log10_e;
            numbers.grad_exact_negative = log_a < log_b;
        }
    }

    const double student_x = student_logit / temperature;
    const double teacher_x = teacher_logit / temperature;
    numbers.student_term = taylorTerm(student_x);
    numbers.teacher_term = taylorTerm(teacher_x);

    numbers.student_fraction = taylorFraction(distillation, Operand::Student, temperature, student_x);
    numbers.teacher_fraction = taylorFraction(distillation, Operand::Teacher, temperature, teacher_x);
    if (quantities.grad_taylor)
        numbers.grad_taylor = (*quantities.grad_taylor)[i];

    numbers.student_sum = distillation.logitSum(Operand::Student);
    numbers.teacher_sum = distillation.logitSum(Operand::Teacher);
    numbers.student_mean = numbers.student_sum / n;
    numbers.teacher_mean = numbers.teacher_sum / n;
    // The core keeps the centred values times 2^-k (see scaleExponent); the
    // student's is vc + (zc - vc), as the window's Center button forms it.
    const int exponent = distillation.scaleExponent();
    const double centered_teacher = distillation.centeredTeacher()[i];
    const double centered_difference = distillation.centeredDifference()[i];
    numbers.centered_teacher = std::ldexp(centered_teacher, exponent);
    numbers.centered_student = std::ldexp(centered_teacher + centered_difference, exponent);

    numbers.grad_centered = quantities.grad_centered[i];
    numbers.grad_raw = quantities.grad_zero_mean[i];
    numbers.centered_relative_error = quantities.centered_vs_exact.relative_error[static_cast<std::size_t>(i)];

    numbers.quadratic_loss = quantities.quadratic_loss;
    numbers.loss_gradient = std::ldexp(centered_difference, exponent);
    numbers.step_size = 1.0 / (n * temperature * temperature);
    numbers.step_times_gradient = numbers.step_size * numbers.loss_gradient;
    numbers.minimizer = numbers.centered_teacher;

    const double t_squared = temperature * temperature;
    numbers.grad_exact_scaled = numbers.grad_exact * t_squared;
    numbers.grad_centered_scaled = numbers.grad_centered * t_squared;
    return numbers;
}

Expected<DerivationNumbers, InputError> deriveNumbers(const Distillation& distillation,
                                                      double temperature, Index class_index)
{
    auto quantities = distillation.evaluate(temperature);
    if (!quantities)
        return unexpected(quantities.error());
    return deriveNumbers(distillation, *quantities, class_index);
}

} // namespace distillscope
