#pragma once

// The frame shared by the four panels: a title, the plot, and a readout line
// that shows the value under the cursor or the panel's summary numbers.

#include "ui/plot_view.h"

#include <QWidget>

class QLabel;

namespace distillscope::ui {

class Panel : public QWidget {
    Q_OBJECT
public:
    Panel(const QString& title, QWidget* parent = nullptr);

    PlotView* plot() const { return m_plot; }
    // The summary numbers, shown whenever the cursor is not over the plot.
    void setSummary(const QString& text);
    QString summary() const { return m_summary; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    // `text` with its items, separated by two or more spaces, kept whole
    // when the readout wraps.
    static QString wrappable(const QString& text);
    // Gives the readout the height of as many lines as the summary needs at
    // the readout's width.
    void fitReadoutHeight();
    void showCursorText(const QString& text);
    // Sets the heading and readout fonts from theme().
    void applyTheme();

    PlotView* m_plot = nullptr;
    QLabel* m_heading = nullptr;
    QLabel* m_readout = nullptr;
    QString m_summary;
};

} // namespace distillscope::ui
