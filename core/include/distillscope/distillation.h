#pragma once

// Soft targets, gradients and losses of knowledge distillation at temperature T.
//
// Source: G. Hinton, O. Vinyals, J. Dean, "Distilling the Knowledge in a Neural
// Network" (2015), Section 2.1. With teacher logits v and student logits z over
// N classes, p = softmax(v / T) and q = softmax(z / T), the soft-target
// cross-entropy C = -sum_j p_j log q_j has the exact gradient
//     Eq. 2:  dC/dz_i = (q_i - p_i) / T.
// Replacing e^x by 1 + x gives the high-temperature form
//     Eq. 3:  (1/T) [ (1 + z_i/T) / (N + sum_j z_j/T) - (1 + v_i/T) / (N + sum_j v_j/T) ],
// and with zero-mean logits it reduces to
//     Eq. 4:  dC/dz_i ~ (z_i - v_i) / (N T^2),
// the gradient of the quadratic loss of Eq. 5, 1/2 sum_i (z_i - v_i)^2, scaled by 1/(N T^2).
//
// Accuracy. For finite logits and 1e-6 <= T <= 1e16 with v/T and z/T finite,
// tests/core/reference_test.cpp holds every value to the exact result of the
// double inputs: p and q to 1e-15 max(10, |log p|) relative (down to the
// smallest normal double), log p and log q to 1e-14, the losses to 1e-13
// relative, Eq. 2 and Eq. 4 to 1e-14 of their largest component and Eq. 3 to
// 1e-11. Eq. 2 may also carry the rounding of the scaled logits themselves
// when the soft targets are nearly one-hot. Naive code loses every digit at
// high T, where q - p cancels, and at low T, where the soft targets
// underflow. The comments in core/src explain each rearrangement.

#include "distillscope/detail/exact_sum.h"
#include "distillscope/expected.h"

