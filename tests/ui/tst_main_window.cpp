// Drives the real main window offscreen and compares the data of each plot
// with the core's result for the same input. The comparison is exact because
// the window and the test make the same core calls on the same doubles, so
// any difference means the window showed something else.

#include "digits_scenario.h"

#include "ui/class_series.h"
#include "ui/distribution_panel.h"
#include "ui/gradient_panel.h"
#include "ui/input_feedback.h"
#include "ui/logit_editor.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/surface_panel.h"
#include "ui/sweep_panel.h"
#include "ui/temperature_control.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QTest>

#include <cmath>
#include <memory>

using namespace distillscope;
using namespace distillscope::ui;

namespace {

std::vector<double> graphValues(const QCPGraph* graph)
{
    std::vector<double> values;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        values.push_back(it->value);
    return values;
}

std::vector<double> toStd(const Vector& vector)
{
    return {vector.data(), vector.data() + vector.size()};
}

// The grid a colour map shows: QCPColorMapData's ranges run from the first to
// the last cell centre, as GridSpec's do.
GridSpec gridOf(const QCPColorMap* map)
{
    const QCPColorMapData* data = map->data();
    GridSpec grid;
    grid.x_min = data->keyRange().lower;
    grid.x_max = data->keyRange().upper;
    grid.y_min = data->valueRange().lower;
    grid.y_max = data->valueRange().upper;
    grid.x_points = data->keySize();
    grid.y_points = data->valueSize();
    return grid;
}

Quantities evaluateOnScreenLogits(const MainWindow& window)
{
    const LogitModel* model = window.logitModel();
    auto distillation = Distillation::create(model->teacher(), model->student());
    return distillation->evaluate(window.temperature()).value();
}

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void sliderMoveShowsCoreData_data();
    void sliderMoveShowsCoreData();
    void typedFourKeepsFour();
    void invalidTemperatureKeepsState_data();
    void invalidTemperatureKeepsState();
    void overflowingLogitIsRejected();
    void invalidLogitTextIsRejected();
    void logitEditUpdatesEveryPanel();
    void shiftKeepsEq2MovesRawEq4();
    void shadedRegionStartsAtMatch_data();
    void shadedRegionStartsAtMatch();
    void dipsBelowMatchAreShaded();
    void studentDragChangesZ();
    void logitBarDragChangesLogit();
    void logScaleMarksUnderflow();
    void eq3PoleBreaksSweepCurve();
    void centreUsesCoreCentring();

private:
    std::unique_ptr<MainWindow> m_window;
};

