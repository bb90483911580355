#pragma once

// Panel 2: Eq. 2, Eq. 3, Eq. 4 and the next-order form per class at the
// current temperature, with Eq. 4 compared against Eq. 2.

#include "ui/display_options.h"
#include "ui/panel.h"

#include <distillscope/distillation.h>

#include <QStringList>

namespace distillscope::ui {

class ClassSeries;

class GradientPanel : public Panel {
    Q_OBJECT
public:
    enum Series { ExactSeries, TaylorSeries, ZeroMeanSeries, SecondOrderSeries };

    explicit GradientPanel(QWidget* parent = nullptr);

    void setClassNames(const QStringList& names);
    // Shows the gradients of `quantities`; the caller replots.
    void show(const Quantities& quantities, const DisplayOptions& options);

    QCPGraph* graph(Series series) const;
    ClassSeries* series() const { return m_series; }
    // The comparison shown in the readout: centred or raw Eq. 4 against Eq. 2.
    const GradientComparison& comparison() const { return m_comparison; }

private:
    void showSeries(Series series, const Vector& gradient, double scale);
    QString describe(double key) const;

    ClassSeries* m_series = nullptr;
    QSharedPointer<QCPAxisTickerText> m_text_ticker;
    QSharedPointer<QCPAxisTicker> m_number_ticker;
    QStringList m_names;
    GradientComparison m_comparison;
    std::vector<double> m_scaled; // scratch for the T^2-scaled values
};

} // namespace distillscope::ui
