#pragma once

// Playback of the temperature: T moves across the slider's range on a
// logarithmic scale in real time, for lectures.
//
// Playback computes the motion and uses no widgets. PlaybackControl is the
// row of controls beside the temperature slider that drives it. Each timer tick
// advances T by the wall-clock time since the previous tick, so the speed in
// decades per second holds however long the window takes to redraw.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QPushButton;

namespace distillscope::ui {

class TemperatureControl;

enum class PlaybackDirection { Up, Down };
// The behaviour of playback when T reaches the end it moves towards.
enum class PlaybackEnd {
    Stop,   // stop at that end
    Loop,   // jump to the other end and go on in the same direction
    Bounce, // turn round and go back
};

class Playback : public QObject {
    Q_OBJECT
public:
    explicit Playback(QObject* parent = nullptr);

    // Sets the range T moves across, where the caller guarantees
    // 0 < min < max. A position outside the new range moves to its nearest end.
    void setRange(double min, double max);
    // Speed in decades of T per second, positive.
    void setSpeed(double decades_per_second);
    void setDirection(PlaybackDirection direction);
    void setEnd(PlaybackEnd end);

    double speed() const { return m_speed; }
    PlaybackDirection direction() const { return m_direction; }
    PlaybackEnd end() const { return m_end; }
    bool isPlaying() const { return m_playing; }
    // The temperature reached so far.
    double temperature() const;

    // Starts from the temperature `from`, clamped into the range. A start at
    // the end that T moves towards begins again from the other end, or, when
    // bouncing, turns round.
    void start(double from);
    void stop();

    // Moves T by `seconds` of play time, handles the ends and emits
    // temperatureChanged. The timer calls it with the wall-clock time since
    // its previous tick; tests call it directly.
    void advance(double seconds);

signals:
    void temperatureChanged(double temperature);
    // Bouncing turned the direction round.
    void directionChanged(distillscope::ui::PlaybackDirection direction);
    void playingChanged(bool playing);

private:
    void onTick();
    void setPlaying(bool playing);

    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_min = 1e-2; // the range ends
    double m_max = 1e4;
    double m_low = -2.0; // their log10
    double m_high = 4.0;
    double m_position = 0.0; // log10 T
    double m_speed = 0.5;
    PlaybackDirection m_direction = PlaybackDirection::Up;
    PlaybackEnd m_end = PlaybackEnd::Stop;
    bool m_playing = false;
};

// The Play/Pause button with the speed, direction and end behaviour of the
// playback, placed under the temperature control.
//
// Moving the slider or typing a temperature pauses playback, because the
// user takes T over. Editing logits, the range or any other option does not
// pause it, so a lecturer can change the logits while T keeps moving. Space toggles
// playback wherever the focus is in the window, except in widgets that use
// Space themselves: text fields, the logit table and its cell editors,
// buttons, check boxes and combo boxes.
class PlaybackControl : public QWidget {
    Q_OBJECT
public:
    PlaybackControl(TemperatureControl* temperature, QWidget* parent = nullptr);

    Playback* playback() const { return m_playback; }
    QPushButton* playButton() const { return m_play; }
    QDoubleSpinBox* speedBox() const { return m_speed; }
    QComboBox* directionBox() const { return m_direction; }
    QComboBox* endBox() const { return m_end; }
    // The controls in the order Tab visits them.
    QList<QWidget*> tabStops() const;

    // Starts playback from the control's T, or stops it.
    void toggle();

signals:
    // Playback moved T, and the window shows it as if typed.
    void temperatureRequested(double temperature);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showPlaying(bool playing);

    TemperatureControl* m_temperature;
    Playback* m_playback = nullptr;
    QPushButton* m_play = nullptr;
    QDoubleSpinBox* m_speed = nullptr;
    QComboBox* m_direction = nullptr;
    QComboBox* m_end = nullptr;
};

} // namespace distillscope::ui