void MainWindowTest::init()
{
    const StartupScenario scenario = test::digitsScenario();
    QVERIFY2(!scenario.teacher.empty(), "the digits sample was not found");
    m_window = std::make_unique<MainWindow>(scenario);
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void MainWindowTest::cleanup()
{
    m_window.reset();
}

void MainWindowTest::sliderMoveShowsCoreData_data()
{
    // Slider positions are thousandths of a decade of T.
    QTest::addColumn<int>("position");
    QTest::newRow("T near 0.03") << -1500;
    QTest::newRow("T = 1") << 0;
    QTest::newRow("T near 20") << 1300;
    QTest::newRow("T near 3000") << 3500;
}

void MainWindowTest::sliderMoveShowsCoreData()
{
    QFETCH(int, position);
    m_window->temperatureControl()->slider()->setValue(position);
    const double temperature = m_window->temperature();
    QVERIFY2(std::abs(std::log10(temperature) - position / 1000.0) < 1e-3,
             qPrintable(QStringLiteral("T = %1 for slider position %2").arg(temperature).arg(position)));
    QCOMPARE(m_window->temperatureControl()->field()->value(), temperature);

    const Quantities expected = evaluateOnScreenLogits(*m_window);
    QCOMPARE(graphValues(m_window->distributionPanel()->teacherGraph()), toStd(expected.p));
    QCOMPARE(graphValues(m_window->distributionPanel()->studentGraph()), toStd(expected.q));

    const GradientPanel* gradients = m_window->gradientPanel();
    QCOMPARE(graphValues(gradients->graph(GradientPanel::ExactSeries)), toStd(expected.grad_exact));
    QCOMPARE(graphValues(gradients->graph(GradientPanel::ZeroMeanSeries)),
             toStd(expected.grad_centered));
    QCOMPARE(graphValues(gradients->graph(GradientPanel::SecondOrderSeries)),
             toStd(expected.grad_second_order));
    QVERIFY(expected.grad_taylor.has_value());
    QCOMPARE(graphValues(gradients->graph(GradientPanel::TaylorSeries)),
             toStd(*expected.grad_taylor));

    // The sweep does not depend on T; its current-T line does.
    const SweepPanel* sweep = m_window->sweepPanel();
    const std::vector<double> temperatures = logSpacedTemperatures(0.01, 1e4, kSweepPoints);
    const std::vector<SweepRow> rows =
        sweepGradients(m_window->distillation(), temperatures, m_window->followedClass());
    const std::vector<double> exact_curve = graphValues(sweep->curve(SweepPanel::ExactClass));
    QCOMPARE(exact_curve.size(), rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
        QCOMPARE(exact_curve[i], std::abs(rows[i].exact_class));
    const QCPItemStraightLine* current_line = sweep->currentTemperatureLine();
    QVERIFY(current_line->visible());
    const bool line_at_temperature = current_line->point1->coords().x() == temperature;
    QVERIFY2(line_at_temperature, "the current-T line does not sit at the new T");

    const SurfacePanel* surface = m_window->surfacePanel();
    const QCPColorMap* exact_map = surface->colorMap(SurfacePanel::ExactMap);
    const GridSpec grid = gridOf(exact_map);
    const auto expected_surface =
        computeSurface(m_window->sliceAnchor(), temperature, m_window->sliceAxes(), grid);
    QVERIFY(expected_surface.has_value());
    for (int iy = 0; iy < grid.y_points; iy += 9) {
        for (int ix = 0; ix < grid.x_points; ix += 7) {
            QCOMPARE(exact_map->data()->cell(ix, iy), expected_surface->scaled_kl(iy, ix));
            QCOMPARE(surface->colorMap(SurfacePanel::QuadraticMap)->data()->cell(ix, iy),
                     expected_surface->quadratic(iy, ix));
        }
    }
}

void MainWindowTest::typedFourKeepsFour()
{
    TemperatureField* field = m_window->temperatureControl()->field();
    m_window->setTemperature(1.2345);
    field->setFocus();
    field->lineEdit()->selectAll();
    QTest::keyClicks(field->lineEdit(), QStringLiteral("4"));
    QTest::keyClick(field->lineEdit(), Qt::Key_Return);

    QCOMPARE(m_window->temperature(), 4.0);
    QCOMPARE(field->value(), 4.0);
    QCOMPARE(m_window->quantities().temperature, 4.0);
    // The slider follows to log10(4) = 0.602 decades without feeding its
    // rounded position back into T.
    QCOMPARE(m_window->temperatureControl()->slider()->value(), 602);
    QCOMPARE(m_window->temperature(), 4.0);
}

void MainWindowTest::invalidTemperatureKeepsState_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("not a number") << QStringLiteral("abc");
    QTest::newRow("zero") << QStringLiteral("0");
    QTest::newRow("negative") << QStringLiteral("-2");
    QTest::newRow("infinite") << QStringLiteral("inf");
    QTest::newRow("nan") << QStringLiteral("nan");
}

void MainWindowTest::invalidTemperatureKeepsState()
{
    QFETCH(QString, text);
    m_window->setTemperature(3.0);
    const std::vector<double> shown_q = graphValues(m_window->distributionPanel()->studentGraph());
    TemperatureField* field = m_window->temperatureControl()->field();
    field->setFocus();
    field->lineEdit()->selectAll();
    QTest::keyClicks(field->lineEdit(), text);
    QTest::keyClick(field->lineEdit(), Qt::Key_Return);

    QCOMPARE(m_window->temperature(), 3.0);
    QVERIFY2(!inputProblem(field).isEmpty(), "the field shows no problem");
    QCOMPARE(field->toolTip(), inputProblem(field));
    QCOMPARE(graphValues(m_window->distributionPanel()->studentGraph()), shown_q);
    for (const double value : shown_q)
        QVERIFY(std::isfinite(value));
}

void MainWindowTest::overflowingLogitIsRejected()
{
    // Eq. 5 with a logit of 1e300 is 5e599, beyond the double range, so the
    // core rejects the edit with ResultOverflow at every temperature.
    LogitModel* model = m_window->logitModel();
    const std::vector<double> before = model->student();
    const std::vector<double> q_before = graphValues(m_window->distributionPanel()->studentGraph());
    QVERIFY(model->setData(model->index(0, LogitModel::StudentColumn), QStringLiteral("1e300"),
                           Qt::EditRole));

    QCOMPARE(model->student(), before);
    QCOMPARE(toStd(m_window->distillation().student()), before);
    QCOMPARE(graphValues(m_window->distributionPanel()->studentGraph()), q_before);
    const QString problem = inputProblem(m_window->logitEditor()->table());
    QVERIFY2(problem.contains(QStringLiteral("exceeds the double range")), qPrintable(problem));
    // The window names the quantity as its panels do, not by its JSON field.
    QVERIFY2(!problem.contains(u'_'), qPrintable(problem));
}

void MainWindowTest::invalidLogitTextIsRejected()
{
    LogitModel* model = m_window->logitModel();
    const double before = model->student()[2];
    QVERIFY(!model->setData(model->index(2, LogitModel::StudentColumn), QStringLiteral("abc"),
                            Qt::EditRole));
    QCOMPARE(model->student()[2], before);
    QVERIFY(!inputProblem(m_window->logitEditor()->table()).isEmpty());
}

void MainWindowTest::logitEditUpdatesEveryPanel()
{
    const SweepPanel* sweep = m_window->sweepPanel();
    const SurfacePanel* surface = m_window->surfacePanel();
    const std::vector<double> q_before = graphValues(m_window->distributionPanel()->studentGraph());
    const std::vector<double> gradient_before =
        graphValues(m_window->gradientPanel()->graph(GradientPanel::ExactSeries));
    const std::vector<double> sweep_before = graphValues(sweep->curve(SweepPanel::ExactMax));
    const double surface_before = surface->colorMap(SurfacePanel::ExactMap)->data()->cell(5, 5);

    LogitModel* model = m_window->logitModel();
    QVERIFY(model->setData(model->index(3, LogitModel::StudentColumn), QStringLiteral("6.5"),
                           Qt::EditRole));
    QCOMPARE(model->student()[3], 6.5);
    QCOMPARE(m_window->distillation().student()[3], 6.5);

    const Quantities expected = evaluateOnScreenLogits(*m_window);
    QCOMPARE(graphValues(m_window->distributionPanel()->studentGraph()), toStd(expected.q));
    QCOMPARE(graphValues(m_window->gradientPanel()->graph(GradientPanel::ExactSeries)),
             toStd(expected.grad_exact));
    QVERIFY(graphValues(m_window->distributionPanel()->studentGraph()) != q_before);
    QVERIFY(graphValues(m_window->gradientPanel()->graph(GradientPanel::ExactSeries))
            != gradient_before);
    QVERIFY(graphValues(sweep->curve(SweepPanel::ExactMax)) != sweep_before);
    QVERIFY(surface->colorMap(SurfacePanel::ExactMap)->data()->cell(5, 5) != surface_before);

    const ClassSeries* chart = m_window->logitEditor()->findChild<ClassSeries*>();
    QVERIFY(chart);
    QCOMPARE(chart->values(1)[3], 6.5);
}

void MainWindowTest::shiftKeepsEq2MovesRawEq4()
{
    m_window->eq4LogitsBox()->setCurrentIndex(m_window->eq4LogitsBox()->findData(int(Eq4Logits::Raw)));
    const GradientPanel* gradients = m_window->gradientPanel();
    const std::vector<double> exact_before = graphValues(gradients->graph(GradientPanel::ExactSeries));
    const std::vector<double> raw_before = graphValues(gradients->graph(GradientPanel::ZeroMeanSeries));

    auto* amount = m_window->findChild<QDoubleSpinBox*>(QStringLiteral("shiftAmount"));
    auto* target = m_window->findChild<QComboBox*>(QStringLiteral("shiftTarget"));
    auto* shift = m_window->findChild<QPushButton*>(QStringLiteral("shiftButton"));
    QVERIFY(amount && target && shift);
    amount->setValue(5.0);
    target->setCurrentIndex(0); // the student
    QTest::mouseClick(shift, Qt::LeftButton);

    // q = softmax(z/T) is invariant under z -> z + c, so Eq. 2 may move only
    // by the rounding of z + 5.
    const std::vector<double> exact_after = graphValues(gradients->graph(GradientPanel::ExactSeries));
    double largest = 0.0;
    for (const double value : exact_before)
        largest = std::max(largest, std::abs(value));
    QCOMPARE(exact_after.size(), exact_before.size());
    for (size_t i = 0; i < exact_after.size(); ++i) {
        const double change = std::abs(exact_after[i] - exact_before[i]);
        QVERIFY2(change <= 1e-12 * largest,
                 qPrintable(QStringLiteral("Eq. 2 of class %1 moved from %2 to %3")
                                .arg(i).arg(exact_before[i], 0, 'g', 17).arg(exact_after[i], 0, 'g', 17)));
    }

    // Raw Eq. 4 moves by 5 / (N T^2) in every class and matches the core.
    const Quantities expected = evaluateOnScreenLogits(*m_window);
    const std::vector<double> raw_after = graphValues(gradients->graph(GradientPanel::ZeroMeanSeries));
    QCOMPARE(raw_after, toStd(expected.grad_zero_mean));
    const double temperature = m_window->temperature();
    const double expected_move = 5.0 / (double(raw_after.size()) * temperature * temperature);
    for (size_t i = 0; i < raw_after.size(); ++i) {
        const double move = raw_after[i] - raw_before[i];
        QVERIFY2(std::abs(move - expected_move) <= 1e-12 * std::abs(expected_move) + 1e-15,
                 qPrintable(QStringLiteral("raw Eq. 4 of class %1 moved by %2, expected %3")
                                .arg(i).arg(move, 0, 'g', 17).arg(expected_move, 0, 'g', 17)));
    }
}

void MainWindowTest::shadedRegionStartsAtMatch_data()
{
    QTest::addColumn<double>("percent");
    QTest::newRow("eps 1 %") << 1.0;
    QTest::newRow("eps 5 %") << 5.0;
    QTest::newRow("eps 0.1 %") << 0.1;
}

void MainWindowTest::shadedRegionStartsAtMatch()
{
    QFETCH(double, percent);
    m_window->toleranceBox()->setValue(percent);
    const MatchTemperature match = findMatchTemperature(m_window->distillation(), percent / 100.0);
    QCOMPARE(match.status, MatchTemperature::Status::Found);
    const QCPItemRect* region = m_window->sweepPanel()->matchRegion();
    QVERIFY(region->visible());
    QCOMPARE(region->topLeft->coords().x(), *match.value);
    QVERIFY(m_window->statusLabel()->text().contains(QStringLiteral("T*(")));
}

// For these logits the error of the centred Eq. 4 falls below 5 % between
// about T = 1.85 and 2.23, rises again, and stays below only from T* = 12.9.
void MainWindowTest::dipsBelowMatchAreShaded()
{
    m_window->logitModel()->setLogits({-1.67, -1.89, 1.52}, {3.84, -1.28, -1.12}, {});
    m_window->toleranceBox()->setValue(5.0);
    const MatchTemperature& match = m_window->match();
    QCOMPARE(match.status, MatchTemperature::Status::Found);

    const auto stretches = m_window->sweepPanel()->dipStretches();
    QCOMPARE(stretches.size(), size_t(1));
    const auto [from, to] = stretches.front();
    QVERIFY2(from > 1.7 && from < 2.0, qPrintable(QString::number(from)));
    QVERIFY2(to > 2.1 && to < 2.4, qPrintable(QString::number(to)));
    QVERIFY(to < *match.value);
    // The sweep's own errors agree: inside the stretch within eps, outside not.
    for (const SweepRow& row : m_window->sweep().rows) {
        if (row.temperature > from && row.temperature < to)
            QVERIFY(*row.relative_error <= 0.05);
        if (row.temperature > to * 1.05 && row.temperature < *match.value * 0.95)
            QVERIFY(*row.relative_error > 0.05);
    }
}

void MainWindowTest::studentDragChangesZ()
{
    SurfacePanel* surface = m_window->surfacePanel();
    PlotView* view = surface->plot();
    QCPAxisRect* rect = surface->mapRect(SurfacePanel::QuadraticMap);
    const SlicePoint start = m_window->studentPoint();
    const QPoint marker(int(std::lround(rect->axis(QCPAxis::atBottom)->coordToPixel(start.x))),
                        int(std::lround(rect->axis(QCPAxis::atLeft)->coordToPixel(start.y))));
    const QPoint target = marker + QPoint(25, -20);
    const std::vector<double> student_before = m_window->logitModel()->student();

    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, marker);
    QTest::mouseMove(view, marker + QPoint(10, -8));
    QTest::mouseMove(view, target);
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, target);

    const SliceAxes axes = m_window->sliceAxes();
    const SlicePoint moved{rect->axis(QCPAxis::atBottom)->pixelToCoord(target.x()),
                           rect->axis(QCPAxis::atLeft)->pixelToCoord(target.y())};
    const Vector expected = studentAt(m_window->sliceAnchor(), axes, moved);
    const std::vector<double> student_after = m_window->logitModel()->student();
    QCOMPARE(student_after, toStd(expected));
    QVERIFY(student_after[size_t(axes.first_class)] != student_before[size_t(axes.first_class)]);
    QVERIFY(student_after[size_t(axes.second_class)] != student_before[size_t(axes.second_class)]);
    for (size_t i = 0; i < student_after.size(); ++i) {
        if (Index(i) != axes.first_class && Index(i) != axes.second_class)
            QCOMPARE(student_after[i], student_before[i]);
    }
}

