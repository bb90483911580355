#include "ui/temperature_control.h"

#include "ui/input_feedback.h"

#include <distillscope/distillation.h>

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalBlocker>
#include <QSlider>

#include <cmath>

namespace distillscope::ui {

namespace {

// Slider resolution: a thousand positions per decade of T.
constexpr double kPositionsPerDecade = 1000.0;
// Keyboard and wheel steps of the field, in decades.
constexpr double kFineStepDecades = 0.01;

// Returns an empty string for a usable temperature, otherwise what is wrong.
QString temperatureProblem(const QString& text, double* value)
{
    if (!parseNumber(text, value))
        return TemperatureField::tr("“%1” is not a number. Type a temperature such as 4 or 1e-3.")
            .arg(text);
    if (!std::isfinite(*value))
        return TemperatureField::tr("The temperature must be finite.");
    if (*value <= 0.0)
        return TemperatureField::tr("The temperature must be positive, got %1.").arg(text);
    if (*value < kMinTemperature || *value > kMaxTemperature)
        return TemperatureField::tr("The temperature must lie between %1 and %2, got %3.")
            .arg(QLocale().toString(kMinTemperature), QLocale().toString(kMaxTemperature), text);
    return {};
}

} // namespace

double roundForDisplay(double temperature)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(temperature)) - 3.0);
    return std::round(temperature / magnitude) * magnitude;
}

TemperatureField::TemperatureField(QWidget* parent) : QAbstractSpinBox(parent)
{
    setAccelerated(true);
    setKeyboardTracking(true);
    setCorrectionMode(QAbstractSpinBox::CorrectToPreviousValue);
    connect(lineEdit(), &QLineEdit::textEdited, this, [this] { interpretTyping(false); });
    connect(this, &QAbstractSpinBox::editingFinished, this, [this] { interpretTyping(true); });
    setValue(m_value);
}

void TemperatureField::setValue(double value)
{
    m_value = value;
    m_value_before_typing.reset();
    lineEdit()->setText(QLocale().toString(value, 'g', 12));
    clearInputProblem(this);
}

void TemperatureField::stepBy(int steps)
{
    const double stepped = m_value * std::pow(10.0, steps * kFineStepDecades);
    if (!(stepped >= kMinTemperature && stepped <= kMaxTemperature))
        return;
    setValue(roundForDisplay(stepped));
    emit valueEdited(m_value);
}

QValidator::State TemperatureField::validate(QString& /*input*/, int& /*position*/) const
{
    // Every text is accepted while typing, so that the field can show what is
    // wrong with it instead of silently refusing keystrokes.
    return QValidator::Acceptable;
}

void TemperatureField::interpretTyping(bool final_edit)
{
    if (!m_value_before_typing)
        m_value_before_typing = m_value;
    double typed = 0.0;
    const QString problem = temperatureProblem(lineEdit()->text(), &typed);
    if (!problem.isEmpty()) {
        // While typing, "1e-" is on its way to a number, so the outline waits
        // for the end of the edit.
        if (final_edit) {
            markInputProblem(this, problem);
            const double before = *m_value_before_typing;
            m_value_before_typing.reset();
            if (before != m_value) {
                m_value = before;
                emit valueEdited(m_value);
            }
        }
        return;
    }
    if (final_edit)
        m_value_before_typing.reset();
    clearInputProblem(this);
    if (typed == m_value)
        return;
    m_value = typed;
    emit valueEdited(m_value);
}

