#pragma once

// Panel 1: the soft targets p and q as grouped bars per class, on a linear
// or a logarithmic scale, with their entropies.

#include "ui/panel.h"

#include <distillscope/distillation.h>

#include <QStringList>

namespace distillscope::ui {

class ClassSeries;

class DistributionPanel : public Panel {
    Q_OBJECT
public:
    explicit DistributionPanel(QWidget* parent = nullptr);

    void setClassNames(const QStringList& names);
    void setLogScale(bool log_scale);
    bool logScale() const { return m_log_scale; }
    // Shows p and q of `quantities`; the caller replots.
    void show(const Quantities& quantities);

    QCPGraph* teacherGraph() const;
    QCPGraph* studentGraph() const;
    ClassSeries* series() const { return m_series; }

private:
    void updateValueRange();
    QString describe(double key) const;

    ClassSeries* m_series = nullptr;
    QSharedPointer<QCPAxisTickerText> m_text_ticker;
    QSharedPointer<QCPAxisTicker> m_number_ticker;
    QStringList m_names;
    Vector m_p, m_q, m_log_p, m_log_q;
    bool m_log_scale = false;
};

// Chooses tick labels for a class axis: the names when they fit, otherwise
// plain class numbers from QCustomPlot's default ticker.
void labelClassAxis(QCPAxis* axis, const QStringList& names,
                    const QSharedPointer<QCPAxisTickerText>& text_ticker,
                    const QSharedPointer<QCPAxisTicker>& number_ticker);

} // namespace distillscope::ui