#include <Eigen/Core>

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace distillscope {

using Vector = Eigen::VectorXd;
using Index = Eigen::Index;

// The temperature range over which the accuracy is guaranteed and the match
// temperature is searched.
inline constexpr double kMinTemperature = 1e-6;
inline constexpr double kMaxTemperature = 1e16;

enum class Operand { Teacher, Student, Temperature, Tolerance };

enum class InputProblem {
    TooFewClasses,       // fewer than two classes
    LengthMismatch,      // teacher and student have different lengths
    NonFiniteLogit,      // NaN or infinity among the logits
    InvalidTemperature,  // T <= 0, NaN or infinity
    TemperatureOutOfRange, // T outside [kMinTemperature, kMaxTemperature]
    ScaledLogitOverflow, // logit / T is not a finite double
    ResultOverflow,      // a gradient or loss exceeds the double range at this T
    InvalidTolerance,    // tolerance <= 0, NaN or infinity
};

// Bad data, described by fields so that app/ and ui/ can word the message.
struct InputError {
    InputProblem problem;
    Operand operand;
    Index index = -1;   // the class of an offending logit, or -1
    double value = 0.0; // the offending value (logit, temperature or tolerance)
    Index teacher_classes = 0;
    Index student_classes = 0;
    // ResultOverflow: the output field that overflowed, as the JSON output
    // of the command line names it ("grad_zero_mean", "quadratic_loss", ...).
    const char* quantity = "";
};

// Two gradient vectors compared: `approximation` against `reference`.
struct GradientComparison {
    // max_i |a_i - r_i| / max_i |r_i|; empty when the reference is zero.
    std::optional<double> max_relative_error;
    // |a_i - r_i| / |r_i| per class; empty where r_i = 0 and a_i != 0.
    std::vector<std::optional<double>> relative_error;
    // a . r / (|a| |r|); empty when either vector is zero.
    std::optional<double> cosine;
};

// Compares two gradient vectors of equal length. Scales by the largest
// component before the dot product, so the cosine neither overflows nor
// underflows. Cost O(N).
GradientComparison compareGradients(std::span<const double> approximation,
                                    std::span<const double> reference);

// Every quantity of Section 2.1 at one temperature.
struct Quantities {
    double temperature = 0.0;
    Vector p, q;         // soft targets of teacher and student
    Vector log_p, log_q; // their logarithms, accurate where p and q underflow
    Vector grad_exact;   // Eq. 2
    // Eq. 3 as printed; empty where N + sum z/T or N + sum v/T is exactly zero.
    std::optional<Vector> grad_taylor;
    Vector grad_zero_mean;    // Eq. 4 on the logits as given
    Vector grad_centered;     // Eq. 4 on logits minus their mean
    Vector grad_second_order; // centred Eq. 4 plus the next term in 1/T
    double cross_entropy = 0.0; // -sum p log q
    double kl = 0.0;            // KL(p || q)
    double kl_scaled = 0.0;     // T^2 KL(p || q)
    double quadratic_loss = 0.0; // Eq. 5: 1/2 ||(z - mean z) - (v - mean v)||^2
    double entropy_p = 0.0;     // -sum p log p
    double entropy_q = 0.0;     // -sum q log q
    GradientComparison centered_vs_exact;
};

// A teacher and a student logit vector, validated, with the
// temperature-independent parts of every formula computed once.
//
// The constructor work is O(N) and exact: sums of logits are carried as
// error-free expansions and centred logits in double-double, so that a common
// offset of 1e6 in the logits costs no digits of the centred values.
class Distillation {
public:
    // Validates N >= 2, equal lengths and finite logits.
    static Expected<Distillation, InputError> create(std::span<const double> teacher,
                                                     std::span<const double> student);

    Index classes() const { return m_teacher.size(); }
    const Vector& teacher() const { return m_teacher; }
    const Vector& student() const { return m_student; }

    // True when v - z is constant, so that p = q and Eq. 2 vanishes at every T.
    bool gradientVanishes() const { return m_gradient_vanishes; }

    // Checks that T is a positive finite double within [kMinTemperature,
    // kMaxTemperature], where the accuracy holds, and that v/T and z/T are
    // finite. Above 1e16, T^2 KL underflows for ordinary logits.
    Expected<Ok, InputError> validateTemperature(double temperature) const;

    // Computes every quantity at `temperature`. Fails with InvalidTemperature or
    // ScaledLogitOverflow as validateTemperature does, and with ResultOverflow
    // when a gradient or loss exceeds the double range (huge logits at tiny T).
    // Cost O(N): three exponentials and one logarithm per class.
    Expected<Quantities, InputError> evaluate(double temperature) const;

    // Writes Eq. 2, (q - p) / T, into `gradient` (length N), without forming
    // p, q or the losses. Same accuracy as evaluate().
    // Precondition: validateTemperature(temperature) succeeded.
    void exactGradient(double temperature, std::span<double> gradient) const;

    // Precomputed parts for the sweep, surface and match code. To survive
    // logits near the double limit, the centred values and sums are stored
    // multiplied by 2^-k with k = scaleExponent(), which is 0 unless
    // max |logit| exceeds about 1e300 / N; the second-order numerator is
    // stored times 2^-2k.
    int scaleExponent() const { return m_scale_exponent; }
    double scaleFactor() const { return m_scale_factor; } // 2^k
    // True when max - min of the teacher or student logits overflows, so
    // that shiftedTeacher() or shiftedStudent() contains -inf.
    bool spreadOverflows() const { return m_spread_overflows; }
    const Vector& centeredDifference() const { return m_centered_difference; } // zc - vc
    const Vector& centeredTeacher() const { return m_centered_teacher; }       // vc
    const Vector& centeredSum() const { return m_centered_sum; }               // zc + vc
    // mean_j (zc_j^2 - vc_j^2), stored times 2^-2k like the numerator below.
    double squaresGapMean() const { return m_squares_gap_mean; }
    // (zc_i^2 - vc_i^2) - mean_j (zc_j^2 - vc_j^2)
    const Vector& secondOrderNumerator() const { return m_second_order_numerator; }
    double sumDifference() const { return m_sum_difference; } // sum z - sum v
    const Vector& rawDifference() const { return m_raw_difference; } // z - v, rounded once
    const Vector& shiftedTeacher() const { return m_shifted_teacher; }       // v - max v
    const Vector& shiftedStudent() const { return m_shifted_student; }       // z - max z
    const Vector& shiftedDifference() const { return m_shifted_difference; } // (z - max z) - (v - max v)
    Index teacherArgmax() const { return m_teacher_argmax; }
    Index studentArgmax() const { return m_student_argmax; }
    Index largestTeacherIndex() const { return m_largest_teacher; } // argmax |v|
    Index largestStudentIndex() const { return m_largest_student; } // argmax |z|

    // True when |vc| / T and |wc| / T are at most ln 2 / 2, where Eq. 2 and its
    // difference from the centred Eq. 4 come from a series in the centred
    // logits (see centredExpansion in core/src/kernels.h).
    bool expansionApplies(double temperature) const;
    // True when |zc| / T and |vc| / T are at most 1/32, where the series
    // also takes its second-order part from the exact numerator.
    bool seriesApplies(double temperature) const;

    // Eq. 4 on the logits as given, (z - v) / (N T^2), into `out`.
    void zeroMeanGradient(double temperature, std::span<double> out) const;
    // The centred Eq. 4 and the second-order form into `centered` and
    // `second_order` (either may be empty to skip it).
    void centeredGradients(double temperature, std::span<double> centered,
                           std::span<double> second_order) const;
    // Eq. 3 into `out`; returns false, leaving `out` unspecified, at its pole.
    bool taylorGradient(double temperature, std::span<double> out) const;

    // Returns whether N T + sum(logits) is exactly zero, the pole of Eq. 3.
    bool taylorPole(Operand side, double temperature) const;

    // Returns sum_j logit_j of the teacher or the student, rounded once from
    // the exact sum; +-inf only when that sum exceeds the double range.
    // Cost O(N) at most, the length of the exact expansion.
    double logitSum(Operand side) const;

    // Returns N + sum_j logit_j / T, the denominator of Eq. 3 for the
    // teacher or the student: the exact N T + sum_j logit_j rounded once,
    // then divided by T. It is exactly zero only at the pole.
    // Cost O(N) at most, as logitSum.
    double taylorDenominator(Operand side, double temperature) const;

    // Returns the temperature -sum(logits) / N at which Eq. 3 has its pole
    // for the teacher or the student, rounded once from the exact sum, or
    // nothing when that sum is not negative. Cost O(1).
    std::optional<double> taylorPoleTemperature(Operand side) const;

private:
    Distillation() = default;

    Vector m_teacher, m_student;
    Vector m_shifted_teacher, m_shifted_student, m_shifted_difference;
    Index m_teacher_argmax = 0, m_student_argmax = 0;
    Index m_largest_teacher = 0, m_largest_student = 0;
    Vector m_raw_difference; // z - v, rounded once
    int m_scale_exponent = 0;
    double m_scale_factor = 1.0;
    Vector m_scaled_teacher, m_scaled_student; // v 2^-k and z 2^-k
    bool m_spread_overflows = false;
    Vector m_centered_teacher, m_centered_difference;
    Vector m_second_order_numerator;
    Vector m_centered_sum;
    double m_squares_gap_mean = 0.0;
    double m_centered_teacher_max = 0.0, m_centered_difference_max = 0.0; // times 2^-k
    double m_centered_student_max = 0.0;                                  // times 2^-k
    detail::ExactSum m_teacher_sum, m_student_sum; // sum v and sum z, times 2^-k
    double m_sum_difference = 0.0;                 // (sum z - sum v) 2^-k, rounded once
    bool m_gradient_vanishes = false;
};

} // namespace distillscope
