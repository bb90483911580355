#include "ui/playback.h"

#include "ui/temperature_control.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QTextEdit>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcPlayback, "distillscope.ui.playback", QtWarningMsg)

namespace distillscope::ui {

namespace {

// Timer period: about one frame of a 60 Hz display. A redraw that takes
// longer only makes the steps coarser, because each step is measured on the
// wall clock.
constexpr int kTickMilliseconds = 16;
constexpr double kDefaultSpeed = 0.5;
constexpr double kMinSpeed = 0.01;
constexpr double kMaxSpeed = 10.0;

// Widgets that Space types into or activates, where it keeps that meaning.
bool usesSpace(const QWidget* widget)
{
    for (const QWidget* w = widget; w; w = w->parentWidget()) {
        if (w->isWindow())
            break;
        // The logit table and the editors it opens inside its viewport.
        if (qobject_cast<const QAbstractItemView*>(w))
            return true;
    }
    return qobject_cast<const QLineEdit*>(widget) || qobject_cast<const QAbstractSpinBox*>(widget)
        || qobject_cast<const QTextEdit*>(widget) || qobject_cast<const QPlainTextEdit*>(widget)
        || qobject_cast<const QAbstractButton*>(widget) || qobject_cast<const QComboBox*>(widget);
}

} // namespace

Playback::Playback(QObject* parent) : QObject(parent)
{
    m_timer.setInterval(kTickMilliseconds);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Playback::onTick);
}

void Playback::setRange(double min, double max)
{
    Q_ASSERT(min > 0.0 && min < max);
    m_min = min;
    m_max = max;
    m_low = std::log10(min);
    m_high = std::log10(max);
    m_position = std::clamp(m_position, m_low, m_high);
}

void Playback::setSpeed(double decades_per_second)
{
    Q_ASSERT(decades_per_second > 0.0);
    m_speed = decades_per_second;
}

void Playback::setDirection(PlaybackDirection direction)
{
    m_direction = direction;
}

void Playback::setEnd(PlaybackEnd end)
{
    m_end = end;
}

double Playback::temperature() const
{
    // The range ends come back exactly. Between them T is rounded as the
    // slider rounds it, so the field shows four significant digits.
    if (m_position <= m_low)
        return m_min;
    if (m_position >= m_high)
        return m_max;
    return roundForDisplay(std::pow(10.0, m_position));
}

void Playback::start(double from)
{
    m_position = std::clamp(std::log10(from), m_low, m_high);
    const bool at_end = m_direction == PlaybackDirection::Up ? m_position >= m_high
                                                             : m_position <= m_low;
    if (at_end && m_end == PlaybackEnd::Bounce) {
        m_direction = m_direction == PlaybackDirection::Up ? PlaybackDirection::Down
                                                           : PlaybackDirection::Up;
        emit directionChanged(m_direction);
    } else if (at_end) {
        m_position = m_direction == PlaybackDirection::Up ? m_low : m_high;
        emit temperatureChanged(temperature());
    }
    qCDebug(lcPlayback) << "start at log10 T" << m_position << "speed" << m_speed;
    m_clock.start();
    m_timer.start();
    setPlaying(true);
}

void Playback::stop()
{
    m_timer.stop();
    setPlaying(false);
}

void Playback::advance(double seconds)
{
    if (!m_playing || !(seconds > 0.0))
        return;
    const double span = m_high - m_low;
    double step = m_speed * seconds;
    // Each pass moves to the next end at most, so a long step that crosses
    // several ends, as after a stalled redraw, still loops or bounces right.
    while (step > 0.0) {
        const bool up = m_direction == PlaybackDirection::Up;
        const double room = up ? m_high - m_position : m_position - m_low;
        if (step < room) {
            m_position += up ? step : -step;
            break;
        }
        step -= room;
        m_position = up ? m_high : m_low;
        if (m_end == PlaybackEnd::Stop) {
            emit temperatureChanged(temperature());
            stop();
            return;
        }
        if (m_end == PlaybackEnd::Loop) {
            m_position = up ? m_low : m_high;
            // A step longer than the whole range would loop in vain.
            step = std::fmod(step, span);
        } else {
            m_direction = up ? PlaybackDirection::Down : PlaybackDirection::Up;
            step = std::fmod(step, 2.0 * span);
            emit directionChanged(m_direction);
        }
    }
    emit temperatureChanged(temperature());
}

void Playback::onTick()
{
    const double seconds = double(m_clock.nsecsElapsed()) * 1e-9;
    m_clock.restart();
    advance(seconds);
}

void Playback::setPlaying(bool playing)
{
    if (m_playing == playing)
        return;
    m_playing = playing;
    emit playingChanged(playing);
}