TemperatureControl::TemperatureControl(QWidget* parent) : QWidget(parent)
{
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("temperatureSlider"));
    m_slider->setSingleStep(10);
    m_slider->setPageStep(100);
    m_slider->setToolTip(tr("Temperature T on a logarithmic scale"));
    // Tab and clicks reach the slider, so that its arrow keys work.
    m_slider->setFocusPolicy(Qt::StrongFocus);

    m_field = new TemperatureField(this);
    m_field->setObjectName(QStringLiteral("temperatureField"));
    m_field->setMinimumWidth(110);

    m_min_edit = new QLineEdit(this);
    m_max_edit = new QLineEdit(this);
    m_min_edit->setObjectName(QStringLiteral("temperatureRangeMin"));
    m_max_edit->setObjectName(QStringLiteral("temperatureRangeMax"));
    for (QLineEdit* edit : {m_min_edit, m_max_edit})
        edit->setMaximumWidth(80);

    m_slider->setAccessibleName(tr("Temperature slider"));
    m_slider->setAccessibleDescription(tr("Temperature T on a logarithmic scale, across the range"));
    m_field->setAccessibleName(tr("Temperature T"));
    m_field->setAccessibleDescription(tr("The temperature, exactly as typed"));
    m_field->setToolTip(tr("Type a temperature, or step it with the arrow keys"));
    m_min_edit->setAccessibleName(tr("Lowest temperature of the range"));
    m_max_edit->setAccessibleName(tr("Highest temperature of the range"));
    m_min_edit->setToolTip(tr("Lowest temperature of the slider and of the sweep"));
    m_max_edit->setToolTip(tr("Highest temperature of the slider and of the sweep"));

    auto* field_label = new QLabel(tr("Temperature T"), this);
    field_label->setBuddy(m_field);
    auto* range_label = new QLabel(tr("Range"), this);
    range_label->setBuddy(m_min_edit);
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field_label, 0, 0);
    layout->addWidget(m_field, 0, 1, 1, 3);
    layout->addWidget(m_slider, 1, 0, 1, 4);
    layout->addWidget(range_label, 2, 0);
    layout->addWidget(m_min_edit, 2, 1);
    layout->addWidget(new QLabel(tr("to"), this), 2, 2, Qt::AlignCenter);
    layout->addWidget(m_max_edit, 2, 3);

    connect(m_slider, &QSlider::valueChanged, this, &TemperatureControl::onSliderMoved);
    connect(m_field, &TemperatureField::valueEdited, this, &TemperatureControl::onFieldEdited);
    connect(m_min_edit, &QLineEdit::editingFinished, this, &TemperatureControl::onRangeEdited);
    connect(m_max_edit, &QLineEdit::editingFinished, this, &TemperatureControl::onRangeEdited);

    setRange(m_range_min, m_range_max);
}

QList<QWidget*> TemperatureControl::tabStops() const
{
    return {m_field, m_slider, m_min_edit, m_max_edit};
}

void TemperatureControl::setTemperature(double temperature)
{
    m_field->setValue(temperature);
    placeSlider(temperature);
}

void TemperatureControl::setRange(double min, double max)
{
    m_range_min = min;
    m_range_max = max;
    m_min_edit->setText(QLocale().toString(min, 'g', 6));
    m_max_edit->setText(QLocale().toString(max, 'g', 6));
    clearInputProblem(m_min_edit);
    clearInputProblem(m_max_edit);
    const QSignalBlocker blocker(m_slider);
    m_slider->setRange(int(std::lround(std::log10(min) * kPositionsPerDecade)),
                       int(std::lround(std::log10(max) * kPositionsPerDecade)));
    placeSlider(m_field->value());
}

void TemperatureControl::showTemperatureProblem(const QString& message)
{
    if (message.isEmpty())
        clearInputProblem(m_field);
    else
        markInputProblem(m_field, message);
}

void TemperatureControl::onSliderMoved(int position)
{
    const double temperature = roundForDisplay(std::pow(10.0, position / kPositionsPerDecade));
    m_field->setValue(temperature);
    emit temperatureChanged(temperature);
}

void TemperatureControl::onFieldEdited(double temperature)
{
    placeSlider(temperature);
    emit temperatureChanged(temperature);
}

void TemperatureControl::placeSlider(double temperature)
{
    // The slider only follows here: its rounded position must not feed back
    // into T, or typing 4 would become 10^0.602 = 3.999.
    const QSignalBlocker blocker(m_slider);
    m_slider->setValue(int(std::lround(std::log10(temperature) * kPositionsPerDecade)));
}

void TemperatureControl::onRangeEdited()
{
    double min = 0.0;
    double max = 0.0;
    const bool min_ok = parseNumber(m_min_edit->text(), &min) && std::isfinite(min)
        && min >= kMinTemperature && min <= kMaxTemperature;
    const bool max_ok = parseNumber(m_max_edit->text(), &max) && std::isfinite(max)
        && max >= kMinTemperature && max <= kMaxTemperature;
    const QString bounds = tr("Type a temperature between %1 and %2.")
                               .arg(QLocale().toString(kMinTemperature),
                                    QLocale().toString(kMaxTemperature));
    if (!min_ok) {
        markInputProblem(m_min_edit, bounds);
        return;
    }
    if (!max_ok) {
        markInputProblem(m_max_edit, bounds);
        return;
    }
    if (max <= min) {
        markInputProblem(m_max_edit, tr("The upper end must be above the lower end %1.")
                                         .arg(QLocale().toString(min)));
        return;
    }
    if (min == m_range_min && max == m_range_max) {
        clearInputProblem(m_min_edit);
        clearInputProblem(m_max_edit);
        return;
    }
    setRange(min, max);
    emit rangeChanged(min, max);
}

} // namespace distillscope::ui
