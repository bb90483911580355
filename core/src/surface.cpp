#include "distillscope/surface.h"

#include "series.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cassert>
#include <cmath>
#include <limits>

namespace distillscope {
namespace {

// The shifts of z_a and z_b away from the current student z0, split into the
// part that depends on x and the part that depends on y:
//     s_a = x_to_a * x + y_to_a * y + origin_a,   s_b likewise.
// In the zero-mean plane the (2/N) 1 part of w moves every logit equally,
// which changes neither softmax nor the centred quadratic loss, so only the
// two classes need to move.
struct SliceGeometry {
    double x_to_a = 1.0, y_to_a = 0.0, origin_a = 0.0;
    double x_to_b = 0.0, y_to_b = 1.0, origin_b = 0.0;

    double shiftA(SlicePoint point) const { return x_to_a * point.x + y_to_a * point.y + origin_a; }
    double shiftB(SlicePoint point) const { return x_to_b * point.x + y_to_b * point.y + origin_b; }
};

double planeNormalScale(Index classes)
{
    return std::sqrt(2.0 - 4.0 / static_cast<double>(classes));
}

SliceGeometry geometryOf(const Distillation& distillation, const SliceAxes& axes)
{
    SliceGeometry geometry;
    if (axes.kind == SliceKind::ClassPair) {
        geometry.origin_a = -distillation.student()[axes.first_class];
        geometry.origin_b = -distillation.student()[axes.second_class];
        return geometry;
    }
    const double along = 1.0 / std::sqrt(2.0);
    const double across = 1.0 / planeNormalScale(distillation.classes());
    geometry = {along, across, 0.0, -along, across, 0.0};
    return geometry;
}

// N T^2 KL(p || q) and its gradient on the two moving classes, as functions
// of the shifts (s_a, s_b) of the student logits, O(1) per point after an
// O(N) set-up at the current student.
//
// With sigma = s / T, q0 the current soft targets and
// X = q0_a (e^sigma_a - 1) + q0_b (e^sigma_b - 1),
//     KL = KL0 - p_a sigma_a - p_b sigma_b + log(1 + X).
// Written as
//     KL0 + (q0_a - p_a) sigma_a + (q0_b - p_b) sigma_b
//         + q0_a phi(sigma_a) + q0_b phi(sigma_b) - (X - log(1 + X)),
// with phi(s) = e^s - 1 - s, every term is of the size of the change in KL,
// so the surface keeps its relative accuracy at T = 1e16. Where |sigma| > 1
// the log-sum-exp form is used instead, which cannot overflow.
class SliceModel {
public:
    SliceModel(const Quantities& current, Index a, Index b, double temperature)
        : m_temperature(temperature)
        , m_scale(static_cast<double>(current.p.size()) * temperature * temperature)
        , m_kl(current.kl)
        , m_p{current.p[a], current.p[b]}
        , m_q{current.q[a], current.q[b]}
        , m_log_q{current.log_q[a], current.log_q[b]}
        , m_gap{current.grad_exact[a] * temperature, current.grad_exact[b] * temperature}
    {
        // log of the student mass on the classes that stay fixed.
        double largest = -std::numeric_limits<double>::infinity();
        for (Index j = 0; j < current.log_q.size(); ++j) {
            if (j != a && j != b)
                largest = std::max(largest, current.log_q[j]);
        }
        double sum = 0.0;
        for (Index j = 0; j < current.log_q.size(); ++j) {
            if (j != a && j != b)
                sum += std::exp(current.log_q[j] - largest);
        }
        m_log_rest = std::isinf(largest) ? largest : largest + std::log(sum);
        m_scaled_q = {split(m_log_q[0]), split(m_log_q[1])};
        m_scaled_rest = split(m_log_rest);
    }

    struct Value {
        double loss = 0.0;       // N T^2 KL
        double gradient_a = 0.0; // d(N T^2 KL) / dz_a
        double gradient_b = 0.0;
    };

