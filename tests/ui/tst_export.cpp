// Exports figures from the real main window offscreen and checks the files
// as a reader would get them. The cases cover pixel sizes, painted plot areas
// and labels, the SVG view box and text, and the PDF page and its labels.
// They also compare CSV values with the core, read GIF frames back with
// giflib and reopen the export dialog. The ctest entry ui.export_scale_factor runs the pixel-size cases
// again under QT_SCALE_FACTOR=2.

#include "digits_scenario.h"

#include "ui/export_actions.h"
#include "ui/export_dialog.h"
#include "ui/figure_export.h"
#include "ui/main_window.h"
#include "ui/panel_data.h"
#include "ui/plot_view.h"
#include "ui/sweep_animation.h"

#include <distillscope/distillation.h>

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <QMenuBar>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <gif_lib.h>

#include <memory>

using namespace distillscope;
using namespace distillscope::ui;

namespace {

// Counts the pixels of `region` that differ from `background` by more than
// a faint anti-aliasing fringe.
int paintedPixels(const QImage& image, const QRect& region, QColor background)
{
    int painted = 0;
    const QRect inside = region & image.rect();
    for (int y = inside.top(); y <= inside.bottom(); ++y) {
        for (int x = inside.left(); x <= inside.right(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            const int difference = std::abs(pixel.red() - background.red())
                + std::abs(pixel.green() - background.green())
                + std::abs(pixel.blue() - background.blue());
            if (pixel.alpha() > 0 && difference > 30)
                ++painted;
        }
    }
    return painted;
}

QString readText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

class ExportTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void rasterSize_data();
    void rasterSize();
    void plotAreasNotBlank();
    void transparentBackground();
    void darkThemeBackground();
    void svgViewBoxAndText();
    void pdfPageAndLabels();
    void unwritablePathLeavesNoFile();
    void failedWriteKeepsOldFile();
    void distributionsCsvMatchesCore();
    void gradientsCsvMatchesCore();
    void gifFrameCount();
    void pngSequenceNames();
    void dialogRemembersSettings();
    void dialogConvertsCentimetres();
    void windowHasExportActions();

private:
    std::unique_ptr<MainWindow> m_window;
    StartupScenario m_scenario;
    QTemporaryDir m_dir;
};

void ExportTest::initTestCase()
{
    // Settings go to a test location, not the user's own.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DistillScopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_export"));
    QSettings().clear();

    m_scenario = test::digitsScenario();
    QVERIFY2(!m_scenario.teacher.empty(), "the digits sample is missing from resources/samples");
    QVERIFY(m_dir.isValid());
    m_window = std::make_unique<MainWindow>(m_scenario);
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void ExportTest::rasterSize_data()
{
    QTest::addColumn<int>("panel");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<double>("scale");

    QTest::newRow("dashboard 1x") << int(FigurePanel::Dashboard) << QSize(1600, 1200) << 1.0;
    QTest::newRow("sweep 2x") << int(FigurePanel::Sweep) << QSize(800, 500) << 2.0;
    QTest::newRow("surface 3x") << int(FigurePanel::Surface) << QSize(900, 320) << 3.0;
    QTest::newRow("distributions odd 3x") << int(FigurePanel::Distributions) << QSize(333, 211) << 3.0;
}

void ExportTest::rasterSize()
{
    QFETCH(int, panel);
    QFETCH(QSize, size);
    QFETCH(double, scale);

    if (qEnvironmentVariableIsSet("QT_SCALE_FACTOR"))
        QCOMPARE(m_window->devicePixelRatio(), qEnvironmentVariable("QT_SCALE_FACTOR").toDouble());

    FigureOptions options;
    options.panel = FigurePanel(panel);
    options.size = size;
    options.scale = scale;
    options.dpi = 150.0;
    const QString path = m_dir.filePath(QStringLiteral("size-%1.png").arg(QTest::currentDataTag()));
    const WriteResult written = writeFigure(*m_window, options, FigureFormat::Png, path);
    QVERIFY2(written, written ? "" : qPrintable(written.error()));

    const QImage image(path);
    QCOMPARE(image.width(), int(size.width() * scale));
    QCOMPARE(image.height(), int(size.height() * scale));
    // The file records 150 * scale dots per inch, to the metre rounding.
    QCOMPARE(image.dotsPerMeterX(), int(std::lround(150.0 * scale / 0.0254)));
    QCOMPARE(image.dotsPerMeterY(), int(std::lround(150.0 * scale / 0.0254)));
}

void ExportTest::plotAreasNotBlank()
{
    FigureOptions options;
    options.panel = FigurePanel::Distributions;
    options.size = QSize(800, 500);
    options.scale = 2.0;
    const QImage image = renderFigure(*m_window, options);

    // Bars fill much of the middle, and tick labels sit under the x axis and
    // left of the y axis. Regions are fractions of the figure, generous
    // enough for any legend height.
    const int w = image.width(), h = image.height();
    const QRect plot_area(w / 5, h / 3, w * 3 / 5, h / 2);
    const QRect x_tick_labels(w / 8, h * 92 / 100, w * 3 / 4, h * 4 / 100);
    const QRect y_tick_labels(0, h / 4, w / 20, h / 2);
    QVERIFY2(paintedPixels(image, plot_area, Qt::white) > plot_area.width() * plot_area.height() / 50,
             "the plot area is nearly blank");
    QVERIFY2(paintedPixels(image, x_tick_labels, Qt::white) > 200, "the x tick labels are missing");
    QVERIFY2(paintedPixels(image, y_tick_labels, Qt::white) > 200, "the y tick labels are missing");
}

void ExportTest::transparentBackground()
{
    FigureOptions options;
    options.panel = FigurePanel::Gradients;
    options.size = QSize(400, 300);
    options.transparent = true;
    const QImage image = renderFigure(*m_window, options);
    QCOMPARE(image.pixelColor(1, image.height() - 2).alpha(), 0);

    options.transparent = false;
    QCOMPARE(renderFigure(*m_window, options).pixelColor(1, image.height() - 2), QColor(Qt::white));
}

void ExportTest::darkThemeBackground()
{
    FigureOptions options;
    options.panel = FigurePanel::Sweep;
    options.size = QSize(600, 400);
    options.theme = FigureTheme::Dark;
    const QImage image = renderFigure(*m_window, options);
    const QColor corner = image.pixelColor(image.width() - 2, image.height() - 2);
    QVERIFY2(corner.lightness() < 64, qPrintable(corner.name()));
    // The light window keeps its own look after a dark export.
    options.theme = FigureTheme::Light;
    const QColor light = renderFigure(*m_window, options).pixelColor(image.width() - 2, image.height() - 2);
    QCOMPARE(light, QColor(Qt::white));
}

void ExportTest::svgViewBoxAndText()
{
    FigureOptions options;
    options.panel = FigurePanel::Sweep;
    options.size = QSize(820, 510);
    const QString path = m_dir.filePath(QStringLiteral("sweep.svg"));
    const WriteResult written = writeFigure(*m_window, options, FigureFormat::Svg, path);
    QVERIFY2(written, written ? "" : qPrintable(written.error()));

    const QString svg = readText(path);
    QVERIFY(svg.contains(QLatin1String("viewBox=\"0 0 820 510\"")));
    const QRegularExpression root(QStringLiteral("<svg[^>]*width=\"[0-9.]+mm\"[^>]*height=\"[0-9.]+mm\""));
    QVERIFY2(root.match(svg).hasMatch(), "the root element has no width and height");
    QVERIFY(svg.count(QLatin1String("<text")) > 20);
    QVERIFY(svg.contains(QLatin1String("font-family=\"DejaVu Sans\"")));
    QVERIFY(svg.contains(QLatin1String(">temperature T<")));
    // The background rectangle spans the whole view box.
    QVERIFY(svg.contains(QLatin1String("<rect x=\"0\" y=\"0\" width=\"820\" height=\"510\"/>")));
}

void ExportTest::pdfPageAndLabels()
{
    FigureOptions options;
    options.panel = FigurePanel::Sweep;
    options.size = QSize(700, 450);
    const QString path = m_dir.filePath(QStringLiteral("sweep.pdf"));
    const WriteResult written = writeFigure(*m_window, options, FigureFormat::Pdf, path);
    QVERIFY2(written, written ? "" : qPrintable(written.error()));
    QVERIFY(readText(path).startsWith(QLatin1String("%PDF")));

    const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (pdfinfo.isEmpty() || pdftotext.isEmpty())
        QSKIP("pdfinfo or pdftotext (Debian: poppler-utils) is not installed, so the page size "
              "and the text of the PDF are not checked");

    QProcess info;
    info.start(pdfinfo, {path});
    QVERIFY(info.waitForFinished());
    const QString details = QString::fromUtf8(info.readAllStandardOutput());
    QVERIFY2(details.contains(QRegularExpression(QStringLiteral("Pages:\\s+1\\n"))), qPrintable(details));
    QVERIFY2(details.contains(QLatin1String("Page size:       700 x 450 pts")), qPrintable(details));

    QProcess text;
    text.start(pdftotext, {path, QStringLiteral("-")});
    QVERIFY(text.waitForFinished());
    const QString words = QString::fromUtf8(text.readAllStandardOutput());
    for (const char* label : {"temperature T", "|gradient|", "rel. error", "10"})
        QVERIFY2(words.contains(QLatin1String(label)), label);
}

void ExportTest::unwritablePathLeavesNoFile()
{
    const QString path = m_dir.filePath(QStringLiteral("missing-folder/figure.png"));
    const WriteResult written = writeFigure(*m_window, FigureOptions{}, FigureFormat::Png, path);
    QVERIFY(!written);
    QVERIFY2(written.error().contains(path), qPrintable(written.error()));
    QVERIFY(!QFile::exists(path));
}

void ExportTest::failedWriteKeepsOldFile()
{
    const QString path = m_dir.filePath(QStringLiteral("kept.txt"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("earlier export");
    }
    const WriteResult written = writeFileAtomically(path, [](QIODevice& device) {
        device.write("partial");
        return QStringLiteral("the encoder failed");
    });
    QVERIFY(!written);
    QVERIFY(written.error().contains(QLatin1String("the encoder failed")));
    QCOMPARE(readText(path), QStringLiteral("earlier export"));
    // No temporary file stays behind next to it.
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("kept.txt*")}, QDir::Files).size(), 1);
}

