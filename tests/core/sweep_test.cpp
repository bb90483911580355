// The sweep, the match temperature and the loss surface agree with
// Distillation::evaluate, which the reference tests pin down.

#include "distillscope/match_temperature.h"
#include "distillscope/surface.h"
#include "distillscope/sweep.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace distillscope {
namespace {

Distillation make(const std::vector<double>& teacher, const std::vector<double>& student)
{
    auto created = Distillation::create(teacher, student);
    EXPECT_TRUE(created.has_value());
    return std::move(created).value();
}

std::vector<double> normalLogits(int classes, double spread, unsigned seed)
{
    std::mt19937_64 generator(seed);
    std::normal_distribution<double> draw(0.0, spread);
    std::vector<double> values(static_cast<std::size_t>(classes));
    for (double& value : values)
        value = draw(generator);
    return values;
}

double maxAbs(const Vector& values)
{
    return values.cwiseAbs().maxCoeff();
}

void expectRelative(double actual, double expected, double relative, const std::string& what)
{
    EXPECT_NEAR(actual, expected, relative * std::abs(expected) + 1e-300) << what;
}

TEST(LogSpaced, EndsAreExactAndIncreasing)
{
    const std::vector<double> temperatures = logSpacedTemperatures(1e-2, 1e4, 400);
    ASSERT_EQ(temperatures.size(), 400u);
    EXPECT_EQ(temperatures.front(), 1e-2);
    EXPECT_EQ(temperatures.back(), 1e4);
    for (std::size_t k = 1; k < temperatures.size(); ++k)
        EXPECT_LT(temperatures[k - 1], temperatures[k]) << "at " << k;
    EXPECT_NEAR(temperatures[133], std::pow(10.0, -2.0 + 6.0 * 133 / 399), 1e-12 * temperatures[133]);
}

TEST(Sweep, RowsMatchEvaluate)
{
    struct Case {
        std::string name;
        std::vector<double> teacher, student;
    };
    const std::vector<Case> cases{
        {"two classes", {1.25, -0.5}, {0.0, 0.75}},
        {"ten classes", normalLogits(10, 2.0, 1), normalLogits(10, 2.0, 2)},
        {"thousand classes", normalLogits(1000, 3.0, 3), normalLogits(1000, 3.0, 4)},
        {"large spread", normalLogits(50, 300.0, 5), normalLogits(50, 300.0, 6)},
    };
    const std::vector<double> temperatures = logSpacedTemperatures(1e-6, 1e16, 67);
    for (const Case& entry : cases) {
        const Distillation distillation = make(entry.teacher, entry.student);
        const Index followed = distillation.classes() - 1;
        const std::vector<SweepRow> rows = sweepGradients(distillation, temperatures, followed);
        ASSERT_EQ(rows.size(), temperatures.size());
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const double temperature = temperatures[k];
            const std::string where = entry.name + ", T = " + std::to_string(temperature);
            auto evaluated = distillation.evaluate(temperature);
            if (!evaluated)
                continue; // the quadratic loss or Eq. 4 overflows at tiny T
            const Quantities& expected = *evaluated;
            const SweepRow& row = rows[k];
            EXPECT_EQ(row.temperature, temperature);
            expectRelative(row.exact_max, maxAbs(expected.grad_exact), 1e-15, where + ", exact max");
            EXPECT_NEAR(row.exact_class, expected.grad_exact[followed], 1e-15 * maxAbs(expected.grad_exact) + 1e-300)
                << where;
            expectRelative(row.zero_mean_max, maxAbs(expected.grad_zero_mean), 1e-15, where + ", Eq. 4 max");
            expectRelative(row.zero_mean_class, expected.grad_zero_mean[followed], 1e-15, where + ", Eq. 4");
            expectRelative(row.centered_max, maxAbs(expected.grad_centered), 1e-15, where + ", centred max");
            expectRelative(row.centered_class, expected.grad_centered[followed], 1e-15, where + ", centred");
            expectRelative(row.second_order_max, maxAbs(expected.grad_second_order), 1e-15,
                           where + ", second-order max");
            ASSERT_EQ(row.taylor_max.has_value(), expected.grad_taylor.has_value()) << where;
            if (row.taylor_max) {
                expectRelative(*row.taylor_max, maxAbs(*expected.grad_taylor), 1e-15, where + ", Eq. 3 max");
                expectRelative(*row.taylor_class, (*expected.grad_taylor)[followed], 1e-15, where + ", Eq. 3");
            }
            ASSERT_EQ(row.relative_error.has_value(), expected.centered_vs_exact.max_relative_error.has_value())
                << where;
            if (row.zero_mean_relative_error) {
                const Vector raw_error = expected.grad_zero_mean - expected.grad_exact;
                const double raw_relative = maxAbs(raw_error) / maxAbs(expected.grad_exact);
                // Below 1e-6 the raw error is a difference of nearly equal
                // gradients, which the subtraction here cannot resolve.
                if (raw_relative > 1e-6)
                    expectRelative(*row.zero_mean_relative_error, raw_relative, 1e-10, where + ", raw Eq. 4 error");
            }
            if (row.relative_error) {
                expectRelative(*row.relative_error, *expected.centered_vs_exact.max_relative_error, 1e-13,
                               where + ", relative error");
                ASSERT_TRUE(row.cosine.has_value()) << where;
                EXPECT_NEAR(*row.cosine, *expected.centered_vs_exact.cosine, 1e-13) << where;
            }
        }
    }
}

