#pragma once

// The logit editor: a bar chart of v and z whose bars can be dragged, the
// table of classes, and the buttons that edit all logits at once.

#include <QList>
#include <QWidget>

class QDoubleSpinBox;
class QComboBox;
class QPushButton;
class QTableView;

namespace distillscope::ui {

class ClassSeries;
class LogitModel;
class PlotView;

class LogitEditor : public QWidget {
    Q_OBJECT
public:
    LogitEditor(LogitModel* model, QWidget* parent = nullptr);

    PlotView* chart() const { return m_chart; }
    QTableView* table() const { return m_table; }
    // The table and the buttons in the order Tab visits them.
    QList<QWidget*> tabStops() const { return m_tab_stops; }
    // Redraws the chart from the model; the caller replots.
    void refreshChart();
    // Outlines the table with `message`, or clears the outline when empty.
    void showLogitProblem(const QString& message);

signals:
    // Centring needs the core's exactly centred logits, which the window holds.
    void centerRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildButtons();
    void addClass();
    void removeClasses();
    void randomize();
    void shift();
    bool beginBarDrag(QPointF pixel);
    void dragBarTo(QPointF pixel);

    LogitModel* m_model;
    PlotView* m_chart = nullptr;
    ClassSeries* m_series = nullptr;
    QTableView* m_table = nullptr;
    QDoubleSpinBox* m_shift_amount = nullptr;
    QComboBox* m_shift_target = nullptr;
    QPushButton* m_remove = nullptr;
    int m_drag_row = -1;
    int m_drag_column = -1;
    QList<QWidget*> m_tab_stops;
};

} // namespace distillscope::ui
