#pragma once

// A temperature sweep as an animation for slides: the window steps through
// log-spaced temperatures and each step becomes one frame, written as an
// animated GIF or as numbered PNG files.

#include "ui/figure_export.h"

#include <QStringList>

#include <vector>

namespace distillscope::ui {

inline constexpr int kMaxAnimationFrames = 1000;
inline constexpr int kMinFrameDelayMs = 20;
inline constexpr int kMaxFrameDelayMs = 60000;

struct AnimationOptions {
    FigureOptions figure;
    int frames = 30;
    double from = 0.5, to = 50.0; // temperatures of the first and the last frame
    int delay_ms = 100;           // time each frame is shown in the GIF
};

// Returns `frames` temperatures spaced evenly in log T from `from` to `to`,
// both included; a single frame is at `from`.
// Preconditions: frames >= 1, from and to positive and finite.
std::vector<double> animationTemperatures(int frames, double from, double to);

// Returns the path of frame `index` (from 0) of a PNG sequence for `path`:
// "dir/sweep.png" gives "dir/sweep-001.png" and on, with at least three
// digits and as many as the frame count needs.
QString sequenceFramePath(const QString& path, int index, int frames);

// Writes the animation as a looping GIF at `path`, atomically. The window
// shows each temperature while its frame is painted and returns to its
// previous temperature afterwards. Precondition: every temperature is one
// that the window accepts.
WriteResult writeSweepGif(MainWindow& window, const AnimationOptions& options, const QString& path);

// Writes the animation as PNG files named by sequenceFramePath, each
// atomically. On a failure the frames already written are removed.
// Returns the paths written.
Expected<QStringList, QString> writeSweepPngSequence(MainWindow& window,
                                                     const AnimationOptions& options,
                                                     const QString& path);

} // namespace distillscope::ui
