// The lecture features on the real window offscreen. Projector mode and the
// dark theme restyle every panel and the window, and leave figure exports as
// they are. Playback moves T across the range in either direction and stops,
// loops or bounces at the ends. Space toggles playback except in text
// fields. Tab reaches every control, and every focusable widget has an
// accessible name.
//
// Playback is driven by calling Playback::advance with chosen times, never
// by waiting on its timer, so the expected temperatures are exact.

#include "digits_scenario.h"

#include "ui/derivation_page.h"
#include "ui/distribution_panel.h"
#include "ui/figure_export.h"
#include "ui/gradient_panel.h"
#include "ui/iso_lines.h"
#include "ui/lecture_actions.h"
#include "ui/logit_editor.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/playback.h"
#include "ui/surface_panel.h"
#include "ui/sweep_panel.h"
#include "ui/temperature_control.h"
#include "ui/theme.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>

#include <memory>

using namespace distillscope;
using namespace distillscope::ui;

namespace {

// What projector mode changes on one plot.
struct PlotLook {
    double label_points = 0.0;
    double tick_points = 0.0;
    double axis_pen_width = 0.0;
    double grid_pen_width = 0.0;
};

PlotLook lookOf(const QCustomPlot* plot)
{
    const QCPAxis* axis = plot->axisRect()->axis(QCPAxis::atBottom);
    return {axis->labelFont().pointSizeF(), axis->tickLabelFont().pointSizeF(),
            axis->basePen().widthF(), axis->grid()->pen().widthF()};
}

QList<QCustomPlot*> panelPlots(const MainWindow& window)
{
    return {window.distributionPanel()->plot(), window.gradientPanel()->plot(),
            window.sweepPanel()->plot(), window.surfacePanel()->plot(),
            window.logitEditor()->chart()};
}

// The colour the plot paints its background with, read from a rendering.
QColor renderedBackground(QCustomPlot* plot)
{
    const QImage image = plot->toPixmap(300, 200).toImage();
    return image.pixelColor(1, 1);
}

// Widgets that Tab can reach: shown, enabled and taking focus from Tab.
bool tabReachable(const QWidget* widget)
{
    return widget->isVisible() && widget->isEnabled() && (widget->focusPolicy() & Qt::TabFocus)
        && !widget->focusProxy();
}

} // namespace

class LectureTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void projectorEnlargesFontsAndPens();
    void projectorEnlargesWindowFont();
    void darkChangesPlotsAndPalette();
    void darkThemeIsRemembered();
    void exportsIgnoreWindowMode_data();
    void exportsIgnoreWindowMode();
    void darkExportShowsExactBars();
    void plotsOnlyHidesControls();
    void projectorTextFits_data();
    void projectorTextFits();
    void playbackBoxesShowWholeEntries();
    void projectorEquationsKeepTheirSize();
    void statusMessageHidesStatusLine();
    void actionsWorkWithoutMenuBar();

    void playbackEnds_data();
    void playbackEnds();
    void playbackStartsAgainFromEnd();
    void playbackDrivesWindow();
    void sliderMoveStopsPlayback();
    void spaceTogglesPlayback();
    void spaceTypesInTextField();
    void spaceTypesInTableEditor();

    void tabVisitsEveryControl();
    void focusableWidgetsHaveNames();

private:
    std::unique_ptr<MainWindow> m_window;
    LectureActions* m_actions = nullptr;
};

void LectureTest::initTestCase()
{
    // Settings go to a test location, not the user's own.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DistillScopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_lecture"));
}

