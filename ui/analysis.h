#pragma once

// The core's results that the window shows. The window recomputes the sweep
// and the match temperature only when the logits, range, followed class or
// tolerance change, and the per-T quantities and the surface when T or the
// logits change. A temperature change therefore costs one evaluate(), one
// computeSurface() and two descents, never a sweep.

#include <distillscope/distillation.h>
#include <distillscope/match_temperature.h>
#include <distillscope/surface.h>
#include <distillscope/sweep.h>

#include <optional>
#include <span>
#include <vector>

namespace distillscope::ui {

// The temperatures of the sweep panel: this many, log-spaced over the range.
inline constexpr int kSweepPoints = 320;

struct SweepResult {
    double from = 0.0, to = 0.0;
    Index followed_class = 0;
    std::vector<SweepRow> rows; // only temperatures that validateTemperature accepts
};

struct SurfaceResult {
    SliceAxes axes;
    Surface surface;
    SlicePoint student;
    SlicePoint optimum; // minimum of Eq. 5 in the slice
    std::vector<SlicePoint> exact_path, quadratic_path;
};

// Evaluates `distillation` at the log-spaced temperatures of [from, to],
// skipping those that validateTemperature rejects.
SweepResult computeSweep(const Distillation& distillation, double from, double to,
                         Index followed_class);

// The grid that shows both `student` and `optimum` with a margin around them.
GridSpec surroundingGrid(SlicePoint student, SlicePoint optimum, int points);

// Finds the minimum of Eq. 5 inside the slice by running the core's descent
// on the quadratic loss to convergence. The quadratic is T-independent, so
// any valid temperature gives the same path.
SlicePoint quadraticOptimum(const Distillation& distillation, const SliceAxes& axes,
                            SlicePoint start, double temperature);

// Computes the surface of `anchor` on `grid` at `temperature` and both
// descent paths from `student`, a point of the anchor's slice.
Expected<SurfaceResult, InputError> computeSurfaceResult(const Distillation& anchor,
                                                         double temperature,
                                                         const SliceAxes& axes,
                                                         const GridSpec& grid, SlicePoint student,
                                                         SlicePoint optimum);

} // namespace distillscope::ui
