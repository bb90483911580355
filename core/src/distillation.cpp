#include "distillscope/distillation.h"

#include "kernels.h"
#include "series.h"
#include "soft_targets.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace distillscope {

using detail::DoubleDouble;
using detail::ExactSum;

namespace {

Index argmax(const Vector& values)
{
    Index best = 0;
    for (Index j = 1; j < values.size(); ++j) {
        if (values[j] > values[best])
            best = j;
    }
    return best;
}

Index argmaxAbs(const Vector& values)
{
    Index best = 0;
    for (Index j = 1; j < values.size(); ++j) {
        if (std::abs(values[j]) > std::abs(values[best]))
            best = j;
    }
    return best;
}

// Subtracts the mean from values given as unevaluated sums hi_i + lo_i; see
// detail::centreExactly.
std::vector<DoubleDouble> centreDoubleDouble(const std::vector<DoubleDouble>& values)
{
    return detail::centreExactly(values).values;
}

Vector rounded(const std::vector<DoubleDouble>& values)
{
    Vector result(static_cast<Index>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i)
        result[static_cast<Index>(i)] = values[i].hi;
    return result;
}

Vector centre(const std::vector<DoubleDouble>& values)
{
    return rounded(centreDoubleDouble(values));
}

// Returns a_i b_i - mean_j(a_j b_j) for double-double a and b, rounded once.
// The second-order error term of Eq. 4 is such a numerator; for two classes
// it is exactly zero, and with doubles alone it would be rounding noise of
// the size of a_i b_i 1e-16, which at T = 1e16 outweighs the third-order
// term that then leads the error.
Vector centredProducts(const std::vector<DoubleDouble>& a, const std::vector<DoubleDouble>& b, double& mean)
{
    std::vector<DoubleDouble> products(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const DoubleDouble leading = detail::twoProduct(a[i].hi, b[i].hi);
        const double cross = a[i].hi * b[i].lo + a[i].lo * b[i].hi;
        products[i] = detail::twoSum(leading.hi, leading.lo + cross);
    }
    const std::vector<DoubleDouble> centred = centreDoubleDouble(products);
    ExactSum total;
    for (const DoubleDouble& product : products) {
        total.add(product.hi);
        total.add(product.lo);
    }
    mean = total.rounded() / static_cast<double>(a.size());
    return rounded(centred);
}

InputError temperatureError(InputProblem problem, Operand operand, double value, Index index = -1)
{
    InputError error{problem, operand};
    error.value = value;
    error.index = index;
    return error;
}

bool allFinite(const Vector& values)
{
    return values.allFinite();
}

} // namespace

