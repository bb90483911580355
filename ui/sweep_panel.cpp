#include "ui/sweep_panel.h"

#include "ui/theme.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace distillscope::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Decades of gradient magnitude the sweep shows before the user zooms.
constexpr double kShownDecades = 12.0;
// Size of the max-norm curves' circles relative to the theme's marker size:
// 5 pixels in the normal mode.
constexpr double kMaxMarkerShare = 5.0 / 9.0;

Quantity curveQuantity(SweepPanel::Curve curve)
{
    switch (curve) {
    case SweepPanel::ExactClass:
    case SweepPanel::ExactMax: return Quantity::Exact;
    case SweepPanel::TaylorClass:
    case SweepPanel::TaylorMax: return Quantity::Taylor;
    case SweepPanel::ZeroMeanClass:
    case SweepPanel::ZeroMeanMax:
    case SweepPanel::CurveCount: break;
    }
    return Quantity::ZeroMean;
}

// A log axis cannot show zero, and the core reports Eq. 3 at its pole as
// empty; both become NaN, where QCPGraph breaks the line.
double plottable(double value, double scale)
{
    const double magnitude = std::abs(value) * scale;
    return magnitude > 0.0 ? magnitude : kNaN;
}

double plottable(const std::optional<double>& value, double scale)
{
    return value ? plottable(*value, scale) : kNaN;
}

void makeLogAxis(QCPAxis* axis, int ticks)
{
    axis->setScaleType(QCPAxis::stLogarithmic);
    QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
    ticker->setSubTickCount(0);
    ticker->setTickCount(ticks);
    axis->setTicker(ticker);
    axis->setNumberFormat(QStringLiteral("eb"));
    axis->setNumberPrecision(0);
}

// Writes `keys` and `values` into `graph`, reusing its storage when the
// size is unchanged.
void writeCurve(QCPGraph* graph, const std::vector<double>& keys,
                const std::vector<double>& values)
{
    QCPGraphDataContainer* container = graph->data().data();
    if (container->size() != int(keys.size())) {
        QVector<QCPGraphData> data(qsizetype(keys.size()));
        for (size_t i = 0; i < keys.size(); ++i)
            data[qsizetype(i)] = QCPGraphData(keys[i], values[i]);
        container->set(data, true);
        return;
    }
    size_t i = 0;
    for (auto it = container->begin(); it != container->end(); ++it, ++i) {
        it->key = keys[i];
        it->value = values[i];
    }
}

} // namespace

SweepPanel::SweepPanel(QWidget* parent)
    : Panel(tr("Temperature sweep: where Eq. 4 meets Eq. 2"), parent)
{
    PlotView* view = plot();
    view->setObjectName(QStringLiteral("sweepPlot"));
    view->addLayer(QStringLiteral("regions"), view->layer(QStringLiteral("grid")),
                   QCustomPlot::limBelow);

    m_gradient_rect = view->axisRect();
    m_error_rect = new QCPAxisRect(view);
    view->plotLayout()->addElement(1, 0, m_error_rect);
    view->plotLayout()->setRowStretchFactors({2.0, 1.0});
    auto* margins = new QCPMarginGroup(view);
    for (QCPAxisRect* rect : {m_gradient_rect, m_error_rect}) {
        styleAxisRect(rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        makeLogAxis(rect->axis(QCPAxis::atBottom), 7);
        makeLogAxis(rect->axis(QCPAxis::atLeft), rect == m_gradient_rect ? 5 : 3);
        rect->setRangeZoomAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        rect->setRangeDragAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    }
    m_error_rect->axis(QCPAxis::atBottom)->setLabel(tr("temperature T"));
    m_error_titles = {tr("rel. error"), tr("rel.\nerror")};
    m_error_rect->axis(QCPAxis::atLeft)->setLabel(m_error_titles.first());

    // Both rects show the same temperatures, whichever of them is zoomed.
    QCPAxis* top_keys = m_gradient_rect->axis(QCPAxis::atBottom);
    QCPAxis* bottom_keys = m_error_rect->axis(QCPAxis::atBottom);
    connect(top_keys, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), bottom_keys,
            qOverload<const QCPRange&>(&QCPAxis::setRange));
    connect(bottom_keys, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), top_keys,
            qOverload<const QCPRange&>(&QCPAxis::setRange));

    buildCurves();
    view->setCursorDescriber(
        [this](QCPAxisRect* rect, double key, double) { return describe(rect, key); });
}

