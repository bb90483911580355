// Shows the real window on the digits sample under an X server (Xvfb in
// ctest), grabs the screen, saves it as a PNG and checks that each of the
// four panels and the logit chart drew something besides background.
//
// Usage: ui_window_screenshot OUTPUT.png
// Exit code 0 when every area has enough drawn pixels, 1 otherwise.

#include "digits_scenario.h"

#include "ui/distribution_panel.h"
#include "ui/gradient_panel.h"
#include "ui/logit_editor.h"
#include "ui/main_window.h"
#include "ui/plot_view.h"
#include "ui/surface_panel.h"
#include "ui/sweep_panel.h"
#include "ui/theme.h"

#include <QApplication>
#include <QImage>
#include <QPixmap>
#include <QScreen>
#include <QTest>
#include <QTextStream>

using namespace distillscope::ui;

namespace {

// Share of an area's pixels that must differ from the background. Axes and
// tick labels alone cover about 2 %; data adds far more.
constexpr double kMinDrawnShare = 0.04;

double drawnShare(const QImage& image, const QRect& area, QColor background)
{
    long drawn = 0;
    long total = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            ++total;
            if (image.pixelColor(x, y) != background)
                ++drawn;
        }
    }
    return total > 0 ? double(drawn) / double(total) : 0.0;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTextStream out(stdout);
    if (argc < 2) {
        out << "usage: ui_window_screenshot OUTPUT.png\n";
        return 2;
    }
    const StartupScenario scenario = test::digitsScenario();
    if (scenario.teacher.empty()) {
        out << "the digits sample was not found under " << DISTILLSCOPE_SAMPLES_DIR << "\n";
        return 1;
    }

    MainWindow window(scenario);
    window.resize(1600, 1000);
    window.move(0, 0);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) {
        out << "the window was never exposed\n";
        return 1;
    }
    QTest::qWait(500);

    const QPixmap shot = window.screen()->grabWindow(window.winId());
    const QImage image = shot.toImage();
    image.save(QString::fromLocal8Bit(argv[1]));

    const struct {
        const char* name;
        PlotView* plot;
    } areas[] = {
        {"distributions", window.distributionPanel()->plot()},
        {"gradients", window.gradientPanel()->plot()},
        {"sweep", window.sweepPanel()->plot()},
        {"surfaces", window.surfacePanel()->plot()},
        {"logit chart", window.logitEditor()->chart()},
    };
    bool all_drawn = true;
    const double ratio = shot.devicePixelRatio();
    for (const auto& area : areas) {
        const QRect logical(area.plot->mapTo(&window, QPoint(0, 0)), area.plot->size());
        const QRect pixels(QPoint(int(logical.left() * ratio), int(logical.top() * ratio)),
                           QSize(int(logical.width() * ratio), int(logical.height() * ratio)));
        const double share =
            drawnShare(image, pixels.intersected(image.rect()), theme().background());
        const bool drawn = share >= kMinDrawnShare;
        all_drawn = all_drawn && drawn;
        out << area.name << ": " << QString::number(share * 100.0, 'f', 1) << " % of "
            << pixels.width() << "x" << pixels.height() << " pixels drawn"
            << (drawn ? "" : "  (below the required share)") << "\n";
    }
    return all_drawn ? 0 : 1;
}
