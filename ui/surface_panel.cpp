#include "ui/surface_panel.h"

#include "ui/iso_lines.h"
#include "ui/theme.h"

#include <cmath>

namespace distillscope::ui {

namespace {

// Iso-lines per map.
constexpr int kIsoLevels = 8;
// Largest distance, in pixels, from the student marker at which a press drags it.
constexpr double kGrabRadius = 14.0;
// Width of the colour scales' bars, in pixels, in the normal mode.
constexpr double kScaleBarWidth = 10.0;
// Theme::markerSize() in the normal mode, which the map markers' sizes are
// relative to.
constexpr double kNormalMarkerSize = 9.0;

void writePath(QCPCurve* curve, const std::vector<SlicePoint>& path)
{
    QVector<QCPCurveData> data(qsizetype(path.size()));
    for (size_t i = 0; i < path.size(); ++i)
        data[qsizetype(i)] = QCPCurveData(double(i), path[i].x, path[i].y);
    curve->data()->set(data, true);
}

void writePoint(QCPGraph* graph, SlicePoint point)
{
    graph->data()->clear();
    graph->addData(point.x, point.y);
}

} // namespace

SurfacePanel::SurfacePanel(QWidget* parent)
    : Panel(tr("Loss surfaces over a slice of student logits"), parent)
{
    PlotView* view = plot();
    view->setObjectName(QStringLiteral("surfacePlot"));
    view->setToolTip(tr("Drag the student point to move z inside the slice"));
    // Clearing deletes the default axis rect and the legend inside it; the
    // maps get a grid of their own below a new legend row.
    view->plotLayout()->clear();
    m_grid = new QCPLayoutGrid;
    view->plotLayout()->addElement(0, 0, m_grid);

    m_loss_scale = new QCPColorScale(view);
    m_difference_scale = new QCPColorScale(view);
    buildMap(ExactMap, tr("exact N T² KL(p‖q)"), 0);
    buildMap(QuadraticMap, tr("Eq. 5: ½‖zc − vc‖²"), 1);
    m_grid->addElement(1, 2, m_loss_scale);
    buildMap(DifferenceMap, tr("difference: N T² KL − Eq. 5"), 3);
    m_grid->addElement(1, 4, m_difference_scale);
    m_grid->setRowStretchFactors({0.001, 1.0});

    QCPLegend* legend = placeLegendAbove(view, 4);
    const MapView& first = m_maps[ExactMap];
    for (QCPAbstractPlottable* plottable :
         {static_cast<QCPAbstractPlottable*>(first.exact_path),
          static_cast<QCPAbstractPlottable*>(first.quadratic_path),
          static_cast<QCPAbstractPlottable*>(first.optimum),
          static_cast<QCPAbstractPlottable*>(first.student)})
        plottable->addToLegend(legend);

    auto* margins = new QCPMarginGroup(view);
    for (const MapView& map : m_maps)
        map.rect->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    for (QCPColorScale* scale : {m_loss_scale, m_difference_scale})
        scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_maps[ExactMap].color_map->setColorScale(m_loss_scale);
    m_maps[QuadraticMap].color_map->setColorScale(m_loss_scale);
    m_maps[DifferenceMap].color_map->setColorScale(m_difference_scale);

    view->setDragHandlers({[this](QCPAxisRect* rect, QPointF pixel) { return beginDrag(rect, pixel); },
                           [this](QCPAxisRect* rect, QPointF pixel) { dragTo(rect, pixel); },
                           [this] { emit studentDragFinished(); }});
    view->setCursorDescriber(
        [this](QCPAxisRect* rect, double x, double y) { return describe(rect, x, y); });
    view->addStyler([this] { applyTheme(); });
}

void SurfacePanel::applyTheme()
{
    const Theme& t = theme();
    for (QCPColorScale* scale : {m_loss_scale, m_difference_scale})
        scale->setBarWidth(int(std::lround(kScaleBarWidth * t.fontScale())));
    m_loss_scale->setGradient(t.lossGradient());
    m_difference_scale->setGradient(t.differenceGradient());
    // Marker sizes keep their normal-mode ratio to the theme's marker size.
    const double scale = t.markerSize() / kNormalMarkerSize;
    for (MapView& map : m_maps) {
        for (QCPAxis* axis : map.rect->axes())
            axis->grid()->setVisible(false);
        map.iso_lines->setPen(&map == &m_maps[DifferenceMap] ? t.differenceIsoLinePen()
                                                             : t.isoLinePen());
        map.exact_path->setPen(t.pen(Quantity::Exact));
        map.quadratic_path->setPen(t.pen(Quantity::ZeroMean));
        map.optimum->setScatterStyle(QCPScatterStyle(
            QCPScatterStyle::ssStar, QPen(t.style(Quantity::Teacher).color, 2.5 * scale),
            Qt::NoBrush, 15 * scale));
        map.student->setScatterStyle(QCPScatterStyle(
            QCPScatterStyle::ssCircle, QPen(t.adapt(Qt::white), 1.5 * scale),
            t.style(Quantity::Student).color, 13 * scale));
    }
}

void SurfacePanel::buildMap(Map map, const QString& title, int column)
{
    PlotView* view = plot();
    MapView& target = m_maps[map];

    auto* heading = new QCPTextElement(view, title, theme().tickFont());
    m_grid->addElement(0, column, heading);
    target.rect = new QCPAxisRect(view);
    m_grid->addElement(1, column, target.rect);
    styleAxisRect(target.rect);

    QCPAxis* keys = target.rect->axis(QCPAxis::atBottom);
    QCPAxis* values = target.rect->axis(QCPAxis::atLeft);
    target.color_map = new QCPColorMap(keys, values);
    target.color_map->setInterpolate(true);
    target.color_map->setTightBoundary(false);

    target.iso_lines = new SegmentLayer(keys, values);

    target.exact_path = new QCPCurve(keys, values);
    target.exact_path->setName(tr("descent on N T² KL"));
    target.quadratic_path = new QCPCurve(keys, values);
    target.quadratic_path->setName(tr("descent on Eq. 5"));

    target.optimum = new QCPGraph(keys, values);
    target.optimum->setLineStyle(QCPGraph::lsNone);
    target.optimum->setName(tr("minimum of Eq. 5"));
    target.student = new QCPGraph(keys, values);
    target.student->setLineStyle(QCPGraph::lsNone);
    // The legend also appears in exported figures, so the hint to drag the
    // point lives in the plot's tooltip instead.
    target.student->setName(tr("student z"));

    // All three maps show the same slice, so their views move together.
    if (map != ExactMap) {
        QCPAxisRect* first = m_maps[ExactMap].rect;
        for (const auto type : {QCPAxis::atBottom, QCPAxis::atLeft}) {
            QCPAxis* leader = first->axis(type);
            QCPAxis* follower = target.rect->axis(type);
            connect(leader, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), follower,
                    qOverload<const QCPRange&>(&QCPAxis::setRange));
            connect(follower, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), leader,
                    qOverload<const QCPRange&>(&QCPAxis::setRange));
        }
    }
}

