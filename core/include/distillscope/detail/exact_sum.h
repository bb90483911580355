#pragma once

// Error-free transformations and exact sums of doubles.
//
// Eq. 3 has a pole where N T + sum z vanishes, and the centred logits lose
// every digit to a common offset unless their mean is known beyond double
// precision. Both need sums that carry no rounding error, which this file
// provides with Shewchuk's expansion arithmetic ("Adaptive Precision
// Floating-Point Arithmetic and Fast Robust Geometric Predicates", 1997): a
// sum is kept as a list of non-overlapping doubles whose exact total is the
// exact sum of the inputs.

#include <cmath>
#include <vector>

namespace distillscope::detail {

struct DoubleDouble {
    double hi = 0.0;
    double lo = 0.0;
};

// hi + lo == a + b exactly, with hi = fl(a + b). Knuth's branch-free TwoSum.
inline DoubleDouble twoSum(double a, double b)
{
    const double hi = a + b;
    const double b_part = hi - a;
    const double a_part = hi - b_part;
    const double lo = (a - a_part) + (b - b_part);
    return {hi, lo};
}

// hi + lo == a * b exactly unless the product underflows, using one FMA.
inline DoubleDouble twoProduct(double a, double b)
{
    const double hi = a * b;
    const double lo = std::fma(a, b, -hi);
    return {hi, lo};
}

// An exact running sum of doubles. Overflows only if a partial sum exceeds
// the double range, which callers prevent by scaling by a power of two.
class ExactSum {
public:
    void add(double x);
    void add(const ExactSum& other);

    // The exact sum rounded to a double (faithfully: one of the two doubles
    // around it, and exactly when it is representable).
    double rounded() const;

    // -1, 0 or +1: the exact sign of the sum.
    int sign() const;

    bool isZero() const { return sign() == 0; }

private:
    std::vector<double> m_partials; // increasing magnitude, non-overlapping
};

// Values hi_i + lo_i less their mean, and that mean. The mean comes from the
// exact sum and is kept as a double-double, so each centred value is within an
// ulp of its own size even when the common offset is a million times larger
// than the differences.
struct Centred {
    std::vector<DoubleDouble> values;
    DoubleDouble mean;
};
Centred centreExactly(const std::vector<DoubleDouble>& values);

} // namespace distillscope::detail
