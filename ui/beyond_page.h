#pragma once

// The "Beyond the paper" page: five views of what Section 2.1 of Hinton,
// Vinyals and Dean (2015) leaves out, chosen by a selector, each a plot with
// a short explanation and the controls it needs.
//
//   hard-targets     the hard-label gradient q(T=1) - y beside T^2 Eq. 2 and their mix
//   low-temperature  T^2 Eq. 2 per class at the current T against its high-T limit
//   two-classes      the error of Eq. 4 on two classes (1/T^2) and on all N (1/T)
//   standardization  z-scored logits before the softmax (Sun et al., CVPR 2024)
//   limits           T^2 KL between logit matching and label matching (Kim et al., IJCAI 2021)
//
// The page follows MainWindow::stateChanged. While it is hidden it only
// marks its views stale and recomputes the current one when it is shown, when
// the view changes, or when an export requests its plot or data.

#include "ui/beyond_data.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <array>
#include <optional>
#include <utility>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;
class QStackedWidget;
class QCPAxisRect;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;

namespace distillscope::ui {

class MainWindow;
class PlotView;

// The markers a curve over `points` classes skips between two it draws: none
// for a few dozen classes, and enough at N = 1000 that about 40 remain, which
// still tell the curves apart while each repaint stays within a frame.
int classMarkerSkip(int points);
// Curves over more classes than this are drawn solid and without
// antialiasing, which kept a repaint at N = 1000 within a frame.
inline constexpr int kMaxAntialiasedClasses = 200;

// The view keys, in the order of the selector.
const std::array<QString, 5>& beyondViewKeys();

// The view's data as a table, for CSV export: comment lines of settings,
// then named columns. Numbers are formatted to 17 significant digits and an
// empty cell is a value the view does not draw.
struct BeyondTable {
    QString description;
    std::vector<std::pair<QString, QString>> settings;
    QStringList columns;
    std::vector<QStringList> rows;
};

// The inputs of a view's curves over T: both logit vectors and, for the
// two-classes view, the pair.
struct CurveKey {
    Vector teacher, student;
    Index first = -1, second = -1;

    bool matches(const Distillation& distillation, Index pair_first, Index pair_second) const;
};

class BeyondPage : public QWidget {
    Q_OBJECT
public:
    explicit BeyondPage(MainWindow& window, QWidget* parent = nullptr);

    // Shows the view named `key`; false, changing nothing, for an unknown key.
    Q_INVOKABLE bool setView(const QString& key);
    QString currentView() const;

    // The plot and the data of the current view, brought up to date first.
    PlotView* currentPlot();
    BeyondTable currentTable();

    // The controls and plots, for tests.
    QComboBox* viewBox() const { return m_view_box; }
    QComboBox* labelBox() const { return m_label_box; }
    QDoubleSpinBox* weightBox() const { return m_weight_box; }
    QComboBox* conventionBox() const { return m_convention_box; }
    QComboBox* firstClassBox() const { return m_first_box; }
    QComboBox* secondClassBox() const { return m_second_box; }
    PlotView* plot(const QString& key) const;
    // The summary line under the current plot.
    QString summary() const;
    // The class whose one-hot vector the hard-label term uses now.
    Index hardLabel() const;
    double mixingWeight() const;
    MixingConvention mixingConvention() const;
    // Sets the hard-targets controls: the class of the hard label (empty for
    // automatic), the mixing weight in [0, 1] and what it multiplies.
    // Precondition: the label is a class of the logits on screen.
    void setHardTargetSettings(std::optional<Index> label, double weight, MixingConvention convention);
    // Puts the class pair back to the teacher's two largest logits.
    void resetClassPair();

protected:
    void showEvent(QShowEvent* event) override;

private:
    enum View { HardTargets, LowTemperature, TwoClasses, Standardization, Limits, ViewCount };