void SurfacePanel::show(const SurfaceResult& result, const QStringList& class_names)
{
    m_result = result;
    m_has_result = true;
    const GridSpec& grid = result.surface.grid;
    m_difference = result.surface.scaled_kl - result.surface.quadratic;

    // One colour scale for both losses, so equal colours mean equal loss.
    const double low = std::min(result.surface.scaled_kl.minCoeff(), result.surface.quadratic.minCoeff());
    const double high = std::max(result.surface.scaled_kl.maxCoeff(), result.surface.quadratic.maxCoeff());
    const QCPRange loss_range(low, high > low ? high : low + 1.0);
    const double spread = std::max(m_difference.cwiseAbs().maxCoeff(), 1e-300);
    const QCPRange difference_range(-spread, spread);

    fillMap(ExactMap, result.surface.scaled_kl, grid);
    fillMap(QuadraticMap, result.surface.quadratic, grid);
    fillMap(DifferenceMap, m_difference, grid);
    m_loss_scale->setDataRange(loss_range);
    m_difference_scale->setDataRange(difference_range);
    // Iso-lines span each map's own range: with many classes the logits
    // outside the slice add a large common offset, and the shared colours
    // alone would show two flat maps.
    const auto own_range = [](const Eigen::MatrixXd& values) {
        return QCPRange(values.minCoeff(), values.maxCoeff());
    };
    drawIsoLines(ExactMap, result.surface.scaled_kl, grid, own_range(result.surface.scaled_kl));
    drawIsoLines(QuadraticMap, result.surface.quadratic, grid, own_range(result.surface.quadratic));
    drawIsoLines(DifferenceMap, m_difference, grid, own_range(m_difference));

    QString x_label;
    QString y_label;
    const QString first = class_names.value(int(result.axes.first_class));
    const QString second = class_names.value(int(result.axes.second_class));
    if (result.axes.kind == SliceKind::ClassPair) {
        x_label = tr("z of class %1").arg(first);
        y_label = tr("z of class %1").arg(second);
    } else {
        x_label = tr("along (e_%1 − e_%2)/√2").arg(first, second);
        y_label = tr("along e_%1 + e_%2, zero mean").arg(first, second);
    }

    for (int m = 0; m < MapCount; ++m) {
        MapView& view = m_maps[m];
        writePath(view.exact_path, result.exact_path);
        writePath(view.quadratic_path, result.quadratic_path);
        writePoint(view.optimum, result.optimum);
        writePoint(view.student, result.student);
        view.rect->axis(QCPAxis::atBottom)->setLabel(x_label);
        view.rect->axis(QCPAxis::atLeft)->setLabel(m == ExactMap ? y_label : QString());
        plot()->setHomeRange(view.rect->axis(QCPAxis::atBottom), QCPRange(grid.x_min, grid.x_max));
        plot()->setHomeRange(view.rect->axis(QCPAxis::atLeft), QCPRange(grid.y_min, grid.y_max));
    }

    const auto end_distance = [&](const std::vector<SlicePoint>& path) {
        return path.empty() ? 0.0 : std::hypot(path.back().x - result.optimum.x,
                                               path.back().y - result.optimum.y);
    };
    setSummary(tr("student (%1, %2)   descent ends %3 (KL) and %4 (Eq. 5) from the Eq. 5 minimum")
                   .arg(formatNumber(result.student.x), formatNumber(result.student.y),
                        formatNumber(end_distance(result.exact_path), 3),
                        formatNumber(end_distance(result.quadratic_path), 3)));
}

