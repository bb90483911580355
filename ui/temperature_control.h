#pragma once

#include <optional>

// The temperature control: a logarithmic slider, a field that keeps typed
// values exactly, and the editable range of the slider.

#include <QAbstractSpinBox>
#include <QWidget>

class QLineEdit;
class QSlider;

namespace distillscope::ui {

// Rounds a temperature from the slider or from playback to four significant
// digits, so that the field shows exactly the T that the plots use.
double roundForDisplay(double temperature);

// A spin box over positive doubles that keeps typed text exactly: typing 4
// gives T = 4, where QDoubleSpinBox would round to its decimals. Steps are
// multiplicative, 1/100 of a decade per arrow key or wheel notch and 1/10 per
// Page Up or Page Down. Text that is not a valid temperature is outlined with
// a tooltip, and the last valid value stays.
class TemperatureField : public QAbstractSpinBox {
    Q_OBJECT
public:
    explicit TemperatureField(QWidget* parent = nullptr);

    double value() const { return m_value; }
    // Shows `value` without emitting valueEdited.
    void setValue(double value);

    // The text field, public so that tests can type into it.
    using QAbstractSpinBox::lineEdit;

    void stepBy(int steps) override;
    QValidator::State validate(QString& input, int& position) const override;

signals:
    // A new valid temperature typed or stepped by the user.
    void valueEdited(double value);

protected:
    StepEnabled stepEnabled() const override { return StepUpEnabled | StepDownEnabled; }

private:
    void interpretTyping(bool final_edit);

    double m_value = 1.0;
    // The value when the current run of typing began: valid prefixes such as
    // "1e3" of "1e300" apply live, and an invalid end restores this value.
    std::optional<double> m_value_before_typing;
};

class TemperatureControl : public QWidget {
    Q_OBJECT
public:
    explicit TemperatureControl(QWidget* parent = nullptr);

    double temperature() const { return m_field->value(); }
    double rangeMin() const { return m_range_min; }
    double rangeMax() const { return m_range_max; }

    // Sets T without emitting temperatureChanged.
    void setTemperature(double temperature);
    // Sets the slider range; the caller guarantees 0 < min < max.
    void setRange(double min, double max);

    // Shows why the current T cannot be used, for problems found by the core
    // (logits whose ratio to T overflows), or clears it with an empty message.
    void showTemperatureProblem(const QString& message);

    TemperatureField* field() const { return m_field; }
    QSlider* slider() const { return m_slider; }
    // The controls in the order Tab visits them.
    QList<QWidget*> tabStops() const;

signals:
    void temperatureChanged(double temperature);
    void rangeChanged(double min, double max);

private:
    void onSliderMoved(int position);
    void onFieldEdited(double temperature);
    void onRangeEdited();
    void placeSlider(double temperature);

    QSlider* m_slider = nullptr;
    TemperatureField* m_field = nullptr;
    QLineEdit* m_min_edit = nullptr;
    QLineEdit* m_max_edit = nullptr;
    double m_range_min = 1e-2;
    double m_range_max = 1e4;
};

} // namespace distillscope::ui
