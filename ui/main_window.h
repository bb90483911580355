#pragma once

// The live window: controls on the left, four linked panels on the right.
//
// Every user action goes through refresh(), which requests from the core only
// what the action invalidated and then replots each affected plot once.

#include "ui/analysis.h"
#include "ui/display_options.h"
#include "ui/run_window.h"

#include <QMainWindow>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QTabWidget;

namespace distillscope::ui {

class DistributionPanel;
class GradientPanel;
class LogitEditor;
class LogitModel;
class PlaybackControl;
class PlotView;
struct SessionState;
class SurfacePanel;
class SweepPanel;
class TemperatureControl;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const StartupScenario& scenario, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The widgets, for tests and the benchmark.
    TemperatureControl* temperatureControl() const { return m_temperature_control; }
    PlaybackControl* playbackControl() const { return m_playback; }
    // The column of controls left of the pages, which "Show Only Plots" hides.
    QWidget* controlsPane() const { return m_controls; }
    LogitModel* logitModel() const { return m_model; }
    LogitEditor* logitEditor() const { return m_editor; }
    DistributionPanel* distributionPanel() const { return m_distribution; }
    GradientPanel* gradientPanel() const { return m_gradient; }
    SweepPanel* sweepPanel() const { return m_sweep_panel; }
    SurfacePanel* surfacePanel() const { return m_surface_panel; }
    QComboBox* followedClassBox() const { return m_followed_box; }
    QDoubleSpinBox* toleranceBox() const { return m_tolerance_box; }
    QComboBox* eq4LogitsBox() const { return m_eq4_box; }
    QCheckBox* scaleBox() const { return m_scale_box; }
    QCheckBox* logScaleBox() const { return m_log_box; }
    QLabel* statusLabel() const { return m_status; }

    // The pages of the plot area, one tab each: "plots" (the four panels)
    // first, then the pages added with addPage. Keys are the names lessons
    // and the command line use.
    QTabWidget* pages() const { return m_pages; }
    void addPage(QWidget* page, const QString& key, const QString& title);
    // Shows the page named `key`. A non-empty `view` is passed to the page's
    // Q_INVOKABLE bool setView(const QString&), for pages that hold several
    // views. False when there is no such page or view.
    bool showPage(const QString& key, const QString& view = {});
    QString currentPageKey() const;

    // The state on screen: the last valid logits and temperature.
    const Distillation& distillation() const { return *m_distillation; }
    double temperature() const { return m_temperature; }
    const Quantities& quantities() const { return *m_quantities; }
    const SweepResult& sweep() const { return m_sweep; }
    const MatchTemperature& match() const { return m_match; }
    double tolerance() const;
    Index followedClass() const;
    SliceAxes sliceAxes() const;
    // The distillation whose student is the origin of the surface slice.
    const Distillation& sliceAnchor() const { return *m_anchor; }
    SlicePoint studentPoint() const { return m_student_point; }
    // The true class of the sample as its labels file names it, or empty.
    QString sampleLabel() const { return m_sample_label; }

    // Sets T as the temperature field does when the user types it.
    void setTemperature(double temperature);

    // The logits, temperature and every choice on screen, as a session file
    // stores them (main_window_session.cpp).
    SessionState sessionState() const;
    // Puts `state` on screen with one refresh, emitting no edit signals.
    // Returns false, and changes nothing, when the logits or the temperature
    // are invalid.
    bool applySession(const SessionState& state);

signals:
    // Emitted after the logits, the temperature or an option changed and the
    // panels were updated. Pages that draw from distillation(), temperature(),
    // quantities() or followedClass() update themselves on it.
    void stateChanged();

private:
    // What an action invalidated; refresh() recomputes these and what depends on them.
    enum Change : unsigned {
        TemperatureChange = 1u << 0,
        LogitChange = 1u << 1,  // implies everything
        SweepChange = 1u << 2,  // range, followed class, display options
        MatchChange = 1u << 3,  // tolerance
        SliceChange = 1u << 4,  // slice axes: re-anchor the surface
        DragChange = 1u << 5,   // the student moved inside the slice
        DistributionScaleChange = 1u << 6,
    };

    QWidget* buildControls(const StartupScenario& scenario);
    QWidget* buildOptions();
    QWidget* buildPanels();
    void connectControls();
    void orderTabStops();

    void refresh(unsigned changes);
    bool acceptLogits();
    bool acceptTemperature(double temperature);
    void reanchorSlice();
    void refreshSurface();
    std::vector<double> taylorPoles() const;
    void updateClassBoxes();
    void updateStatus();
    void replot(unsigned changes);

    void onLogitsChanged();
    void onStudentDragged(SlicePoint point);
    void centerLogits();
    DisplayOptions displayOptions() const;
    QString followedName() const;

    TemperatureControl* m_temperature_control = nullptr;
    PlaybackControl* m_playback = nullptr;
    QWidget* m_controls = nullptr;
    LogitModel* m_model = nullptr;
    LogitEditor* m_editor = nullptr;
    QComboBox* m_followed_box = nullptr;
    QDoubleSpinBox* m_tolerance_box = nullptr;
    QComboBox* m_eq4_box = nullptr;
    QCheckBox* m_scale_box = nullptr;
    QCheckBox* m_log_box = nullptr;
    QComboBox* m_slice_kind_box = nullptr;
    QComboBox* m_slice_first_box = nullptr;
    QComboBox* m_slice_second_box = nullptr;
    DistributionPanel* m_distribution = nullptr;
    GradientPanel* m_gradient = nullptr;
    SweepPanel* m_sweep_panel = nullptr;
    SurfacePanel* m_surface_panel = nullptr;
    QLabel* m_status = nullptr;
    QTabWidget* m_pages = nullptr;

    QString m_source_label;
    QString m_sample_label; // the true class of the sample, where known
    bool m_edited = false;
    // Set while the window itself writes the model, so that the resulting
    // logitsChanged does not start another refresh.
    bool m_writing_model = false;
    bool m_dragging_student = false;

    std::optional<Distillation> m_distillation;
    std::optional<Quantities> m_quantities;
    double m_temperature = 1.0;
    SweepResult m_sweep;
    MatchTemperature m_match;
    std::optional<Distillation> m_anchor;
    SlicePoint m_student_point;
    SlicePoint m_optimum;
    GridSpec m_grid;
};

} // namespace distillscope::ui