Expected<Distillation, InputError> Distillation::create(std::span<const double> teacher,
                                                        std::span<const double> student)
{
    if (teacher.size() != student.size()) {
        InputError error{InputProblem::LengthMismatch, Operand::Student};
        error.teacher_classes = static_cast<Index>(teacher.size());
        error.student_classes = static_cast<Index>(student.size());
        return unexpected(error);
    }
    if (teacher.size() < 2) {
        InputError error{InputProblem::TooFewClasses, Operand::Teacher};
        error.teacher_classes = static_cast<Index>(teacher.size());
        error.student_classes = static_cast<Index>(student.size());
        return unexpected(error);
    }
    for (const auto& [values, operand] : {std::pair{teacher, Operand::Teacher},
                                           std::pair{student, Operand::Student}}) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (!std::isfinite(values[i])) {
                InputError error{InputProblem::NonFiniteLogit, operand};
                error.index = static_cast<Index>(i);
                error.value = values[i];
                return unexpected(error);
            }
        }
    }

    Distillation result;
    const auto n = static_cast<Index>(teacher.size());
    result.m_teacher = Eigen::Map<const Vector>(teacher.data(), n);
    result.m_student = Eigen::Map<const Vector>(student.data(), n);
    const Vector& v = result.m_teacher;
    const Vector& z = result.m_student;

    result.m_teacher_argmax = argmax(v);
    result.m_student_argmax = argmax(z);
    result.m_largest_teacher = argmaxAbs(v);
    result.m_largest_student = argmaxAbs(z);
    result.m_shifted_teacher = v.array() - v[result.m_teacher_argmax];
    result.m_shifted_student = z.array() - z[result.m_student_argmax];
    // (z_i - max z) - (v_i - max v), rounded once from the exact value of the
    // four terms. Subtracting the two rounded shifted vectors instead loses
    // every digit of a student within 1e-9 of its teacher, where z - v is
    // small but z - max z is not.
    result.m_shifted_difference.resize(n);
    for (Index i = 0; i < n; ++i) {
        ExactSum difference;
        difference.add(z[i]);
        difference.add(-z[result.m_student_argmax]);
        difference.add(-v[i]);
        difference.add(v[result.m_teacher_argmax]);
        const double rounded = difference.rounded();
        // With an overflowing spread the exact sum overflows too; -inf or NaN
        // then send the class to the plain difference of soft targets.
        result.m_shifted_difference[i] = std::isfinite(rounded)
            ? rounded
            : result.m_shifted_student[i] - result.m_shifted_teacher[i];
    }
    result.m_raw_difference = z - v;

    // Scale by a power of two, exactly, so that no sum of N logits or of
    // their pairwise differences can overflow.
    const double largest = std::max(std::abs(v[result.m_largest_teacher]),
                                    std::abs(z[result.m_largest_student]));
    const int safe_exponent = 1000 - static_cast<int>(std::ceil(std::log2(4.0 * static_cast<double>(n))));
    int scale_exponent = 0;
    if (largest > 0.0 && std::ilogb(largest) >= safe_exponent)
        scale_exponent = std::ilogb(largest) - safe_exponent + 1;
    result.m_scale_exponent = scale_exponent;
    result.m_scale_factor = std::ldexp(1.0, scale_exponent);
    result.m_spread_overflows = !result.m_shifted_teacher.allFinite() || !result.m_shifted_student.allFinite();
    result.m_scaled_teacher.resize(n);
    result.m_scaled_student.resize(n);

    std::vector<DoubleDouble> teacher_parts(static_cast<std::size_t>(n));
    std::vector<DoubleDouble> difference_parts(static_cast<std::size_t>(n));
    std::vector<DoubleDouble> sum_parts(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) {
        const double scaled_teacher = std::ldexp(v[i], -scale_exponent);
        const double scaled_student = std::ldexp(z[i], -scale_exponent);
        result.m_scaled_teacher[i] = scaled_teacher;
        result.m_scaled_student[i] = scaled_student;
        teacher_parts[static_cast<std::size_t>(i)] = {scaled_teacher, 0.0};
        difference_parts[static_cast<std::size_t>(i)] = detail::twoSum(scaled_student, -scaled_teacher);
        sum_parts[static_cast<std::size_t>(i)] = detail::twoSum(scaled_student, scaled_teacher);
        result.m_teacher_sum.add(scaled_teacher);
        result.m_student_sum.add(scaled_student);
    }

    // z - v is constant exactly when every difference has the same
    // double-double representation, because twoSum normalizes it.
    const DoubleDouble first = difference_parts.front();
    result.m_gradient_vanishes = std::all_of(
        difference_parts.begin(), difference_parts.end(),
        [&](const DoubleDouble& part) { return part.hi == first.hi && part.lo == first.lo; });

    result.m_centered_teacher = centre(teacher_parts);
    std::vector<DoubleDouble> centered_difference(static_cast<std::size_t>(n));
    if (!result.m_gradient_vanishes)
        centered_difference = centreDoubleDouble(difference_parts);
    result.m_centered_difference = rounded(centered_difference);
    const std::vector<DoubleDouble> centered_sum = centreDoubleDouble(sum_parts);
    result.m_centered_sum = rounded(centered_sum);
    result.m_centered_teacher_max = result.m_centered_teacher.cwiseAbs().maxCoeff();
    result.m_centered_difference_max = result.m_centered_difference.cwiseAbs().maxCoeff();
    result.m_centered_student_max = (result.m_centered_difference + result.m_centered_teacher).cwiseAbs().maxCoeff();

    ExactSum difference_total = result.m_student_sum;
    ExactSum negated_teacher;
    for (Index i = 0; i < n; ++i)
        negated_teacher.add(-std::ldexp(v[i], -scale_exponent));
    difference_total.add(negated_teacher);
    result.m_sum_difference = difference_total.rounded();

    // zc_i^2 - vc_i^2 = (zc_i - vc_i)(zc_i + vc_i): one product of two
    // accurate centred values instead of a difference of squares.
    double squares_mean = 0.0;
    result.m_second_order_numerator = centredProducts(centered_difference, centered_sum, squares_mean);
    result.m_squares_gap_mean = squares_mean;

    return result;
}