void SurfacePanel::showUnavailable(const QString& reason)
{
    m_has_result = false;
    for (MapView& view : m_maps) {
        view.color_map->data()->fill(qQNaN());
        view.iso_lines->segments().clear();
        view.exact_path->data()->clear();
        view.quadratic_path->data()->clear();
        view.optimum->data()->clear();
        view.student->data()->clear();
    }
    setSummary(reason);
}

void SurfacePanel::fillMap(Map map, const Eigen::MatrixXd& values, const GridSpec& grid)
{
    QCPColorMapData* data = m_maps[map].color_map->data();
    // Resizing reallocates the cell array, so it happens only when the grid
    // resolution changes, not on every update.
    if (data->keySize() != grid.x_points || data->valueSize() != grid.y_points)
        data->setSize(grid.x_points, grid.y_points);
    data->setRange(QCPRange(grid.x_min, grid.x_max), QCPRange(grid.y_min, grid.y_max));
    for (int iy = 0; iy < grid.y_points; ++iy)
        for (int ix = 0; ix < grid.x_points; ++ix)
            data->setCell(ix, iy, values(iy, ix));
}

void SurfacePanel::drawIsoLines(Map map, const Eigen::MatrixXd& values, const GridSpec& grid,
                                const QCPRange& range)
{
    QVector<QLineF>& segments = m_maps[map].iso_lines->segments();
    segments.clear();
    for (int level = 1; level <= kIsoLevels; ++level) {
        const double value = range.lower + range.size() * level / (kIsoLevels + 1.0);
        appendIsoLines(values, grid, value, segments);
    }
}

bool SurfacePanel::beginDrag(QCPAxisRect* rect, QPointF pixel)
{
    if (!m_has_result)
        return false;
    for (const MapView& view : m_maps) {
        if (view.rect != rect)
            continue;
        const QPointF marker(rect->axis(QCPAxis::atBottom)->coordToPixel(m_result.student.x),
                             rect->axis(QCPAxis::atLeft)->coordToPixel(m_result.student.y));
        return QLineF(marker, pixel).length() <= kGrabRadius;
    }
    return false;
}

void SurfacePanel::dragTo(QCPAxisRect* rect, QPointF pixel)
{
    const SlicePoint point{rect->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x()),
                           rect->axis(QCPAxis::atLeft)->pixelToCoord(pixel.y())};
    emit studentDragged(point);
}

QString SurfacePanel::describe(QCPAxisRect* rect, double x, double y) const
{
    if (!m_has_result)
        return {};
    (void)rect;
    const double exact = m_maps[ExactMap].color_map->data()->data(x, y);
    const double quadratic = m_maps[QuadraticMap].color_map->data()->data(x, y);
    return tr("(%1, %2): N T² KL %3   Eq. 5 %4   difference %5")
        .arg(formatNumber(x), formatNumber(y), formatNumber(exact), formatNumber(quadratic),
             formatNumber(exact - quadratic));
}

} // namespace distillscope::ui
