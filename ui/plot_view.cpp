#include "ui/plot_view.h"

#include "ui/theme.h"

#include <QLocale>

namespace distillscope::ui {

PlotView::PlotView(QWidget* parent) : QCustomPlot(parent)
{
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setBackground(theme().background());
    setNoAntialiasingOnDrag(true);
    setPlottingHint(QCP::phCacheLabels, true);
    setMouseTracking(true);
    connect(this, &QCustomPlot::beforeReplot, this, &PlotView::fitLegends);
    connect(themeNotifier(), &ThemeNotifier::changed, this, [this] {
        applyTheme();
        replot(QCustomPlot::rpQueuedReplot);
    });
}

void PlotView::addStyler(std::function<void()> styler)
{
    styler();
    m_stylers.push_back(std::move(styler));
}

void PlotView::applyTheme()
{
    const Theme& t = theme();
    setBackground(t.background());
    for (QCPAxisRect* rect : axisRects())
        styleAxisRect(rect);

    for (QCPLayoutElement* element : plotLayout()->elements(true)) {
        if (auto* text = qobject_cast<QCPTextElement*>(element)) {
            text->setFont(t.tickFont());
            text->setTextColor(t.foreground());
        } else if (auto* legend = qobject_cast<QCPLegend*>(element)) {
            // Sets the font and colour of every item as well.
            legend->setFont(t.tickFont());
            legend->setTextColor(t.foreground());
            legend->setIconSize(QSize(32, 18) * t.fontScale());
        } else if (auto* scale = qobject_cast<QCPColorScale*>(element)) {
            styleAxis(scale->axis());
        }
    }
    for (int i = 0; i < itemCount(); ++i) {
        auto* text = qobject_cast<QCPItemText*>(item(i));
        if (!text)
            continue;
        text->setFont(t.tickFont());
        text->setColor(t.foreground());
        if (text->brush().style() != Qt::NoBrush)
            text->setBrush(t.labelBackground());
    }

    for (const auto& styler : m_stylers)
        styler();
}

void PlotView::fitLegends()
{
    for (QCPLayoutElement* element : plotLayout()->elements(true)) {
        auto* legend = qobject_cast<QCPLegend*>(element);
        // A plot on a hidden page has no width of its own yet.
        if (!legend || !legend->visible() || !isVisible())
            continue;
        // itemCount() counts the cells of the grid, and a wrapped grid can
        // have empty cells, so item(i) may be null.
        QStringList names;
        for (int i = 0; i < legend->itemCount(); ++i) {
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
                names.append(item->plottable()->name());
            else if (legend->item(i))
                names.append(QString());
        }
        if (names.isEmpty())
            continue;
        // The legend row spans the plot's width. Refit only when the width,
        // the font or an entry changed, not on every replot of an animation.
        const int available = viewport().width();
        const QString key = QStringLiteral("%1|%2|%3").arg(available).arg(
            legend->font().pointSizeF()).arg(names.join(QLatin1Char('\n')));
        if (m_legend_fits.value(legend) == key)
            continue;
        m_legend_fits.insert(legend, key);
        fitLegendColumns(legend, available);
    }
}

void PlotView::setHomeRange(QCPAxis* axis, const QCPRange& range)
{
    m_home.insert(axis, range);
    if (!m_user_moved_view)
        axis->setRange(range);
}

void PlotView::resetView()
{
    m_user_moved_view = false;
    for (auto it = m_home.cbegin(); it != m_home.cend(); ++it)
        it.key()->setRange(it.value());
}

void PlotView::mousePressEvent(QMouseEvent* event)
{
    QCPAxisRect* rect = axisRectAt(event->position());
    if (event->button() == Qt::LeftButton && rect && m_drag.begin
        && m_drag.begin(rect, event->position())) {
        m_drag_rect = rect;
        event->accept();
        return;
    }
    QCustomPlot::mousePressEvent(event);
}

void PlotView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_drag_rect) {
        m_drag.move(m_drag_rect, event->position());
        describeCursor(event->position());
        event->accept();
        return;
    }
    if (event->buttons() & Qt::LeftButton)
        m_user_moved_view = true;
    QCustomPlot::mouseMoveEvent(event);
    describeCursor(event->position());
}