void LectureTest::init()
{
    QSettings().clear();
    setThemeMode({});
    m_window = std::make_unique<MainWindow>(test::digitsScenario());
    QVERIFY2(m_window->logitModel()->classes() > 0, "the digits sample is missing");
    m_actions = new LectureActions(*m_window);
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void LectureTest::cleanup()
{
    m_window.reset();
    // The theme is global, so the next test starts in the plain mode.
    setThemeMode({});
}

void LectureTest::projectorEnlargesFontsAndPens()
{
    const QList<QCustomPlot*> plots = panelPlots(*m_window);
    QList<PlotLook> before;
    for (const QCustomPlot* plot : plots)
        before.append(lookOf(plot));
    SweepPanel* sweep = m_window->sweepPanel();
    const double curve_before = sweep->curve(SweepPanel::ExactClass)->pen().widthF();
    const double error_before = sweep->relativeErrorGraph()->pen().widthF();
    const double path_before =
        m_window->surfacePanel()->exactPath(SurfacePanel::ExactMap)->pen().widthF();
    const double legend_before = sweep->plot()->legend->font().pointSizeF();

    m_actions->projectorAction()->trigger();
    QVERIFY(theme().mode().projector);

    for (int i = 0; i < plots.size(); ++i) {
        const PlotLook after = lookOf(plots[i]);
        const QString name = plots[i]->objectName();
        QVERIFY2(after.label_points > before[i].label_points, qPrintable(name));
        QVERIFY2(after.tick_points > before[i].tick_points, qPrintable(name));
        QVERIFY2(after.axis_pen_width > before[i].axis_pen_width, qPrintable(name));
        QVERIFY2(after.grid_pen_width > before[i].grid_pen_width, qPrintable(name));
    }
    QVERIFY(sweep->curve(SweepPanel::ExactClass)->pen().widthF() > curve_before);
    QVERIFY(sweep->relativeErrorGraph()->pen().widthF() > error_before);
    QVERIFY(m_window->surfacePanel()->exactPath(SurfacePanel::ExactMap)->pen().widthF()
            > path_before);
    QVERIFY(sweep->plot()->legend->font().pointSizeF() > legend_before);

    m_actions->projectorAction()->trigger();
    QVERIFY(!theme().mode().projector);
    for (int i = 0; i < plots.size(); ++i) {
        const PlotLook back = lookOf(plots[i]);
        QCOMPARE(back.label_points, before[i].label_points);
        QCOMPARE(back.tick_points, before[i].tick_points);
        QCOMPARE(back.axis_pen_width, before[i].axis_pen_width);
        QCOMPARE(back.grid_pen_width, before[i].grid_pen_width);
    }
    QCOMPARE(sweep->curve(SweepPanel::ExactClass)->pen().widthF(), curve_before);
    QCOMPARE(sweep->plot()->legend->font().pointSizeF(), legend_before);
}

void LectureTest::projectorEnlargesWindowFont()
{
    QWidget* slider = m_window->temperatureControl()->slider();
    const double before = slider->font().pointSizeF();
    QKeySequence shortcut = m_actions->projectorAction()->shortcut();
    QCOMPARE(shortcut, QKeySequence(Qt::CTRL | Qt::Key_2));

    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QVERIFY(theme().mode().projector);
    QVERIFY2(slider->font().pointSizeF() > before,
             qPrintable(QStringLiteral("%1 pt after, %2 before")
                            .arg(slider->font().pointSizeF())
                            .arg(before)));

    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(slider->font().pointSizeF(), before);
}

void LectureTest::darkChangesPlotsAndPalette()
{
    QCustomPlot* sweep_plot = m_window->sweepPanel()->plot();
    const QColor light_background = renderedBackground(sweep_plot);
    QCOMPARE(light_background, QColor(Qt::white));
    const int light_window = qApp->palette().color(QPalette::Window).lightness();
    const QPen iso_before = m_window->surfacePanel()->isoLines(SurfacePanel::ExactMap)->pen();

    m_actions->darkThemeAction()->trigger();
    QVERIFY(theme().mode().dark);

    for (QCustomPlot* plot : panelPlots(*m_window)) {
        const QColor background = renderedBackground(plot);
        QVERIFY2(background.lightness() < 60,
                 qPrintable(plot->objectName() + QStringLiteral(" background ")
                            + background.name()));
        QVERIFY2(plot->xAxis->labelColor().lightness() > 200, qPrintable(plot->objectName()));
    }
    // Eq. 2 is black on white, so on the dark background it must turn light.
    QVERIFY(m_window->sweepPanel()->curve(SweepPanel::ExactClass)->pen().color().lightness() > 200);
    QVERIFY(m_window->surfacePanel()->isoLines(SurfacePanel::ExactMap)->pen().color()
            != iso_before.color());
    QVERIFY2(qApp->palette().color(QPalette::Window).lightness() < 80,
             qPrintable(qApp->palette().color(QPalette::Window).name()));
    QVERIFY(qApp->palette().color(QPalette::WindowText).lightness() > 200);

    m_actions->darkThemeAction()->trigger();
    QCOMPARE(renderedBackground(sweep_plot), light_background);
    QCOMPARE(qApp->palette().color(QPalette::Window).lightness(), light_window);
    QCOMPARE(m_window->surfacePanel()->isoLines(SurfacePanel::ExactMap)->pen(), iso_before);
}

void LectureTest::darkThemeIsRemembered()
{
    m_actions->darkThemeAction()->trigger();
    QCOMPARE(QSettings().value(QStringLiteral("view/darkTheme")).toBool(), true);

    // A new window, as at the next start, begins dark.
    m_window.reset();
    setThemeMode({});
    m_window = std::make_unique<MainWindow>(test::digitsScenario());
    auto* actions = new LectureActions(*m_window);
    QVERIFY(theme().mode().dark);
    QVERIFY(actions->darkThemeAction()->isChecked());
    QVERIFY(!theme().mode().projector);
}

void LectureTest::exportsIgnoreWindowMode_data()
{
    QTest::addColumn<int>("panel");
    QTest::addColumn<int>("figure_theme");
    QTest::addColumn<bool>("dark");
    QTest::addColumn<bool>("projector");

    const struct {
        const char* name;
        FigurePanel panel;
    } panels[] = {{"dashboard", FigurePanel::Dashboard},
                  {"distributions", FigurePanel::Distributions},
                  {"gradients", FigurePanel::Gradients},
                  {"sweep", FigurePanel::Sweep},
                  {"surface", FigurePanel::Surface}};
    for (const auto& panel : panels) {
        for (const bool dark_figure : {false, true}) {
            const FigureTheme figure = dark_figure ? FigureTheme::Dark : FigureTheme::Light;
            const QString stem = QStringLiteral("%1 %2 figure, window ")
                                     .arg(panel.name, dark_figure ? "dark" : "light");
            QTest::newRow(qPrintable(stem + "projector"))
                << int(panel.panel) << int(figure) << false << true;
            QTest::newRow(qPrintable(stem + "dark"))
                << int(panel.panel) << int(figure) << true << false;
            QTest::newRow(qPrintable(stem + "dark projector"))
                << int(panel.panel) << int(figure) << true << true;
        }
    }
}

void LectureTest::exportsIgnoreWindowMode()
{
    QFETCH(int, panel);
    QFETCH(int, figure_theme);
    QFETCH(bool, dark);
    QFETCH(bool, projector);

    FigureOptions options;
    options.panel = FigurePanel(panel);
    options.theme = FigureTheme(figure_theme);
    options.size = QSize(800, 500);
    const QImage normal = renderFigure(*m_window, options);

    setThemeMode({dark, projector});
    const QImage lecture = renderFigure(*m_window, options);
    // The window keeps its mode after the export.
    QCOMPARE(theme().mode(), (ThemeMode{dark, projector}));
    QCOMPARE(lookOf(m_window->sweepPanel()->plot()).axis_pen_width,
             projector ? theme().axisPen().widthF() : 0.0);

    QCOMPARE(lecture.size(), normal.size());
    int differing = 0;
    for (int y = 0; y < normal.height(); ++y)
        for (int x = 0; x < normal.width(); ++x)
            differing += normal.pixel(x, y) != lecture.pixel(x, y);
    QVERIFY2(differing == 0, qPrintable(QStringLiteral("%1 pixels differ").arg(differing)));
}

// The bars re-read their pens on every replot, and a replot runs inside
// the export, so a dark figure once drew the Eq. 2 bars black on its dark
// background.
void LectureTest::darkExportShowsExactBars()
{
    FigureOptions options;
    options.panel = FigurePanel::Gradients;
    options.theme = FigureTheme::Dark;
    options.size = QSize(800, 500);
    const QImage image = renderFigure(*m_window, options);

    const QColor exact_light = Theme::kBlack;
    const QColor exact_dark = darkVariant(exact_light);
    int dark_pixels = 0;
    int light_pixels = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            dark_pixels += pixel.rgb() == exact_light.rgb();
            light_pixels += pixel.rgb() == exact_dark.rgb();
        }
    }
    // A bar of the digits sample covers thousands of pixels at this size.
    QVERIFY2(light_pixels > 1000, qPrintable(QStringLiteral("%1 pixels").arg(light_pixels)));
    QVERIFY2(dark_pixels < 100, qPrintable(QStringLiteral("%1 pixels").arg(dark_pixels)));
}

