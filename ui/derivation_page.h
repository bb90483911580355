#pragma once

// The "derivation" page: a scrollable column of the steps from Eq. 1 to
// Eq. 5, each with its typeset equation, a sentence or two and the live
// numbers of the followed class at the window's temperature, beside a
// column of learner questions that expand on demand.
//
// The page reads the window's state after each MainWindow::stateChanged, and
// only while it is visible; a hidden page catches up when it is shown, so
// that the window stays fast at N = 1000.

#include "distillscope/derivation.h"

#include <QHash>
#include <QString>
#include <QWidget>

#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QSvgRenderer;
class QToolButton;

namespace distillscope::ui {

class EquationView;
class MainWindow;

class DerivationPage : public QWidget {
    Q_OBJECT
public:
    explicit DerivationPage(MainWindow& window, QWidget* parent = nullptr);

    // Scrolls to the step or question named `view` (a key of
    // resources/derivation/steps.json) and expands a question. False for an
    // unknown key.
    Q_INVOKABLE bool setView(const QString& view);

    // Reads the window's state now, visible or not.
    void refresh();

    // The widgets, for tests.
    QComboBox* classBox() const { return m_class_box; }
    QDoubleSpinBox* teacherShiftBox() const { return m_teacher_shift; }
    QDoubleSpinBox* studentShiftBox() const { return m_student_shift; }
    QPushButton* shiftButton() const { return m_shift_button; }
    // The label that shows row `row` of step `step`; for the "shift"
    // question, the current value. Null for an unknown pair.
    QLabel* valueLabel(const QString& step, const QString& row) const;
    // The value of a "shift" row before the last shift, or null.
    QLabel* beforeShiftLabel(const QString& row) const;
    QList<EquationView*> equationViews() const;
    // The numbers on screen, when the window's state could be read.
    const std::optional<DerivationNumbers>& numbers() const { return m_numbers; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildHeader();
    QWidget* buildSteps();
    QWidget* buildQuestions();
    QWidget* buildStepCard(const QString& key, const QString& title, const QString& text,
                           QWidget* parent);
    QWidget* buildShiftControls(QWidget* parent);
    void addNumberGrid(const QString& key, QWidget* card);
    void syncClassBox();
    void shiftLogits();
    void restyle();

    MainWindow& m_window;
    QComboBox* m_class_box = nullptr;
    QLabel* m_state_label = nullptr;
    QScrollArea* m_steps_area = nullptr;
    QDoubleSpinBox* m_teacher_shift = nullptr;
    QDoubleSpinBox* m_student_shift = nullptr;
    QPushButton* m_shift_button = nullptr;
    QLabel* m_shift_status = nullptr;
    QHash<QString, QWidget*> m_cards;              // by step or question key
    QHash<QString, QToolButton*> m_question_toggles; // by question key
    QHash<QString, QLabel*> m_values;              // by "step/row"
    QHash<QString, QLabel*> m_before_values;       // by "shift" row
    QList<QLabel*> m_titles;
    std::optional<DerivationNumbers> m_numbers;
    // The "shift" rows before the last shift, for the same class.
    std::optional<DerivationNumbers> m_before_shift;
    bool m_shifting = false; // set while the shift button writes the logits
    bool m_stale = true;
};

// A typeset equation, drawn from its SVG at the page's font size and
// recoloured for the theme. It shrinks to fit a narrower width, but never
// below a little more than the body text's size, so that x²/2 stays readable.
class EquationView : public QWidget {
    Q_OBJECT
public:
    EquationView(const QString& key, QWidget* parent = nullptr);

    QString key() const { return m_key; }
    // The equation's size in points as typeset, from its viewBox; empty when
    // the build has no such equation.
    QSizeF naturalSize() const { return m_natural_size; }
    bool isValid() const;
    // Sets the glyph colour and the size of the equation's text in points.
    void setStyle(const QColor& color, double points);
    // The smallest size the equation is drawn at, whatever the width.
    QSizeF smallestSize() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QSizeF scaledSize() const;

    QString m_key;
    QSvgRenderer* m_renderer = nullptr;
    QSizeF m_natural_size;
    double m_points = 16.0;
};

} // namespace distillscope::ui