    // e^L as mantissa * 2^exponent, so that products of such factors and
    // their sums neither overflow nor underflow for any L.
    struct Scaled {
        double mantissa = 0.0;
        std::int64_t exponent = 0;
    };

    // The part of sigma = s / T that one grid axis contributes to each of the
    // two moving classes, with phi of each part when the part is at most 1
    // and e^part in scaled form.
    struct AxisTerm {
        double a = 0.0, phi_a = 0.0;
        double b = 0.0, phi_b = 0.0;
        bool small = true; // both parts within [-1, 1]
        Scaled exp_a, exp_b;
    };

    AxisTerm axisTerm(double shift_a, double shift_b) const
    {
        AxisTerm term;
        term.a = shift_a / m_temperature;
        term.b = shift_b / m_temperature;
        term.small = std::abs(term.a) <= 1.0 && std::abs(term.b) <= 1.0;
        if (term.small) {
            term.phi_a = detail::expm1MinusArgument(term.a);
            term.phi_b = detail::expm1MinusArgument(term.b);
        }
        term.exp_a = split(term.a);
        term.exp_b = split(term.b);
        return term;
    }

    // N T^2 KL at sigma = x_term + y_term, without the gradient. The grid
    // forms each axis's terms once per row or column, so that a cell costs a
    // few products and one logarithm.
    double loss(const AxisTerm& x_term, const AxisTerm& y_term) const
    {
        const double sigma_a = x_term.a + y_term.a;
        const double sigma_b = x_term.b + y_term.b;
        if (!(std::abs(sigma_a) <= 1.0 && std::abs(sigma_b) <= 1.0)) {
            // log(q0_a e^sigma_a + q0_b e^sigma_b + rest) from the scaled
            // factors of the two axes: one logarithm and no exponential.
            const Scaled term_a = product(m_scaled_q[0], product(x_term.exp_a, y_term.exp_a));
            const Scaled term_b = product(m_scaled_q[1], product(x_term.exp_b, y_term.exp_b));
            const std::int64_t largest = std::max({term_a.exponent, term_b.exponent, m_scaled_rest.exponent});
            const double sum = term_a.mantissa * powerOfTwo(term_a.exponent - largest)
                + term_b.mantissa * powerOfTwo(term_b.exponent - largest)
                + m_scaled_rest.mantissa * powerOfTwo(m_scaled_rest.exponent - largest);
            const double log_partition = std::log(sum) + static_cast<double>(largest) * kLn2;
            const double kl = m_kl - m_p[0] * sigma_a - m_p[1] * sigma_b + log_partition;
            return m_scale * std::max(kl, 0.0);
        }

        double phi_a = 0.0;
        double phi_b = 0.0;
        if (x_term.small && y_term.small) {
            // e^(u + w) = (1 + u + phi(u)) (1 + w + phi(w)), expanded so that
            // phi of the sum needs no exponential.
            phi_a = combinedPhi(x_term.a, x_term.phi_a, y_term.a, y_term.phi_a);
            phi_b = combinedPhi(x_term.b, x_term.phi_b, y_term.b, y_term.phi_b);
        } else {
            phi_a = detail::expm1MinusArgument(sigma_a);
            phi_b = detail::expm1MinusArgument(sigma_b);
        }
        return m_scale * std::max(m_kl + nearChange({sigma_a, sigma_b}, {phi_a, phi_b}), 0.0);
    }

    Value evaluate(double shift_a, double shift_b) const
    {
        const std::array<double, 2> sigma{shift_a / m_temperature, shift_b / m_temperature};
        if (std::abs(sigma[0]) <= 1.0 && std::abs(sigma[1]) <= 1.0)
            return evaluateNear(sigma);
        return evaluateFar(sigma);
    }

private:
    static constexpr double kLn2 = 0.69314718055994530942;
    static constexpr double kLn2High = 0x1.62e42fefa3800p-1; // k * kLn2High is exact for |k| < 2^11
    static constexpr double kLn2Low = 0x1.ef35793c76730p-45;
    static constexpr std::int64_t kExponentLimit = std::int64_t{1} << 40;

