#pragma once

// One value per class for a few series, drawn side by side.
//
// While each series gets at least kMinBarPixels of width per class, every
// series is a QCPGraph of impulses offset within the class slot, with a flat
// pen as wide as a bar. That is one drawLines call per series, however many
// classes there are. Below that width the series become step lines drawn over one
// another, because grouped bars narrower than a few pixels can no longer be
// distinguished. QCPBars would instead paint one polygon per class.
//
// Grouped bars wide enough to hold a marker carry one on their tips, in the
// shape theme() gives their quantity. Step lines keep the quantity's line
// style, so no two series differ by colour alone.
//
// On a logarithmic value axis a value below the visible range, or zero, is
// drawn as a clipped marker at the bottom edge, at most one per marker width,
// so no class disappears silently.

#include "ui/theme.h"

#include <qcustomplot.h>

#include <span>
#include <vector>

namespace distillscope::ui {

class ClassSeries : public QObject {
    Q_OBJECT
public:
    ClassSeries(QCPAxis* key_axis, QCPAxis* value_axis, QObject* parent = nullptr);

    // Adds a series drawn in the style of `quantity`; returns its graph, whose
    // data are the values as set (offset keys aside).
    QCPGraph* addSeries(const QString& name, Quantity quantity);
    int seriesCount() const { return int(m_series.size()); }
    QCPGraph* graph(int series) const { return m_series[size_t(series)].graph; }
    QCPGraph* clippedMarkers(int series) const { return m_series[size_t(series)].clipped; }

    // Replaces the values of `series`, in place when the class count is unchanged.
    void setValues(int series, std::span<const double> values);
    std::span<const double> values(int series) const { return m_series[size_t(series)].values; }

    // Chooses grouped bars or step lines from the pixels per class, writes the
    // graphs and places the clipped markers. Runs on every replot, after the
    // layout and before the drawing.
    void updateLayout();

    // The range of the key axis that shows every class.
    QCPRange fullKeyRange() const;
    int classes() const { return m_classes; }

private:
    struct Series {
        QCPGraph* graph = nullptr;
        QCPGraph* clipped = nullptr;
        Quantity quantity = Quantity::Exact;
        std::vector<double> values;
    };

    // Sets the colours of a series' pens and markers from theme().
    void applyTheme(const Series& series);
    void writeGraph(int series_index, double offset);
    void placeClippedMarkers(int series_index, double offset);

    QCPAxis* m_key_axis;
    QCPAxis* m_value_axis;
    std::vector<Series> m_series;
    int m_classes = 0;
    bool m_grouped = true;
    double m_bar_pixels = 0.0;
};

} // namespace distillscope::ui
