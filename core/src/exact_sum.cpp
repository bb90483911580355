#include "distillscope/detail/exact_sum.h"

namespace distillscope::detail {

void ExactSum::add(double x)
{
    // Each partial absorbs what it can of x, and twoSum keeps the rounding
    // error of every addition as a new partial. Barring overflow, the sum of
    // the partials equals the sum of the inputs exactly.
    std::size_t kept = 0;
    for (const double partial : m_partials) {
        const DoubleDouble sum = twoSum(x, partial);
        if (sum.lo != 0.0)
            m_partials[kept++] = sum.lo;
        x = sum.hi;
    }
    m_partials.resize(kept);
    if (x != 0.0)
        m_partials.push_back(x);
}

void ExactSum::add(const ExactSum& other)
{
    for (const double partial : other.m_partials)
        add(partial);
}

double ExactSum::rounded() const
{
    if (m_partials.empty())
        return 0.0;

    // Add from the largest partial down and stop once an addition is inexact:
    // the partials below it are too small to change the rounded result,
    // except to break a tie, which the last step handles.
    auto index = m_partials.size() - 1;
    double total = m_partials[index];
    double error = 0.0;
    while (index > 0) {
        --index;
        const DoubleDouble sum = twoSum(total, m_partials[index]);
        total = sum.hi;
        error = sum.lo;
        if (error != 0.0)
            break;
    }
    // Round half to even correctly when the remaining partials push a tie.
    if (index > 0 && ((error < 0.0 && m_partials[index - 1] < 0.0)
                      || (error > 0.0 && m_partials[index - 1] > 0.0))) {
        const double nudged = total + 2.0 * error;
        if (nudged - total == 2.0 * error)
            total = nudged;
    }
    return total;
}

int ExactSum::sign() const
{
    if (m_partials.empty())
        return 0;
    return m_partials.back() > 0.0 ? 1 : -1;
}

Centred centreExactly(const std::vector<DoubleDouble>& values)
{
    const auto n = static_cast<double>(values.size());
    ExactSum total;
    for (const DoubleDouble& value : values) {
        total.add(value.hi);
        total.add(value.lo);
    }
    const double mean_hi = total.rounded() / n;
    const DoubleDouble removed = twoProduct(n, mean_hi);
    ExactSum residual = total;
    residual.add(-removed.hi);
    residual.add(-removed.lo);
    const double mean_lo = residual.rounded() / n;

    Centred centred;
    centred.mean = {mean_hi, mean_lo};
    centred.values.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const DoubleDouble leading = twoSum(values[i].hi, -mean_hi);
        centred.values[i] = twoSum(leading.hi, leading.lo + (values[i].lo - mean_lo));
    }
    return centred;
}

} // namespace distillscope::detail
