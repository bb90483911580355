// Drives the "Beyond the paper" page of the real window offscreen and compares
// the data of each view's curves with the core's result for the same state.
// The comparison is exact where the page and the test make the same core calls
// on the same doubles, so any difference means the page drew something else.

#include "digits_scenario.h"

#include "distillscope/beyond.h"
#include "distillscope/sweep.h"
#include "ui/beyond_page.h"
#include "ui/figure_export.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/panel_data.h"
#include "ui/plot_view.h"
#include "ui/session.h"
#include "ui/theme.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QTabWidget>
#include <QTest>

#include <cmath>
#include <memory>

using namespace distillscope;
using namespace distillscope::ui;

namespace {

std::vector<double> graphKeys(const QCPGraph* graph)
{
    std::vector<double> keys;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        keys.push_back(it->key);
    return keys;
}

std::vector<double> graphValues(const QCPGraph* graph)
{
    std::vector<double> values;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        values.push_back(it->value);
    return values;
}

// The text of the notice item of `plot`, or empty when it is hidden.
QString visibleNotice(const QCustomPlot* plot)
{
    for (int i = 0; i < plot->itemCount(); ++i) {
        if (const auto* text = qobject_cast<const QCPItemText*>(plot->item(i)))
            return text->visible() ? text->text() : QString();
    }
    return {};
}

std::vector<double> toStd(const Vector& vector)
{
    return {vector.data(), vector.data() + vector.size()};
}

// The least-squares slope of log10(value) against log10(T) over the points
// with T >= `from`.
double logSlope(const QCPGraph* graph, double from)
{
    double n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
        if (it->key < from)
            continue;
        const double x = std::log10(it->key);
        const double y = std::log10(it->value);
        n += 1.0;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

} // namespace

class BeyondPageTest : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void setViewSwitchesViews();
    void setViewRejectsUnknownKey();
    void hardTargetsMatchCore();
    void automaticLabelUsesSampleLabel();
    void automaticLabelUsesStartupLabel();
    void figureTitleNamesChoices();
    void lowTemperatureMatchesCore();
    void twoClassesMatchesCoreAndSlopes();
    void standardizationMatchesCore();
    void limitsMatchCore();
    void hiddenPageUpdatesOnRequest();
    void degenerateInputsPlotNoNaN_data();
    void degenerateInputsPlotNoNaN();
    void constantLogitsExplained();
    void themeChangeRestyles();
    void manyClassesDrawnPlain();
    void csvOfCurrentView();

private:
    BeyondPage* page() const { return beyondPage(*m_window); }
    void showBeyond(const QString& view);

    std::unique_ptr<MainWindow> m_window;
};

void BeyondPageTest::init()
{
    const StartupScenario scenario = test::digitsScenario();
    QVERIFY2(!scenario.teacher.empty(), "the digits sample was not found");
    m_window = std::make_unique<MainWindow>(scenario);
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(page() != nullptr);
}

void BeyondPageTest::cleanup()
{
    m_window.reset();
    setThemeMode(ThemeMode{});
}

void BeyondPageTest::showBeyond(const QString& view)
{
    QVERIFY(m_window->showPage(QStringLiteral("beyond"), view));
    QCOMPARE(m_window->currentPageKey(), QStringLiteral("beyond"));
    QCOMPARE(page()->currentView(), view);
}

void BeyondPageTest::setViewSwitchesViews()
{
    for (const QString& key : beyondViewKeys()) {
        showBeyond(key);
        QCOMPARE(page()->viewBox()->currentData().toString(), key);
        // The view is computed when shown, so its main curve has data.
        QVERIFY2(!page()->plot(key)->graph(0)->data()->isEmpty(), qPrintable(key));
    }
}

void BeyondPageTest::setViewRejectsUnknownKey()
{
    showBeyond(QStringLiteral("limits"));
    QVERIFY(!page()->setView(QStringLiteral("hard_targets")));
    QVERIFY(!page()->setView(QString()));
    QCOMPARE(page()->currentView(), QStringLiteral("limits"));
    QVERIFY(!m_window->showPage(QStringLiteral("beyond"), QStringLiteral("no-such-view")));
}