void ExportTest::distributionsCsvMatchesCore()
{
    const auto distillation = Distillation::create(m_scenario.teacher, m_scenario.student);
    QVERIFY(distillation);
    const auto quantities = distillation->evaluate(m_window->temperature());
    QVERIFY(quantities);

    const QStringList lines = panelDataCsv(*m_window, FigurePanel::Distributions)
                                  .split(u'\n', Qt::SkipEmptyParts);
    QStringList rows;
    for (const QString& line : lines) {
        if (!line.startsWith(u'#'))
            rows.append(line);
    }
    QCOMPARE(rows.first(), QStringLiteral("class,name,teacher_logit [nats],student_logit [nats],"
                                          "p [probability],q [probability],log_p [nats],log_q [nats]"));
    QCOMPARE(rows.size() - 1, int(quantities->p.size()));
    for (int i = 0; i < quantities->p.size(); ++i) {
        const QStringList fields = rows[i + 1].split(u',');
        QCOMPARE(fields[0].toInt(), i);
        // 17 significant digits read back to the same double.
        QCOMPARE(fields[4].toDouble(), quantities->p[i]);
        QCOMPARE(fields[5].toDouble(), quantities->q[i]);
        QCOMPARE(fields[6].toDouble(), quantities->log_p[i]);
        QCOMPARE(fields[7].toDouble(), quantities->log_q[i]);
    }
}