void LectureTest::plotsOnlyHidesControls()
{
    QAction* action = m_actions->plotsOnlyAction();
    QVERIFY(action->shortcuts().contains(QKeySequence(Qt::Key_F9)));

    action->trigger();
    QVERIFY(m_window->controlsPane()->isHidden());
    QVERIFY(m_window->menuBar()->isHidden());
    QVERIFY(m_window->statusBar()->isHidden());
    QVERIFY(m_window->pages()->isVisible());

    action->trigger();
    QVERIFY(!m_window->controlsPane()->isHidden());
    QVERIFY(!m_window->menuBar()->isHidden());
    QVERIFY(!m_window->statusBar()->isHidden());
}

void LectureTest::projectorTextFits_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("plots_only");
    QTest::newRow("default window") << QSize(1600, 1000) << false;
    QTest::newRow("default window, only plots") << QSize(1600, 1000) << true;
    QTest::newRow("1920x1080, only plots") << QSize(1920, 1080) << true;
    QTest::newRow("1280x720, only plots") << QSize(1280, 720) << true;
}

void LectureTest::projectorTextFits()
{
    QFETCH(QSize, size);
    QFETCH(bool, plots_only);
    m_actions->projectorAction()->trigger();
    if (plots_only)
        m_actions->plotsOnlyAction()->trigger();
    // The hidden controls give up their minimum size in the next layout.
    QApplication::processEvents();
    m_window->resize(size);
    QTRY_COMPARE(m_window->size(), size);
    QApplication::processEvents();
    for (QCustomPlot* plot : panelPlots(*m_window))
        plot->replot(QCustomPlot::rpImmediateRefresh);
    // fitAxisTitles queues a replot when it changes a title's lines.
    QApplication::processEvents();

    // Every readout shows its whole text: wrapped lines fit its height.
    int readouts = 0;
    for (QLabel* label : m_window->findChildren<QLabel*>()) {
        if (!label->accessibleName().startsWith(QStringLiteral("Readout of")))
            continue;
        ++readouts;
        const QRect room = label->contentsRect();
        const QRect needed = label->fontMetrics().boundingRect(
            QRect(0, 0, room.width(), 1 << 20), label->wordWrap() ? Qt::TextWordWrap : 0,
            label->text());
        QVERIFY2(needed.width() <= room.width() && needed.height() <= room.height(),
                 qPrintable(QStringLiteral("%1 needs %2x%3 but has %4x%5")
                                .arg(label->accessibleName())
                                .arg(needed.width())
                                .arg(needed.height())
                                .arg(room.width())
                                .arg(room.height())));
    }
    QCOMPARE(readouts, 4);

    // No legend is cut off at the plot's edge.
    for (QCustomPlot* plot : panelPlots(*m_window)) {
        for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
            if (auto* legend = qobject_cast<QCPLegend*>(element)) {
                QVERIFY2(legend->minimumOuterSizeHint().width() <= legend->outerRect().width(),
                         qPrintable(plot->objectName()));
            }
        }
    }

    // The sweep's two value axis titles, each centred on its rect, stay apart.
    const auto span = [](QCPAxisRect* rect) {
        const QCPAxis* axis = rect->axis(QCPAxis::atLeft);
        const QFontMetrics metrics(axis->labelFont());
        int widest = 0;
        for (const QString& line : axis->label().split(QLatin1Char('\n')))
            widest = std::max(widest, metrics.horizontalAdvance(line));
        const double centre = rect->rect().center().y();
        return std::pair{centre - widest / 2.0, centre + widest / 2.0};
    };
    SweepPanel* sweep = m_window->sweepPanel();
    const auto upper = span(sweep->gradientRect());
    const auto lower = span(sweep->errorRect());
    QVERIFY2(upper.second <= lower.first,
             qPrintable(QStringLiteral("the titles \"%1\" and \"%2\" overlap")
                            .arg(sweep->gradientRect()->axis(QCPAxis::atLeft)->label(),
                                 sweep->errorRect()->axis(QCPAxis::atLeft)->label())));

    // The window fits a 1280x720 projector once it shows only the plots.
    if (plots_only) {
        QVERIFY2(m_window->minimumSizeHint().width() <= 1280
                     && m_window->minimumSizeHint().height() <= 720,
                 qPrintable(QStringLiteral("the window needs at least %1x%2")
                                .arg(m_window->minimumSizeHint().width())
                                .arg(m_window->minimumSizeHint().height())));
    }
}