Expected<Ok, InputError> Distillation::validateTemperature(double temperature) const
{
    if (!(temperature > 0.0) || !std::isfinite(temperature))
        return unexpected(temperatureError(InputProblem::InvalidTemperature, Operand::Temperature, temperature));
    if (temperature < kMinTemperature || temperature > kMaxTemperature)
        return unexpected(temperatureError(InputProblem::TemperatureOutOfRange, Operand::Temperature, temperature));

    const double teacher_largest = m_teacher[m_largest_teacher];
    if (!std::isfinite(teacher_largest / temperature)) {
        return unexpected(temperatureError(InputProblem::ScaledLogitOverflow, Operand::Teacher,
                                           teacher_largest, m_largest_teacher));
    }
    const double student_largest = m_student[m_largest_student];
    if (!std::isfinite(student_largest / temperature)) {
        return unexpected(temperatureError(InputProblem::ScaledLogitOverflow, Operand::Student,
                                           student_largest, m_largest_student));
    }
    return Ok{};
}

bool Distillation::expansionApplies(double temperature) const
{
    const double scale = m_scale_factor / temperature;
    return std::max(m_centered_teacher_max, m_centered_difference_max) * scale <= detail::kExpansionLimit;
}

bool Distillation::seriesApplies(double temperature) const
{
    const double scale = m_scale_factor / temperature;
    return std::max(m_centered_teacher_max, m_centered_student_max) * scale <= detail::kSeriesLimit;
}

void Distillation::zeroMeanGradient(double temperature, std::span<double> out) const
{
    const double scale = static_cast<double>(classes()) * temperature * temperature;
    for (Index i = 0; i < classes(); ++i) {
        const double difference = m_raw_difference[i];
        out[static_cast<std::size_t>(i)] = std::isfinite(difference)
            ? difference / scale
            : (m_student[i] / temperature - m_teacher[i] / temperature) / (static_cast<double>(classes()) * temperature);
    }
}

void Distillation::centeredGradients(double temperature, std::span<double> centered,
                                     std::span<double> second_order) const
{
    const auto n = static_cast<double>(classes());
    const double first_scale = n * temperature * temperature;
    const double second_scale = 2.0 * n * temperature * temperature * temperature;
    for (Index i = 0; i < classes(); ++i) {
        const auto slot = static_cast<std::size_t>(i);
        const double first = m_centered_difference[i] / first_scale * m_scale_factor;
        if (!centered.empty())
            centered[slot] = first;
        if (!second_order.empty()) {
            const double correction = m_second_order_numerator[i] / second_scale * m_scale_factor * m_scale_factor;
            second_order[slot] = first + correction;
        }
    }
}

bool Distillation::taylorPole(Operand side, double temperature) const
{
    assert(side == Operand::Teacher || side == Operand::Student);
    ExactSum denominator = side == Operand::Teacher ? m_teacher_sum : m_student_sum;
    const DoubleDouble classes_times_t =
        detail::twoProduct(static_cast<double>(classes()), std::ldexp(temperature, -m_scale_exponent));
    denominator.add(classes_times_t.hi);
    denominator.add(classes_times_t.lo);
    return denominator.isZero();
}

double Distillation::logitSum(Operand side) const
{
    assert(side == Operand::Teacher || side == Operand::Student);
    const ExactSum& sum = side == Operand::Teacher ? m_teacher_sum : m_student_sum;
    return std::ldexp(sum.rounded(), m_scale_exponent);
}

