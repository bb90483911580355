#pragma once

// Panel 4: the exact loss N T^2 KL and the quadratic loss of Eq. 5 over a 2-D
// slice of student logit space, on one shared colour scale with iso-lines, and
// their difference. The current student can be dragged; gradient-descent
// paths on both losses start from it.

#include "ui/analysis.h"
#include "ui/panel.h"

#include <QStringList>

namespace distillscope::ui {

class SegmentLayer;

class SurfacePanel : public Panel {
    Q_OBJECT
public:
    enum Map { ExactMap, QuadraticMap, DifferenceMap, MapCount };

    explicit SurfacePanel(QWidget* parent = nullptr);

    // Shows `result`; the caller replots.
    void show(const SurfaceResult& result, const QStringList& class_names);
    // Empties the maps, with `reason` in the readout.
    void showUnavailable(const QString& reason);

    QCPColorMap* colorMap(Map map) const { return m_maps[map].color_map; }
    QCPAxisRect* mapRect(Map map) const { return m_maps[map].rect; }
    QCPGraph* studentMarker(Map map) const { return m_maps[map].student; }
    QCPCurve* exactPath(Map map) const { return m_maps[map].exact_path; }
    QCPCurve* quadraticPath(Map map) const { return m_maps[map].quadratic_path; }
    SegmentLayer* isoLines(Map map) const { return m_maps[map].iso_lines; }

signals:
    // The user drags the student marker to `point` of the slice.
    void studentDragged(distillscope::SlicePoint point);
    void studentDragFinished();

private:
    struct MapView {
        QCPAxisRect* rect = nullptr;
        QCPColorMap* color_map = nullptr;
        SegmentLayer* iso_lines = nullptr;
        QCPCurve* exact_path = nullptr;
        QCPCurve* quadratic_path = nullptr;
        QCPGraph* optimum = nullptr;
        QCPGraph* student = nullptr;
    };

    void buildMap(Map map, const QString& title, int column);
    void applyTheme();
    void fillMap(Map map, const Eigen::MatrixXd& values, const GridSpec& grid);
    void drawIsoLines(Map map, const Eigen::MatrixXd& values, const GridSpec& grid,
                      const QCPRange& range);
    bool beginDrag(QCPAxisRect* rect, QPointF pixel);
    void dragTo(QCPAxisRect* rect, QPointF pixel);
    QString describe(QCPAxisRect* rect, double x, double y) const;

    MapView m_maps[MapCount];
    QCPLayoutGrid* m_grid = nullptr; // titles, maps and colour scales
    QCPColorScale* m_loss_scale = nullptr;
    QCPColorScale* m_difference_scale = nullptr;
    Eigen::MatrixXd m_difference;
    SurfaceResult m_result;
    bool m_has_result = false;
};

} // namespace distillscope::ui
