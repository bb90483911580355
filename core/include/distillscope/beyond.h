#pragma once

// Quantities beyond Section 2.1 of Hinton, Vinyals and Dean, "Distilling the
// Knowledge in a Neural Network" (2015), for the "Beyond the paper" page.
//
// Hard targets. The paper mixes the soft-target loss with the cross-entropy
// against the correct label at T = 1. That loss, -log q_y(T = 1), has the
// gradient q_i(1) - [i = y]. Its weight against the soft term differs between
// libraries, so mixedGradient takes the convention as an argument.
//
// Logit standardization (S. Sun, W. Ren, J. Li, R. Wang, X. Cao, "Logit
// Standardization in Knowledge Distillation", CVPR 2024) replaces each logit
// vector by its z-score (x - mean x) / std x before the softmax. The
// standard deviation here is the population one, sqrt(sum (x_i - mean)^2 / N).
//
// Limits of T^2 KL(p || q) (T. Kim, J. Oh, N. Kim, S. Cho, S.-Y. Yun,
// "Comparing Kullback-Leibler Divergence and Mean Squared Error Loss in
// Knowledge Distillation", IJCAI 2021). With centred logits vc and zc,
//     T -> infinity:  T^2 KL -> (1 / (2N)) sum_i (zc_i - vc_i)^2   (logit matching),
// because p_i -> 1/N and log p_i - log q_i -> (vc_i - zc_i) / T. With k the
// teacher's argmax,
//     T -> 0:         T^2 KL ~ T (max_j z_j - z_k)                 (label matching),
// because p -> e_k and -log q_k -> (max_j z_j - z_k) / T. When m teacher
// logits tie for the largest, p splits between them, the slope is the mean
// gap over them, and the next term is -T^2 log m. When the student's argmax
// is k as well, the slope is zero and T^2 KL falls faster than T:
// exponentially when both largest logits are unique, as T^2 times a
// constant when either vector has ties.
// tools/make_beyond_cases.py checks both limits with mpmath.

#include "distillscope/distillation.h"
#include "distillscope/expected.h"

#include <optional>
#include <span>
#include <vector>

namespace distillscope {

// Computes the gradient of the hard-label loss -log q_label at T = 1 with
// respect to the student logits: q_i(1) - [i = label]. The component of the
// label, q_label - 1 = -sum_{j != label} q_j, is summed without the
// cancellation of 1 - q_label, so it keeps its relative accuracy when the
// student is confident. Precondition: 0 <= label < N. Cost O(N).
Vector hardLabelGradient(const Distillation& distillation, Index label);

// The term that the mixing weight w multiplies.
enum class MixingConvention {
    WeightOnHard, // w * hard + (1 - w) * T^2 soft
    WeightOnSoft, // (1 - w) * hard + w * T^2 soft
};

// Returns the gradient of the mixed loss for `hard` (hardLabelGradient) and
// `soft_scaled` (T^2 times Eq. 2, so that both terms keep their size as T
// changes). Preconditions: equal lengths, 0 <= weight <= 1.
Vector mixedGradient(const Vector& hard, const Vector& soft_scaled, double weight,
                     MixingConvention convention);

// A logit vector as z-scores, with the mean and the population standard
// deviation that made them.
struct Standardized {
    Vector values; // (x_i - mean) / deviation
    double mean = 0.0;
    double deviation = 0.0;
};

// Why a vector has no z-scores: every logit equals `value`, so the standard
// deviation is zero.
struct ConstantLogits {
    double value = 0.0;
};

// Computes the z-scores of `logits` with the population standard deviation.
// The vector is first scaled by a power of two, which leaves the z-scores
// unchanged and keeps every sum inside the double range. The mean comes from
// an exact sum and is carried in double-double, so each centred value is
// accurate to its own size even under a common offset a billion times larger.
// Each z-score is then within a few N ulps of the exact one. Fails when all
// logits are equal. Precondition: logits.size() >= 1, finite values. Cost O(N).
Expected<Standardized, ConstantLogits> standardize(std::span<const double> logits);

// The two limits of T^2 KL(p || q) stated at the top of this file.
struct KlLimits {
    // (1 / (2N)) sum_i (zc_i - vc_i)^2; empty when it overflows.
    std::optional<double> logit_matching;
    // s in T^2 KL ~ s T as T -> 0: the mean of max_j z_j - z_k over the
    // classes k where the teacher's logit is largest (one class unless
    // several tie). Zero when the student's largest logit is at each of them.
    // Empty when a gap overflows.
    std::optional<double> label_matching_slope;
    // True when the student's argmax is among the teacher's largest logits.
    bool student_agrees = false;
};

// Computes both limits. Cost O(N).
KlLimits klLimits(const Distillation& distillation);

// Returns the teacher and student logits of classes `first` and `second`
// as a two-class problem, for comparing the approximations on two classes
// with the same on all N. Preconditions: both are valid classes and differ.
Distillation restrictToClasses(const Distillation& distillation, Index first, Index second);

// Returns the class indices ordered by decreasing teacher logit, ties by
// index.
std::vector<Index> classesByTeacherLogit(const Distillation& distillation);

// Returns the high-temperature limit of T^2 times Eq. 2 per class,
// (zc_i - vc_i) / N, which is T^2 times the centred Eq. 4.
Vector scaledGradientLimit(const Distillation& distillation);

} // namespace distillscope
