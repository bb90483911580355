#include "soft_targets.h"

#include "kernels.h"

#include <cmath>
#include <span>

namespace distillscope::detail {

void SoftTargetWorkspace::resize(Index classes)
{
    const auto size = static_cast<std::size_t>(classes);
    teacher_scaled.resize(size);
    student_scaled.resize(size);
    difference_scaled.resize(size);
    teacher_exp.resize(size);
    student_exp.resize(size);
    difference_expm1.resize(size);
    target_difference.resize(size);
}

namespace {

std::span<const double> view(const Vector& values)
{
    return {values.data(), static_cast<std::size_t>(values.size())};
}

// Recomputes (x - x_max) / T as x / T - x_max / T where x - x_max overflowed
// to -inf: for large T the scaled value is finite and e^it may be nonzero.
// Returns the change to the sum of exponentials.
double repairOverflowedSpread(const Vector& shifted, const Vector& original, Index argmax, double temperature,
                              std::vector<double>& scaled, std::vector<double>& exponential)
{
    double added = 0.0;
    for (Index j = 0; j < shifted.size(); ++j) {
        if (!std::isinf(shifted[j]))
            continue;
        const auto slot = static_cast<std::size_t>(j);
        scaled[slot] = original[j] / temperature - original[argmax] / temperature;
        exponential[slot] = std::exp(scaled[slot]);
        added += exponential[slot];
    }
    return added;
}

} // namespace

void computeTargetDifference(const Distillation& distillation, double temperature,
                             SoftTargetWorkspace& workspace, bool need_student)
{
    const Index n = distillation.classes();
    workspace.resize(n);
    const double inverse = 1.0 / temperature;

    // e^a with a = (v - max v) / T. The entry of the largest logit, e^0 = 1,
    // is left out of the sum: adding it first would round away everything
    // below 1e-16 and with it log S_v for nearly one-hot soft targets.
    workspace.teacher_rest = scaledExp(view(distillation.shiftedTeacher()), inverse, distillation.teacherArgmax(),
                                       workspace.teacher_scaled, workspace.teacher_exp);
    if (distillation.spreadOverflows()) {
        workspace.teacher_rest += repairOverflowedSpread(distillation.shiftedTeacher(), distillation.teacher(),
                                                         distillation.teacherArgmax(), temperature,
                                                         workspace.teacher_scaled, workspace.teacher_exp);
    }
    const double teacher_partition = 1.0 + workspace.teacher_rest;
    workspace.teacher_partition = teacher_partition;

    // d is (z' - v') / T with z' - v' formed once at construction, so that the
    // ratio q_i / p_i = e^(d_i) / (1 + rho) carries one rounding of d_i, not
    // the larger roundings of a_i and b_i separately.
    //
    // S_z - S_v = sum_j (e^(b_j) - e^(a_j)) = sum_j e^(a_j) (e^(d_j) - 1).
    // Where |d_j| <= 1 the second form avoids the cancellation of two nearly
    // equal exponentials; elsewhere the first is accurate and cannot overflow.
    const DifferencePass pass = differencePass(view(distillation.shiftedDifference()), workspace.teacher_exp, inverse,
                                               workspace.difference_scaled, workspace.difference_expm1);
    double partition_gap = pass.near_gap;

    workspace.student_exp_valid = need_student || !pass.all_near;
    if (workspace.student_exp_valid) {
        workspace.student_rest = scaledExp(view(distillation.shiftedStudent()), inverse, distillation.studentArgmax(),
                                           workspace.student_scaled, workspace.student_exp);
        if (distillation.spreadOverflows()) {
            workspace.student_rest += repairOverflowedSpread(distillation.shiftedStudent(), distillation.student(),
                                                             distillation.studentArgmax(), temperature,
                                                             workspace.student_scaled, workspace.student_exp);
        }
        workspace.student_partition = 1.0 + workspace.student_rest;
        if (!pass.all_near)
            partition_gap += farPartitionGap(workspace.difference_scaled, workspace.teacher_exp, workspace.student_exp);
    }

    const double rho = partition_gap / teacher_partition;
    workspace.partition_change = rho;
    const double growth = 1.0 + rho;
    if (!workspace.student_exp_valid)
        workspace.student_partition = teacher_partition * growth;

    // q_i = p_i e^(d_i) / (1 + rho), so q_i - p_i = p_i (e^(d_i) - 1 - rho) / (1 + rho):
    // at high T both terms of the numerator are of the size of the result.
    TargetDifferenceInput input;
    input.scaled_difference = workspace.difference_scaled.data();
    input.teacher_exp = workspace.teacher_exp.data();
    input.difference_expm1 = workspace.difference_expm1.data();
    input.student_exp = pass.all_near ? nullptr : workspace.student_exp.data();
    input.teacher_inverse = 1.0 / teacher_partition;
    input.student_inverse = 1.0 / workspace.student_partition;
    input.rho = rho;
    input.growth_inverse = 1.0 / growth;
    targetDifference(input, workspace.target_difference);
}

CentredExpansion computeCentredExpansion(const Distillation& distillation, double temperature,
                                         std::span<double> difference, std::span<double> remainder)
{
    const double scale = distillation.scaleFactor() / temperature;
    if (distillation.seriesApplies(temperature)) {
        CentredSeriesInput input;
        input.centred_teacher = distillation.centeredTeacher().data();
        input.centred_difference = distillation.centeredDifference().data();
        input.centred_sum = distillation.centeredSum().data();
        input.second_order_numerator = distillation.secondOrderNumerator().data();
        input.squares_gap_mean = distillation.squaresGapMean();
        input.scale = scale;
        return centredSeries(input, difference, remainder);
    }
    CentredExpansionInput input;
    input.centred_teacher = distillation.centeredTeacher().data();
    input.centred_difference = distillation.centeredDifference().data();
    input.scale = scale;
    return centredExpansion(input, difference, remainder);
}

} // namespace distillscope::detail
