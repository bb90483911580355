#include "distillscope/beyond.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace distillscope {

using detail::DoubleDouble;
using detail::ExactSum;

Vector hardLabelGradient(const Distillation& distillation, Index label)
{
    assert(label >= 0);
    assert(label < distillation.classes());

    // z - max z is at most 0, so every exponential is at most 1 and their
    // sum, at least 1, cannot overflow. A spread that overflows gives -inf
    // there and a probability of exactly 0.
    const Vector exponentials = distillation.shiftedStudent().array().exp();
    double others = 0.0;
    for (Index j = 0; j < exponentials.size(); ++j) {
        if (j != label)
            others += exponentials[j];
    }
    const double partition = others + exponentials[label];

    Vector gradient = exponentials / partition;
    gradient[label] = -others / partition;
    return gradient;
}

Vector mixedGradient(const Vector& hard, const Vector& soft_scaled, double weight,
                     MixingConvention convention)
{
    assert(hard.size() == soft_scaled.size());
    assert(weight >= 0.0);
    assert(weight <= 1.0);

    const double hard_weight = convention == MixingConvention::WeightOnHard ? weight : 1.0 - weight;
    return hard_weight * hard + (1.0 - hard_weight) * soft_scaled;
}

Expected<Standardized, ConstantLogits> standardize(std::span<const double> logits)
{
    assert(!logits.empty());
    const auto equals_first = [&](double value) { return value == logits.front(); };
    if (std::all_of(logits.begin(), logits.end(), equals_first))
        return unexpected(ConstantLogits{logits.front()});

    // z-scores do not change when the logits are multiplied by 2^-e, and with
    // the largest magnitude in [1, 2) no sum or square below can overflow.
    double largest = 0.0;
    for (const double logit : logits)
        largest = std::max(largest, std::abs(logit));
    const int exponent = std::ilogb(largest);
    const auto n = static_cast<double>(logits.size());

    std::vector<DoubleDouble> scaled(logits.size());
    for (std::size_t i = 0; i < logits.size(); ++i)
        scaled[i] = {std::ldexp(logits[i], -exponent), 0.0};
    const detail::Centred centring = detail::centreExactly(scaled);
    const std::vector<DoubleDouble>& centred = centring.values;
    double centred_max = 0.0;
    for (const DoubleDouble& value : centred)
        centred_max = std::max(centred_max, std::abs(value.hi));

    // Squares of values divided by the largest one lie in [0, 1], so the sum
    // neither overflows nor loses small logits to underflow.
    double normalized_squares = 0.0;
    for (const DoubleDouble& value : centred) {
        const double ratio = value.hi / centred_max;
        normalized_squares += ratio * ratio;
    }
    const double deviation = centred_max * std::sqrt(normalized_squares / n);

    Standardized result;
    result.values.resize(static_cast<Index>(logits.size()));
    for (std::size_t i = 0; i < logits.size(); ++i)
        result.values[static_cast<Index>(i)] = centred[i].hi / deviation + centred[i].lo / deviation;
    result.mean = std::ldexp(centring.mean.hi + centring.mean.lo, exponent);
    // NOTE: when max - min of the logits exceeds the double range, the
    // deviation can too and reads +inf here, but the z-scores stay accurate.
    result.deviation = std::ldexp(deviation, exponent);
    return result;
}

KlLimits klLimits(const Distillation& distillation)
{
    KlLimits limits;
    const Index n = distillation.classes();

    // The centred difference is stored times 2^-k; dividing by its largest
    // component first keeps the squares in range.
    const Vector& difference = distillation.centeredDifference();
    const double difference_max = difference.cwiseAbs().maxCoeff();
    if (difference_max == 0.0) {
        limits.logit_matching = 0.0;
    } else {
        const double normalized_squares = (difference / difference_max).squaredNorm();
        const double largest = std::ldexp(difference_max, distillation.scaleExponent());
        const double value = largest * (largest * (normalized_squares / (2.0 * static_cast<double>(n))));
        if (std::isfinite(value))
            limits.logit_matching = value;
    }

    const Vector& teacher = distillation.teacher();
    const Vector& student = distillation.student();
    const double teacher_max = teacher[distillation.teacherArgmax()];
    const double student_max = student[distillation.studentArgmax()];
    ExactSum gaps;
    int tied = 0;
    for (Index k = 0; k < n; ++k) {
        if (teacher[k] != teacher_max)
            continue;
        ++tied;
        gaps.add(student_max - student[k]);
        if (student[k] == student_max)
            limits.student_agrees = true;
    }
    const double slope = gaps.rounded() / static_cast<double>(tied);
    if (std::isfinite(slope))
        limits.label_matching_slope = slope;
    return limits;
}

Distillation restrictToClasses(const Distillation& distillation, Index first, Index second)
{
    assert(first >= 0);
    assert(first < distillation.classes());
    assert(second >= 0);
    assert(second < distillation.classes());
    assert(first != second);

    const double teacher[] = {distillation.teacher()[first], distillation.teacher()[second]};
    const double student[] = {distillation.student()[first], distillation.student()[second]};
    auto pair = Distillation::create(teacher, student);
    // Two finite logits per side always make a valid problem.
    assert(pair);
    return std::move(*pair);
}

std::vector<Index> classesByTeacherLogit(const Distillation& distillation)
{
    std::vector<Index> order(static_cast<std::size_t>(distillation.classes()));
    std::iota(order.begin(), order.end(), Index{0});
    const Vector& teacher = distillation.teacher();
    std::stable_sort(order.begin(), order.end(),
                     [&](Index a, Index b) { return teacher[a] > teacher[b]; });
    return order;
}

Vector scaledGradientLimit(const Distillation& distillation)
{
    const auto n = static_cast<double>(distillation.classes());
    Vector limit(distillation.classes());
    for (Index i = 0; i < limit.size(); ++i)
        limit[i] = std::ldexp(distillation.centeredDifference()[i], distillation.scaleExponent()) / n;
    return limit;
}

} // namespace distillscope