    static Scaled split(double log_value)
    {
        if (log_value == -std::numeric_limits<double>::infinity())
            return {0.0, -kExponentLimit};
        const double clamped = std::clamp(log_value, -1e12, 1e12);
        const double exponent = std::nearbyint(clamped / kLn2);
        // Subtract k ln 2 in two parts so the reduced argument keeps its digits.
        const double reduced = (clamped - exponent * kLn2High) - exponent * kLn2Low;
        return {std::exp(reduced), static_cast<std::int64_t>(exponent)};
    }

    static Scaled product(const Scaled& first, const Scaled& second)
    {
        return {first.mantissa * second.mantissa, first.exponent + second.exponent};
    }

    // 2^k for k <= 0, and 0 below the subnormal range.
    static double powerOfTwo(std::int64_t k)
    {
        if (k < -1022)
            return k < -1074 ? 0.0 : std::ldexp(1.0, static_cast<int>(k));
        return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
    }

    static double combinedPhi(double u, double phi_u, double w, double phi_w)
    {
        return phi_u + phi_w + u * w + u * phi_w + w * phi_u + phi_u * phi_w;
    }

    // The change of KL from the current student, every term of its own size.
    double nearChange(const std::array<double, 2>& sigma, const std::array<double, 2>& excess) const
    {
        const double mass_change = m_q[0] * (sigma[0] + excess[0]) + m_q[1] * (sigma[1] + excess[1]);
        return m_gap[0] * sigma[0] + m_gap[1] * sigma[1] + m_q[0] * excess[0] + m_q[1] * excess[1]
            - detail::ratioExcessMinusLog(mass_change);
    }

    // KL from log-sum-exp over the two moving classes and the rest, whose
    // largest term is factored out so that nothing overflows.
    double farKl(const std::array<double, 2>& sigma) const
    {
        std::array<double, 3> logs{m_log_q[0] + sigma[0], m_log_q[1] + sigma[1], m_log_rest};
        std::sort(logs.begin(), logs.end());
        const double others = std::exp(logs[0] - logs[2]) + std::exp(logs[1] - logs[2]);
        const double log_partition = logs[2] + std::log1p(others);
        return m_kl - m_p[0] * sigma[0] - m_p[1] * sigma[1] + log_partition;
    }

    Value evaluateNear(const std::array<double, 2>& sigma) const
    {
        std::array<double, 2> excess{}, growth{};
        for (int k = 0; k < 2; ++k) {
            excess[k] = detail::expm1MinusArgument(sigma[k]);
            growth[k] = sigma[k] + excess[k]; // e^sigma - 1
        }
        const double mass_change = m_q[0] * growth[0] + m_q[1] * growth[1];
        const double change = nearChange(sigma, excess);

        // q_k - p_k at the point: (q0_k e^sigma_k - p_k (1 + X)) / (1 + X).
        Value value;
        value.loss = m_scale * std::max(m_kl + change, 0.0);
        const double denominator = 1.0 + mass_change;
        const double gap_a = (m_gap[0] + m_q[0] * growth[0] - m_p[0] * mass_change) / denominator;
        const double gap_b = (m_gap[1] + m_q[1] * growth[1] - m_p[1] * mass_change) / denominator;
        value.gradient_a = m_scale / m_temperature * gap_a;
        value.gradient_b = m_scale / m_temperature * gap_b;
        return value;
    }

    Value evaluateFar(const std::array<double, 2>& sigma) const
    {
        const std::array<double, 3> logs{m_log_q[0] + sigma[0], m_log_q[1] + sigma[1], m_log_rest};
        const double largest = std::max({logs[0], logs[1], logs[2]});
        double sum = 0.0;
        for (const double log_mass : logs)
            sum += std::isinf(log_mass) ? 0.0 : std::exp(log_mass - largest);
        const double log_partition = largest + std::log(sum);

        Value value;
        value.loss = m_scale * std::max(farKl(sigma), 0.0);
        const double q_a = std::exp(logs[0] - log_partition);
        const double q_b = std::exp(logs[1] - log_partition);
        value.gradient_a = m_scale / m_temperature * (q_a - m_p[0]);
        value.gradient_b = m_scale / m_temperature * (q_b - m_p[1]);
        return value;
    }