void ExportTest::gradientsCsvMatchesCore()
{
    const auto distillation = Distillation::create(m_scenario.teacher, m_scenario.student);
    QVERIFY(distillation);
    const auto quantities = distillation->evaluate(m_window->temperature());
    QVERIFY(quantities);

    const QString csv = panelDataCsv(*m_window, FigurePanel::Gradients);
    QVERIFY(csv.contains(QLatin1String("# eq4_logits: centred\n")));
    const QStringList lines = csv.split(u'\n', Qt::SkipEmptyParts);
    const int header = int(lines.indexOf(QRegularExpression(QStringLiteral("^class,.*"))));
    QVERIFY(header >= 0);
    for (int i = 0; i < quantities->grad_exact.size(); ++i) {
        const QStringList fields = lines[header + 1 + i].split(u',');
        QCOMPARE(fields[2].toDouble(), quantities->grad_exact[i]);
        QCOMPARE(fields[4].toDouble(), quantities->grad_centered[i]);
        QCOMPARE(fields[5].toDouble(), quantities->grad_second_order[i]);
    }
}

void ExportTest::gifFrameCount()
{
    AnimationOptions options;
    options.figure.panel = FigurePanel::Sweep;
    options.figure.size = QSize(400, 260);
    options.frames = 5;
    options.from = 0.5;
    options.to = 20.0;
    options.delay_ms = 150;
    const double temperature_before = m_window->temperature();
    const QString path = m_dir.filePath(QStringLiteral("sweep.gif"));
    const WriteResult written = writeSweepGif(*m_window, options, path);
    QVERIFY2(written, written ? "" : qPrintable(written.error()));
    QCOMPARE(m_window->temperature(), temperature_before);

    int error = 0;
    GifFileType* gif = DGifOpenFileName(QFile::encodeName(path).constData(), &error);
    QVERIFY2(gif, GifErrorString(error));
    QCOMPARE(DGifSlurp(gif), GIF_OK);
    QCOMPARE(gif->ImageCount, 5);
    QCOMPARE(gif->SWidth, 400);
    QCOMPARE(gif->SHeight, 260);
    GraphicsControlBlock control{};
    QCOMPARE(DGifSavedExtensionToGCB(gif, 0, &control), GIF_OK);
    QCOMPARE(control.DelayTime, 15); // centiseconds
    DGifCloseFile(gif, &error);
}

