// The data of each view of the beyond page as a table, for CSV export.

#include "ui/beyond_page.h"

#include "ui/main_window.h"

#include <algorithm>
#include <cmath>

namespace distillscope::ui {

namespace {

QString number(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', 17) : QString();
}

QString number(const std::optional<double>& value)
{
    return value ? number(*value) : QString();
}

} // namespace

BeyondTable BeyondPage::currentTable()
{
    updateIfStale(currentIndex());
    switch (currentIndex()) {
    case HardTargets: return hardTargetsTable();
    case LowTemperature: return lowTemperatureTable();
    case TwoClasses: return twoClassesTable();
    case Standardization: return standardizationTable();
    case Limits: return limitsTable();
    case ViewCount: break;
    }
    return {};
}

BeyondTable BeyondPage::hardTargetsTable() const
{
    BeyondTable table;
    table.description = QStringLiteral("hard-label gradient q(T=1) - y, T^2 times Eq. 2 and their mix");
    table.settings = {
        {QStringLiteral("temperature"), number(m_window.temperature())},
        {QStringLiteral("hard_label"), className(m_hard_data.label)},
        {QStringLiteral("weight"), number(mixingWeight())},
        {QStringLiteral("weight_multiplies"), mixingConvention() == MixingConvention::WeightOnHard
                                                  ? QStringLiteral("hard-label term")
                                                  : QStringLiteral("soft term")},
    };
    table.columns = {QStringLiteral("class"), QStringLiteral("name"),
                     QStringLiteral("hard_label_gradient [dimensionless]"),
                     QStringLiteral("t2_eq2 [dimensionless]"), QStringLiteral("mixed [dimensionless]")};
    for (Index i = 0; i < m_hard_data.hard.size(); ++i) {
        table.rows.push_back({QString::number(i), className(i), number(m_hard_data.hard[i]),
                              number(m_hard_data.soft_scaled[i]), number(m_hard_data.mixed[i])});
    }
    return table;
}

BeyondTable BeyondPage::lowTemperatureTable() const
{
    BeyondTable table;
    table.description = QStringLiteral("T^2 times Eq. 2 against its high-T limit, by decreasing teacher logit");
    table.settings = {{QStringLiteral("temperature"), number(m_window.temperature())}};
    table.columns = {QStringLiteral("class"), QStringLiteral("name"),
                     QStringLiteral("centred_teacher_logit [nats]"),
                     QStringLiteral("t2_eq2 [dimensionless]"),
                     QStringLiteral("high_t_limit [dimensionless]")};
    for (const Index i : m_low_data.order) {
        table.rows.push_back({QString::number(i), className(i), number(m_low_data.centred_teacher[i]),
                              number(m_low_data.scaled_gradient[i]), number(m_low_data.limit[i])});
    }
    return table;
}

BeyondTable BeyondPage::twoClassesTable() const
{
    BeyondTable table;
    table.description = QStringLiteral("max-norm relative error of the centred Eq. 4 against Eq. 2");
    table.settings = {
        {QStringLiteral("pair"), className(m_two_data.first) + u' ' + className(m_two_data.second)},
        {QStringLiteral("pair_leading_order"), QString::number(m_two_data.pair_term.order)},
        {QStringLiteral("pair_leading_coefficient"), number(m_two_data.pair_term.coefficient)},
        {QStringLiteral("all_leading_order"), QString::number(m_two_data.all_term.order)},
        {QStringLiteral("all_leading_coefficient"), number(m_two_data.all_term.coefficient)},
    };
    table.columns = {QStringLiteral("temperature [dimensionless]"),
                     QStringLiteral("relative_error_pair [fraction]"),
                     QStringLiteral("relative_error_all [fraction]")};
    // Both curves come from the same temperatures; either may leave some out.
    std::vector<double> keys = m_two_data.all_error.temperatures;
    keys.insert(keys.end(), m_two_data.pair_error.temperatures.begin(), m_two_data.pair_error.temperatures.end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    const auto at = [](const TemperatureCurve& curve, double temperature) -> std::optional<double> {
        const auto found = std::lower_bound(curve.temperatures.begin(), curve.temperatures.end(), temperature);
        if (found == curve.temperatures.end() || *found != temperature)
            return std::nullopt;
        return curve.values[size_t(found - curve.temperatures.begin())];
    };
    for (const double temperature : keys) {
        table.rows.push_back({number(temperature), number(at(m_two_data.pair_error, temperature)),
                              number(at(m_two_data.all_error, temperature))});
    }
    return table;
}

BeyondTable BeyondPage::standardizationTable() const
{
    BeyondTable table;
    table.description = QStringLiteral("soft targets and Eq. 2 with and without logit standardization");
    const StandardizationData& data = m_standard_data;
    table.settings = {
        {QStringLiteral("temperature"), number(m_window.temperature())},
        {QStringLiteral("standard_deviation"), QStringLiteral("population")},
        {QStringLiteral("z_scores"), data.teacher && data.student
                                         ? QStringLiteral("defined")
                                         : QStringLiteral("undefined, constant logits have standard deviation zero")},
        {QStringLiteral("kl"), number(m_window.quantities().kl)},
        {QStringLiteral("kl_standardized"), data.standardized ? number(data.standardized->kl) : QString()},
        {QStringLiteral("teacher_mean"), data.teacher ? number(data.teacher->mean) : QString()},
        {QStringLiteral("teacher_deviation"), data.teacher ? number(data.teacher->deviation) : QString()},
        {QStringLiteral("student_mean"), data.student ? number(data.student->mean) : QString()},
        {QStringLiteral("student_deviation"), data.student ? number(data.student->deviation) : QString()},
    };
    table.columns = {QStringLiteral("class"), QStringLiteral("name"), QStringLiteral("p [probability]"),
                     QStringLiteral("q [probability]"), QStringLiteral("eq2 [dimensionless]"),
                     QStringLiteral("teacher_z_score [dimensionless]"),
                     QStringLiteral("student_z_score [dimensionless]"),
                     QStringLiteral("p_standardized [probability]"),
                     QStringLiteral("q_standardized [probability]"),
                     QStringLiteral("eq2_standardized [dimensionless]")};
    const Quantities& raw = m_window.quantities();
    const std::optional<Quantities>& scored = data.standardized;
    for (Index i = 0; i < raw.p.size(); ++i) {
        table.rows.push_back({QString::number(i), className(i), number(raw.p[i]), number(raw.q[i]),
                              number(raw.grad_exact[i]),
                              data.teacher ? number(data.teacher->values[i]) : QString(),
                              data.student ? number(data.student->values[i]) : QString(),
                              scored ? number(scored->p[i]) : QString(),
                              scored ? number(scored->q[i]) : QString(),
                              scored ? number(scored->grad_exact[i]) : QString()});
    }
    return table;
}

BeyondTable BeyondPage::limitsTable() const
{
    BeyondTable table;
    table.description = QStringLiteral("T^2 KL(p || q) across T with its two limits");
    const KlLimits& limits = m_limits_data.limits;
    table.settings = {
        {QStringLiteral("logit_matching_limit"), number(limits.logit_matching)},
        {QStringLiteral("label_matching_slope"), number(limits.label_matching_slope)},
        {QStringLiteral("student_agrees"), limits.student_agrees ? QStringLiteral("yes") : QStringLiteral("no")},
    };
    table.columns = {QStringLiteral("temperature [dimensionless]"), QStringLiteral("t2_kl [nats]"),
                     QStringLiteral("label_matching_asymptote [nats]")};
    const TemperatureCurve& curve = m_limits_data.scaled_kl;
    for (size_t i = 0; i < curve.temperatures.size(); ++i) {
        const double temperature = curve.temperatures[i];
        const std::optional<double> asymptote = limits.label_matching_slope
            ? std::optional(*limits.label_matching_slope * temperature)
            : std::nullopt;
        table.rows.push_back({number(temperature), number(curve.values[i]), number(asymptote)});
    }
    return table;
}

} // namespace distillscope::ui