    double m_temperature;
    double m_scale; // N T^2
    double m_kl;
    std::array<double, 2> m_p, m_q, m_log_q;
    std::array<double, 2> m_gap; // q0 - p on the two classes, accurate
    double m_log_rest = 0.0;
    std::array<Scaled, 2> m_scaled_q;
    Scaled m_scaled_rest;
};

// Eq. 5 as a function of the shifts, 1/2 ||wc0 + P s||^2 with P the centring
// projection and s = s_a e_a + s_b e_b. Since wc0 sums to zero,
//     Q = Q0 + wc0_a s_a + wc0_b s_b + (s_a^2 + s_b^2 - (s_a + s_b)^2 / N) / 2.
struct QuadraticModel {
    double base = 0.0;
    double centred_a = 0.0, centred_b = 0.0;
    double classes = 2.0;

    double loss(double shift_a, double shift_b) const
    {
        const double total = shift_a + shift_b;
        return base + centred_a * shift_a + centred_b * shift_b
            + 0.5 * (shift_a * shift_a + shift_b * shift_b - total * total / classes);
    }
    double gradientA(double shift_a, double shift_b) const
    {
        return centred_a + shift_a - (shift_a + shift_b) / classes;
    }
    double gradientB(double shift_a, double shift_b) const
    {
        return centred_b + shift_b - (shift_a + shift_b) / classes;
    }
};

QuadraticModel quadraticModel(const Distillation& distillation, const Quantities& current, const SliceAxes& axes)
{
    QuadraticModel model;
    model.base = current.quadratic_loss;
    model.centred_a = current.grad_centered[axes.first_class] * static_cast<double>(distillation.classes())
        * current.temperature * current.temperature;
    model.centred_b = current.grad_centered[axes.second_class] * static_cast<double>(distillation.classes())
        * current.temperature * current.temperature;
    model.classes = static_cast<double>(distillation.classes());
    return model;
}

double gridValue(double low, double high, int count, int index)
{
    if (index == count - 1)
        return high;
    return low + (high - low) * static_cast<double>(index) / static_cast<double>(count - 1);
}

} // namespace

bool validSliceAxes(const Distillation& distillation, const SliceAxes& axes)
{
    const Index n = distillation.classes();
    if (axes.first_class < 0 || axes.first_class >= n || axes.second_class < 0 || axes.second_class >= n)
        return false;
    if (axes.first_class == axes.second_class)
        return false;
    return axes.kind == SliceKind::ClassPair || n >= 3;
}

Vector studentAt(const Distillation& distillation, const SliceAxes& axes, SlicePoint point)
{
    assert(validSliceAxes(distillation, axes));
    Vector student = distillation.student();
    if (axes.kind == SliceKind::ClassPair) {
        student[axes.first_class] = point.x;
        student[axes.second_class] = point.y;
        return student;
    }
    const SliceGeometry geometry = geometryOf(distillation, axes);
    const double common = -(2.0 / static_cast<double>(distillation.classes()))
        / planeNormalScale(distillation.classes()) * point.y;
    student.array() += common;
    student[axes.first_class] += geometry.shiftA(point);
    student[axes.second_class] += geometry.shiftB(point);
    return student;
}

SlicePoint currentStudentPoint(const Distillation& distillation, const SliceAxes& axes)
{
    if (axes.kind == SliceKind::ClassPair)
        return {distillation.student()[axes.first_class], distillation.student()[axes.second_class]};
    return {0.0, 0.0};
}

Expected<Surface, InputError> computeSurface(const Distillation& distillation, double temperature,
                                             const SliceAxes& axes, const GridSpec& grid)
{
    assert(validSliceAxes(distillation, axes));
    assert(grid.x_points >= 2);
    assert(grid.y_points >= 2);
    auto current = distillation.evaluate(temperature);
    if (!current)
        return unexpected(current.error());

    const SliceModel exact(*current, axes.first_class, axes.second_class, temperature);
    const QuadraticModel quadratic = quadraticModel(distillation, *current, axes);
    const SliceGeometry geometry = geometryOf(distillation, axes);

    // Each shift is a sum of an x part and a y part, formed once per row and
    // column so that the cell loop does no multiplications by the axes.
    std::vector<double> x_to_a(static_cast<std::size_t>(grid.x_points));
    std::vector<double> x_to_b(x_to_a.size());
    std::vector<SliceModel::AxisTerm> x_terms(x_to_a.size());
    for (int ix = 0; ix < grid.x_points; ++ix) {
        const double x = gridValue(grid.x_min, grid.x_max, grid.x_points, ix);
        const auto slot = static_cast<std::size_t>(ix);
        x_to_a[slot] = geometry.x_to_a * x + geometry.origin_a;
        x_to_b[slot] = geometry.x_to_b * x + geometry.origin_b;
        x_terms[slot] = exact.axisTerm(x_to_a[slot], x_to_b[slot]);
    }

    Surface surface;
    surface.grid = grid;
    surface.scaled_kl.resize(grid.y_points, grid.x_points);
    surface.quadratic.resize(grid.y_points, grid.x_points);
    for (int iy = 0; iy < grid.y_points; ++iy) {
        const double y = gridValue(grid.y_min, grid.y_max, grid.y_points, iy);
        const double y_to_a = geometry.y_to_a * y;
        const double y_to_b = geometry.y_to_b * y;
        const SliceModel::AxisTerm y_term = exact.axisTerm(y_to_a, y_to_b);
        for (int ix = 0; ix < grid.x_points; ++ix) {
            const auto slot = static_cast<std::size_t>(ix);
            surface.scaled_kl(iy, ix) = exact.loss(x_terms[slot], y_term);
            surface.quadratic(iy, ix) = quadratic.loss(x_to_a[slot] + y_to_a, x_to_b[slot] + y_to_b);
        }
    }
    if (!surface.scaled_kl.allFinite() || !surface.quadratic.allFinite()) {
        InputError error{InputProblem::ResultOverflow, Operand::Temperature};
        error.value = temperature;
        return unexpected(error);
    }
    return surface;
}

namespace {

// Converts shifts of z_a and z_b back to slice coordinates.
SlicePoint pointFromShifts(const Distillation& distillation, const SliceAxes& axes, double shift_a,
                           double shift_b)
{
    if (axes.kind == SliceKind::ClassPair)
        return {distillation.student()[axes.first_class] + shift_a,
                distillation.student()[axes.second_class] + shift_b};
    // s_a = x / sqrt(2) + y / c and s_b = -x / sqrt(2) + y / c.
    const double c = planeNormalScale(distillation.classes());
    return {(shift_a - shift_b) / std::sqrt(2.0), (shift_a + shift_b) * c / 2.0};
}

} // namespace

std::optional<SlicePoint> sliceMinimum(const Distillation& distillation, double temperature,
                                       const SliceAxes& axes, Loss loss)
{
    assert(validSliceAxes(distillation, axes));
    const auto n = static_cast<double>(distillation.classes());
    if (distillation.classes() == 2)
        return std::nullopt; // the loss is constant along z_a = z_b
    auto current = distillation.evaluate(temperature);
    if (!current)
        return std::nullopt;

    // Eq. 5: the gradient c_k + s_k - (s_a + s_b) / N vanishes where
    // s_a - s_b = c_b - c_a and (s_a + s_b)(1 - 2/N) = -(c_a + c_b).
    const QuadraticModel quadratic = quadraticModel(distillation, *current, axes);
    const double total = -(quadratic.centred_a + quadratic.centred_b) / (1.0 - 2.0 / n);
    const double gap = quadratic.centred_b - quadratic.centred_a;
    double shift_a = (total + gap) / 2.0;
    double shift_b = (total - gap) / 2.0;
    if (loss == Loss::Quadratic)
        return pointFromShifts(distillation, axes, shift_a, shift_b);

    // N T^2 KL: Newton's method from the quadratic minimum, which is also the
    // KL minimum in the limit of high T. In the shifts the Hessian is N (diag(q) - q q^T)
    // restricted to the two classes, with q the student's soft targets there.
    const SliceModel exact(*current, axes.first_class, axes.second_class, temperature);
    for (int step = 0; step < 100; ++step) {
        const SliceModel::Value value = exact.evaluate(shift_a, shift_b);
        const double scale = n * temperature; // gradient = N T (q - p)
        const double q_a = value.gradient_a / scale + current->p[axes.first_class];
        const double q_b = value.gradient_b / scale + current->p[axes.second_class];
        const double h_aa = n * q_a * (1.0 - q_a);
        const double h_bb = n * q_b * (1.0 - q_b);
        const double h_ab = -n * q_a * q_b;
        const double determinant = h_aa * h_bb - h_ab * h_ab;
        if (!(determinant > 0.0) || !std::isfinite(determinant))
            return std::nullopt;
        double step_a = (h_bb * value.gradient_a - h_ab * value.gradient_b) / determinant;
        double step_b = (h_aa * value.gradient_b - h_ab * value.gradient_a) / determinant;
        // The loss is convex in the logits, but a full Newton step from far
        // away can overshoot; halve it until the loss does not grow.
        for (int halving = 0; halving < 60; ++halving) {
            if (exact.evaluate(shift_a - step_a, shift_b - step_b).loss <= value.loss)
                break;
            step_a /= 2.0;
            step_b /= 2.0;
        }
        shift_a -= step_a;
        shift_b -= step_b;
        if (!std::isfinite(shift_a) || !std::isfinite(shift_b))
            return std::nullopt;
        if (std::abs(step_a) + std::abs(step_b) <= 1e-13 * (1.0 + std::abs(shift_a) + std::abs(shift_b)))
            return pointFromShifts(distillation, axes, shift_a, shift_b);
    }
    return std::nullopt;
}

std::vector<SlicePoint> descendInSlice(const Distillation& distillation, double temperature,
                                       const SliceAxes& axes, SlicePoint start, Loss loss,
                                       const DescentOptions& options)
{
    assert(validSliceAxes(distillation, axes));
    std::vector<SlicePoint> path{start};
    auto current = distillation.evaluate(temperature);
    if (!current)
        return path;

    const SliceModel exact(*current, axes.first_class, axes.second_class, temperature);
    const QuadraticModel quadratic = quadraticModel(distillation, *current, axes);
    const SliceGeometry geometry = geometryOf(distillation, axes);

    SlicePoint point = start;
    for (int step = 0; step < options.max_steps; ++step) {
        const double shift_a = geometry.shiftA(point);
        const double shift_b = geometry.shiftB(point);
        double gradient_a = 0.0;
        double gradient_b = 0.0;
        if (loss == Loss::ScaledKl) {
            const SliceModel::Value value = exact.evaluate(shift_a, shift_b);
            gradient_a = value.gradient_a;
            gradient_b = value.gradient_b;
        } else {
            gradient_a = quadratic.gradientA(shift_a, shift_b);
            gradient_b = quadratic.gradientB(shift_a, shift_b);
        }

        // Chain rule onto the slice directions, whose coefficients dz_a/dx and
        // dz_b/dx the geometry holds. The common shift of the zero-mean plane
        // contributes nothing because both gradients sum to zero over classes.
        const double gradient_x = geometry.x_to_a * gradient_a + geometry.x_to_b * gradient_b;
        const double gradient_y = geometry.y_to_a * gradient_a + geometry.y_to_b * gradient_b;
        if (!std::isfinite(gradient_x) || !std::isfinite(gradient_y))
            break;
        if (std::hypot(gradient_x, gradient_y) < options.gradient_tolerance)
            break;
        point = {point.x - options.step_size * gradient_x, point.y - options.step_size * gradient_y};
        path.push_back(point);
    }
    return path;
}

} // namespace distillscope