void LectureTest::playbackBoxesShowWholeEntries()
{
    m_actions->projectorAction()->trigger();
    PlaybackControl* playback = m_window->playbackControl();
    playback->endBox()->setCurrentIndex(playback->endBox()->count() - 1);
    playback->directionBox()->setCurrentIndex(1);
    QApplication::processEvents();
    for (QComboBox* box : {playback->directionBox(), playback->endBox()}) {
        for (int i = 0; i < box->count(); ++i) {
            // The text area leaves room for the arrow and the frame.
            const int text_width = box->fontMetrics().horizontalAdvance(box->itemText(i));
            QVERIFY2(text_width < box->width() - box->height(),
                     qPrintable(QStringLiteral("%1 cuts \"%2\" off").arg(box->objectName(),
                                                                         box->itemText(i))));
        }
    }
}

void LectureTest::projectorEquationsKeepTheirSize()
{
    m_actions->projectorAction()->trigger();
    QVERIFY(m_window->showPage(QStringLiteral("derivation"), QString()));
    QApplication::processEvents();
    auto* page = m_window->findChild<DerivationPage*>();
    QVERIFY(page);
    auto* steps = page->findChild<QScrollArea*>(QStringLiteral("derivationSteps"));
    QVERIFY(steps);
    int checked = 0;
    for (EquationView* view : page->equationViews()) {
        if (!steps->isAncestorOf(view))
            continue;
        ++checked;
        // The column is wide enough for the equation at no less than its
        // smallest size, so no equation shrinks below the body text.
        QVERIFY2(view->width() >= std::floor(view->smallestSize().width()),
                 qPrintable(QStringLiteral("%1 is %2 wide, needs %3")
                                .arg(view->key())
                                .arg(view->width())
                                .arg(view->smallestSize().width())));
    }
    QVERIFY(checked >= 5);
    QVERIFY(!steps->horizontalScrollBar()->isVisible());
}

