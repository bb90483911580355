#pragma once

// Panel 3: |Eq. 2|, |Eq. 3| and |Eq. 4| across the temperature range on
// log-log axes, for the followed class and in max norm, with the relative
// error of Eq. 4 below, the match region T >= T*(eps) shaded and the current
// T marked.

#include "ui/analysis.h"
#include "ui/display_options.h"
#include "ui/panel.h"

namespace distillscope::ui {

class SweepPanel : public Panel {
    Q_OBJECT
public:
    enum Curve {
        ExactClass, TaylorClass, ZeroMeanClass,
        ExactMax, TaylorMax, ZeroMeanMax,
        CurveCount
    };

    explicit SweepPanel(QWidget* parent = nullptr);

    // Shows `sweep`; Eq. 3 is broken at each of `poles`. The caller replots.
    void showSweep(const SweepResult& sweep, const DisplayOptions& options,
                   std::span<const double> poles, const QString& followed_name);
    void showMatch(const MatchTemperature& match, double tolerance);
    void setCurrentTemperature(double temperature);

    QCPGraph* curve(Curve curve) const { return m_curves[curve]; }
    QCPGraph* relativeErrorGraph() const { return m_relative_error; }
    // The shaded match region of the gradient axes, hidden when there is none.
    QCPItemRect* matchRegion() const { return m_match_regions[0]; }
    // The lightly shaded stretches below T*, as (from, to) temperatures.
    std::vector<std::pair<double, double>> dipStretches() const;
    QCPItemStraightLine* currentTemperatureLine() const { return m_current_lines[0]; }
    QCPAxisRect* gradientRect() const { return m_gradient_rect; }
    QCPAxisRect* errorRect() const { return m_error_rect; }

private:
    void buildCurves();
    void applyTheme();
    QCPItemStraightLine* addVerticalLine(QCPAxisRect* rect, const QPen& pen);
    QString describe(QCPAxisRect* rect, double temperature) const;
    void updateSummary();
    void updateDipRegions();
    QCPItemRect* addRegion(QCPAxisRect* rect, const QBrush& brush);
    // Gives each value axis the longest of its titles that fits the height
    // of its axis rect, so that the two stacked titles never run together
    // when projector mode's larger text meets a short panel. Runs after
    // every layout.
    void fitAxisTitles();

    QCPAxisRect* m_gradient_rect = nullptr;
    QCPAxisRect* m_error_rect = nullptr;
    QCPGraph* m_curves[CurveCount] = {};
    QCPGraph* m_relative_error = nullptr;
    QCPItemStraightLine* m_tolerance_line = nullptr;
    QCPItemRect* m_match_regions[2] = {};
    // Stretches below T* where the error dips under eps without staying there,
    // shaded more lightly; one rectangle per stretch and axis rect.
    std::vector<QCPItemRect*> m_dip_regions;
    std::optional<double> m_match_start;
    double m_tolerance = 0.0;
    QCPItemStraightLine* m_match_lines[2] = {};
    QCPItemText* m_match_label = nullptr;
    QCPItemStraightLine* m_current_lines[2] = {};
    std::vector<QCPItemStraightLine*> m_pole_lines;
    QCPItemText* m_pole_label = nullptr;
    SweepResult m_sweep;
    DisplayOptions m_options;
    QString m_match_text;
    QString m_followed_name;
    // The value axes' titles, longest first, of which fitAxisTitles picks one.
    QStringList m_gradient_titles;
    QStringList m_error_titles;
};

} // namespace distillscope::ui
