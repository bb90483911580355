#include "ui/analysis.h"

#include <algorithm>
#include <cmath>

namespace distillscope::ui {

namespace {

// Descent settings for the paths drawn on the surface: the step is in the
// units of Eq. 5, so both paths advance alike where the losses agree.
constexpr DescentOptions kPathOptions{0.5, 200, 1e-10};
// The quadratic optimum: Eq. 5 restricted to a slice has curvatures between
// 1 - 2/N and 1, so a step of 0.5 shrinks the distance by about half per step.
constexpr DescentOptions kOptimumOptions{0.5, 2000, 1e-13};
// Smallest half-width of the surface grid, in logit units.
constexpr double kMinHalfWidth = 2.0;

} // namespace

SweepResult computeSweep(const Distillation& distillation, double from, double to,
                         Index followed_class)
{
    SweepResult result;
    result.from = from;
    result.to = to;
    result.followed_class = followed_class;

    std::vector<double> temperatures = logSpacedTemperatures(from, to, kSweepPoints);
    std::erase_if(temperatures, [&](double temperature) {
        return !distillation.validateTemperature(temperature).has_value();
    });
    if (!temperatures.empty())
        result.rows = sweepGradients(distillation, temperatures, followed_class);
    return result;
}

GridSpec surroundingGrid(SlicePoint student, SlicePoint optimum, int points)
{
    const double center_x = 0.5 * (student.x + optimum.x);
    const double center_y = 0.5 * (student.y + optimum.y);
    const double spread = std::max(std::abs(student.x - optimum.x), std::abs(student.y - optimum.y));
    const double half_width = std::max(kMinHalfWidth, spread);
    GridSpec grid;
    grid.x_min = center_x - half_width;
    grid.x_max = center_x + half_width;
    grid.y_min = center_y - half_width;
    grid.y_max = center_y + half_width;
    grid.x_points = points;
    grid.y_points = points;
    return grid;
}

SlicePoint quadraticOptimum(const Distillation& distillation, const SliceAxes& axes,
                            SlicePoint start, double temperature)
{
    // The two-class pair slice has a line of minima, not a point: any shift
    // of both logits keeps the loss. Descent from the student then picks the
    // point of that line nearest to it.
    if (const std::optional<SlicePoint> minimum = sliceMinimum(distillation, temperature, axes, Loss::Quadratic))
        return *minimum;
    const std::vector<SlicePoint> path =
        descendInSlice(distillation, temperature, axes, start, Loss::Quadratic, kOptimumOptions);
    return path.empty() ? start : path.back();
}

Expected<SurfaceResult, InputError> computeSurfaceResult(const Distillation& anchor,
                                                         double temperature,
                                                         const SliceAxes& axes,
                                                         const GridSpec& grid, SlicePoint student,
                                                         SlicePoint optimum)
{
    auto surface = computeSurface(anchor, temperature, axes, grid);
    if (!surface)
        return unexpected(surface.error());

    SurfaceResult result;
    result.axes = axes;
    result.surface = std::move(*surface);
    result.student = student;
    result.optimum = optimum;
    result.exact_path =
        descendInSlice(anchor, temperature, axes, student, Loss::ScaledKl, kPathOptions);
    result.quadratic_path =
        descendInSlice(anchor, temperature, axes, student, Loss::Quadratic, kPathOptions);
    return result;
}

} // namespace distillscope::ui
