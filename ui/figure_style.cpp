#include "ui/figure_style.h"

#include "ui/plot_view.h"
#include "ui/theme.h"

#include <qcustomplot.h>

#include <QFontDatabase>

#include <algorithm>
#include <cmath>

namespace distillscope::ui {

namespace {

// The point size that the window's general font maps to in a figure.
constexpr double kFigureBasePoints = 9.0;

// Restyles the window's plots from theme(), as after a theme change.
void applyWindowTheme(std::span<QCustomPlot* const> plots)
{
    for (QCustomPlot* plot : plots) {
        if (auto* view = qobject_cast<PlotView*>(plot))
            view->applyTheme();
    }
}

} // namespace

QColor FigureStyle::background() const
{
    return theme == FigureTheme::Light ? QColor(Qt::white) : QColor(0x1e, 0x1e, 0x1e);
}

QColor FigureStyle::foreground() const
{
    return theme == FigureTheme::Light ? QColor(Qt::black) : QColor(0xe8, 0xe8, 0xe8);
}

QColor FigureStyle::grid() const
{
    return theme == FigureTheme::Light ? QColor(0xd8, 0xd8, 0xd8) : QColor(0x44, 0x44, 0x44);
}

QFont FigureStyle::font(const QFont& window_font) const
{
    const double system_points = QFontDatabase::systemFont(QFontDatabase::GeneralFont).pointSizeF();
    const double relative = system_points > 0.0 ? kFigureBasePoints / system_points : 1.0;
    // A pixel-sized window font (pointSizeF() == -1) is read at 96 DPI.
    const double window_points = window_font.pointSizeF() > 0.0
        ? window_font.pointSizeF()
        : window_font.pixelSize() * 72.0 / 96.0;

    QFont figure_font = window_font;
    figure_font.setFamilies({font_family});
    figure_font.setPixelSize(std::max(1, int(std::lround(window_points * relative * dpi / 72.0))));
    // Hinting snaps glyphs to the device grid, which differs between a 2x
    // image and a PDF; without it every format lays text out alike.
    figure_font.setHintingPreference(QFont::PreferNoHinting);
    return figure_font;
}

QColor FigureStyle::adapt(const QColor& color) const
{
    return theme == FigureTheme::Light ? color : darkVariant(color);
}

FigureStyleScope::FigureStyleScope(std::span<QCustomPlot* const> plots, const FigureStyle& style)
    : m_style(style), m_plots(plots.begin(), plots.end())
{
    // The figure starts from the plain window look, so that neither the
    // projector mode's sizes nor the dark window's colours reach the file.
    m_plain_theme.emplace();
    applyWindowTheme(m_plots);
    for (QCustomPlot* plot : plots)
        stylePlot(plot);
}

FigureStyleScope::~FigureStyleScope()
{
    for (auto it = m_restore.rbegin(); it != m_restore.rend(); ++it)
        (*it)();
    m_plain_theme.reset();
    applyWindowTheme(m_plots);
}

void FigureStyleScope::styleAxis(QCPAxis* axis)
{
    const FigureStyle& s = m_style;
    const auto pen = [&s](QPen pen) {
        pen.setColor(s.adapt(pen.color()));
        return pen;
    };

    const QFont label_font = axis->labelFont();
    const QFont tick_font = axis->tickLabelFont();
    const QColor label_color = axis->labelColor();
    const QColor tick_color = axis->tickLabelColor();
    const QPen base_pen = axis->basePen(), tick_pen = axis->tickPen(), sub_tick_pen = axis->subTickPen();
    axis->setLabelFont(s.font(label_font));
    axis->setTickLabelFont(s.font(tick_font));
    axis->setLabelColor(s.adapt(label_color));
    axis->setTickLabelColor(s.adapt(tick_color));
    axis->setBasePen(pen(base_pen));
    axis->setTickPen(pen(tick_pen));
    axis->setSubTickPen(pen(sub_tick_pen));
    m_restore.push_back([=] {
        axis->setLabelFont(label_font);
        axis->setTickLabelFont(tick_font);
        axis->setLabelColor(label_color);
        axis->setTickLabelColor(tick_color);
        axis->setBasePen(base_pen);
        axis->setTickPen(tick_pen);
        axis->setSubTickPen(sub_tick_pen);
    });

    QCPGrid* grid = axis->grid();
    const QPen grid_pen = grid->pen(), sub_grid_pen = grid->subGridPen(), zero_pen = grid->zeroLinePen();
    grid->setPen(pen(grid_pen));
    grid->setSubGridPen(pen(sub_grid_pen));
    grid->setZeroLinePen(pen(zero_pen));
    m_restore.push_back([=] {
        grid->setPen(grid_pen);
        grid->setSubGridPen(sub_grid_pen);
        grid->setZeroLinePen(zero_pen);
    });
}

void FigureStyleScope::stylePlot(QCustomPlot* plot)
{
    const FigureStyle& s = m_style;

    // QCustomPlot 2.1.0 has no getter for its background brush, so the
    // window's plain theme background is what comes back.
    plot->setBackground(s.transparent ? QBrush(Qt::NoBrush) : QBrush(s.background()));
    m_restore.push_back([=] { plot->setBackground(QBrush(theme().background())); });

    for (QCPAxisRect* rect : plot->axisRects()) {
        const QBrush rect_background = rect->backgroundBrush();
        rect->setBackground(QBrush(Qt::NoBrush));
        m_restore.push_back([=] { rect->setBackground(rect_background); });
        for (QCPAxis* axis : rect->axes())
            styleAxis(axis);
    }

    for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
        if (!element)
            continue;
        if (auto* text = qobject_cast<QCPTextElement*>(element)) {
            const QFont font = text->font();
            const QColor color = text->textColor();
            text->setFont(s.font(font));
            text->setTextColor(s.adapt(color));
            m_restore.push_back([=] {
                text->setFont(font);
                text->setTextColor(color);
            });
        } else if (auto* legend = qobject_cast<QCPLegend*>(element)) {
            // QCPLegend::setFont and setTextColor would overwrite every item,
            // so the items get their fonts one by one in the next branch.
            const QBrush brush = legend->brush();
            legend->setBrush(brush.style() == Qt::NoBrush || s.transparent ? QBrush(Qt::NoBrush)
                                                                           : QBrush(s.background()));
            m_restore.push_back([=] { legend->setBrush(brush); });
        } else if (auto* item = qobject_cast<QCPAbstractLegendItem*>(element)) {
            const QFont font = item->font();
            const QColor color = item->textColor();
            item->setFont(s.font(font));
            item->setTextColor(s.adapt(color));
            m_restore.push_back([=] {
                item->setFont(font);
                item->setTextColor(color);
            });
        } else if (auto* scale = qobject_cast<QCPColorScale*>(element)) {
            styleAxis(scale->axis());
        }
    }