void MainWindowTest::logitBarDragChangesLogit()
{
    PlotView* chart = m_window->logitEditor()->chart();
    const ClassSeries* series = m_window->logitEditor()->findChild<ClassSeries*>();
    const QCPGraph* student = series->graph(1);
    const auto tip = student->data()->at(1);
    const QPoint press(int(std::lround(chart->xAxis->coordToPixel(tip->key))),
                       int(std::lround(chart->yAxis->coordToPixel(tip->value))));
    const QPoint release = press + QPoint(0, -15);

    QTest::mousePress(chart, Qt::LeftButton, Qt::NoModifier, press);
    QTest::mouseMove(chart, release);
    QTest::mouseRelease(chart, Qt::LeftButton, Qt::NoModifier, release);

    QCOMPARE(m_window->logitModel()->student()[1], chart->yAxis->pixelToCoord(release.y()));
    QCOMPARE(m_window->distillation().student()[1], m_window->logitModel()->student()[1]);
}

void MainWindowTest::logScaleMarksUnderflow()
{
    // At T = 0.01 the digits logits put most soft targets far below 1e-30.
    m_window->setTemperature(0.01);
    m_window->logScaleBox()->setChecked(true);
    m_window->distributionPanel()->plot()->replot();

    const ClassSeries* series = m_window->distributionPanel()->series();
    const double floor = m_window->distributionPanel()->plot()->yAxis->range().lower;
    int below = 0;
    for (const double p : series->values(0))
        below += p <= floor ? 1 : 0;
    QVERIFY2(below > 0, "no soft target lies below the axis at T = 0.01");
    QCOMPARE(series->clippedMarkers(0)->dataCount(), below);
}