TEST(Sweep, TaylorPoleLeavesGap)
{
    // N T + sum z = 2 T - 2 vanishes at T = 1 exactly.
    const Distillation distillation = make({0.5, -0.25}, {-1.0, -1.0});
    const std::vector<double> temperatures{0.5, 1.0, 2.0};
    const std::vector<SweepRow> rows = sweepGradients(distillation, temperatures, 0);
    EXPECT_TRUE(rows[0].taylor_max.has_value());
    EXPECT_FALSE(rows[1].taylor_max.has_value());
    EXPECT_FALSE(rows[1].taylor_class.has_value());
    EXPECT_TRUE(rows[2].taylor_max.has_value());
    EXPECT_TRUE(distillation.taylorPole(Operand::Student, 1.0));
    EXPECT_FALSE(distillation.taylorPole(Operand::Teacher, 1.0));
}

TEST(Sweep, RelativeErrorFallsAsInverseT)
{
    const Distillation distillation = make({1.0, 0.0, -1.0, 0.5}, {0.0, 0.5, 0.0, -0.25});
    const double at_1e4 = *centeredRelativeError(distillation, 1e4);
    const double at_1e8 = *centeredRelativeError(distillation, 1e8);
    const double at_1e12 = *centeredRelativeError(distillation, 1e12);
    const double at_1e16 = *centeredRelativeError(distillation, 1e16);
    EXPECT_NEAR(at_1e8 / at_1e4, 1e-4, 1e-7);
    EXPECT_NEAR(at_1e12 / at_1e8, 1e-4, 1e-11);
    // At 1e16 the error is 1e-16 of Eq. 2: subtracting the two gradients
    // would return rounding noise of the same size.
    EXPECT_NEAR(at_1e16 / at_1e12, 1e-4, 1e-11);
}

// For two classes the 1/T term of the error vanishes, so the relative error
// is (x^2 + x y + y^2) / (3 T^2) + O(T^-4) with x = zc_1 and y = vc_1. At
// T = 1e16 it is 1e-33 of Eq. 2: only a remainder formed without the
// cancelling second-order terms keeps its digits there.
TEST(Sweep, TwoClassErrorFallsAsInverseSquare)
{
    struct Case {
        std::vector<double> teacher, student;
    };
    // The third pair rounds its centred values unevenly, so a second-order
    // numerator formed in doubles would not cancel exactly.
    for (const Case& entry : {Case{{1.0, 2.0}, {2.0, 1.0}}, Case{{0.5, -0.25}, {-1.0, 0.5}},
                              Case{{30.0, 0.0}, {29.0, 0.6370439995700083}}}) {
        const Distillation distillation = make(entry.teacher, entry.student);
        const double x = (entry.student[0] - entry.student[1]) / 2.0;
        const double y = (entry.teacher[0] - entry.teacher[1]) / 2.0;
        const double coefficient = (x * x + x * y + y * y) / 3.0;
        // The next term is smaller by (logit / T)^2, below 1e-13 from T = 1e8 on.
        for (double temperature : {1e8, 1e12, 1e16}) {
            const double expected = coefficient / (temperature * temperature);
            EXPECT_NEAR(*centeredRelativeError(distillation, temperature), expected, 1e-11 * expected)
                << "T = " << temperature;
            const Quantities result = distillation.evaluate(temperature).value();
            EXPECT_NEAR(*result.centered_vs_exact.max_relative_error, expected, 1e-11 * expected)
                << "T = " << temperature;
        }
    }
}

