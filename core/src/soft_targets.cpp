#include "soft_targets.h"

#include "kernels.h"

#include <cmath>

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

// Sum of `values` without the entry at `skip`, which is e^0 = 1 for the
// largest logit: adding that 1 first would round away everything below
// 1e-16 and with it log S near one-hot soft targets.
double sumWithout(const std::vector<double>& values, Index skip)
{
    double sum = 0.0;
    const auto skipped = static_cast<std::size_t>(skip);
    for (std::size_t j = 0; j < values.size(); ++j)
        sum += j == skipped ? 0.0 : values[j];
    return sum;
}

// (x - x_max) / T for every class. When the spread of the logits overflows,
// x - x_max is -inf although x / T - x_max / T may be finite for large T.
void scaleShifted(const Vector& shifted, const Vector& original, double original_max,
                  double temperature, std::vector<double>& out)
{
    const Index n = shifted.size();
    for (Index j = 0; j < n; ++j)
        out[j] = shifted[j] / temperature;
    for (Index j = 0; j < n; ++j) {
        if (std::isinf(shifted[j]))
            out[j] = original[j] / temperature - original_max / temperature;
    }
}

} // namespace

void computeTargetDifference(const Distillation& distillation, double temperature,
                             SoftTargetWorkspace& workspace, bool need_student)
{
    const Index n = distillation.classes();
    workspace.resize(n);
    auto& a = workspace.teacher_scaled;
    auto& b = workspace.student_scaled;
    auto& d = workspace.difference_scaled;
    auto& teacher_exp = workspace.teacher_exp;
    auto& student_exp = workspace.student_exp;
    auto& difference_expm1 = workspace.difference_expm1;
    auto& result = workspace.target_difference;

    const Vector& teacher = distillation.teacher();
    const Vector& student = distillation.student();
    scaleShifted(distillation.shiftedTeacher(), teacher, teacher[distillation.teacherArgmax()],
                 temperature, a);

    // d is (z' - v') / T with z' - v' formed once at construction, so that the
    // ratio q_i / p_i = e^(d_i) / (1 + rho) carries one rounding of d_i, not
    // the larger roundings of a_i and b_i separately.
    const Vector& shifted_difference = distillation.shiftedDifference();
    bool all_near = true;
    for (Index j = 0; j < n; ++j) {
        const double scaled = shifted_difference[j] / temperature;
        d[j] = scaled;
        all_near = all_near && isNear(scaled);
        // Outside [-1, 1] the value is not used; 0 keeps the kernel cheap.
        difference_expm1[j] = isNear(scaled) ? scaled : 0.0;
    }

    vectorExp(a, teacher_exp);
    vectorExpm1(difference_expm1, difference_expm1);

    workspace.student_exp_valid = need_student || !all_near;
    if (workspace.student_exp_valid) {
        scaleShifted(distillation.shiftedStudent(), student, student[distillation.studentArgmax()],
                     temperature, b);
        vectorExp(b, student_exp);
        workspace.student_rest = sumWithout(student_exp, distillation.studentArgmax());
        workspace.student_partition = 1.0 + workspace.student_rest;
    }

    workspace.teacher_rest = sumWithout(teacher_exp, distillation.teacherArgmax());
    const double teacher_partition = 1.0 + workspace.teacher_rest;
    workspace.teacher_partition = teacher_partition;

    // S_z - S_v = sum_j (e^(b_j) - e^(a_j)) = sum_j e^(a_j) (e^(d_j) - 1).
    // Where |d_j| <= 1 the second form avoids the cancellation of two nearly
    // equal exponentials; elsewhere the first is accurate and cannot overflow.
    double partition_gap = 0.0;
    for (Index j = 0; j < n; ++j) {
        partition_gap += isNear(d[j]) ? teacher_exp[j] * difference_expm1[j]
                                      : student_exp[j] - teacher_exp[j];
    }
    const double rho = partition_gap / teacher_partition;
    workspace.partition_change = rho;
    const double growth = 1.0 + rho;
    if (!workspace.student_exp_valid)
        workspace.student_partition = teacher_partition * growth;

    // q_i = p_i e^(d_i) / (1 + rho), so q_i - p_i = p_i (e^(d_i) - 1 - rho) / (1 + rho):
    // at high T both terms of the numerator are of the size of the result.
    const double student_partition = workspace.student_partition;
    for (Index i = 0; i < n; ++i) {
        const double p = teacher_exp[i] / teacher_partition;
        result[i] = isNear(d[i]) ? p * ((difference_expm1[i] - rho) / growth)
                                 : student_exp[i] / student_partition - p;
    }
}

} // namespace distillscope::detail