void PlotView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_drag_rect) {
        m_drag_rect = nullptr;
        if (m_drag.finish)
            m_drag.finish();
        event->accept();
        return;
    }
    QCustomPlot::mouseReleaseEvent(event);
}

void PlotView::mouseDoubleClickEvent(QMouseEvent* event)
{
    QCustomPlot::mouseDoubleClickEvent(event);
    resetView();
    replotNow();
}

void PlotView::wheelEvent(QWheelEvent* event)
{
    m_user_moved_view = true;
    QCustomPlot::wheelEvent(event);
}

void PlotView::leaveEvent(QEvent* event)
{
    QCustomPlot::leaveEvent(event);
    emit cursorTextChanged(QString());
}

void PlotView::describeCursor(QPointF pixel)
{
    if (!m_describe)
        return;
    QCPAxisRect* rect = axisRectAt(pixel);
    if (!rect || !rect->rect().contains(pixel.toPoint())) {
        emit cursorTextChanged(QString());
        return;
    }
    const double key = rect->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x());
    const double value = rect->axis(QCPAxis::atLeft)->pixelToCoord(pixel.y());
    emit cursorTextChanged(m_describe(rect, key, value));
}

void styleAxis(QCPAxis* axis)
{
    const Theme& t = theme();
    axis->setLabelFont(t.labelFont());
    axis->setTickLabelFont(t.tickFont());
    axis->setLabelColor(t.foreground());
    axis->setTickLabelColor(t.foreground());
    axis->setBasePen(t.axisPen());
    axis->setTickPen(t.axisPen());
    axis->setSubTickPen(t.axisPen());
    axis->grid()->setPen(t.gridPen());
    axis->grid()->setZeroLinePen(t.zeroLinePen());
    axis->grid()->setSubGridVisible(false);
}

void styleAxisRect(QCPAxisRect* rect)
{
    for (QCPAxis* axis : rect->axes())
        styleAxis(axis);
}

QCPLegend* placeLegendAbove(QCustomPlot* plot, int columns)
{
    QCPLegend* legend = plot->legend;
    if (legend) {
        // QCustomPlot starts the legend in the first axis rect's inset layout;
        // taking it from any other layout prints a warning.
        for (QCPAxisRect* rect : plot->axisRects()) {
            if (legend->layout() == rect->insetLayout())
                rect->insetLayout()->take(legend);
        }
    } else {
        legend = new QCPLegend;
        plot->legend = legend;
    }
    QCPLayoutGrid* layout = plot->plotLayout();
    layout->insertRow(0);
    layout->addElement(0, 0, legend);
    legend->setLayer(QStringLiteral("legend"));
    legend->setVisible(true);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(columns);
    legend->setFont(theme().tickFont());
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setMargins(QMargins(4, 0, 4, 0));
    // The legend row takes only the height its entries need.
    layout->setRowStretchFactor(0, 0.001);
    layout->simplify();
    return legend;
}

void fitLegendColumns(QCPLegend* legend, int width)
{
    int entries = 0;
    for (int i = 0; i < legend->itemCount(); ++i)
        entries += legend->item(i) ? 1 : 0;
    // As many columns as fit, at most one row of every entry.
    for (int columns = std::max(entries, 1); columns >= 1; --columns) {
        legend->setWrap(columns);
        // setWrap alone keeps the elements where they are. Setting the fill
        // order again with rearrange = true moves them into the new grid.
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        if (legend->minimumOuterSizeHint().width() <= width)
            break;
    }
}

QString formatNumber(double value, int digits)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    return QLocale().toString(value, 'g', digits);
}

} // namespace distillscope::ui