void SweepPanel::buildCurves()
{
    PlotView* view = plot();
    QCPAxis* keys = m_gradient_rect->axis(QCPAxis::atBottom);
    QCPAxis* values = m_gradient_rect->axis(QCPAxis::atLeft);

    const struct {
        Curve curve;
        bool per_class;
        QString name;
    } specs[] = {
        {ExactClass, true, tr("|Eq. 2| class")},
        {TaylorClass, true, tr("|Eq. 3| class")},
        {ZeroMeanClass, true, tr("|Eq. 4| class")},
        {ExactMax, false, tr("max |Eq. 2|")},
        {TaylorMax, false, tr("max |Eq. 3|")},
        {ZeroMeanMax, false, tr("max |Eq. 4|")},
    };
    for (const auto& spec : specs) {
        QCPGraph* graph = view->addGraph(keys, values);
        graph->setName(spec.name);
        if (!spec.per_class)
            graph->setScatterSkip(24);
        m_curves[spec.curve] = graph;
    }

    m_relative_error = view->addGraph(m_error_rect->axis(QCPAxis::atBottom),
                                      m_error_rect->axis(QCPAxis::atLeft));
    m_relative_error->setName(tr("max-norm rel. error of centred Eq. 4"));

    m_tolerance_line = new QCPItemStraightLine(view);
    m_tolerance_line->setClipAxisRect(m_error_rect);
    for (QCPItemPosition* position : m_tolerance_line->positions())
        position->setAxes(m_error_rect->axis(QCPAxis::atBottom), m_error_rect->axis(QCPAxis::atLeft));

    QCPAxisRect* rects[2] = {m_gradient_rect, m_error_rect};
    for (int i = 0; i < 2; ++i) {
        m_match_regions[i] = addRegion(rects[i], theme().matchRegionFill());
        m_match_lines[i] = addVerticalLine(rects[i], theme().matchMarkerPen());
        m_current_lines[i] = addVerticalLine(rects[i], theme().currentTemperaturePen());
    }

    m_match_label = new QCPItemText(view);
    m_match_label->setClipAxisRect(m_gradient_rect);
    m_match_label->position->setAxes(keys, values);
    m_match_label->position->setAxisRect(m_gradient_rect);
    m_match_label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_match_label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_match_label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_match_label->setFont(theme().tickFont());
    m_match_label->setPadding(QMargins(4, 2, 4, 2));
    m_match_label->setBrush(QColor(255, 255, 255, 200));

    m_pole_label = new QCPItemText(view);
    m_pole_label->setClipAxisRect(m_gradient_rect);
    m_pole_label->position->setAxes(keys, values);
    m_pole_label->position->setAxisRect(m_gradient_rect);
    m_pole_label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_pole_label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_pole_label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_pole_label->setText(tr("Eq. 3 pole"));
    m_pole_label->setVisible(false);

    placeLegendAbove(view, 4);
    view->plotLayout()->setRowStretchFactors({0.001, 2.0, 1.0});
    view->addStyler([this] { applyTheme(); });
    connect(view, &QCustomPlot::afterLayout, this, &SweepPanel::fitAxisTitles);
}

void SweepPanel::fitAxisTitles()
{
    bool changed = false;
    const std::pair<QCPAxisRect*, const QStringList*> axes[] = {
        {m_gradient_rect, &m_gradient_titles}, {m_error_rect, &m_error_titles}};
    for (const auto& [rect, titles] : axes) {
        if (titles->isEmpty())
            continue;
        QCPAxis* axis = rect->axis(QCPAxis::atLeft);
        const QFontMetrics metrics(axis->labelFont());
        // The title runs along the axis, so its widest line must fit the
        // rect's height. The shortest title is the last resort.
        QString fitting = titles->last();
        for (const QString& title : *titles) {
            int widest = 0;
            for (const QString& line : title.split(QLatin1Char('\n')))
                widest = std::max(widest, metrics.horizontalAdvance(line));
            if (widest <= rect->height()) {
                fitting = title;
                break;
            }
        }
        if (axis->label() != fitting) {
            axis->setLabel(fitting);
            changed = true;
        }
    }
    // A title of more lines widens the left margin, which the next layout
    // applies. The heights, and so the choice, stay the same.
    if (changed)
        plot()->replot(QCustomPlot::rpQueuedReplot);
}