void MainWindowTest::eq3PoleBreaksSweepCurve()
{
    // sum v = -6 over N = 3 puts the pole of Eq. 3 at T = 2.
    m_window->logitModel()->setLogits({-3.0, -1.0, -2.0}, {-1.0, -2.0, 0.5}, {});
    const QCPGraph* taylor = m_window->sweepPanel()->curve(SweepPanel::TaylorClass);
    bool broken_at_pole = false;
    for (auto it = taylor->data()->constBegin(); it != taylor->data()->constEnd(); ++it) {
        if (it->key == 2.0)
            broken_at_pole = std::isnan(it->value);
    }
    QVERIFY2(broken_at_pole, "no NaN break at the pole T = 2");
    const QCPGraph* exact = m_window->sweepPanel()->curve(SweepPanel::ExactClass);
    for (auto it = exact->data()->constBegin(); it != exact->data()->constEnd(); ++it)
        QVERIFY2(std::isfinite(it->value), qPrintable(QStringLiteral("Eq. 2 at T = %1").arg(it->key)));
}

void MainWindowTest::centreUsesCoreCentring()
{
    const Vector centred_teacher = m_window->distillation().centeredTeacher();
    auto* centre = m_window->findChild<QPushButton*>(QStringLiteral("centreButton"));
    QVERIFY(centre);
    QTest::mouseClick(centre, Qt::LeftButton);
    QCOMPARE(m_window->logitModel()->teacher(), toStd(centred_teacher));
}

QTEST_MAIN(MainWindowTest)
#include "tst_main_window.moc"
