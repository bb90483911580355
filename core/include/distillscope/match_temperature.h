#pragma once

// Where the zero-mean approximation (Eq. 4) matches the exact gradient (Eq. 2).
// The equation numbers are those of Hinton, Vinyals and Dean (2015), Section
// 2.1, which distillation.h restates.

#include "distillscope/distillation.h"

#include <optional>

namespace distillscope {

struct MatchTemperature {
    enum class Status {
        Found,            // value is T*(eps)
        // Within eps across the whole range: value is kMinTemperature, or the
        // lowest temperature at which v/T and z/T are finite when that is higher.
        HoldsEverywhere,
        NeverReached,     // still above eps at kMaxTemperature: value empty
        GradientVanishes, // v - z is constant, so Eq. 2 is zero and T* is undefined
    };
    Status status = Status::NeverReached;
    std::optional<double> value;

    // First-order prediction from the leading error term. Above the match
    // temperature the relative error behaves as K / T^order, so the prediction
    // is (K / eps)^(1/order). The order is 1 in general and 2 when the 1/T term
    // vanishes, as it always does for two classes. Empty (order 0) when no term
    // up to 1/T^2 is nonzero.
    std::optional<double> predicted;
    int predicted_order = 0;
};

// The leading term of the max-norm relative error of the centred Eq. 4
// against Eq. 2 at high temperature: relerr(T) ~ coefficient / T^order.
struct ErrorTerm {
    int order = 0;            // 1 in general, 2 when the 1/T term vanishes, 0 when neither leads
    double coefficient = 0.0; // K1 or K2
};

// Computes the leading error term from the centred logits: K1 =
// max_i |(zc_i^2 - vc_i^2) - mean_j (zc_j^2 - vc_j^2)| / (2 max_i |wc_i|) with
// wc = zc - vc, or, when that numerator is rounding noise (always for two
// classes), K2 from the cubic terms of the softmax expansion. Order 0 when
// Eq. 2 vanishes (wc = 0) or neither term is a positive finite double.
// Cost O(N).
ErrorTerm leadingErrorTerm(const Distillation& distillation);

// Finds T*(eps): the smallest T in [kMinTemperature, kMaxTemperature] such
// that the max-norm relative error of the centred Eq. 4 against Eq. 2 stays at
// or below `tolerance` at every larger T in the range.
//
// Walks down from kMaxTemperature in steps of 10^(1/16) until the error first
// exceeds the tolerance, then bisects in log T to a relative width of 1e-12.
// An excursion above the tolerance narrower than one step can be missed.
// Temperatures at which v/T or z/T overflow count as outside the range.
// Precondition: tolerance > 0 and finite. Cost: a few hundred O(N) evaluations.
MatchTemperature findMatchTemperature(const Distillation& distillation, double tolerance);

} // namespace distillscope