TEST(Sweep, MirroredLogitsKeepThirdOrderError)
{
    // zc = -vc makes the second-order numerator vanish for N = 3 too.
    const Distillation distillation = make({1.0, 2.0, 3.0}, {3.0, 2.0, 1.0});
    const double at_1e8 = *centeredRelativeError(distillation, 1e8);
    const double at_1e16 = *centeredRelativeError(distillation, 1e16);
    EXPECT_NEAR(at_1e16 / at_1e8, 1e-16, 1e-26);
    EXPECT_NEAR(at_1e16, 1.0 / 6.0 * 1e-32, 1e-45);
}

TEST(MatchTemperature, VanishingGradientIsUndefined)
{
    const Distillation distillation = make({1.0, 2.0, 3.0}, {2.0, 3.0, 4.0});
    const MatchTemperature match = findMatchTemperature(distillation, 0.01);
    EXPECT_EQ(match.status, MatchTemperature::Status::GradientVanishes);
    EXPECT_FALSE(match.value.has_value());
    EXPECT_FALSE(match.predicted.has_value());
}

TEST(MatchTemperature, FoundValueIsTheLastCrossing)
{
    for (unsigned seed : {11u, 12u, 13u}) {
        const Distillation distillation = make(normalLogits(10, 2.0, seed), normalLogits(10, 2.0, seed + 100));
        for (double tolerance : {0.1, 0.01, 1e-4}) {
            const MatchTemperature match = findMatchTemperature(distillation, tolerance);
            ASSERT_EQ(match.status, MatchTemperature::Status::Found) << "seed " << seed;
            const double value = *match.value;
            EXPECT_LE(*centeredRelativeError(distillation, value), tolerance) << "seed " << seed;
            EXPECT_GT(*centeredRelativeError(distillation, value * (1.0 - 1e-9)), tolerance) << "seed " << seed;
            for (double above : {2.0, 10.0, 1e3, 1e6})
                EXPECT_LE(*centeredRelativeError(distillation, value * above), tolerance) << "seed " << seed;
            ASSERT_EQ(match.predicted_order, 1);
            // The first-order prediction is close once T* is well above the logits.
            if (tolerance <= 1e-4) {
                EXPECT_NEAR(*match.predicted / value, 1.0, 0.01) << "seed " << seed;
            }
        }
    }
}

TEST(MatchTemperature, TwoClassesPredictSecondOrder)
{
    // For N = 2 the relative error is (x^2 + x y + y^2) / (3 T^2) + O(T^-4),
    // with x = zc_1 and y = vc_1.
    const Distillation distillation = make({0.5, -0.25}, {-1.0, 0.5});
    const double x = (-1.0 - 0.5) / 2.0;
    const double y = (0.5 + 0.25) / 2.0;
    const double tolerance = 1e-6;
    const MatchTemperature match = findMatchTemperature(distillation, tolerance);
    ASSERT_EQ(match.status, MatchTemperature::Status::Found);
    EXPECT_EQ(match.predicted_order, 2);
    const double predicted = std::sqrt((x * x + x * y + y * y) / (3.0 * tolerance));
    EXPECT_NEAR(*match.predicted, predicted, 1e-12 * predicted);
    EXPECT_NEAR(*match.value / predicted, 1.0, 1e-3);
}