void LectureTest::statusMessageHidesStatusLine()
{
    auto* line = m_window->statusBar()->findChild<QLabel*>(QStringLiteral("statusLine"));
    QVERIFY(line);
    // A message that arrives while the status bar is hidden, as with only the
    // plots shown, must still cover the status line once the bar returns.
    m_actions->plotsOnlyAction()->trigger();
    m_window->statusBar()->showMessage(QStringLiteral("Opened the lessons"));
    m_actions->plotsOnlyAction()->trigger();
    QApplication::processEvents();
    QVERIFY(m_window->statusBar()->isVisible());
    QVERIFY(!line->isVisible());

    m_window->statusBar()->clearMessage();
    QVERIFY(line->isVisible());
}

void LectureTest::actionsWorkWithoutMenuBar()
{
    QTest::keyClick(m_window.get(), Qt::Key_F9);
    QVERIFY(m_window->menuBar()->isHidden());

    // The menu bar is hidden, so only window actions can take these keys.
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QVERIFY(theme().mode().projector);
    QTest::keyClick(m_window.get(), Qt::Key_F11);
    QVERIFY(m_actions->fullScreenAction()->isChecked());
    QVERIFY(m_window->windowState() & Qt::WindowFullScreen);
    QTest::keyClick(m_window.get(), Qt::Key_F11);
    QVERIFY(!(m_window->windowState() & Qt::WindowFullScreen));
    // A state set from outside, as by the window manager, shows in the menu.
    m_window->setWindowState(m_window->windowState() | Qt::WindowFullScreen);
    QVERIFY(m_actions->fullScreenAction()->isChecked());
    m_window->setWindowState(m_window->windowState() & ~Qt::WindowFullScreen);
    QVERIFY(!m_actions->fullScreenAction()->isChecked());

    QTest::keyClick(m_window.get(), Qt::Key_F9);
    QVERIFY(!m_window->controlsPane()->isHidden());
    QVERIFY(!m_window->menuBar()->isHidden());
}