void BeyondPageTest::hardTargetsMatchCore()
{
    showBeyond(QStringLiteral("hard-targets"));
    m_window->setTemperature(3.5);
    const Index label = 4;
    page()->labelBox()->setCurrentIndex(page()->labelBox()->findData(int(label)));
    page()->weightBox()->setValue(0.3);
    QCOMPARE(page()->hardLabel(), label);

    const Distillation& distillation = m_window->distillation();
    const Vector hard = hardLabelGradient(distillation, label);
    const Vector soft = m_window->quantities().grad_exact * (3.5 * 3.5);
    PlotView* plot = page()->plot(QStringLiteral("hard-targets"));
    QCOMPARE(graphValues(plot->graph(0)), toStd(hard));
    QCOMPARE(graphValues(plot->graph(1)), toStd(soft));
    QCOMPARE(graphValues(plot->graph(2)), toStd(mixedGradient(hard, soft, 0.3, MixingConvention::WeightOnHard)));

    page()->conventionBox()->setCurrentIndex(
        page()->conventionBox()->findData(int(MixingConvention::WeightOnSoft)));
    QCOMPARE(graphValues(plot->graph(2)), toStd(mixedGradient(hard, soft, 0.3, MixingConvention::WeightOnSoft)));
    QVERIFY2(page()->summary().contains(QStringLiteral("chosen")), qPrintable(page()->summary()));

    // Automatic: the sample's label where known, else the teacher's top class.
    page()->labelBox()->setCurrentIndex(0);
    const std::optional<Index> sample = classOfLabel(m_window->logitModel()->names(), m_window->sampleLabel());
    QCOMPARE(page()->hardLabel(), sample.value_or(distillation.teacherArgmax()));
}

void BeyondPageTest::automaticLabelUsesSampleLabel()
{
    showBeyond(QStringLiteral("hard-targets"));
    QCOMPARE(page()->labelBox()->currentIndex(), 0);
    SessionState state = m_window->sessionState();
    state.label = QStringLiteral("6");
    QVERIFY(m_window->applySession(state));
    QCOMPARE(m_window->sampleLabel(), QStringLiteral("6"));
    QCOMPARE(page()->hardLabel(), Index(6));
    const Vector hard = hardLabelGradient(m_window->distillation(), 6);
    QCOMPARE(graphValues(page()->plot(QStringLiteral("hard-targets"))->graph(0)), toStd(hard));
    QVERIFY2(page()->summary().contains(QStringLiteral("the sample's true label")), qPrintable(page()->summary()));
}

// The command line passes the label of the row it opens on, as for row 1 of
// the digits sample: an 8 that the teacher calls a 1.
void BeyondPageTest::automaticLabelUsesStartupLabel()
{
    StartupScenario scenario = test::digitsScenario();
    scenario.label = "8";
    m_window = std::make_unique<MainWindow>(scenario);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    showBeyond(QStringLiteral("hard-targets"));
    QCOMPARE(m_window->sampleLabel(), QStringLiteral("8"));
    QCOMPARE(page()->hardLabel(), Index(8));
    QVERIFY2(page()->summary().contains(QStringLiteral("the sample's true label")), qPrintable(page()->summary()));
}

// At N = 1000 the class curves zigzag over the whole plot; drawn dashed, wide
// and antialiased they took about 130 ms per repaint, so they are drawn as
// one-pixel solid lines with sparse markers. A few classes keep their styles.
void BeyondPageTest::manyClassesDrawnPlain()
{
    showBeyond(QStringLiteral("low-temperature"));
    QCPGraph* limit = page()->plot(QStringLiteral("low-temperature"))->graph(1);
    QVERIFY(limit->antialiased());
    QVERIFY(limit->pen().style() != Qt::SolidLine);
    QCOMPARE(limit->scatterSkip(), 0);

    StartupScenario scenario;
    for (int i = 0; i < 1000; ++i) {
        scenario.teacher.push_back(std::sin(0.7 * i) * 3.0);
        scenario.student.push_back(std::cos(1.3 * i) * 3.0);
    }
    scenario.temperature = 4.0;
    m_window = std::make_unique<MainWindow>(scenario);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    showBeyond(QStringLiteral("low-temperature"));
    limit = page()->plot(QStringLiteral("low-temperature"))->graph(1);
    QCOMPARE(limit->dataCount(), 1000);
    QVERIFY(!limit->antialiased());
    QCOMPARE(limit->pen().style(), Qt::SolidLine);
    QCOMPARE(limit->pen().widthF(), 1.0);
    QVERIFY(limit->scatterSkip() > 0);
    // A theme change keeps the plain drawing.
    setThemeMode({false, true});
    QCOMPARE(limit->pen().widthF(), 1.0);
    setThemeMode({});
}

