#pragma once

// The exact distillation loss and the quadratic loss of Eq. 5 over a 2-D slice
// of student logit space, and gradient descent on either.

#include "distillscope/distillation.h"

#include <Eigen/Core>

#include <optional>
#include <vector>

namespace distillscope {

enum class SliceKind {
    // Coordinates (x, y) are the student logits z_a and z_b; the other logits
    // stay at the current student's values.
    ClassPair,
    // z = z0 + x u + y w with z0 the current student, u = (e_a - e_b) / sqrt(2)
    // and w = (e_a + e_b - (2/N) 1) / sqrt(2 - 4/N): an orthonormal pair in the
    // zero-mean plane. Needs N >= 3.
    ZeroMeanPlane,
};

struct SliceAxes {
    SliceKind kind = SliceKind::ClassPair;
    Index first_class = 0;  // a
    Index second_class = 1; // b, different from a
};

struct GridSpec {
    double x_min = -1.0, x_max = 1.0;
    int x_points = 64;
    double y_min = -1.0, y_max = 1.0;
    int y_points = 64;
};

struct SlicePoint {
    double x = 0.0;
    double y = 0.0;
};

enum class Loss {
    ScaledKl,  // N T^2 KL(p || q), in the units of Eq. 5
    Quadratic, // Eq. 5: 1/2 ||zc - vc||^2
};

struct Surface {
    GridSpec grid;
    // Rows follow y, columns follow x: value(iy, ix) at (x_ix, y_iy).
    Eigen::MatrixXd scaled_kl;
    Eigen::MatrixXd quadratic;
};

// Returns the student logits at a slice point. Cost O(N).
Vector studentAt(const Distillation& distillation, const SliceAxes& axes, SlicePoint point);

// Returns the slice coordinates of the current student.
SlicePoint currentStudentPoint(const Distillation& distillation, const SliceAxes& axes);

// Checks the axes against N: two distinct classes in range, N >= 3 for the
// zero-mean plane. Returns false on a violation.
bool validSliceAxes(const Distillation& distillation, const SliceAxes& axes);

// Evaluates both losses on the grid. The exact loss is KL at the current
// student plus the change along the slice, rearranged so that every term is of
// the size of the result: at T = 1e16 the surface still has full relative
// accuracy where naive code returns zero. Cost: O(N) set-up, O(1) per cell (one
// log1p or log). Preconditions: validSliceAxes, grid points >= 2, and
// validateTemperature succeeds.
Expected<Surface, InputError> computeSurface(const Distillation& distillation, double temperature,
                                             const SliceAxes& axes, const GridSpec& grid);

// Returns the point of the slice where `loss` is smallest, or nothing when
// the minimum is not a single point. For Eq. 5 the minimum is found in
// closed form. For N T^2 KL it is found by Newton's method on the slice, at
// O(1) per step after an O(N) set-up. It may be missing when the loss has no
// minimum inside the slice, for instance when a soft target would have
// to reach exactly 0. With two classes every loss is constant along the
// shift of both logits, so only the class-pair slice of N = 2 is undefined.
std::optional<SlicePoint> sliceMinimum(const Distillation& distillation, double temperature,
                                       const SliceAxes& axes, Loss loss);

struct DescentOptions {
    double step_size = 0.5; // in the units of Eq. 5, the same for both losses
    int max_steps = 400;
    // Stops when the slice gradient's norm falls below this.
    double gradient_tolerance = 1e-10;
};

// Runs gradient descent inside the slice from `start`, on N T^2 KL (gradient
// N T (q - p)) or on Eq. 5 (gradient zc - vc), projected onto the slice
// directions. Returns the visited points, `start` first. Cost O(N) per step.
// Preconditions as computeSurface.
std::vector<SlicePoint> descendInSlice(const Distillation& distillation, double temperature,
                                       const SliceAxes& axes, SlicePoint start, Loss loss,
                                       const DescentOptions& options = {});

} // namespace distillscope