TEST(MatchTemperature, HugeLogitsNeverReach)
{
    const Distillation distillation = make({1e19, 0.0, -1e19}, {0.0, 1e19, 0.0});
    const MatchTemperature match = findMatchTemperature(distillation, 0.01);
    EXPECT_EQ(match.status, MatchTemperature::Status::NeverReached);
    EXPECT_FALSE(match.value.has_value());
}

TEST(MatchTemperature, LooseToleranceHoldsEverywhere)
{
    const Distillation distillation = make({0.5, -0.5}, {-0.5, 0.5});
    const MatchTemperature match = findMatchTemperature(distillation, 1e300);
    EXPECT_EQ(match.status, MatchTemperature::Status::HoldsEverywhere);
    ASSERT_TRUE(match.value.has_value());
    EXPECT_EQ(*match.value, kMinTemperature);
}

struct SurfaceCase {
    std::string name;
    SliceKind kind;
    double temperature;
};

TEST(Surface, CellsMatchEvaluateAtThePoint)
{
    const std::vector<double> teacher = normalLogits(6, 2.0, 21);
    const std::vector<double> student = normalLogits(6, 2.0, 22);
    const Distillation distillation = make(teacher, student);
    const std::vector<SurfaceCase> cases{
        {"class pair, T = 0.3", SliceKind::ClassPair, 0.3},
        {"class pair, T = 3", SliceKind::ClassPair, 3.0},
        {"class pair, T = 1e6", SliceKind::ClassPair, 1e6},
        {"class pair, T = 1e12", SliceKind::ClassPair, 1e12},
        {"zero-mean plane, T = 0.3", SliceKind::ZeroMeanPlane, 0.3},
        {"zero-mean plane, T = 3", SliceKind::ZeroMeanPlane, 3.0},
        {"zero-mean plane, T = 1e12", SliceKind::ZeroMeanPlane, 1e12},
    };
    for (const SurfaceCase& entry : cases) {
        const SliceAxes axes{entry.kind, 1, 4};
        const SlicePoint centre = currentStudentPoint(distillation, axes);
        const GridSpec grid{centre.x - 3.0, centre.x + 2.0, 9, centre.y - 2.5, centre.y + 3.5, 7};
        const Surface surface = computeSurface(distillation, entry.temperature, axes, grid).value();
        ASSERT_EQ(surface.scaled_kl.rows(), 7) << entry.name;
        ASSERT_EQ(surface.scaled_kl.cols(), 9) << entry.name;
        const double scale = static_cast<double>(distillation.classes()) * entry.temperature * entry.temperature;
        for (int iy = 0; iy < grid.y_points; ++iy) {
            for (int ix = 0; ix < grid.x_points; ++ix) {
                const double x = grid.x_min + (grid.x_max - grid.x_min) * ix / (grid.x_points - 1);
                const double y = grid.y_min + (grid.y_max - grid.y_min) * iy / (grid.y_points - 1);
                const Vector point = studentAt(distillation, axes, {x, y});
                const std::vector<double> point_logits(point.data(), point.data() + point.size());
                const Quantities expected = make(teacher, point_logits).evaluate(entry.temperature).value();
                const std::string where = entry.name + " at (" + std::to_string(ix) + ", " + std::to_string(iy) + ")";
                // The cell and the direct evaluation round x and y differently,
                // which moves a loss of order 10 by a few ulps of the logits.
                EXPECT_NEAR(surface.scaled_kl(iy, ix), scale * expected.kl, 1e-12 * scale * expected.kl + 1e-12)
                    << where;
                EXPECT_NEAR(surface.quadratic(iy, ix), expected.quadratic_loss, 1e-12 * expected.quadratic_loss + 1e-12)
                    << where;
            }
        }
    }
}

TEST(Surface, AxesValidation)
{
    const Distillation two = make({1.0, 0.0}, {0.0, 1.0});
    EXPECT_TRUE(validSliceAxes(two, {SliceKind::ClassPair, 0, 1}));
    EXPECT_FALSE(validSliceAxes(two, {SliceKind::ZeroMeanPlane, 0, 1}));
    EXPECT_FALSE(validSliceAxes(two, {SliceKind::ClassPair, 0, 0}));
    EXPECT_FALSE(validSliceAxes(two, {SliceKind::ClassPair, 0, 2}));
    EXPECT_FALSE(validSliceAxes(two, {SliceKind::ClassPair, -1, 1}));
}