// An exported figure names on its own the view, T, w, convention and label
// it shows.
void BeyondPageTest::figureTitleNamesChoices()
{
    showBeyond(QStringLiteral("hard-targets"));
    m_window->setTemperature(3.5);
    page()->weightBox()->setValue(0.3);
    page()->conventionBox()->setCurrentIndex(
        page()->conventionBox()->findData(int(MixingConvention::WeightOnSoft)));
    page()->labelBox()->setCurrentIndex(page()->labelBox()->findData(6));
    const QString title = beyondFigureTitle(*m_window);
    QCOMPARE(title, QStringLiteral("%1, T = 3.5, w = 0.3 (%2), hard label y = 6")
                        .arg(page()->viewBox()->currentText(), page()->conventionBox()->currentText()));
    QVERIFY2(title.contains(QStringLiteral("w multiplies the soft term")), qPrintable(title));

    showBeyond(QStringLiteral("two-classes"));
    page()->firstClassBox()->setCurrentIndex(2);
    page()->secondClassBox()->setCurrentIndex(7);
    QCOMPARE(beyondFigureTitle(*m_window),
             QStringLiteral("%1, T = 3.5, classes 2 and 7").arg(page()->viewBox()->currentText()));

    // The figure shows the title above the plot, which then starts lower
    // than in the plot alone.
    FigureOptions options;
    options.panel = FigurePanel::Beyond;
    const QImage figure = renderFigure(*m_window, options);
    int dark_in_title = 0;
    for (int y = 0; y < 20; ++y) {
        for (int x = 0; x < figure.width(); ++x)
            dark_in_title += qGray(figure.pixel(x, y)) < 128 && qAlpha(figure.pixel(x, y)) > 128 ? 1 : 0;
    }
    QVERIFY2(dark_in_title > 100, qPrintable(QString::number(dark_in_title)));
}

void BeyondPageTest::lowTemperatureMatchesCore()
{
    showBeyond(QStringLiteral("low-temperature"));
    m_window->setTemperature(0.5);
    const Distillation& distillation = m_window->distillation();
    const std::vector<Index> order = classesByTeacherLogit(distillation);
    const Vector scaled = m_window->quantities().grad_exact * 0.25;
    const Vector limit = scaledGradientLimit(distillation);
    std::vector<double> expected_scaled, expected_limit;
    for (const Index i : order) {
        expected_scaled.push_back(scaled[i]);
        expected_limit.push_back(limit[i]);
    }
    PlotView* plot = page()->plot(QStringLiteral("low-temperature"));
    QCOMPARE(graphValues(plot->graph(0)), expected_scaled);
    QCOMPARE(graphValues(plot->graph(1)), expected_limit);

    // At T = 0.5 the class with the lowest teacher logit gets far less than
    // its high-T share, the effect the view is about.
    QVERIFY(std::abs(expected_scaled.back()) < 0.5 * std::abs(expected_limit.back()));
}

void BeyondPageTest::twoClassesMatchesCoreAndSlopes()
{
    showBeyond(QStringLiteral("two-classes"));
    page()->firstClassBox()->setCurrentIndex(2);
    page()->secondClassBox()->setCurrentIndex(7);

    const Distillation& distillation = m_window->distillation();
    std::vector<double> temperatures;
    for (const double temperature : viewTemperatures(distillation, 181)) {
        if (distillation.validateTemperature(temperature))
            temperatures.push_back(temperature);
    }
    const Distillation pair = restrictToClasses(distillation, 2, 7);
    std::vector<double> keys, errors;
    for (const SweepRow& row : sweepGradients(pair, temperatures, 0)) {
        if (row.relative_error && *row.relative_error > 0.0) {
            keys.push_back(row.temperature);
            errors.push_back(*row.relative_error);
        }
    }
    PlotView* plot = page()->plot(QStringLiteral("two-classes"));
    QCOMPARE(graphKeys(plot->graph(0)), keys);
    QCOMPARE(graphValues(plot->graph(0)), errors);

    // Over the top two decades of T the error falls as 1/T^2 on the pair
    // and as 1/T on all ten classes.
    const double from = temperatures.back() / 100.0;
    const double pair_slope = logSlope(plot->graph(0), from);
    const double all_slope = logSlope(plot->graph(1), from);
    QVERIFY2(std::abs(pair_slope + 2.0) < 0.01, qPrintable(QString::number(pair_slope)));
    QVERIFY2(std::abs(all_slope + 1.0) < 0.01, qPrintable(QString::number(all_slope)));

    const ErrorTerm term = leadingErrorTerm(pair);
    QCOMPARE(term.order, 2);
    const std::vector<double> reference = graphValues(plot->graph(2));
    QVERIFY(!reference.empty());
    QCOMPARE(reference.back(), term.coefficient / std::pow(graphKeys(plot->graph(2)).back(), 2));
}