double Distillation::taylorDenominator(Operand side, double temperature) const
{
    assert(side == Operand::Teacher || side == Operand::Student);
    ExactSum denominator = side == Operand::Teacher ? m_teacher_sum : m_student_sum;
    const DoubleDouble classes_times_t =
        detail::twoProduct(static_cast<double>(classes()), std::ldexp(temperature, -m_scale_exponent));
    denominator.add(classes_times_t.hi);
    denominator.add(classes_times_t.lo);
    // Dividing before undoing the 2^-k scale keeps the quotient finite
    // whenever N + sum/T is, because the scaled quotient is the smaller one.
    // Undoing the scale first could overflow N T + sum for T > 1.
    return std::ldexp(denominator.rounded() / temperature, m_scale_exponent);
}

std::optional<double> Distillation::taylorPoleTemperature(Operand side) const
{
    assert(side == Operand::Teacher || side == Operand::Student);
    const ExactSum& sum = side == Operand::Teacher ? m_teacher_sum : m_student_sum;
    if (sum.sign() >= 0)
        return std::nullopt;
    const double pole = std::ldexp(-sum.rounded() / static_cast<double>(classes()), m_scale_exponent);
    if (!std::isfinite(pole) || pole <= 0.0)
        return std::nullopt;
    return pole;
}

bool Distillation::taylorGradient(double temperature, std::span<double> out) const
{
    // With A_z = N T + sum z and A_v = N T + sum v (Eq. 3 times T over T),
    //   Eq. 3_i = (1/T) [(T + z_i) / A_z - (T + v_i) / A_v]            (printed)
    //           = [wc_i - (sum z - sum v) vc_i / A_v] / (T A_z),      (rearranged)
    // where wc = zc - vc. At high T the printed form subtracts two numbers
    // near 1/N and loses every digit, while the rearranged one has no such
    // cancellation. Next to the pole, where A_z is tiny, the rearranged
    // numerator cancels instead. Each class takes the form whose terms are
    // smaller against the result, which bounds its rounding error.
    const double scaled_t = std::ldexp(temperature, -m_scale_exponent);
    const DoubleDouble classes_times_t = detail::twoProduct(static_cast<double>(classes()), scaled_t);
    ExactSum student_denominator = m_student_sum;
    student_denominator.add(classes_times_t.hi);
    student_denominator.add(classes_times_t.lo);
    ExactSum teacher_denominator = m_teacher_sum;
    teacher_denominator.add(classes_times_t.hi);
    teacher_denominator.add(classes_times_t.lo);
    if (student_denominator.isZero() || teacher_denominator.isZero())
        return false;

    // Every factor below carries the same 2^-k scale, which cancels.
    const double student_a = student_denominator.rounded();
    const double teacher_a = teacher_denominator.rounded();
    detail::TaylorInput input;
    input.centred_difference = m_centered_difference.data();
    input.centred_teacher = m_centered_teacher.data();
    input.scaled_student = m_scaled_student.data();
    input.scaled_teacher = m_scaled_teacher.data();
    input.coupling = m_sum_difference / teacher_a;
    input.scaled_temperature = scaled_t;
    input.student_inverse = 1.0 / student_a;
    input.student_inverse_magnitude = 1.0 / std::abs(student_a);
    input.teacher_inverse = 1.0 / teacher_a;
    input.inverse_temperature = 1.0 / temperature;
    detail::taylorGradientKernel(input, out);
    return true;
}

void Distillation::exactGradient(double temperature, std::span<double> gradient) const
{
    detail::SoftTargetWorkspace workspace;
    detail::computeTargetDifference(*this, temperature, workspace, false);
    for (Index i = 0; i < classes(); ++i)
        gradient[static_cast<std::size_t>(i)] = workspace.target_difference[static_cast<std::size_t>(i)] / temperature;
}