void ExportTest::pngSequenceNames()
{
    AnimationOptions options;
    options.figure.panel = FigurePanel::Distributions;
    options.figure.size = QSize(300, 200);
    options.frames = 3;
    const QString path = m_dir.filePath(QStringLiteral("frames.png"));
    const auto written = writeSweepPngSequence(*m_window, options, path);
    QVERIFY2(written, written ? "" : qPrintable(written.error()));
    QCOMPARE(written->size(), 3);
    QCOMPARE(written->at(0), m_dir.filePath(QStringLiteral("frames-001.png")));
    QCOMPARE(written->at(2), m_dir.filePath(QStringLiteral("frames-003.png")));
    for (const QString& frame : *written)
        QCOMPARE(QImage(frame).size(), QSize(300, 200));
    QCOMPARE(sequenceFramePath(path, 9, 1000), m_dir.filePath(QStringLiteral("frames-0010.png")));
}

void ExportTest::dialogRemembersSettings()
{
    {
        ExportDialog dialog;
        dialog.setPanel(FigurePanel::Surface);
        dialog.kindBox()->setCurrentIndex(dialog.kindBox()->findData(QStringLiteral("svg")));
        dialog.widthBox()->setValue(640);
        dialog.heightBox()->setValue(360);
        dialog.dpiBox()->setValue(200);
        dialog.themeBox()->setCurrentIndex(dialog.themeBox()->findData(QStringLiteral("dark")));
        dialog.framesBox()->setValue(12);
        dialog.accept();
    }
    ExportDialog reopened;
    const ExportRequest request = reopened.request();
    QCOMPARE(request.kind, ExportKind::Svg);
    QCOMPARE(request.animation.figure.panel, FigurePanel::Surface);
    QCOMPARE(request.animation.figure.size, QSize(640, 360));
    QCOMPARE(request.animation.figure.dpi, 200.0);
    QCOMPARE(request.animation.figure.theme, FigureTheme::Dark);
    QCOMPARE(request.animation.frames, 12);
}

void ExportTest::dialogConvertsCentimetres()
{
    ExportDialog dialog;
    dialog.kindBox()->setCurrentIndex(dialog.kindBox()->findData(QStringLiteral("png")));
    dialog.dpiBox()->setValue(300);
    dialog.unitBox()->setCurrentIndex(dialog.unitBox()->findData(int(ExportDialog::SizeUnit::Centimetres)));
    dialog.widthBox()->setValue(8.47);
    dialog.heightBox()->setValue(5.08);
    dialog.scaleBox()->setCurrentIndex(0);
    // 8.47 cm at 300 dpi is 1000.4 pixels, 5.08 cm is 600.
    QCOMPARE(dialog.request().animation.figure.size, QSize(1000, 600));
    QCOMPARE(ExportDialog::logicalSize(1.0, 2.0, ExportDialog::SizeUnit::Inches, 150.0), QSize(150, 300));
}

void ExportTest::windowHasExportActions()
{
    auto* actions = m_window->findChild<ExportActions*>();
    QVERIFY(actions);
    QCOMPARE(actions->exportAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QCOMPARE(actions->copyAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    auto* file_menu = m_window->menuBar()->findChild<QMenu*>(QStringLiteral("fileMenu"));
    QVERIFY(file_menu);
    QVERIFY(file_menu->actions().contains(actions->exportAction()));

    // Copying puts the panel's image, at twice its size on screen or more,
    // on the clipboard.
    actions->copyPanel(FigurePanel::Gradients);
    const QImage copied = QGuiApplication::clipboard()->image();
    const QSize on_screen = panelPlot(*m_window, FigurePanel::Gradients)->size();
    QVERIFY2(copied.width() >= 2 * on_screen.width(), qPrintable(QString::number(copied.width())));
    QVERIFY(copied.height() >= 2 * on_screen.height());
}

QTEST_MAIN(ExportTest)
#include "tst_export.moc"
