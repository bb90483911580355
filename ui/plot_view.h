#pragma once

// A QCustomPlot with the interactions every panel shares: zoom and pan with
// the mouse, the value under the cursor, a reset on double-click, and an
// optional drag of one of the panel's own markers.
//
// It also follows the theme. After every theme change it restyles from
// theme() what every plot has (background, axes, grid, legend, text
// elements and text items), runs the stylers its owner added for the pens
// and markers that only the owner sets, and replots. A new page that draws
// through PlotView therefore follows projector and dark mode by adding one
// styler.

#include <qcustomplot.h>

#include <QHash>

#include <functional>
#include <vector>

namespace distillscope::ui {

class PlotView : public QCustomPlot {
    Q_OBJECT
public:
    explicit PlotView(QWidget* parent = nullptr);

    // Sets the range that `axis` shows until the user zooms or pans, and again
    // after a double-click. Applied at once unless the user has moved the view.
    void setHomeRange(QCPAxis* axis, const QCPRange& range);
    // Restores every home range.
    void resetView();
    bool userMovedView() const { return m_user_moved_view; }

    // Describes the data at a plot position for the readout under the plot.
    using CursorDescriber = std::function<QString(QCPAxisRect* rect, double key, double value)>;
    void setCursorDescriber(CursorDescriber describer) { m_describe = std::move(describer); }

    // A drag of a panel's marker: `begin` decides from the press position
    // whether a drag starts, `move` follows the mouse, `finish` ends it.
    struct DragHandlers {
        std::function<bool(QCPAxisRect* rect, QPointF pixel)> begin;
        std::function<void(QCPAxisRect* rect, QPointF pixel)> move;
        std::function<void()> finish;
    };
    void setDragHandlers(DragHandlers handlers) { m_drag = std::move(handlers); }
    bool dragging() const { return m_drag_rect != nullptr; }

    // Replots and repaints before returning, so callers and the benchmark
    // measure the drawing itself.
    void replotNow() { replot(QCustomPlot::rpImmediateRefresh); }

    // Runs `styler` now and again on every applyTheme(), after the generic
    // restyle, to set the pens, brushes and markers of the owner's own
    // plottables and items from theme().
    void addStyler(std::function<void()> styler);
    // Restyles the whole plot from theme() without replotting. Runs on every
    // theme change, and inside figure exports with the plain theme.
    void applyTheme();

signals:
    void cursorTextChanged(const QString& text);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void describeCursor(QPointF pixel);
    // Wraps every legend into as many columns as fit the plot's width, so
    // that projector mode's larger text or a narrow window never cuts an
    // entry off. Runs before each replot.
    void fitLegends();

    QHash<QCPAxis*, QCPRange> m_home;
    bool m_user_moved_view = false;
    CursorDescriber m_describe;
    DragHandlers m_drag;
    QCPAxisRect* m_drag_rect = nullptr;
    std::vector<std::function<void()>> m_stylers;
    // The width, font and entries each legend was last fitted to.
    QHash<QCPLegend*, QString> m_legend_fits;
};

// Applies the theme's fonts, colours, axis pens and grid pen to `axis`. The
// grid's visibility stays as it is.
void styleAxis(QCPAxis* axis);
// Applies styleAxis to every axis of `rect`.
void styleAxisRect(QCPAxisRect* rect);

// Moves the legend of `plot` (or a new one, when the layout was cleared) into
// a row above everything else, `columns` entries wide, so that it never
// covers data. A PlotView rewraps it to fit its width on every replot.
// Returns the legend.
QCPLegend* placeLegendAbove(QCustomPlot* plot, int columns);

// Wraps `legend` into as many columns as fit `width`, up to one row of every
// entry, and one column when nothing fits.
void fitLegendColumns(QCPLegend* legend, int width);

// Formats a number for readouts with `digits` significant digits.
QString formatNumber(double value, int digits = 4);

} // namespace distillscope::ui