void SweepPanel::applyTheme()
{
    const Theme& t = theme();
    // Fewer ticks on the value axes keep the projector mode's larger labels
    // apart.
    const bool projector = t.mode().projector;
    m_gradient_rect->axis(QCPAxis::atLeft)->ticker()->setTickCount(projector ? 3 : 5);
    m_error_rect->axis(QCPAxis::atLeft)->ticker()->setTickCount(projector ? 2 : 3);
    // The rect below repeats the temperatures, so projector mode leaves them
    // out above and gives the gradient curves the room.
    m_gradient_rect->axis(QCPAxis::atBottom)->setTickLabels(!projector);
    for (const Curve curve : {ExactClass, TaylorClass, ZeroMeanClass})
        m_curves[curve]->setPen(t.pen(curveQuantity(curve)));
    // The max-norm companions share colour and dash with their class curve
    // and add sparse hollow circles, so they stay apart in grey scale too.
    for (const Curve curve : {ExactMax, TaylorMax, ZeroMeanMax}) {
        const Quantity quantity = curveQuantity(curve);
        m_curves[curve]->setPen(t.pen(quantity, false));
        m_curves[curve]->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(t.style(quantity).color, t.thinCurveWidth()),
                            t.background(), t.markerSize() * kMaxMarkerShare));
    }
    m_relative_error->setPen(t.pen(Quantity::RelativeError));
    m_tolerance_line->setPen(
        QPen(t.style(Quantity::RelativeError).color, t.thinCurveWidth(), Qt::DashLine));
    for (int i = 0; i < 2; ++i) {
        m_match_regions[i]->setBrush(t.matchRegionFill());
        m_match_lines[i]->setPen(t.matchMarkerPen());
        m_current_lines[i]->setPen(t.currentTemperaturePen());
    }
    for (QCPItemRect* region : m_dip_regions)
        region->setBrush(t.dipRegionFill());
    for (QCPItemStraightLine* line : m_pole_lines)
        line->setPen(t.poleMarkerPen());
    m_pole_label->setColor(t.mode().dark ? t.poleMarkerPen().color()
                                         : t.poleMarkerPen().color().darker(140));
}

