#pragma once

// The difference of soft targets q - p at one temperature, shared by
// Distillation::evaluate, the sweep and the match-temperature search.

#include "distillscope/distillation.h"

#include "kernels.h"

#include <span>

#include <vector>

namespace distillscope::detail {

// Scratch arrays for one temperature, reused across calls to avoid
// allocating in the sweep's inner loop.
struct SoftTargetWorkspace {
    std::vector<double> teacher_scaled;    // a = (v - max v) / T, at most 0
    std::vector<double> student_scaled;    // b = (z - max z) / T, at most 0
    std::vector<double> difference_scaled; // d = b - a, rounded once from (z' - v') / T
    std::vector<double> teacher_exp;       // e^a
    std::vector<double> student_exp;       // e^b, when student_exp_valid
    std::vector<double> difference_expm1;  // e^d - 1 where |d| <= 1, else 0
    std::vector<double> target_difference; // q - p

    double teacher_partition = 1.0; // S_v = sum e^a, at least 1
    double student_partition = 1.0; // S_z = sum e^b
    double teacher_rest = 0.0;      // S_v - 1, summed without the 1
    double student_rest = 0.0;      // S_z - 1, when student_exp_valid
    double partition_change = 0.0;  // rho = S_z / S_v - 1
    bool student_exp_valid = false;

    void resize(Index classes);
};

// True where the rearranged form p (e^d - 1 - rho) / (1 + rho) is used for
// q - p; elsewhere q and p differ by more than a factor e^(1 - |log(1+rho)|)
// and the plain difference is accurate.
inline bool isNear(double difference_scaled)
{
    return difference_scaled >= -1.0 && difference_scaled <= 1.0;
}

// Fills the workspace at `temperature`. With `need_student` false, e^b is
// computed only when some class is not near (|d| > 1); callers that need q or
// log q pass true. Precondition: validateTemperature succeeded.
void computeTargetDifference(const Distillation& distillation, double temperature,
                             SoftTargetWorkspace& workspace, bool need_student);

// Computes q - p and its remainder after wc / (N T) with centredSeries where
// seriesApplies, else with centredExpansion. Precondition: expansionApplies.
CentredExpansion computeCentredExpansion(const Distillation& distillation, double temperature,
                                         std::span<double> difference, std::span<double> remainder);

} // namespace distillscope::detail
