#pragma once

// Functions that vanish to second order at 0 and must keep their relative
// accuracy there, because the KL divergence at high temperature is a sum of
// such terms of size (1/T)^2.

#include <cmath>

namespace distillscope::detail {

// Returns r - log(1 + r) for r > -1, to within a few ulps.
//
// For |r| <= 1/4 it uses u = r / (2 + r), for which log(1 + r) = 2 atanh(u)
// and r u = r^2 / (2 + r), so that
//     r - log(1 + r) = r^2 / (2 + r) - 2 (u^3/3 + u^5/5 + ...).
// The series terms shrink by u^2 <= 1/49 each; eleven reach 1e-18.
inline double ratioExcessMinusLog(double r)
{
    if (!(std::abs(r) <= 0.25))
        return r - std::log1p(r);

    const double u = r / (2.0 + r);
    const double u2 = u * u;
    double series = 1.0 / 23.0;
    for (int k = 10; k >= 1; --k)
        series = series * u2 + 1.0 / (2.0 * k + 1.0);
    return r * r / (2.0 + r) - 2.0 * u * u2 * series;
}

// Returns e^x - 1 - x to within a few ulps.
//
// For |x| <= 1/4 it sums the Taylor series x^2/2! + x^3/3! + ... to x^17,
// whose remainder is below 1e-18 of the result; elsewhere expm1(x) - x
// loses at most a factor 8 to cancellation.
inline double expm1MinusArgument(double x)
{
    if (!(std::abs(x) <= 0.25))
        return std::expm1(x) - x;

    double series = 1.0 / 355687428096000.0; // 1/17!
    double factorial_inverse = series;
    for (int k = 17; k >= 3; --k) {
        factorial_inverse *= k; // 1/(k-1)!
        series = series * x + factorial_inverse;
    }
    return x * x * series;
}

} // namespace distillscope::detail
