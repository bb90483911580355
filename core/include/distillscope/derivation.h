#pragma once

// The numbers of each step from Eq. 1 to Eq. 5 of Section 2.1 of Hinton,
// Vinyals and Dean, "Distilling the Knowledge in a Neural Network" (2015),
// for one class i at one temperature T.
//
// The steps are
//     Eq. 1   q_i = exp(z_i/T) / sum_j exp(z_j/T), and p_i likewise from v;
//     Eq. 2   dC/dz_i = (q_i - p_i) / T for C = -sum_j p_j log q_j;
//     e^x ~ 1 + x for x = z_i/T and x = v_i/T, which neglects e^x - 1 - x;
//     Eq. 3   (1/T) [(1 + z_i/T) / (N + sum_j z_j/T) - (1 + v_i/T) / (N + sum_j v_j/T)];
//     zero mean: sum_j z_j = sum_j v_j = 0, so both denominators become N;
//     Eq. 4   (z_i - v_i) / (N T^2) on the centred logits;
//     Eq. 5   Eq. 4 is 1/(N T^2) times the gradient z_i - v_i of the
//             quadratic loss 1/2 sum_j (z_j - v_j)^2, minimal where z = v.
//
// Every value that the core already computes (soft targets, Eq. 2, Eq. 3,
// both forms of Eq. 4, the quadratic loss, centred logits, exact sums) is
// taken from Distillation and Quantities; the other values state the
// rounding they carry.

#include "distillscope/distillation.h"
#include "distillscope/expected.h"

#include <optional>

namespace distillscope {

// e^x against its first-order Taylor polynomial 1 + x.
struct TaylorTerm {
    double x = 0.0;           // logit / T, rounded once
    double exponential = 0.0; // e^x; 0 when it underflows, +inf when it overflows
    double linear = 0.0;      // 1 + x, rounded once
    // e^x - 1 - x, the term Eq. 3 neglects, to within a few ulps; a series
    // for |x| <= 1/4, where expm1(x) - x would cancel. +inf when e^x overflows.
    double remainder = 0.0;
    // (e^x - 1 - x) / e^x, to within a few ulps; +inf below x = -709.78,
    // where e^-x overflows.
    double relative_remainder = 0.0;
};

// Returns e^x, 1 + x and the neglected term for one x. Cost O(1).
TaylorTerm taylorTerm(double x);

// One side of Eq. 3: the teacher's or the student's fraction.
struct TaylorFraction {
    double numerator = 0.0;   // 1 + logit_i / T, rounded once from logit_i / T
    // N + sum_j logit_j / T, from the exact N T + sum_j logit_j rounded once
    // and divided by T: within two ulps, and exactly 0 only at the pole.
    double denominator = 0.0;
    std::optional<double> fraction; // numerator / denominator; empty at the pole
};

struct DerivationNumbers {
    Index class_index = 0;
    Index classes = 0;
    double temperature = 0.0;

    // Eq. 1 and Eq. 2, from Quantities.
    double p = 0.0, q = 0.0;         // may underflow to 0 at low T
    double log_p = 0.0, log_q = 0.0; // accurate where p or q underflow
    double grad_exact = 0.0;         // (q_i - p_i) / T
    // log10 |Eq. 2| where q_i != p_i but Eq. 2 underflows to 0, as at low T;
    // empty otherwise. From accurate logarithms: log |a - b| = max +
    // log(-expm1(min - max)) of log a and log b, where a, b are q_i and p_i,
    // or 1 - p_i and 1 - q_i when q_i and p_i are close to 1.
    std::optional<double> grad_exact_log10;
    bool grad_exact_negative = false; // the sign of Eq. 2 where it underflows
    // log10 |log p_i| where log p_i rounds to 0 because p_i is within half an
    // ulp of 1: then -log p_i ~ 1 - p_i = sum of the other p_j. Empty otherwise.
    std::optional<double> log_p_log10, log_q_log10;

    // e^x ~ 1 + x.
    TaylorTerm student_term; // x = z_i / T
    TaylorTerm teacher_term; // x = v_i / T

    // Eq. 3.
    TaylorFraction student_fraction;
    TaylorFraction teacher_fraction;
    // Eq. 3 from Distillation::taylorGradient, which avoids the cancellation
    // of the two fractions at high T; empty at its pole.
    std::optional<double> grad_taylor;

    // Zero mean. The sums are rounded once from the exact sums, and are +-inf
    // only when the exact sum exceeds the double range.
    double student_sum = 0.0, teacher_sum = 0.0;   // sum_j z_j, sum_j v_j
    double student_mean = 0.0, teacher_mean = 0.0; // the sums over N
    double centered_student = 0.0; // z_i - mean z, from the double-double centring
    double centered_teacher = 0.0; // v_i - mean v, likewise

    // Eq. 4.
    double grad_centered = 0.0; // (zc_i - vc_i) / (N T^2)
    double grad_raw = 0.0;      // (z_i - v_i) / (N T^2) on the logits as given
    // |centred Eq. 4 - Eq. 2| / |Eq. 2| from Quantities::centered_vs_exact;
    // empty where Eq. 2 is zero and Eq. 4 is not.
    std::optional<double> centered_relative_error;

    // Eq. 5.
    double quadratic_loss = 0.0; // 1/2 sum_j (zc_j - vc_j)^2
    double loss_gradient = 0.0;  // zc_i - vc_i, the derivative of the loss in zc_i
    double step_size = 0.0;      // 1 / (N T^2), within three roundings
    double step_times_gradient = 0.0; // step_size * loss_gradient, the centred Eq. 4 again
    // The student's centred logit at the loss's minimum: zc_i = vc_i.
    double minimizer = 0.0;

    // The T^2 scaling that keeps soft-target gradients comparable to
    // hard-target ones: T^2 Eq. 2 and T^2 Eq. 4 = (zc_i - vc_i) / N.
    double grad_exact_scaled = 0.0;
    double grad_centered_scaled = 0.0;
};

// Collects the numbers of every step for class `class_index`, reusing
// `quantities`, which must come from distillation.evaluate(quantities.temperature).
// Precondition: 0 <= class_index < distillation.classes(). Cost O(1) beyond
// Eq. 3, which taylorGradient computes for all N classes in O(N).
DerivationNumbers deriveNumbers(const Distillation& distillation, const Quantities& quantities,
                                Index class_index);

// As above, evaluating the distillation at `temperature` first. Fails as
// Distillation::evaluate does. Cost O(N).
Expected<DerivationNumbers, InputError> deriveNumbers(const Distillation& distillation,
                                                      double temperature, Index class_index);

} // namespace distillscope
