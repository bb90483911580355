#include "ui/beyond_data.h"

#include "distillscope/sweep.h"

#include <QStringList>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace distillscope::ui {

namespace {

// The temperatures of the views start this far below the logit spread and
// end this far above it, so both limits of T^2 KL and the high-T slope of
// the Eq. 4 error are visible.
constexpr double kBelowSpread = 1e-4;
constexpr double kAboveSpread = 1e5;

double spread(const Vector& logits)
{
    return logits.maxCoeff() - logits.minCoeff();
}

// Returns the rows of the sweep whose error is defined, positive and finite.
TemperatureCurve errorCurve(const std::vector<SweepRow>& rows)
{
    TemperatureCurve curve;
    for (const SweepRow& row : rows) {
        if (!row.relative_error || !(*row.relative_error > 0.0) || !std::isfinite(*row.relative_error))
            continue;
        curve.temperatures.push_back(row.temperature);
        curve.values.push_back(*row.relative_error);
    }
    return curve;
}

std::vector<double> acceptedTemperatures(const Distillation& distillation,
                                         const std::vector<double>& temperatures)
{
    std::vector<double> accepted;
    for (const double temperature : temperatures) {
        if (distillation.validateTemperature(temperature))
            accepted.push_back(temperature);
    }
    return accepted;
}

} // namespace

std::vector<double> viewTemperatures(const Distillation& distillation, int points)
{
    double largest = std::max(spread(distillation.teacher()), spread(distillation.student()));
    if (!(largest > 0.0) || !std::isfinite(largest))
        largest = largest > 0.0 ? kMaxTemperature : 1.0;
    const double from = std::clamp(largest * kBelowSpread, kMinTemperature, kMaxTemperature);
    const double to = std::clamp(largest * kAboveSpread, kMinTemperature, kMaxTemperature);
    if (from == to)
        return logSpacedTemperatures(from, from, 1);
    return logSpacedTemperatures(from, to, points);
}

HardTargetsData hardTargetsData(const Distillation& distillation, const Quantities& quantities,
                                Index label, double weight, MixingConvention convention)
{
    HardTargetsData data;
    data.label = label;
    data.hard = hardLabelGradient(distillation, label);
    const double temperature = quantities.temperature;
    data.soft_scaled = quantities.grad_exact * (temperature * temperature);
    data.mixed = mixedGradient(data.hard, data.soft_scaled, weight, convention);
    return data;
}

LowTemperatureData lowTemperatureData(const Distillation& distillation, const Quantities& quantities)
{
    LowTemperatureData data;
    data.order = classesByTeacherLogit(distillation);
    const double temperature = quantities.temperature;
    data.scaled_gradient = quantities.grad_exact * (temperature * temperature);
    data.limit = scaledGradientLimit(distillation);
    data.centred_teacher.resize(distillation.classes());
    for (Index i = 0; i < distillation.classes(); ++i)
        data.centred_teacher[i] = std::ldexp(distillation.centeredTeacher()[i], distillation.scaleExponent());
    return data;
}

TwoClassesData twoClassesData(const Distillation& distillation, Index first, Index second, int points)
{
    assert(first != second);
    TwoClassesData data;
    data.first = first;
    data.second = second;
    const Distillation pair = restrictToClasses(distillation, first, second);
    data.pair_vanishes = pair.gradientVanishes();
    data.pair_term = leadingErrorTerm(pair);
    data.all_term = leadingErrorTerm(distillation);

    // A temperature valid for all N classes is valid for any two of them.
    const std::vector<double> temperatures =
        acceptedTemperatures(distillation, viewTemperatures(distillation, points));
    data.all_error = errorCurve(sweepGradients(distillation, temperatures, 0));
    if (!data.pair_vanishes)
        data.pair_error = errorCurve(sweepGradients(pair, temperatures, 0));
    return data;
}

StandardizationData standardizationData(const Distillation& distillation, double temperature)
{
    StandardizationData data;
    const Vector& teacher = distillation.teacher();
    const Vector& student = distillation.student();
    const auto teacher_result = standardize({teacher.data(), std::size_t(teacher.size())});
    const auto student_result = standardize({student.data(), std::size_t(student.size())});
    if (teacher_result)
        data.teacher = *teacher_result;
    else
        data.constant_teacher = teacher_result.error().value;
    if (student_result)
        data.student = *student_result;
    else
        data.constant_student = student_result.error().value;
    if (!data.teacher || !data.student)
        return data;

    const Vector& scored_teacher = data.teacher->values;
    const Vector& scored_student = data.student->values;
    auto standardized = Distillation::create({scored_teacher.data(), std::size_t(scored_teacher.size())},
                                             {scored_student.data(), std::size_t(scored_student.size())});
    // z-scores are finite and of equal length, so only the temperature can fail.
    assert(standardized);
    auto quantities = standardized->evaluate(temperature);
    if (quantities)
        data.standardized = std::move(*quantities);
    return data;
}

LimitsData limitsData(const Distillation& distillation, int points)
{
    LimitsData data;
    data.limits = klLimits(distillation);
    for (const double temperature : viewTemperatures(distillation, points)) {
        auto quantities = distillation.evaluate(temperature);
        if (!quantities || !(quantities->kl_scaled > 0.0))
            continue;
        data.scaled_kl.temperatures.push_back(temperature);
        data.scaled_kl.values.push_back(quantities->kl_scaled);
    }
    return data;
}

std::optional<Index> classOfLabel(const QStringList& names, const QString& label)
{
    const QString trimmed = label.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    const qsizetype position = names.indexOf(trimmed);
    if (position >= 0)
        return Index(position);
    bool whole = false;
    const int index = trimmed.toInt(&whole);
    if (whole && index >= 0 && index < names.size())
        return Index(index);
    return std::nullopt;
}

} // namespace distillscope::ui