void LectureTest::playbackEnds_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<int>("end");
    QTest::addColumn<double>("seconds");
    QTest::addColumn<double>("expected");
    QTest::addColumn<bool>("playing");
    QTest::addColumn<int>("final_direction");

    // Range 1 to 100 (two decades) at one decade per second, from T = 10.
    // Between the ends T is rounded to four significant digits.
    const int up = int(PlaybackDirection::Up);
    const int down = int(PlaybackDirection::Down);
    const int stop = int(PlaybackEnd::Stop);
    const int loop = int(PlaybackEnd::Loop);
    const int bounce = int(PlaybackEnd::Bounce);
    QTest::newRow("up, halfway") << up << stop << 0.5 << 31.62 << true << up;
    QTest::newRow("down, halfway") << down << stop << 0.5 << 3.162 << true << down;
    QTest::newRow("up, stop at end") << up << stop << 1.5 << 100.0 << false << up;
    QTest::newRow("down, stop at end") << down << stop << 1.5 << 1.0 << false << down;
    QTest::newRow("up, loop") << up << loop << 1.5 << 3.162 << true << up;
    QTest::newRow("down, loop") << down << loop << 1.5 << 31.62 << true << down;
    QTest::newRow("up, loop twice round") << up << loop << 5.5 << 3.162 << true << up;
    QTest::newRow("up, bounce") << up << bounce << 1.5 << 31.62 << true << down;
    QTest::newRow("down, bounce") << down << bounce << 1.5 << 3.162 << true << up;
    QTest::newRow("up, bounce at both ends") << up << bounce << 4.5 << 31.62 << true << up;
}

void LectureTest::playbackEnds()
{
    QFETCH(int, direction);
    QFETCH(int, end);
    QFETCH(double, seconds);
    QFETCH(double, expected);
    QFETCH(bool, playing);
    QFETCH(int, final_direction);

    Playback playback;
    playback.setRange(1.0, 100.0);
    playback.setSpeed(1.0);
    playback.setDirection(PlaybackDirection(direction));
    playback.setEnd(PlaybackEnd(end));
    QSignalSpy temperatures(&playback, &Playback::temperatureChanged);
    playback.start(10.0);
    QVERIFY(playback.isPlaying());
    QCOMPARE(temperatures.count(), 0);

    playback.advance(seconds);
    QCOMPARE(temperatures.count(), 1);
    QCOMPARE(temperatures.last().at(0).toDouble(), expected);
    QCOMPARE(playback.temperature(), expected);
    QCOMPARE(playback.isPlaying(), playing);
    QCOMPARE(int(playback.direction()), final_direction);

    // A stopped playback no longer moves.
    playback.advance(0.25);
    QCOMPARE(temperatures.count(), playing ? 2 : 1);
}

void LectureTest::playbackStartsAgainFromEnd()
{
    Playback playback;
    playback.setRange(1.0, 100.0);
    playback.setSpeed(2.0);
    QSignalSpy temperatures(&playback, &Playback::temperatureChanged);

    // At the top end, moving up with Stop: start again from the bottom.
    playback.start(100.0);
    QCOMPARE(temperatures.count(), 1);
    QCOMPARE(temperatures.last().at(0).toDouble(), 1.0);
    playback.advance(0.5);
    QCOMPARE(playback.temperature(), 10.0);
    playback.stop();

    // A temperature beyond the range starts from the nearest end, where
    // bouncing turns round.
    playback.setEnd(PlaybackEnd::Bounce);
    playback.start(1e6);
    QCOMPARE(playback.direction(), PlaybackDirection::Down);
    playback.advance(0.25);
    QCOMPARE(playback.temperature(), 31.62);
}

