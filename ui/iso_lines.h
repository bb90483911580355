#pragma once

// Iso-lines of a sampled surface, and a layer that draws line segments.
// QCustomPlot 2.1.0 has colour maps but no contours.

#include <distillscope/surface.h>

#include <qcustomplot.h>

#include <QLineF>
#include <QVector>

namespace distillscope::ui {

// Appends the segments where the bilinear surface through `values` (rows
// follow y, columns follow x, as Surface stores them) crosses `level`, in the
// coordinates of `grid`. Marching squares: one or two segments per cell, with
// the saddle cells split by the cell's mean. Cost O(cells).
void appendIsoLines(const Eigen::MatrixXd& values, const GridSpec& grid, double level,
                    QVector<QLineF>& segments);

// Draws line segments given in plot coordinates with one drawLines call,
// clipped to the axis rect of `key_axis`.
class SegmentLayer : public QCPLayerable {
    Q_OBJECT
public:
    SegmentLayer(QCPAxis* key_axis, QCPAxis* value_axis);

    void setPen(const QPen& pen) { m_pen = pen; }
    QPen pen() const { return m_pen; }
    // The segments, in plot coordinates; edit them, then replot.
    QVector<QLineF>& segments() { return m_segments; }

protected:
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override;
    void draw(QCPPainter* painter) override;
    QRect clipRect() const override;

private:
    QCPAxis* m_key_axis;
    QCPAxis* m_value_axis;
    QPen m_pen;
    QVector<QLineF> m_segments;
    QVector<QLineF> m_pixels; // reused between replots
};

} // namespace distillscope::ui