void BeyondPageTest::standardizationMatchesCore()
{
    showBeyond(QStringLiteral("standardization"));
    m_window->setTemperature(2.0);
    const Distillation& distillation = m_window->distillation();
    const auto teacher = standardize(toStd(distillation.teacher()));
    const auto student = standardize(toStd(distillation.student()));
    QVERIFY(teacher);
    QVERIFY(student);
    auto scored = Distillation::create(toStd(teacher->values), toStd(student->values));
    QVERIFY(scored);
    const auto quantities = scored->evaluate(2.0);
    QVERIFY(quantities);

    PlotView* plot = page()->plot(QStringLiteral("standardization"));
    QCOMPARE(graphValues(plot->graph(0)), toStd(m_window->quantities().p));
    QCOMPARE(graphValues(plot->graph(2)), toStd(quantities->p));
    QCOMPARE(graphValues(plot->graph(3)), toStd(quantities->q));
    QCOMPARE(graphValues(plot->graph(5)), toStd(quantities->grad_exact));
}

void BeyondPageTest::limitsMatchCore()
{
    showBeyond(QStringLiteral("limits"));
    const Distillation& distillation = m_window->distillation();
    PlotView* plot = page()->plot(QStringLiteral("limits"));
    const std::vector<double> keys = graphKeys(plot->graph(0));
    const std::vector<double> values = graphValues(plot->graph(0));
    QVERIFY(keys.size() > 100);
    for (size_t i = 0; i < keys.size(); ++i) {
        const auto quantities = distillation.evaluate(keys[i]);
        QVERIFY(quantities);
        QCOMPARE(values[i], quantities->kl_scaled);
    }

    const KlLimits limits = klLimits(distillation);
    QVERIFY(limits.logit_matching);
    for (const double value : graphValues(plot->graph(1)))
        QCOMPARE(value, *limits.logit_matching);
    // The curve meets both asymptotes at the ends of the range.
    QVERIFY(std::abs(values.back() / *limits.logit_matching - 1.0) < 1e-3);
    QVERIFY(limits.label_matching_slope);
    QVERIFY(std::abs(values.front() / (*limits.label_matching_slope * keys.front()) - 1.0) < 1e-2);

    // The curve over T is kept across temperature changes and recomputed
    // when a logit changes.
    m_window->setTemperature(7.0);
    QCOMPARE(graphValues(plot->graph(0)), values);
    LogitModel* model = m_window->logitModel();
    QVERIFY(model->setData(model->index(0, LogitModel::StudentColumn), QStringLiteral("3"), Qt::EditRole));
    const std::vector<double> edited = graphValues(plot->graph(0));
    QVERIFY(edited != values);
    const std::vector<double> edited_keys = graphKeys(plot->graph(0));
    for (size_t i = 0; i < edited_keys.size(); ++i) {
        const auto quantities = m_window->distillation().evaluate(edited_keys[i]);
        QVERIFY(quantities);
        QCOMPARE(edited[i], quantities->kl_scaled);
    }
}

void BeyondPageTest::hiddenPageUpdatesOnRequest()
{
    // The page is hidden behind "plots": a new T only marks it stale.
    QVERIFY(m_window->showPage(QStringLiteral("plots")));
    QVERIFY(page()->setView(QStringLiteral("hard-targets")));
    m_window->setTemperature(2.0);
    PlotView* plot = page()->plot(QStringLiteral("hard-targets"));
    const std::vector<double> before = graphValues(plot->graph(1));
    m_window->setTemperature(8.0);
    QCOMPARE(graphValues(plot->graph(1)), before);

    // An export requests the plot, which brings it up to date.
    QCOMPARE(page()->currentPlot(), plot);
    QCOMPARE(graphValues(plot->graph(1)), toStd(m_window->quantities().grad_exact * 64.0));
}