void LectureTest::playbackDrivesWindow()
{
    TemperatureControl* control = m_window->temperatureControl();
    control->setRange(0.1, 1000.0);
    m_window->setTemperature(1.0);
    PlaybackControl* playback = m_window->playbackControl();
    playback->speedBox()->setValue(2.0);
    playback->endBox()->setCurrentIndex(playback->endBox()->findData(int(PlaybackEnd::Stop)));
    QSignalSpy refreshed(m_window.get(), &MainWindow::stateChanged);

    QTest::mouseClick(playback->playButton(), Qt::LeftButton);
    QVERIFY(playback->playback()->isPlaying());
    QCOMPARE(playback->playButton()->text(), PlaybackControl::tr("Pause"));
    playback->playback()->advance(0.5);
    QCOMPARE(m_window->temperature(), 10.0);
    QCOMPARE(control->temperature(), 10.0);
    QCOMPARE(m_window->quantities().temperature, 10.0);
    QCOMPARE(refreshed.count(), 1);

    playback->playback()->advance(10.0);
    QCOMPARE(m_window->temperature(), 1000.0);
    QVERIFY(!playback->playback()->isPlaying());
    QCOMPARE(playback->playButton()->text(), PlaybackControl::tr("Play"));

    // Down and bouncing, as chosen in the boxes.
    playback->directionBox()->setCurrentIndex(
        playback->directionBox()->findData(int(PlaybackDirection::Down)));
    playback->endBox()->setCurrentIndex(playback->endBox()->findData(int(PlaybackEnd::Bounce)));
    playback->toggle();
    playback->playback()->advance(1.0);
    QCOMPARE(m_window->temperature(), 10.0);
    playback->playback()->advance(1.0);
    QCOMPARE(m_window->temperature(), 0.1);
    playback->playback()->advance(0.5);
    QCOMPARE(m_window->temperature(), 1.0);
    QCOMPARE(playback->directionBox()->currentData().toInt(), int(PlaybackDirection::Up));
}

void LectureTest::sliderMoveStopsPlayback()
{
    PlaybackControl* playback = m_window->playbackControl();
    playback->toggle();
    QVERIFY(playback->playback()->isPlaying());

    QSlider* slider = m_window->temperatureControl()->slider();
    slider->setValue(slider->value() + 100);
    QVERIFY(!playback->playback()->isPlaying());

    // Logit edits leave it playing: the lecturer changes the logits while T moves.
    playback->toggle();
    m_window->logitModel()->setLogit(0, LogitModel::StudentColumn, 1.5);
    QVERIFY(playback->playback()->isPlaying());
}

void LectureTest::spaceTogglesPlayback()
{
    QSlider* slider = m_window->temperatureControl()->slider();
    slider->setFocus();
    QVERIFY(slider->hasFocus());
    Playback* playback = m_window->playbackControl()->playback();

    QTest::keyClick(slider, Qt::Key_Space);
    QVERIFY(playback->isPlaying());
    QTest::keyClick(slider, Qt::Key_Space);
    QVERIFY(!playback->isPlaying());

    // With the focus on no control at all, the window takes the key.
    slider->clearFocus();
    QTest::keyClick(m_window.get(), Qt::Key_Space);
    QVERIFY(playback->isPlaying());
}

void LectureTest::spaceTypesInTextField()
{
    QLineEdit* edit = m_window->temperatureControl()->field()->lineEdit();
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("1 2"));
    QCOMPARE(edit->text(), QStringLiteral("1 2"));
    QVERIFY(!m_window->playbackControl()->playback()->isPlaying());
}

void LectureTest::spaceTypesInTableEditor()
{
    QTableView* table = m_window->logitEditor()->table();
    const QModelIndex cell = table->model()->index(0, LogitModel::NameColumn);
    table->setFocus();
    table->setCurrentIndex(cell);
    table->edit(cell);
    auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
    QVERIFY2(editor, "the name cell opened no line edit");
    editor->clear();
    QTest::keyClicks(editor, QStringLiteral("class a"));
    QCOMPARE(editor->text(), QStringLiteral("class a"));
    QVERIFY(!m_window->playbackControl()->playback()->isPlaying());
}