namespace {

struct Losses {
    double cross_entropy = 0.0;
    double kl = 0.0;
    double entropy_p = 0.0;
    double entropy_q = 0.0;
};

// KL(p || q) = sum_j [p_j log(p_j / q_j) + q_j - p_j], which adds zero but
// makes every term non-negative: p_j (r - log1p(r)) with r = q_j / p_j - 1.
// At T = 1e16 the terms are 1e-37 and carry full relative accuracy, where
// sum p (log p - log q) cancels to noise.
Losses computeLosses(const detail::SoftTargetWorkspace& work, const Vector& p, const Vector& q,
                     const Vector& log_p, const Vector& log_q)
{
    Losses losses;
    const double rho = work.partition_change;
    const double log_growth = std::log1p(rho);
    double kl = 0.0;
    for (Index j = 0; j < p.size(); ++j) {
        const auto slot = static_cast<std::size_t>(j);
        const double difference = work.target_difference[slot];
        if (p[j] > 0.0) {
            losses.cross_entropy -= p[j] * log_q[j];
            losses.entropy_p -= p[j] * log_p[j];
        }
        if (q[j] > 0.0)
            losses.entropy_q -= q[j] * log_q[j];

        if (p[j] == 0.0) {
            kl += difference;
            continue;
        }
        const double d = work.difference_scaled[slot];
        if (detail::isNear(d)) {
            const double ratio_excess = (work.difference_expm1[slot] - rho) / (1.0 + rho);
            kl += p[j] * detail::ratioExcessMinusLog(ratio_excess);
            continue;
        }
        // log(q_j / p_j) = d_j - log(1 + rho), with one rounding of d_j.
        double log_ratio = d - log_growth;
        if (!std::isfinite(log_ratio))
            log_ratio = log_q[j] - log_p[j];
        kl += std::abs(log_ratio) <= 0.25 ? p[j] * detail::expm1MinusArgument(log_ratio)
                                          : difference - p[j] * log_ratio;
    }
    losses.kl = std::max(kl, 0.0);
    return losses;
}

// Replaces Eq. 2 and its comparison with the centred Eq. 4 by the series
// form, which computes the difference of the two directly. At T = 1e16 the
// two gradients agree to 16 digits, so subtracting them leaves only noise.
void useCentredExpansion(const Distillation& distillation, double temperature, Quantities& result)
{
    const auto n = static_cast<std::size_t>(distillation.classes());
    std::vector<double> difference(n), remainder(n);
    const detail::CentredExpansion expansion =
        detail::computeCentredExpansion(distillation, temperature, difference, remainder);

    GradientComparison& comparison = result.centered_vs_exact;
    for (std::size_t i = 0; i < n; ++i) {
        result.grad_exact[static_cast<Index>(i)] = difference[i] / temperature;
        if (difference[i] != 0.0)
            comparison.relative_error[i] = std::abs(remainder[i] / difference[i]);
        else if (remainder[i] == 0.0)
            comparison.relative_error[i] = 0.0;
        else
            comparison.relative_error[i].reset();
    }
    if (expansion.difference_max > 0.0)
        comparison.max_relative_error = expansion.remainder_max / expansion.difference_max;
}

} // namespace