QCPItemStraightLine* SweepPanel::addVerticalLine(QCPAxisRect* rect, const QPen& pen)
{
    auto* line = new QCPItemStraightLine(plot());
    line->setClipAxisRect(rect);
    for (QCPItemPosition* position : line->positions()) {
        position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        position->setAxisRect(rect);
        position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    line->setPen(pen);
    line->setVisible(false);
    return line;
}

void SweepPanel::showSweep(const SweepResult& sweep, const DisplayOptions& options,
                           std::span<const double> poles, const QString& followed_name)
{
    m_sweep = sweep;
    m_options = options;
    m_followed_name = followed_name;
    updateDipRegions();
    const bool centered = options.eq4_logits == Eq4Logits::Centered;

    const size_t count = sweep.rows.size();
    std::vector<double> keys(count);
    std::vector<double> values[CurveCount];
    for (auto& column : values)
        column.resize(count);
    std::vector<double> errors(count);
    for (size_t i = 0; i < count; ++i) {
        const SweepRow& row = sweep.rows[i];
        const double scale = options.scale_by_t_squared ? row.temperature * row.temperature : 1.0;
        keys[i] = row.temperature;
        values[ExactClass][i] = plottable(row.exact_class, scale);
        values[TaylorClass][i] = plottable(row.taylor_class, scale);
        values[ZeroMeanClass][i] =
            plottable(centered ? row.centered_class : row.zero_mean_class, scale);
        values[ExactMax][i] = plottable(row.exact_max, scale);
        values[TaylorMax][i] = plottable(row.taylor_max, scale);
        values[ZeroMeanMax][i] = plottable(centered ? row.centered_max : row.zero_mean_max, scale);
        errors[i] = plottable(centered ? row.relative_error : row.zero_mean_relative_error, 1.0);
    }
    for (int c = 0; c < CurveCount; ++c)
        writeCurve(m_curves[c], keys, values[c]);
    writeCurve(m_relative_error, keys, errors);

    // Eq. 3 grows without bound on both sides of a pole. A NaN at the pole
    // itself keeps QCPGraph from joining the two branches with a spike.
    for (QCPItemStraightLine* line : m_pole_lines)
        plot()->removeItem(line);
    m_pole_lines.clear();
    m_pole_label->setVisible(false);
    for (const double pole : poles) {
        if (pole <= sweep.from || pole >= sweep.to)
            continue;
        m_curves[TaylorClass]->addData(pole, kNaN);
        m_curves[TaylorMax]->addData(pole, kNaN);
        QCPItemStraightLine* line = addVerticalLine(m_gradient_rect, theme().poleMarkerPen());
        line->point1->setCoords(pole, 0.0);
        line->point2->setCoords(pole, 1.0);
        line->setVisible(true);
        m_pole_lines.push_back(line);
        m_pole_label->position->setCoords(pole, 0.98);
        m_pole_label->setVisible(true);
    }

    m_curves[ExactClass]->setName(tr("|Eq. 2| class %1").arg(followed_name));
    m_curves[TaylorClass]->setName(tr("|Eq. 3| class %1").arg(followed_name));
    m_curves[ZeroMeanClass]->setName(centered ? tr("|Eq. 4| class %1, centred").arg(followed_name)
                                              : tr("|Eq. 4| class %1, raw").arg(followed_name));
    m_relative_error->setName(centered ? tr("max-norm rel. error of centred Eq. 4")
                                       : tr("max-norm rel. error of raw Eq. 4"));
    m_gradient_titles = options.scale_by_t_squared
        ? QStringList{tr("T² × |gradient|"), tr("T² ×\n|gradient|"), tr("T² ×\n|grad.|")}
        : QStringList{tr("|gradient|"), tr("|grad.|")};
    // fitAxisTitles keeps a shorter title that fits until the layout changes.
    if (!m_gradient_titles.contains(m_gradient_rect->axis(QCPAxis::atLeft)->label()))
        m_gradient_rect->axis(QCPAxis::atLeft)->setLabel(m_gradient_titles.first());

    // Home ranges span the slider range and the Eq. 2 and Eq. 4 curves.
    double low = std::numeric_limits<double>::infinity();
    double high = 0.0;
    for (const Curve curve : {ExactClass, ZeroMeanClass, ExactMax, ZeroMeanMax}) {
        for (const double value : values[curve]) {
            if (std::isnan(value))
                continue;
            low = std::min(low, value);
            high = std::max(high, value);
        }
    }
    const QCPRange temperatures(sweep.from, sweep.to);
    plot()->setHomeRange(m_gradient_rect->axis(QCPAxis::atBottom), temperatures);
    plot()->setHomeRange(m_error_rect->axis(QCPAxis::atBottom), temperatures);
    // Class gradients that underflow at low T would stretch the axis over
    // hundreds of decades, so the home range stops kShownDecades below the top.
    low = std::max(low, high * std::pow(10.0, -kShownDecades));
    if (high > 0.0)
        plot()->setHomeRange(m_gradient_rect->axis(QCPAxis::atLeft),
                             QCPRange(low / 3.0, high * 3.0));

    double error_low = std::numeric_limits<double>::infinity();
    double error_high = 0.0;
    for (const double error : errors) {
        if (std::isnan(error))
            continue;
        error_low = std::min(error_low, error);
        error_high = std::max(error_high, error);
    }
    if (error_high > 0.0)
        plot()->setHomeRange(m_error_rect->axis(QCPAxis::atLeft),
                             QCPRange(std::max(error_low / 3.0, 1e-17), error_high * 3.0));
}

QCPItemRect* SweepPanel::addRegion(QCPAxisRect* rect, const QBrush& brush)
{
    auto* region = new QCPItemRect(plot());
    region->setLayer(QStringLiteral("regions"));
    region->setClipAxisRect(rect);
    region->setPen(Qt::NoPen);
    region->setBrush(brush);
    for (QCPItemPosition* position : region->positions()) {
        position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        position->setAxisRect(rect);
        position->setTypeX(QCPItemPosition::ptPlotCoords);
        position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    region->topLeft->setCoords(1.0, 0.0);
    region->bottomRight->setCoords(1.0, 1.0);
    return region;
}

void SweepPanel::updateDipRegions()
{
    // Runs of consecutive sweep temperatures below T* whose error is within
    // eps. NOTE: their ends lie on the sweep's grid, so a stretch is drawn up
    // to half a grid step (about 1.7 % of T for 400 points over six decades)
    // too short or too long.
    std::vector<std::pair<double, double>> stretches;
    const double limit = m_match_start.value_or(std::numeric_limits<double>::infinity());
    bool inside = false;
    double opened_at = 0.0;
    for (const SweepRow& row : m_sweep.rows) {
        const bool within = row.relative_error && *row.relative_error <= m_tolerance && row.temperature < limit;
        if (within && !inside) {
            inside = true;
            opened_at = row.temperature;
        }
        if (!within && inside) {
            stretches.emplace_back(opened_at, row.temperature);
            inside = false;
        }
    }
    if (inside)
        stretches.emplace_back(opened_at, limit);

    QCPAxisRect* rects[2] = {m_gradient_rect, m_error_rect};
    while (m_dip_regions.size() < 2 * stretches.size())
        m_dip_regions.push_back(addRegion(rects[m_dip_regions.size() % 2], theme().dipRegionFill()));
    for (std::size_t k = 0; k < m_dip_regions.size(); ++k) {
        QCPItemRect* region = m_dip_regions[k];
        const std::size_t stretch = k / 2;
        region->setVisible(stretch < stretches.size() && m_tolerance > 0.0);
        if (stretch < stretches.size()) {
            region->topLeft->setCoords(stretches[stretch].first, 0.0);
            region->bottomRight->setCoords(stretches[stretch].second, 1.0);
        }
    }
}

std::vector<std::pair<double, double>> SweepPanel::dipStretches() const
{
    std::vector<std::pair<double, double>> stretches;
    for (std::size_t k = 0; k < m_dip_regions.size(); k += 2) {
        if (m_dip_regions[k]->visible())
            stretches.emplace_back(m_dip_regions[k]->topLeft->coords().x(),
                                   m_dip_regions[k]->bottomRight->coords().x());
    }
    return stretches;
}

void SweepPanel::showMatch(const MatchTemperature& match, double tolerance)
{
    m_tolerance_line->point1->setCoords(1.0, tolerance);
    m_tolerance_line->point2->setCoords(10.0, tolerance);

    const QString eps = formatNumber(tolerance * 100.0, 3) + QStringLiteral(" %");
    std::optional<double> start;
    switch (match.status) {
    case MatchTemperature::Status::Found:
        start = match.value;
        m_match_text = tr("T*(%1) = %2").arg(eps, formatNumber(*match.value, 5));
        break;
    case MatchTemperature::Status::HoldsEverywhere:
        start = match.value;
        m_match_text = tr("Eq. 4 is within %1 of Eq. 2 at every T").arg(eps);
        break;
    case MatchTemperature::Status::NeverReached:
        m_match_text = tr("Eq. 4 is not within %1 of Eq. 2 below T = 1e16").arg(eps);
        break;
    case MatchTemperature::Status::GradientVanishes:
        m_match_text = tr("no T*: v - z is constant, so Eq. 2 is zero at every T");
        break;
    }

    for (int i = 0; i < 2; ++i) {
        m_match_regions[i]->setVisible(start.has_value());
        m_match_lines[i]->setVisible(match.status == MatchTemperature::Status::Found);
        if (!start)
            continue;
        m_match_regions[i]->topLeft->setCoords(*start, 0.0);
        // Far beyond any range the slider accepts, so the region never ends on screen.
        m_match_regions[i]->bottomRight->setCoords(kMaxTemperature * 1e3, 1.0);
        m_match_lines[i]->point1->setCoords(*start, 0.0);
        m_match_lines[i]->point2->setCoords(*start, 1.0);
    }
    m_match_start = start;
    m_tolerance = tolerance;
    updateDipRegions();
    m_match_label->setVisible(match.status == MatchTemperature::Status::Found);
    if (start)
        m_match_label->position->setCoords(*start, 0.02);
    m_match_label->setText(m_match_text);
    updateSummary();
}

void SweepPanel::setCurrentTemperature(double temperature)
{
    for (QCPItemStraightLine* line : m_current_lines) {
        line->point1->setCoords(temperature, 0.0);
        line->point2->setCoords(temperature, 1.0);
        line->setVisible(true);
    }
}

void SweepPanel::updateSummary()
{
    setSummary(m_match_text);
}

QString SweepPanel::describe(QCPAxisRect* rect, double temperature) const
{
    if (m_sweep.rows.empty())
        return {};
    // The row nearest in log T to the cursor.
    const auto nearest = std::min_element(
        m_sweep.rows.begin(), m_sweep.rows.end(), [&](const SweepRow& a, const SweepRow& b) {
            return std::abs(std::log(a.temperature / temperature))
                < std::abs(std::log(b.temperature / temperature));
        });
    const SweepRow& row = *nearest;
    const auto optional = [](const std::optional<double>& value) {
        return value ? formatNumber(*value) : QStringLiteral("–");
    };
    if (rect == m_error_rect)
        return tr("T = %1   rel. error %2   cosine %3")
            .arg(formatNumber(row.temperature), optional(row.relative_error),
                 optional(row.cosine));
    const bool centered = m_options.eq4_logits == Eq4Logits::Centered;
    return tr("T = %1   class %2: Eq. 2 %3   Eq. 3 %4   Eq. 4 %5")
        .arg(formatNumber(row.temperature), m_followed_name, formatNumber(row.exact_class),
             optional(row.taylor_class),
             formatNumber(centered ? row.centered_class : row.zero_mean_class));
}

} // namespace distillscope::ui