void LectureTest::tabVisitsEveryControl()
{
    const QList<QWidget*> first_stops = m_window->temperatureControl()->tabStops();
    QWidget* start = first_stops.first();
    start->setFocus();
    QCOMPARE(QApplication::focusWidget(), start->focusProxy() ? start->focusProxy() : start);

    // Tab through the window until the focus comes back to the start.
    QList<QWidget*> visited{QApplication::focusWidget()};
    for (int presses = 0; presses < 200; ++presses) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget* focus = QApplication::focusWidget();
        if (focus == visited.first())
            break;
        visited.append(focus);
    }
    const auto position = [&](const QWidget* widget) {
        for (qsizetype i = 0; i < visited.size(); ++i) {
            if (visited[i] == widget || visited[i]->focusProxy() == widget
                || widget->focusProxy() == visited[i])
                return i;
        }
        return qsizetype(-1);
    };

    for (QWidget* widget : m_window->controlsPane()->findChildren<QWidget*>()) {
        if (!tabReachable(widget))
            continue;
        QVERIFY2(position(widget) >= 0,
                 qPrintable(QStringLiteral("Tab never reaches %1 (%2)")
                                .arg(widget->objectName(), widget->metaObject()->className())));
    }

    // Top to bottom: temperature, playback, the options, the logits, the pages.
    PlaybackControl* playback = m_window->playbackControl();
    const QWidget* order[] = {m_window->temperatureControl()->field(),
                              m_window->temperatureControl()->slider(),
                              playback->playButton(),
                              playback->endBox(),
                              m_window->followedClassBox(),
                              m_window->logScaleBox(),
                              m_window->logitEditor()->table(),
                              m_window->pages()->tabBar()};
    for (size_t i = 1; i < std::size(order); ++i) {
        QVERIFY2(position(order[i - 1]) >= 0 && position(order[i - 1]) < position(order[i]),
                 qPrintable(QStringLiteral("%1 does not come before %2")
                                .arg(order[i - 1]->objectName(), order[i]->objectName())));
    }
}

void LectureTest::focusableWidgetsHaveNames()
{
    // Every page, and the beyond page with each of its views, since Tab
    // reaches only the widgets on screen.
    QList<std::pair<QString, QString>> screens{{QStringLiteral("plots"), QString()},
                                               {QStringLiteral("derivation"), QString()}};
    for (const char* view : {"hard-targets", "low-temperature", "two-classes", "standardization", "limits"})
        screens.append({QStringLiteral("beyond"), QLatin1String(view)});

    QStringList unnamed;
    QStringList undescribed;
    for (const auto& [page, view] : screens) {
        QVERIFY2(m_window->showPage(page, view), qPrintable(page + u' ' + view));
        QApplication::processEvents();
        int reachable = 0;
        for (QWidget* widget : m_window->findChildren<QWidget*>()) {
            if (!tabReachable(widget))
                continue;
            ++reachable;
            QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
            QVERIFY(accessible);
            const QString label = QStringLiteral("%1 (%2) on %3 %4")
                                      .arg(widget->objectName(), widget->metaObject()->className(),
                                           page, view)
                                      .trimmed();
            if (accessible->text(QAccessible::Name).trimmed().isEmpty() && !unnamed.contains(label))
                unnamed.append(label);
            // Qt falls back to the tooltip where no description is set. Its tab
            // bar interface gives names of tabs only, never a description.
            if (!qobject_cast<QTabBar*>(widget)
                && accessible->text(QAccessible::Description).trimmed().isEmpty()
                && !undescribed.contains(label))
                undescribed.append(label);
        }
        QVERIFY2(reachable > 0, qPrintable(page + u' ' + view));
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("no accessible name: ")
                                           + unnamed.join(QStringLiteral(", "))));
    QVERIFY2(undescribed.isEmpty(), qPrintable(QStringLiteral("no accessible description: ")
                                               + undescribed.join(QStringLiteral(", "))));
}

QTEST_MAIN(LectureTest)
#include "tst_lecture.moc"
