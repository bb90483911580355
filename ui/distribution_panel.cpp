#include "ui/distribution_panel.h"

#include "ui/class_series.h"

#include <algorithm>
#include <cmath>

namespace distillscope::ui {

namespace {

// Classes beyond this many get numbered ticks instead of names.
constexpr int kMaxNamedTicks = 30;
// The log scale shows at least this many decades below the largest
// probability and never reaches below kLogFloor.
constexpr double kMinLogDecades = 3.0;
constexpr double kLogFloor = 1e-30;

} // namespace

void labelClassAxis(QCPAxis* axis, const QStringList& names,
                    const QSharedPointer<QCPAxisTickerText>& text_ticker,
                    const QSharedPointer<QCPAxisTicker>& number_ticker)
{
    if (names.size() > kMaxNamedTicks) {
        axis->setTicker(number_ticker);
        return;
    }
    QMap<double, QString> ticks;
    for (int i = 0; i < names.size(); ++i)
        ticks.insert(i, names.at(i));
    text_ticker->setTicks(ticks);
    axis->setTicker(text_ticker);
}

DistributionPanel::DistributionPanel(QWidget* parent)
    : Panel(tr("Soft targets p = softmax(v/T) and q = softmax(z/T)"), parent)
{
    PlotView* view = plot();
    view->setObjectName(QStringLiteral("distributionPlot"));
    QCPAxisRect* rect = view->axisRect();
    styleAxisRect(rect);
    rect->axis(QCPAxis::atBottom)->setLabel(tr("class"));
    rect->axis(QCPAxis::atLeft)->setLabel(tr("probability"));

    m_text_ticker.reset(new QCPAxisTickerText);
    m_number_ticker.reset(new QCPAxisTicker);
    m_series = new ClassSeries(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft), this);
    m_series->addSeries(tr("teacher p"), Quantity::Teacher);
    m_series->addSeries(tr("student q"), Quantity::Student);

    placeLegendAbove(view, 2);

    view->setCursorDescriber([this](QCPAxisRect*, double key, double) { return describe(key); });
}

QCPGraph* DistributionPanel::teacherGraph() const
{
    return m_series->graph(0);
}

QCPGraph* DistributionPanel::studentGraph() const
{
    return m_series->graph(1);
}

void DistributionPanel::setClassNames(const QStringList& names)
{
    m_names = names;
    labelClassAxis(plot()->xAxis, names, m_text_ticker, m_number_ticker);
}

void DistributionPanel::setLogScale(bool log_scale)
{
    m_log_scale = log_scale;
    QCPAxis* axis = plot()->yAxis;
    if (log_scale) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        axis->setNumberFormat(QStringLiteral("eb"));
        axis->setNumberPrecision(0);
    } else {
        axis->setScaleType(QCPAxis::stLinear);
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        axis->setNumberFormat(QStringLiteral("g"));
        axis->setNumberPrecision(6);
    }
    plot()->resetView();
    updateValueRange();
}

void DistributionPanel::show(const Quantities& quantities)
{
    m_series->setValues(0, {quantities.p.data(), size_t(quantities.p.size())});
    m_series->setValues(1, {quantities.q.data(), size_t(quantities.q.size())});
    m_p = quantities.p;
    m_q = quantities.q;
    m_log_p = quantities.log_p;
    m_log_q = quantities.log_q;
    plot()->setHomeRange(plot()->xAxis, m_series->fullKeyRange());
    updateValueRange();
    setSummary(tr("entropy H(p) = %1 nats   H(q) = %2 nats   T = %3")
                   .arg(formatNumber(quantities.entropy_p), formatNumber(quantities.entropy_q),
                        formatNumber(quantities.temperature, 6)));
}

void DistributionPanel::updateValueRange()
{
    if (m_log_p.size() == 0)
        return;
    if (!m_log_scale) {
        plot()->setHomeRange(plot()->yAxis,
                             QCPRange(0.0, std::max(m_p.maxCoeff(), m_q.maxCoeff()) * 1.08));
        return;
    }
    const double largest = std::max(m_log_p.maxCoeff(), m_log_q.maxCoeff());
    // Down to the smallest probability that is still a normal double, but at
    // least kMinLogDecades below the top; smaller ones get clipped markers.
    const double smallest_log = std::min(m_log_p.minCoeff(), m_log_q.minCoeff());
    const double top_decade = std::ceil(largest / std::log(10.0));
    const double bottom_decade = std::clamp(std::floor(smallest_log / std::log(10.0)),
                                            std::log10(kLogFloor), top_decade - kMinLogDecades);
    plot()->setHomeRange(plot()->yAxis,
                         QCPRange(std::pow(10.0, bottom_decade), std::pow(10.0, top_decade) * 1.5));
}

QString DistributionPanel::describe(double key) const
{
    const int index = int(std::lround(key));
    if (index < 0 || index >= m_log_p.size())
        return {};
    // Where p underflows to zero, its logarithm still shows how small it is.
    const auto probability = [](double value, double log_value) {
        return value > 0.0 ? formatNumber(value)
                           : tr("0 (log = %1)").arg(formatNumber(log_value, 6));
    };
    return tr("class %1: p = %2   q = %3")
        .arg(m_names.value(index, QString::number(index)),
             probability(m_p[index], m_log_p[index]), probability(m_q[index], m_log_q[index]));
}

} // namespace distillscope::ui
