#include "ui/iso_lines.h"

#include <cmath>

namespace distillscope::ui {

namespace {

// The fraction of the edge from a to b at which `level` is crossed.
double crossing(double a, double b, double level)
{
    return (level - a) / (b - a);
}

} // namespace

void appendIsoLines(const Eigen::MatrixXd& values, const GridSpec& grid, double level,
                    QVector<QLineF>& segments)
{
    const Index rows = values.rows();
    const Index columns = values.cols();
    if (rows < 2 || columns < 2)
        return;
    const double dx = (grid.x_max - grid.x_min) / double(columns - 1);
    const double dy = (grid.y_max - grid.y_min) / double(rows - 1);

    for (Index iy = 0; iy + 1 < rows; ++iy) {
        for (Index ix = 0; ix + 1 < columns; ++ix) {
            // Corners counter-clockwise from the lower left.
            const double c0 = values(iy, ix);
            const double c1 = values(iy, ix + 1);
            const double c2 = values(iy + 1, ix + 1);
            const double c3 = values(iy + 1, ix);
            if (!std::isfinite(c0) || !std::isfinite(c1) || !std::isfinite(c2) || !std::isfinite(c3))
                continue;
            const int code = (c0 > level ? 1 : 0) | (c1 > level ? 2 : 0) | (c2 > level ? 4 : 0)
                | (c3 > level ? 8 : 0);
            if (code == 0 || code == 15)
                continue;

            const double x0 = grid.x_min + double(ix) * dx;
            const double y0 = grid.y_min + double(iy) * dy;
            // Crossing points on the bottom, right, top and left edges.
            const QPointF bottom(x0 + crossing(c0, c1, level) * dx, y0);
            const QPointF right(x0 + dx, y0 + crossing(c1, c2, level) * dy);
            const QPointF top(x0 + crossing(c3, c2, level) * dx, y0 + dy);
            const QPointF left(x0, y0 + crossing(c0, c3, level) * dy);

            switch (code) {
            case 1: case 14: segments.append({left, bottom}); break;
            case 2: case 13: segments.append({bottom, right}); break;
            case 3: case 12: segments.append({left, right}); break;
            case 4: case 11: segments.append({right, top}); break;
            case 6: case 9: segments.append({bottom, top}); break;
            case 7: case 8: segments.append({left, top}); break;
            case 5: case 10: {
                // A saddle: the mean of the corners decides which pairs join.
                const bool center_above = (c0 + c1 + c2 + c3) / 4.0 > level;
                if ((code == 5) == center_above) {
                    segments.append({left, top});
                    segments.append({bottom, right});
                } else {
                    segments.append({left, bottom});
                    segments.append({right, top});
                }
                break;
            }
            }
        }
    }
}

SegmentLayer::SegmentLayer(QCPAxis* key_axis, QCPAxis* value_axis)
    : QCPLayerable(key_axis->parentPlot()), m_key_axis(key_axis), m_value_axis(value_axis)
{
}

void SegmentLayer::applyDefaultAntialiasingHint(QCPPainter* painter) const
{
    applyAntialiasingHint(painter, true, QCP::aePlottables);
}

void SegmentLayer::draw(QCPPainter* painter)
{
    m_pixels.resize(m_segments.size());
    for (qsizetype i = 0; i < m_segments.size(); ++i) {
        const QLineF& line = m_segments[i];
        m_pixels[i] = QLineF(m_key_axis->coordToPixel(line.x1()), m_value_axis->coordToPixel(line.y1()),
                             m_key_axis->coordToPixel(line.x2()), m_value_axis->coordToPixel(line.y2()));
    }
    painter->setPen(m_pen);
    painter->drawLines(m_pixels);
}

QRect SegmentLayer::clipRect() const
{
    return m_key_axis->axisRect()->rect();
}

} // namespace distillscope::ui