PlaybackControl::PlaybackControl(TemperatureControl* temperature, QWidget* parent)
    : QWidget(parent), m_temperature(temperature)
{
    m_playback = new Playback(this);
    m_playback->setSpeed(kDefaultSpeed);
    m_playback->setRange(temperature->rangeMin(), temperature->rangeMax());

    m_play = new QPushButton(this);
    m_play->setObjectName(QStringLiteral("playButton"));
    m_play->setAccessibleDescription(
        tr("Starts or stops moving the temperature across the slider's range. Shortcut: Space."));
    showPlaying(false);

    m_speed = new QDoubleSpinBox(this);
    m_speed->setObjectName(QStringLiteral("playbackSpeed"));
    m_speed->setRange(kMinSpeed, kMaxSpeed);
    m_speed->setDecimals(2);
    m_speed->setSingleStep(0.1);
    m_speed->setValue(kDefaultSpeed);
    m_speed->setSuffix(tr(" dec/s"));
    m_speed->setToolTip(tr("Playback speed in decades of T per second"));
    m_speed->setAccessibleName(tr("Playback speed"));
    m_speed->setAccessibleDescription(tr("Decades of temperature per second"));

    m_direction = new QComboBox(this);
    m_direction->setObjectName(QStringLiteral("playbackDirection"));
    m_direction->addItem(tr("T up"), int(PlaybackDirection::Up));
    m_direction->addItem(tr("T down"), int(PlaybackDirection::Down));
    m_direction->setToolTip(tr("Whether playback raises or lowers the temperature"));
    // Never narrower than its longest entry, even in projector mode.
    m_direction->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_direction->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed);
    m_direction->setAccessibleName(tr("Playback direction"));

    m_end = new QComboBox(this);
    m_end->setObjectName(QStringLiteral("playbackEnd"));
    m_end->addItem(tr("stop"), int(PlaybackEnd::Stop));
    m_end->addItem(tr("loop"), int(PlaybackEnd::Loop));
    m_end->addItem(tr("bounce"), int(PlaybackEnd::Bounce));
    m_end->setToolTip(tr("At the end of the range: stop there, start again from the other "
                         "end, or turn round"));
    // Never narrower than its longest entry, even in projector mode.
    m_end->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_end->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed);
    m_end->setAccessibleName(tr("Playback end behaviour"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_play);
    layout->addWidget(m_speed);
    layout->addWidget(m_direction);
    layout->addWidget(m_end);

    connect(m_play, &QPushButton::clicked, this, &PlaybackControl::toggle);
    connect(m_speed, &QDoubleSpinBox::valueChanged, m_playback, &Playback::setSpeed);
    connect(m_direction, &QComboBox::currentIndexChanged, this, [this] {
        m_playback->setDirection(PlaybackDirection(m_direction->currentData().toInt()));
    });
    connect(m_end, &QComboBox::currentIndexChanged, this,
            [this] { m_playback->setEnd(PlaybackEnd(m_end->currentData().toInt())); });
    connect(m_playback, &Playback::directionChanged, this, [this](PlaybackDirection direction) {
        const QSignalBlocker blocker(m_direction);
        m_direction->setCurrentIndex(m_direction->findData(int(direction)));
    });
    connect(m_playback, &Playback::playingChanged, this, &PlaybackControl::showPlaying);
    connect(m_playback, &Playback::temperatureChanged, this,
            &PlaybackControl::temperatureRequested);
    // The control emits temperatureChanged only for the user's own moves.
    connect(temperature, &TemperatureControl::temperatureChanged, m_playback, &Playback::stop);
    connect(temperature, &TemperatureControl::rangeChanged, m_playback, &Playback::setRange);

    qApp->installEventFilter(this);
}

QList<QWidget*> PlaybackControl::tabStops() const
{
    return {m_play, m_speed, m_direction, m_end};
}

void PlaybackControl::toggle()
{
    if (m_playback->isPlaying()) {
        m_playback->stop();
        return;
    }
    // The window sets the range itself when it opens a session, without
    // rangeChanged, so the range is read again here.
    m_playback->setRange(m_temperature->rangeMin(), m_temperature->rangeMax());
    m_playback->start(m_temperature->temperature());
}

bool PlaybackControl::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress)
        return false;
    const auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() != Qt::Key_Space || key->modifiers() != Qt::NoModifier)
        return false;
    const auto* target = qobject_cast<QWidget*>(watched);
    if (!target || target->window() != window() || usesSpace(QApplication::focusWidget()))
        return false;
    // Holding Space down must not start and stop playback over and over.
    if (!key->isAutoRepeat())
        toggle();
    return true;
}

void PlaybackControl::showPlaying(bool playing)
{
    const QStyle::StandardPixmap icon = playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay;
    m_play->setIcon(style()->standardIcon(icon));
    m_play->setText(playing ? tr("Pause") : tr("Play"));
    m_play->setAccessibleName(playing ? tr("Pause temperature playback")
                                      : tr("Play temperature playback"));
    m_play->setToolTip(playing ? tr("Stop moving T (Space)")
                               : tr("Move T across the slider's range (Space)"));
}

} // namespace distillscope::ui