TEST(Surface, StudentPointRoundTrip)
{
    const Distillation distillation = make({1.0, 0.0, -1.0}, {0.25, 0.5, -2.0});
    const SliceAxes pair{SliceKind::ClassPair, 0, 2};
    const SlicePoint current = currentStudentPoint(distillation, pair);
    EXPECT_EQ(current.x, 0.25);
    EXPECT_EQ(current.y, -2.0);
    const Vector same = studentAt(distillation, pair, current);
    EXPECT_EQ(same, distillation.student());

    const SliceAxes plane{SliceKind::ZeroMeanPlane, 0, 2};
    const Vector moved = studentAt(distillation, plane, {1.0, 0.5});
    // Moving inside the zero-mean plane leaves the mean of the logits alone.
    EXPECT_NEAR(moved.mean(), distillation.student().mean(), 1e-15);
    EXPECT_NEAR((moved - distillation.student()).norm(), std::hypot(1.0, 0.5), 1e-15);
}

TEST(SliceMinimum, GradientVanishesThere)
{
    const std::vector<double> teacher{2.0, 0.5, -1.0, -1.5};
    const std::vector<double> student{-1.0, 1.0, 0.0, 0.25};
    const Distillation distillation = make(teacher, student);
    for (SliceKind kind : {SliceKind::ClassPair, SliceKind::ZeroMeanPlane}) {
        for (double temperature : {0.3, 2.0, 1e3}) {
            const SliceAxes axes{kind, 0, 2};
            for (Loss loss : {Loss::Quadratic, Loss::ScaledKl}) {
                const std::optional<SlicePoint> minimum = sliceMinimum(distillation, temperature, axes, loss);
                ASSERT_TRUE(minimum.has_value()) << "T = " << temperature;
                const Vector point = studentAt(distillation, axes, *minimum);
                const std::vector<double> logits(point.data(), point.data() + point.size());
                const Quantities at = make(teacher, logits).evaluate(temperature).value();
                // Both gradients are projected on the slice directions; on
                // the class pair those are the components of classes 0 and 2.
                const Vector gradient = loss == Loss::Quadratic
                    ? Vector(at.grad_centered * (4.0 * temperature * temperature))
                    : Vector(at.grad_exact * (4.0 * temperature * temperature));
                const double along_x = kind == SliceKind::ClassPair ? gradient[0] : (gradient[0] - gradient[2]) / std::sqrt(2.0);
                const double along_y = kind == SliceKind::ClassPair ? gradient[2] : gradient[0] + gradient[2];
                EXPECT_NEAR(along_x, 0.0, 1e-9) << "T = " << temperature << ", loss " << static_cast<int>(loss);
                EXPECT_NEAR(along_y, 0.0, 1e-9) << "T = " << temperature << ", loss " << static_cast<int>(loss);
            }
        }
    }
}

TEST(SliceMinimum, BothLossesAgreeAtHighTemperature)
{
    const Distillation distillation = make({2.0, 0.5, -1.0, -1.5}, {-1.0, 1.0, 0.0, 0.25});
    const SliceAxes axes{SliceKind::ClassPair, 1, 3};
    const SlicePoint quadratic = *sliceMinimum(distillation, 1e6, axes, Loss::Quadratic);
    const SlicePoint exact = *sliceMinimum(distillation, 1e6, axes, Loss::ScaledKl);
    EXPECT_NEAR(exact.x, quadratic.x, 1e-4);
    EXPECT_NEAR(exact.y, quadratic.y, 1e-4);
}

TEST(SliceMinimum, TwoClassPairIsUndefined)
{
    const Distillation distillation = make({1.0, 0.0}, {0.0, 1.0});
    EXPECT_FALSE(sliceMinimum(distillation, 1.0, {SliceKind::ClassPair, 0, 1}, Loss::Quadratic).has_value());
}

