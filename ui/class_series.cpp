#include "ui/class_series.h"

#include "ui/plot_view.h"

#include <algorithm>
#include <cmath>

namespace distillscope::ui {

namespace {

// Narrowest bar, in pixels, that is still drawn as a bar.
constexpr double kMinBarPixels = 3.0;
// Share of a class slot that its group of bars covers.
constexpr double kGroupWidth = 0.8;
// Narrowest bar, in pixels, that gets a marker on its tip.
constexpr double kMinMarkedBarPixels = 6.0;

// Writes (key, value) pairs into `graph`, reusing its storage when the size
// is unchanged so that an update allocates nothing.
void writeData(QCPGraph* graph, std::span<const double> values, double offset)
{
    QCPGraphDataContainer* container = graph->data().data();
    if (container->size() != int(values.size())) {
        QVector<QCPGraphData> data(qsizetype(values.size()));
        for (size_t i = 0; i < values.size(); ++i)
            data[qsizetype(i)] = QCPGraphData(double(i) + offset, values[i]);
        container->set(data, true);
        return;
    }
    size_t i = 0;
    for (auto it = container->begin(); it != container->end(); ++it, ++i) {
        it->key = double(i) + offset;
        it->value = values[i];
    }
}

} // namespace

ClassSeries::ClassSeries(QCPAxis* key_axis, QCPAxis* value_axis, QObject* parent)
    : QObject(parent), m_key_axis(key_axis), m_value_axis(value_axis)
{
    // The pixels per class are known only once the plot has laid out its axis
    // rects, which QCustomPlot does inside replot() just before drawing.
    connect(key_axis->parentPlot(), &QCustomPlot::afterLayout, this, &ClassSeries::updateLayout);
    if (auto* view = qobject_cast<PlotView*>(key_axis->parentPlot())) {
        view->addStyler([this] {
            for (const Series& series : m_series)
                applyTheme(series);
        });
    }
}

QCPGraph* ClassSeries::addSeries(const QString& name, Quantity quantity)
{
    Series series;
    series.quantity = quantity;
    series.graph = new QCPGraph(m_key_axis, m_value_axis);
    series.graph->setName(name);
    series.graph->setAntialiased(false);

    series.clipped = new QCPGraph(m_key_axis, m_value_axis);
    series.clipped->setName(name + QStringLiteral(" (clipped)"));
    series.clipped->setLineStyle(QCPGraph::lsNone);
    series.clipped->removeFromLegend();
    applyTheme(series);

    m_series.push_back(series);
    return series.graph;
}

void ClassSeries::setValues(int series, std::span<const double> values)
{
    Series& target = m_series[size_t(series)];
    target.values.assign(values.begin(), values.end());
    // An empty series (Eq. 3 at its pole) leaves the class count alone.
    if (!values.empty())
        m_classes = int(values.size());
}

QCPRange ClassSeries::fullKeyRange() const
{
    return QCPRange(-0.5, std::max(m_classes, 1) - 0.5);
}

void ClassSeries::updateLayout()
{
    const double visible_classes = std::max(m_key_axis->range().size(), 1e-9);
    const double pixels_per_class = m_key_axis->axisRect()->width() / visible_classes;
    const int count = seriesCount();
    m_bar_pixels = pixels_per_class * kGroupWidth / std::max(count, 1);
    m_grouped = m_bar_pixels >= kMinBarPixels;

    for (int s = 0; s < count; ++s) {
        const double offset = m_grouped ? (s - (count - 1) / 2.0) * kGroupWidth / count : 0.0;
        writeGraph(s, offset);
        placeClippedMarkers(s, offset);
    }
}

void ClassSeries::writeGraph(int series_index, double offset)
{
    const Series& series = m_series[size_t(series_index)];
    writeData(series.graph, series.values, offset);

    // Only the geometry changes here. The colours stay as applyTheme, or a
    // figure export's style, set them.
    QPen pen = series.graph->pen();
    QCPScatterStyle marker = series.graph->scatterStyle();
    if (m_grouped) {
        series.graph->setLineStyle(QCPGraph::lsImpulse);
        pen.setStyle(Qt::SolidLine);
        pen.setWidthF(m_bar_pixels);
        // Side by side, the bars differ in colour and place only. A marker
        // of the quantity's own shape on each bar tip distinguishes them
        // without colour.
        const bool marked = m_bar_pixels >= kMinMarkedBarPixels;
        marker.setShape(marked ? QCPScatterStyle::ScatterShape(theme().style(series.quantity).marker)
                               : QCPScatterStyle::ssNone);
        marker.setSize(std::min(theme().markerSize(), m_bar_pixels));
        series.graph->setScatterStyle(marker);
    } else {
        pen.setStyle(theme().style(series.quantity).line);
        marker.setShape(QCPScatterStyle::ssNone);
        series.graph->setScatterStyle(marker);
        // A one-pixel cosmetic pen takes the raster engine's line path; a
        // wider one is stroked into polygons, which at N = 1000 cost ten
        // times the whole rest of the update.
        series.graph->setLineStyle(QCPGraph::lsStepCenter);
        pen.setWidthF(0.0);
    }
    series.graph->setPen(pen);
}

void ClassSeries::applyTheme(const Series& series)
{
    const Theme& t = theme();
    const QColor color = t.style(series.quantity).color;
    QPen pen = series.graph->pen();
    pen.setColor(color);
    series.graph->setPen(pen);
    QCPScatterStyle marker = series.graph->scatterStyle();
    // An outline in the background colour keeps the shape apart from a bar
    // of the same colour as its fill.
    marker.setPen(QPen(t.background(), t.thinCurveWidth()));
    marker.setBrush(color);
    series.graph->setScatterStyle(marker);
    series.clipped->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangleInverted, color,
                                                    t.background(), t.markerSize()));
}

void ClassSeries::placeClippedMarkers(int series_index, double offset)
{
    const Series& series = m_series[size_t(series_index)];
    QCPGraphDataContainer* markers = series.clipped->data().data();
    markers->clear();
    if (m_value_axis->scaleType() != QCPAxis::stLogarithmic)
        return;

    // The marker sits just inside the bottom edge, so that the clip of the
    // axis rect does not cut it in half.
    const double floor = m_value_axis->range().lower;
    const double marker_value = m_value_axis->pixelToCoord(m_value_axis->axisRect()->bottom()
                                                           - theme().markerSize() * 0.6);
    const double min_spacing = theme().markerSize() * 0.5;
    double last_pixel = -1e300;
    for (size_t i = 0; i < series.values.size(); ++i) {
        if (series.values[i] > floor)
            continue;
        const double key = double(i) + offset;
        const double pixel = m_key_axis->coordToPixel(key);
        if (pixel - last_pixel < min_spacing)
            continue;
        last_pixel = pixel;
        markers->add(QCPGraphData(key, marker_value));
    }
}

} // namespace distillscope::ui
