// The window's side of a session: collecting what it shows into a
// SessionState and putting one back on screen.

#include "ui/distribution_panel.h"
#include "ui/gradient_panel.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/session.h"
#include "ui/surface_panel.h"
#include "ui/sweep_panel.h"
#include "ui/temperature_control.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalBlocker>

#include <algorithm>

namespace distillscope::ui {

namespace {

void selectData(QComboBox* box, int data)
{
    const int index = box->findData(data);
    if (index >= 0)
        box->setCurrentIndex(index);
}

} // namespace

SessionState MainWindow::sessionState() const
{
    SessionState state;
    state.teacher = m_model->teacher();
    state.student = m_model->student();
    state.class_names = m_model->names();
    state.label = m_sample_label;
    state.source = m_source_label;
    state.temperature = m_temperature;
    state.range_min = m_temperature_control->rangeMin();
    state.range_max = m_temperature_control->rangeMax();
    state.followed_class = int(followedClass());
    state.tolerance = tolerance();
    state.eq4_centred = displayOptions().eq4_logits == Eq4Logits::Centered;
    state.scale_by_t_squared = m_scale_box->isChecked();
    state.log_scale = m_log_box->isChecked();
    const SliceAxes axes = sliceAxes();
    state.slice_kind = axes.kind == SliceKind::ZeroMeanPlane ? SessionSliceKind::ZeroMeanPlane
                                                             : SessionSliceKind::ClassPair;
    state.slice_first = int(axes.first_class);
    state.slice_second = int(axes.second_class);
    state.panels.distribution = !m_distribution->isHidden();
    state.panels.gradient = !m_gradient->isHidden();
    state.panels.sweep = !m_sweep_panel->isHidden();
    state.panels.surface = !m_surface_panel->isHidden();
    return state;
}

bool MainWindow::applySession(const SessionState& state)
{
    // Checked before anything changes, so that a rejected state leaves the
    // window as it was.
    auto created = Distillation::create(state.teacher, state.student);
    if (!created || !created->validateTemperature(state.temperature))
        return false;

    // Every write below is blocked or flagged, so the widgets' own signals
    // start no refresh and no undo command; one refresh at the end redraws.
    m_writing_model = true;
    m_model->setLogits(state.teacher, state.student, state.class_names);
    m_writing_model = false;
    m_source_label = state.source.isEmpty() ? m_source_label : state.source;
    m_sample_label = state.label;

    {
        const QSignalBlocker blocker(m_temperature_control);
        const double low = std::min(state.range_min, state.temperature);
        const double high = std::max(state.range_max, state.temperature);
        m_temperature_control->setRange(low, high);
        m_temperature_control->setTemperature(state.temperature);
    }
    m_temperature = state.temperature;

    updateClassBoxes();
    const auto setIndex = [](QComboBox* box, int index) {
        const QSignalBlocker blocker(box);
        if (index >= 0 && index < box->count())
            box->setCurrentIndex(index);
    };
    setIndex(m_followed_box, state.followed_class);
    setIndex(m_slice_first_box, state.slice_first);
    setIndex(m_slice_second_box, state.slice_second);
    {
        const QSignalBlocker blocker(m_slice_kind_box);
        selectData(m_slice_kind_box, int(state.slice_kind == SessionSliceKind::ZeroMeanPlane
                                             ? SliceKind::ZeroMeanPlane
                                             : SliceKind::ClassPair));
    }
    {
        const QSignalBlocker blocker(m_eq4_box);
        selectData(m_eq4_box, int(state.eq4_centred ? Eq4Logits::Centered : Eq4Logits::Raw));
    }
    {
        const QSignalBlocker blocker(m_tolerance_box);
        m_tolerance_box->setValue(state.tolerance * 100.0);
    }
    {
        const QSignalBlocker blocker(m_scale_box);
        m_scale_box->setChecked(state.scale_by_t_squared);
    }
    {
        const QSignalBlocker blocker(m_log_box);
        m_log_box->setChecked(state.log_scale);
    }
    m_distribution->setLogScale(state.log_scale);
    m_distribution->setVisible(state.panels.distribution);
    m_gradient->setVisible(state.panels.gradient);
    m_sweep_panel->setVisible(state.panels.sweep);
    m_surface_panel->setVisible(state.panels.surface);

    refresh(LogitChange | DistributionScaleChange);
    return true;
}

} // namespace distillscope::ui
