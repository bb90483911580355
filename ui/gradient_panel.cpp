#include "ui/gradient_panel.h"

#include "ui/class_series.h"
#include "ui/distribution_panel.h"
#include "ui/theme.h"

#include <algorithm>
#include <cmath>

namespace distillscope::ui {

namespace {

// How far beyond Eq. 2 and Eq. 4 the home range stretches for the other forms.
constexpr double kMaxOvershoot = 5.0;

} // namespace

GradientPanel::GradientPanel(QWidget* parent)
    : Panel(tr("Gradients dC/dz_i at the current T"), parent)
{
    PlotView* view = plot();
    view->setObjectName(QStringLiteral("gradientPlot"));
    QCPAxisRect* rect = view->axisRect();
    styleAxisRect(rect);
    rect->axis(QCPAxis::atBottom)->setLabel(tr("class"));
    rect->axis(QCPAxis::atLeft)->setLabel(tr("gradient"));

    m_text_ticker.reset(new QCPAxisTickerText);
    m_number_ticker.reset(new QCPAxisTicker);
    m_series = new ClassSeries(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft), this);
    m_series->addSeries(tr("Eq. 2 exact (q - p)/T"), Quantity::Exact);
    m_series->addSeries(tr("Eq. 3 high-T expansion"), Quantity::Taylor);
    m_series->addSeries(tr("Eq. 4 (z - v)/(N T²)"), Quantity::ZeroMean);
    m_series->addSeries(tr("Eq. 4 + next order in 1/T"), Quantity::SecondOrder);

    // PlotView wraps the legend into two rows where four entries in one row
    // do not fit, as in projector mode.
    placeLegendAbove(view, 4);

    view->setCursorDescriber([this](QCPAxisRect*, double key, double) { return describe(key); });
}

QCPGraph* GradientPanel::graph(Series series) const
{
    return m_series->graph(series);
}

void GradientPanel::setClassNames(const QStringList& names)
{
    m_names = names;
    labelClassAxis(plot()->xAxis, names, m_text_ticker, m_number_ticker);
}

void GradientPanel::show(const Quantities& quantities, const DisplayOptions& options)
{
    const double temperature = quantities.temperature;
    const double scale = options.scale_by_t_squared ? temperature * temperature : 1.0;
    const bool centered = options.eq4_logits == Eq4Logits::Centered;
    const Vector& zero_mean = centered ? quantities.grad_centered : quantities.grad_zero_mean;

    showSeries(ExactSeries, quantities.grad_exact, scale);
    if (quantities.grad_taylor)
        showSeries(TaylorSeries, *quantities.grad_taylor, scale);
    else
        m_series->setValues(TaylorSeries, {});
    showSeries(ZeroMeanSeries, zero_mean, scale);
    showSeries(SecondOrderSeries, quantities.grad_second_order, scale);

    m_comparison = centered
        ? quantities.centered_vs_exact
        : compareGradients({zero_mean.data(), size_t(zero_mean.size())},
                           {quantities.grad_exact.data(), size_t(quantities.grad_exact.size())});

    // The home range covers all four forms, but Eq. 3 and the next-order form
    // may reach at most kMaxOvershoot times Eq. 2 and Eq. 4: near the pole of
    // Eq. 3 they grow without bound and would flatten the rest.
    const double anchor = std::max(quantities.grad_exact.cwiseAbs().maxCoeff(),
                                   zero_mean.cwiseAbs().maxCoeff());
    double largest = std::max(anchor, quantities.grad_second_order.cwiseAbs().maxCoeff());
    if (quantities.grad_taylor)
        largest = std::max(largest, quantities.grad_taylor->cwiseAbs().maxCoeff());
    largest = std::min(largest, anchor * kMaxOvershoot) * scale;
    const double half_height = largest > 0.0 ? largest * 1.1 : 1.0;
    plot()->setHomeRange(plot()->xAxis, m_series->fullKeyRange());
    plot()->setHomeRange(plot()->yAxis, QCPRange(-half_height, half_height));
    plot()->yAxis->setLabel(options.scale_by_t_squared ? tr("T² × gradient") : tr("gradient"));

    const QString eq4_name = centered ? tr("centred Eq. 4") : tr("raw Eq. 4");
    const QString error = m_comparison.max_relative_error
        ? formatNumber(*m_comparison.max_relative_error * 100.0, 3) + QStringLiteral(" %")
        : tr("undefined (Eq. 2 is 0 in double precision)");
    const QString cosine = m_comparison.cosine ? formatNumber(*m_comparison.cosine, 6)
                                               : tr("undefined");
    QString summary = tr("%1 vs Eq. 2: max relative error %2   cosine %3")
                          .arg(eq4_name, error, cosine);
    if (!quantities.grad_taylor)
        summary += tr("   Eq. 3 undefined: T is at its pole");
    setSummary(summary);
}

void GradientPanel::showSeries(Series series, const Vector& gradient, double scale)
{
    if (scale == 1.0) {
        m_series->setValues(series, {gradient.data(), size_t(gradient.size())});
        return;
    }
    m_scaled.resize(size_t(gradient.size()));
    for (Index i = 0; i < gradient.size(); ++i)
        m_scaled[size_t(i)] = gradient[i] * scale;
    m_series->setValues(series, m_scaled);
}

QString GradientPanel::describe(double key) const
{
    const int index = int(std::lround(key));
    if (index < 0 || index >= m_series->classes())
        return {};
    const auto component = [&](Series series) {
        const std::span<const double> values = m_series->values(series);
        return size_t(index) < values.size() ? formatNumber(values[size_t(index)])
                                             : QStringLiteral("–");
    };
    QString text = tr("class %1: Eq. 2 %2   Eq. 3 %3   Eq. 4 %4   next order %5")
                       .arg(m_names.value(index, QString::number(index)), component(ExactSeries),
                            component(TaylorSeries), component(ZeroMeanSeries),
                            component(SecondOrderSeries));
    if (size_t(index) < m_comparison.relative_error.size()) {
        const std::optional<double>& error = m_comparison.relative_error[size_t(index)];
        text += tr("   rel. error %1").arg(error ? formatNumber(*error, 3) : QStringLiteral("–"));
    }
    return text;
}

} // namespace distillscope::ui