void BeyondPageTest::degenerateInputsPlotNoNaN_data()
{
    QTest::addColumn<std::vector<double>>("teacher");
    QTest::addColumn<std::vector<double>>("student");
    QTest::addColumn<double>("temperature");
    QTest::newRow("equal logits") << std::vector<double>{1.0, 1.0, 1.0} << std::vector<double>{1.0, 1.0, 1.0} << 1.0;
    QTest::newRow("student equals teacher") << std::vector<double>{2.0, -1.0, 0.5}
                                            << std::vector<double>{2.0, -1.0, 0.5} << 1.0;
    QTest::newRow("two classes") << std::vector<double>{1.5, -0.5} << std::vector<double>{0.25, 0.75} << 2.0;
    QTest::newRow("two equal gaps") << std::vector<double>{1.0, 0.0} << std::vector<double>{3.0, 2.0} << 2.0;
    QTest::newRow("T = 1e-6") << std::vector<double>{3.0, -2.0, 0.5} << std::vector<double>{-1.0, 2.0, 0.0} << 1e-6;
    QTest::newRow("T = 1e16") << std::vector<double>{3.0, -2.0, 0.5} << std::vector<double>{-1.0, 2.0, 0.0} << 1e16;
    QTest::newRow("huge logits") << std::vector<double>{1e300, -1e300, 0.0} << std::vector<double>{-1e300, 1e300, 5.0}
                                 << 1e10;
}

void BeyondPageTest::degenerateInputsPlotNoNaN()
{
    QFETCH(std::vector<double>, teacher);
    QFETCH(std::vector<double>, student);
    QFETCH(double, temperature);
    m_window->logitModel()->setLogits(teacher, student, {});
    m_window->setTemperature(temperature);
    QCOMPARE(m_window->temperature(), temperature);

    for (const QString& key : beyondViewKeys()) {
        showBeyond(key);
        PlotView* plot = page()->plot(key);
        for (int g = 0; g < plot->graphCount(); ++g) {
            const QCPGraph* graph = plot->graph(g);
            for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
                QVERIFY2(std::isfinite(it->key), qPrintable(key + u' ' + graph->name()));
                QVERIFY2(std::isfinite(it->value), qPrintable(key + u' ' + graph->name()));
            }
        }
        QVERIFY2(!page()->summary().contains(QLatin1String("nan"), Qt::CaseInsensitive), qPrintable(page()->summary()));
    }
}

void BeyondPageTest::constantLogitsExplained()
{
    m_window->logitModel()->setLogits({1.0, -2.0, 0.5}, {0.75, 0.75, 0.75}, {});
    showBeyond(QStringLiteral("standardization"));
    const QString summary = page()->summary();
    QVERIFY2(summary.contains(QStringLiteral("every student logit is 0.75")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("standard deviation is zero")), qPrintable(summary));
    PlotView* plot = page()->plot(QStringLiteral("standardization"));
    QVERIFY(plot->graph(3)->data()->isEmpty());
    QCOMPARE(plot->graph(0)->data()->size(), 3);
    // An exported figure carries the reason too.
    const QString notice = visibleNotice(plot);
    QVERIFY2(notice.contains(QStringLiteral("every student logit is 0.75")), qPrintable(notice));

    m_window->logitModel()->setLogits({1.0, -2.0, 0.5}, {0.5, 0.75, 1.0}, {});
    QCOMPARE(visibleNotice(plot), QString());
}

void BeyondPageTest::themeChangeRestyles()
{
    PlotView* plot = page()->plot(QStringLiteral("limits"));
    QCOMPARE(plot->graph(0)->pen().widthF(), theme().curveWidth());
    setThemeMode(ThemeMode{false, true});
    QCOMPARE(theme().curveWidth(), 4.0);
    QCOMPARE(plot->graph(0)->pen().widthF(), 4.0);
    QCOMPARE(plot->graph(0)->scatterStyle().size(), theme().markerSize());
    // Line styles stay apart, so no curve depends on colour alone.
    QVERIFY(plot->graph(0)->pen().style() != plot->graph(1)->pen().style());
}

void BeyondPageTest::csvOfCurrentView()
{
    QVERIFY(page()->setView(QStringLiteral("limits")));
    const QString csv = panelDataCsv(*m_window, FigurePanel::Beyond);
    QVERIFY2(csv.contains(QLatin1String("# view: limits\n")), qPrintable(csv.left(400)));
    QVERIFY(csv.contains(QLatin1String("\ntemperature [dimensionless],t2_kl [nats],")));
    const qsizetype rows = csv.count(u'\n');
    QVERIFY(rows > 100);

    QVERIFY(page()->setView(QStringLiteral("hard-targets")));
    const QString hard = panelDataCsv(*m_window, FigurePanel::Beyond);
    QVERIFY(hard.contains(QLatin1String("# weight_multiplies: hard-label term\n")));
    QCOMPARE(panelPlot(*m_window, FigurePanel::Beyond), page()->plot(QStringLiteral("hard-targets")));
}

QTEST_MAIN(BeyondPageTest)
#include "tst_beyond.moc"