TEST(TaylorPole, TemperatureFromExactSum)
{
    const Distillation distillation = make({0.5, -0.25, 1.0}, {-1.0, -2.5, 0.5});
    const std::optional<double> student_pole = distillation.taylorPoleTemperature(Operand::Student);
    ASSERT_TRUE(student_pole.has_value());
    EXPECT_EQ(*student_pole, 1.0);
    EXPECT_TRUE(distillation.taylorPole(Operand::Student, *student_pole));
    EXPECT_FALSE(distillation.taylorPole(Operand::Student, std::nextafter(*student_pole, 2.0)));
    EXPECT_FALSE(distillation.taylorPoleTemperature(Operand::Teacher).has_value());
}

TEST(Sweep, RawRelativeErrorKeepsOffset)
{
    // mean z - mean v = 1, so the raw Eq. 4 stays (1 / (N T^2)) away from
    // the centred one and its relative error does not vanish at high T.
    const Distillation distillation = make({1.0, 0.0, -1.0}, {1.5, 1.25, 0.25});
    const std::vector<double> temperatures{1e2, 1e6};
    const std::vector<SweepRow> rows = sweepGradients(distillation, temperatures, 0);
    ASSERT_TRUE(rows[1].zero_mean_relative_error.has_value());
    EXPECT_GT(*rows[1].zero_mean_relative_error, 1.0);
    EXPECT_LT(*rows[1].relative_error, 1e-4);
}

TEST(Descent, PathsCoincideAtHighTemperature)
{
    const Distillation distillation = make({2.0, 0.5, -1.0, -1.5}, {-1.0, 1.0, 0.0, 0.0});
    const SliceAxes axes{SliceKind::ClassPair, 0, 1};
    const SlicePoint start = currentStudentPoint(distillation, axes);
    const std::vector<SlicePoint> quadratic = descendInSlice(distillation, 1e4, axes, start, Loss::Quadratic);
    const std::vector<SlicePoint> exact = descendInSlice(distillation, 1e4, axes, start, Loss::ScaledKl);
    ASSERT_GT(quadratic.size(), 10u);
    ASSERT_GT(exact.size(), 10u);
    for (std::size_t k = 0; k < 10; ++k) {
        EXPECT_NEAR(exact[k].x, quadratic[k].x, 1e-3) << "step " << k;
        EXPECT_NEAR(exact[k].y, quadratic[k].y, 1e-3) << "step " << k;
    }
}

TEST(Descent, PathsPartAtLowTemperature)
{
    const Distillation distillation = make({2.0, 0.5, -1.0, -1.5}, {-1.0, 1.0, 0.0, 0.0});
    const SliceAxes axes{SliceKind::ClassPair, 0, 1};
    const SlicePoint start = currentStudentPoint(distillation, axes);
    const std::vector<SlicePoint> quadratic = descendInSlice(distillation, 0.3, axes, start, Loss::Quadratic);
    const std::vector<SlicePoint> exact = descendInSlice(distillation, 0.3, axes, start, Loss::ScaledKl);
    ASSERT_GT(exact.size(), 3u);
    ASSERT_GT(quadratic.size(), 3u);
    EXPECT_GT(std::hypot(exact[3].x - quadratic[3].x, exact[3].y - quadratic[3].y), 0.05);
}

TEST(Descent, QuadraticPathReachesItsMinimum)
{
    const Distillation distillation = make({2.0, 0.5, -1.0}, {-1.0, 1.0, 0.0});
    const SliceAxes axes{SliceKind::ZeroMeanPlane, 0, 1};
    DescentOptions options;
    options.max_steps = 2000;
    const std::vector<SlicePoint> path =
        descendInSlice(distillation, 1.0, axes, currentStudentPoint(distillation, axes), Loss::Quadratic, options);
    const Vector end = studentAt(distillation, axes, path.back());
    const std::vector<double> end_logits(end.data(), end.data() + end.size());
    // With N = 3 the zero-mean plane is the whole of logit space up to a
    // shift, so the minimum of Eq. 5 is the teacher itself: zero loss.
    const Quantities result = make({2.0, 0.5, -1.0}, end_logits).evaluate(1.0).value();
    EXPECT_LT(result.quadratic_loss, 1e-15);
}

} // namespace
} // namespace distillscope