    for (int i = 0; i < plot->itemCount(); ++i) {
        QCPAbstractItem* item = plot->item(i);
        if (auto* text = qobject_cast<QCPItemText*>(item)) {
            const QFont font = text->font();
            const QColor color = text->color();
            const QBrush brush = text->brush();
            text->setFont(s.font(font));
            text->setColor(s.adapt(color));
            if (brush.style() != Qt::NoBrush)
                text->setBrush(s.transparent ? QBrush(Qt::NoBrush) : QBrush(s.background()));
            m_restore.push_back([=] {
                text->setFont(font);
                text->setColor(color);
                text->setBrush(brush);
            });
        } else if (auto* line = qobject_cast<QCPItemStraightLine*>(item)) {
            const QPen pen = line->pen();
            QPen adapted = pen;
            adapted.setColor(s.adapt(pen.color()));
            line->setPen(adapted);
            m_restore.push_back([=] { line->setPen(pen); });
        }
    }

    if (s.theme == FigureTheme::Light)
        return;
    // Curves drawn in black or grey, such as Eq. 2, would vanish on the dark
    // background.
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable* plottable = plot->plottable(i);
        const QPen pen = plottable->pen();
        QPen adapted = pen;
        adapted.setColor(s.adapt(pen.color()));
        plottable->setPen(adapted);
        m_restore.push_back([=] { plottable->setPen(pen); });
        if (auto* graph = qobject_cast<QCPGraph*>(plottable)) {
            const QCPScatterStyle scatter = graph->scatterStyle();
            QCPScatterStyle adapted_scatter = scatter;
            QPen scatter_pen = scatter.pen();
            scatter_pen.setColor(s.adapt(scatter_pen.color()));
            adapted_scatter.setPen(scatter_pen);
            QBrush scatter_brush = scatter.brush();
            scatter_brush.setColor(s.adapt(scatter_brush.color()));
            adapted_scatter.setBrush(scatter_brush);
            graph->setScatterStyle(adapted_scatter);
            m_restore.push_back([=] { graph->setScatterStyle(scatter); });
        }
    }
}

} // namespace distillscope::ui