// GCC 12 warns that moving Quantities, whose grad_taylor is an optional
// Eigen vector, into the Expected may read an uninitialized vector. The
// optional is either engaged and filled or empty, so the warning is spurious.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
Expected<Quantities, InputError> Distillation::evaluate(double temperature) const
{
    if (auto valid = validateTemperature(temperature); !valid)
        return unexpected(valid.error());

    const Index n = classes();
    detail::SoftTargetWorkspace work;
    detail::computeTargetDifference(*this, temperature, work, true);

    Quantities result;
    result.temperature = temperature;
    result.p.resize(n);
    result.q.resize(n);
    result.log_p.resize(n);
    result.log_q.resize(n);
    result.grad_exact.resize(n);
    const double log_teacher_partition = std::log1p(work.teacher_rest);
    const double log_student_partition = std::log1p(work.student_rest);
    for (Index i = 0; i < n; ++i) {
        const auto slot = static_cast<std::size_t>(i);
        result.p[i] = work.teacher_exp[slot] / work.teacher_partition;
        result.q[i] = work.student_exp[slot] / work.student_partition;
        result.log_p[i] = work.teacher_scaled[slot] - log_teacher_partition;
        result.log_q[i] = work.student_scaled[slot] - log_student_partition;
        result.grad_exact[i] = work.target_difference[slot] / temperature;
    }

    const Losses losses = computeLosses(work, result.p, result.q, result.log_p, result.log_q);
    result.cross_entropy = losses.cross_entropy;
    result.kl = losses.kl;
    result.kl_scaled = losses.kl * temperature * temperature;
    result.entropy_p = losses.entropy_p;
    result.entropy_q = losses.entropy_q;
    result.quadratic_loss =
        std::ldexp(0.5 * m_centered_difference.squaredNorm(), 2 * m_scale_exponent);

    Vector taylor(n);
    bool taylor_finite = true;
    if (taylorGradient(temperature, {taylor.data(), static_cast<std::size_t>(n)})) {
        taylor_finite = taylor.allFinite();
        result.grad_taylor = std::move(taylor);
    }
    result.grad_zero_mean.resize(n);
    zeroMeanGradient(temperature, {result.grad_zero_mean.data(), static_cast<std::size_t>(n)});
    result.grad_centered.resize(n);
    result.grad_second_order.resize(n);
    centeredGradients(temperature, {result.grad_centered.data(), static_cast<std::size_t>(n)},
                      {result.grad_second_order.data(), static_cast<std::size_t>(n)});
    result.centered_vs_exact = compareGradients(
        {result.grad_centered.data(), static_cast<std::size_t>(n)},
        {result.grad_exact.data(), static_cast<std::size_t>(n)});
    if (expansionApplies(temperature))
        useCentredExpansion(*this, temperature, result);

    const std::pair<const char*, bool> checks[] = {
        {"log_p", allFinite(result.log_p)},
        {"log_q", allFinite(result.log_q)},
        {"grad_exact", allFinite(result.grad_exact)},
        {"grad_taylor", taylor_finite},
        {"grad_zero_mean", allFinite(result.grad_zero_mean)},
        {"grad_centered", allFinite(result.grad_centered)},
        {"grad_second_order", allFinite(result.grad_second_order)},
        {"cross_entropy", std::isfinite(result.cross_entropy)},
        {"kl_scaled", std::isfinite(result.kl_scaled)},
        {"quadratic_loss", std::isfinite(result.quadratic_loss)},
        {"entropy_p", std::isfinite(result.entropy_p)},
        {"entropy_q", std::isfinite(result.entropy_q)},
    };
    for (const auto& [quantity, finite] : checks) {
        if (!finite) {
            InputError error = temperatureError(InputProblem::ResultOverflow, Operand::Temperature, temperature);
            error.quantity = quantity;
            return unexpected(error);
        }
    }
    return result;
}
#pragma GCC diagnostic pop

GradientComparison compareGradients(std::span<const double> approximation, std::span<const double> reference)
{
    assert(approximation.size() == reference.size());
    GradientComparison comparison;
    comparison.relative_error.resize(reference.size());

    double reference_max = 0.0;
    double approximation_max = 0.0;
    double error_max = 0.0;
    for (std::size_t i = 0; i < reference.size(); ++i) {
        const double error = std::abs(approximation[i] - reference[i]);
        reference_max = std::max(reference_max, std::abs(reference[i]));
        approximation_max = std::max(approximation_max, std::abs(approximation[i]));
        error_max = std::max(error_max, error);
        if (reference[i] != 0.0)
            comparison.relative_error[i] = error / std::abs(reference[i]);
        else if (approximation[i] == 0.0)
            comparison.relative_error[i] = 0.0;
    }
    if (reference_max > 0.0)
        comparison.max_relative_error = error_max / reference_max;

    if (reference_max > 0.0 && approximation_max > 0.0) {
        double dot = 0.0, approximation_norm = 0.0, reference_norm = 0.0;
        for (std::size_t i = 0; i < reference.size(); ++i) {
            const double a = approximation[i] / approximation_max;
            const double r = reference[i] / reference_max;
            dot += a * r;
            approximation_norm += a * a;
            reference_norm += r * r;
        }
        const double cosine = dot / (std::sqrt(approximation_norm) * std::sqrt(reference_norm));
        comparison.cosine = std::clamp(cosine, -1.0, 1.0);
    }
    return comparison;
}

} // namespace distillscope