    struct Curve {
        QCPGraph* graph = nullptr;
        int quantity = 0;           // a ui::Quantity, for the colour
        Qt::PenStyle line = Qt::SolidLine;
        int marker = 0;             // a QCPScatterStyle::ScatterShape
    };

    struct ViewWidgets {
        QWidget* page = nullptr;
        QLabel* explanation = nullptr;
        PlotView* plot = nullptr;
        QLabel* summary = nullptr;
        // A message inside the plot when the view cannot draw its main
        // curves, so that an exported figure shows the reason as well.
        QCPItemText* notice = nullptr;
        bool stale = true;
    };

    QWidget* buildView(View view, const QString& explanation, QWidget* controls);
    QWidget* buildHardTargetControls();
    QWidget* buildTwoClassControls();
    void buildHardTargets();
    void buildLowTemperature();
    void buildTwoClasses();
    void buildStandardization();
    void buildLimits();
    QCPGraph* addCurve(View view, QCPAxisRect* rect, const QString& name, int quantity,
                       Qt::PenStyle line, int marker);

    void onStateChanged();
    void refreshClassBoxes();
    void updateIfStale(View view);
    void updateView(View view);
    void updateHardTargets();
    void updateLowTemperature();
    void updateTwoClasses();
    void updateStandardization();
    void updateLimits();
    void restyle();
    void setNotice(View view, const QString& text);

    BeyondTable hardTargetsTable() const;
    BeyondTable lowTemperatureTable() const;
    BeyondTable twoClassesTable() const;
    BeyondTable standardizationTable() const;
    BeyondTable limitsTable() const;

    View currentIndex() const;
    QString className(Index i) const;

    MainWindow& m_window;
    QComboBox* m_view_box = nullptr;
    QStackedWidget* m_stack = nullptr;
    std::array<ViewWidgets, ViewCount> m_views;
    std::vector<std::pair<View, Curve>> m_curves;
    std::vector<QCPAxisRect*> m_rects;
    std::vector<QCPItemStraightLine*> m_temperature_markers;

    QComboBox* m_label_box = nullptr;
    QDoubleSpinBox* m_weight_box = nullptr;
    QSlider* m_weight_slider = nullptr;
    QComboBox* m_convention_box = nullptr;
    QLabel* m_convention_label = nullptr;
    QComboBox* m_first_box = nullptr;
    QComboBox* m_second_box = nullptr;
    QStringList m_names;

    // The curves of each view, by role.
    QCPGraph* m_hard = nullptr;
    QCPGraph* m_soft = nullptr;
    QCPGraph* m_mixed = nullptr;
    QCPGraph* m_low_gradient = nullptr;
    QCPGraph* m_low_limit = nullptr;
    QCPGraph* m_pair_error = nullptr;
    QCPGraph* m_all_error = nullptr;
    QCPGraph* m_pair_reference = nullptr;
    QCPGraph* m_all_reference = nullptr;
    QCPGraph* m_raw_p = nullptr;
    QCPGraph* m_raw_q = nullptr;
    QCPGraph* m_scored_p = nullptr;
    QCPGraph* m_scored_q = nullptr;
    QCPGraph* m_raw_gradient = nullptr;
    QCPGraph* m_scored_gradient = nullptr;
    QCPGraph* m_scaled_kl = nullptr;
    QCPGraph* m_logit_matching = nullptr;
    QCPGraph* m_label_matching = nullptr;

    // The data last drawn, for the CSV tables.
    HardTargetsData m_hard_data;
    LowTemperatureData m_low_data;
    TwoClassesData m_two_data;
    // The logits and pair the curves over T were computed for. The curves do
    // not depend on the current T, so a temperature change only moves the marker.
    std::optional<CurveKey> m_two_key, m_limits_key;
    StandardizationData m_standard_data;
    LimitsData m_limits_data;
};

// The page that MainWindow shows under the key "beyond", or nullptr.
BeyondPage* beyondPage(const MainWindow& window);

} // namespace distillscope::ui
