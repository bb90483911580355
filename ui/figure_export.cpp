#include "ui/figure_export.h"

#include "ui/beyond_page.h"
#include "ui/bundled_fonts.h"
#include "ui/derivation_figure.h"
#include "ui/distribution_panel.h"
#include "ui/gradient_panel.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/surface_panel.h"
#include "ui/sweep_panel.h"
#include "ui/theme.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImageWriter>
#include <QLabel>
#include <QLayout>
#include <QLoggingCategory>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

Q_LOGGING_CATEGORY(lcExport, "distillscope.ui.export", QtWarningMsg)

namespace distillscope::ui {

namespace {

class FigureText {
    Q_DECLARE_TR_FUNCTIONS(FigureText)
};

constexpr std::array kPanels = {FigurePanel::Distributions, FigurePanel::Gradients,
                                FigurePanel::Sweep, FigurePanel::Surface};
// Quality of JPEG files, 0..100: high enough that thin curves keep no
// visible ringing.
constexpr int kJpegQuality = 92;

// Gives QCustomPlot::updateLayout, which is protected, to the export. The
// using-declaration makes the member public in this class, and a pointer to
// it is a plain pointer to the QCustomPlot member, so no object of this type
// is ever needed.
struct LayoutAccess : QCustomPlot {
    using QCustomPlot::updateLayout;
};

// Lays `plot` out for its current viewport as replot() does, including the
// afterLayout signal on which ClassSeries sizes its bars. toPainter() alone
// updates the layout but does not emit the signal.
void layOut(QCustomPlot* plot)
{
    constexpr auto update_layout = &LayoutAccess::updateLayout;
    (plot->*update_layout)();
    emit plot->afterLayout();
}

// Wraps the legends of a plot into as many columns as fit `width`, and
// restores their column count when it goes out of scope. The window fits
// each legend to its own width and font, which differ from the figure's.
class LegendFit {
public:
    LegendFit(QCustomPlot* plot, int width)
    {
        for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
            auto* legend = qobject_cast<QCPLegend*>(element);
            if (!legend)
                continue;
            m_wraps.emplace_back(legend, legend->wrap());
            fitLegendColumns(legend, width);
        }
    }
    ~LegendFit()
    {
        for (const auto& [legend, wrap] : m_wraps)
            rewrap(legend, wrap);
    }

    LegendFit(const LegendFit&) = delete;
    LegendFit& operator=(const LegendFit&) = delete;

private:
    static void rewrap(QCPLegend* legend, int columns)
    {
        legend->setWrap(columns);
        // setWrap alone keeps the elements where they are; setting the fill
        // order again with rearrange = true moves them into the new grid.
        legend->setFillOrder(legend->fillOrder(), true);
    }

    std::vector<std::pair<QCPLegend*, int>> m_wraps;
};

// Paints `plot` into `rect` of the painter's logical coordinates.
void paintPlot(QCPPainter& painter, QCustomPlot* plot, const QRect& rect)
{
    const LegendFit legend_fit(plot, rect.width());
    const QRect window_viewport = plot->viewport();
    plot->setViewport(QRect(QPoint(0, 0), rect.size()));
    layOut(plot);

    painter.save();
    painter.translate(rect.topLeft());
    plot->toPainter(&painter, rect.width(), rect.height());
    painter.restore();

    plot->setViewport(window_viewport);
}

// The heading the panel shows above its plot in the window.
QString panelHeading(const MainWindow& window, FigurePanel panel)
{
    const PlotView* plot = panelPlot(window, panel);
    const QWidget* frame = plot ? plot->parentWidget() : nullptr;
    const QLayoutItem* first = frame && frame->layout() ? frame->layout()->itemAt(0) : nullptr;
    if (const auto* heading = first ? qobject_cast<const QLabel*>(first->widget()) : nullptr)
        return heading->text();
    return panelName(panel);
}

// The window's arrangement: soft targets and gradients side by side on top,
// then the sweep, then the surfaces, each with its heading above it.
void paintDashboard(QCPPainter& painter, const MainWindow& window, const QSize& size,
                    const FigureStyle& style)
{
    const int margin = int(std::lround(6.0 * style.dpi / 96.0));
    QFont heading_font = style.font(theme().labelFont());
    heading_font.setBold(true);
    const int heading_height = QFontMetrics(heading_font).height() + margin / 2;

    const int row_height = size.height() / 3;
    const int half_width = size.width() / 2;
    const std::array<std::pair<FigurePanel, QRect>, 4> cells = {{
        {FigurePanel::Distributions, QRect(0, 0, half_width, row_height)},
        {FigurePanel::Gradients, QRect(half_width, 0, size.width() - half_width, row_height)},
        {FigurePanel::Sweep, QRect(0, row_height, size.width(), row_height)},
        {FigurePanel::Surface,
         QRect(0, 2 * row_height, size.width(), size.height() - 2 * row_height)},
    }};

    painter.setFont(heading_font);
    painter.setPen(style.foreground());
    for (const auto& [panel, cell] : cells) {
        const QRect inner = cell.adjusted(margin, margin, -margin, -margin);
        const QRect heading_rect(inner.topLeft(), QSize(inner.width(), heading_height));
        const QString heading = QFontMetrics(heading_font)
                                    .elidedText(panelHeading(window, panel), Qt::ElideRight,
                                                heading_rect.width());
        painter.drawText(heading_rect, Qt::AlignLeft | Qt::AlignTop, heading);
        const QRect plot_rect = inner.adjusted(0, heading_height, 0, 0);
        if (plot_rect.width() > 0 && plot_rect.height() > 0)
            paintPlot(painter, panelPlot(window, panel), plot_rect);
    }
}

// The current beyond view with its title line and its summary above the
// plot, each wrapped to the figure's width.
void paintBeyond(QCPPainter& painter, const MainWindow& window, QCustomPlot* plot, const QSize& size,
                 const FigureStyle& style)
{
    const int margin = int(std::lround(6.0 * style.dpi / 96.0));
    QFont title_font = style.font(theme().labelFont());
    title_font.setBold(true);
    const QFont summary_font = style.font(theme().tickFont());
    const BeyondPage* page = beyondPage(window);
    const std::pair<QFont, QString> lines[] = {{title_font, beyondFigureTitle(window)},
                                               {summary_font, page ? page->summary() : QString()}};

    painter.setPen(style.foreground());
    int top = margin;
    const int width = size.width() - 2 * margin;
    for (const auto& [font, text] : lines) {
        if (text.isEmpty() || width <= 0)
            continue;
        painter.setFont(font);
        const QRect room(margin, top, width, size.height());
        const QRect used = QFontMetrics(font).boundingRect(room, Qt::TextWordWrap, text);
        painter.drawText(room, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text);
        top = used.bottom() + 1 + margin / 2;
    }
    const QRect plot_rect(0, top, size.width(), size.height() - top);
    if (plot_rect.width() > 0 && plot_rect.height() > 0)
        paintPlot(painter, plot, plot_rect);
}

FigureStyle figureStyle(const FigureOptions& options, bool transparent)
{
    FigureStyle style;
    style.font_family = registerBundledFonts();
    style.dpi = options.dpi;
    style.theme = options.theme;
    style.transparent = transparent;
    return style;
}

QSize figureSize(const FigureOptions& options)
{
    return options.size.isEmpty() ? defaultFigureSize(options.panel) : options.size;
}

// Paints the figure into logical coordinates (0, 0)..figureSize(options) of
// `painter`, then gives the plots their window look back.
void paintFigure(QCPPainter& painter, MainWindow& window, const FigureOptions& options,
                 const FigureStyle& style)
{
    const QSize size = figureSize(options);
    if (!style.transparent)
        painter.fillRect(QRect(QPoint(0, 0), size), style.background());
    if (options.panel == FigurePanel::Derivation) {
        paintDerivationFigure(painter, window, size, style);
        return;
    }

    std::vector<QCustomPlot*> plots;
    if (options.panel == FigurePanel::Dashboard) {
        for (FigurePanel panel : kPanels)
            plots.push_back(panelPlot(window, panel));
    } else {
        plots.push_back(panelPlot(window, options.panel));
    }

    {
        const FigureStyleScope scope(plots, style);
        if (options.panel == FigurePanel::Dashboard)
            paintDashboard(painter, window, size, style);
        else if (options.panel == FigurePanel::Beyond)
            paintBeyond(painter, window, plots.front(), size, style);
        else
            paintPlot(painter, plots.front(), QRect(QPoint(0, 0), size));
    }
    // The window's own layout comes back with the next event loop pass.
    for (QCustomPlot* plot : plots)
        plot->replot(QCustomPlot::rpQueuedReplot);
}

QString writeRaster(QIODevice& device, const QImage& image, const char* format, int quality)
{
    QImageWriter writer(&device, format);
    writer.setQuality(quality);
    if (!writer.write(image))
        return writer.errorString();
    return {};
}

QString writeSvg(QIODevice& device, MainWindow& window, const FigureOptions& options)
{
    const QSize size = figureSize(options);
    QSvgGenerator generator;
    generator.setOutputDevice(&device);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setResolution(int(std::lround(options.dpi)));
    generator.setTitle(panelName(options.panel));
    generator.setDescription(FigureText::tr("DistillScope figure"));

    QCPPainter painter;
    if (!painter.begin(&generator))
        return FigureText::tr("the SVG generator could not start painting");
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNonCosmetic);
    paintFigure(painter, window, options, figureStyle(options, options.transparent));
    painter.end();
    return {};
}

QString writePdf(QIODevice& device, MainWindow& window, const FigureOptions& options)
{
    const QSize size = figureSize(options);
    QPdfWriter writer(&device);
    // At 72 DPI one device unit is one point, so the logical units of the
    // figure map to the page without a transform.
    writer.setResolution(72);
    const QPageSize page(QSizeF(size), QPageSize::Point, QString(), QPageSize::ExactMatch);
    writer.setPageLayout(QPageLayout(page, QPageLayout::Portrait, QMarginsF(), QPageLayout::Point));
    writer.setCreator(QStringLiteral("DistillScope"));
    writer.setTitle(panelName(options.panel));

    QCPPainter painter;
    if (!painter.begin(&writer))
        return FigureText::tr("the PDF writer could not start painting");
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNonCosmetic);
    paintFigure(painter, window, options, figureStyle(options, false));
    painter.end();
    return {};
}

} // namespace

QString panelKey(FigurePanel panel)
{
    switch (panel) {
    case FigurePanel::Dashboard: return QStringLiteral("dashboard");
    case FigurePanel::Distributions: return QStringLiteral("distributions");
    case FigurePanel::Gradients: return QStringLiteral("gradients");
    case FigurePanel::Sweep: return QStringLiteral("sweep");
    case FigurePanel::Surface: return QStringLiteral("surface");
    case FigurePanel::Derivation: return QStringLiteral("derivation");
    case FigurePanel::Beyond: return QStringLiteral("beyond");
    }
    return {};
}

std::optional<FigurePanel> panelFromKey(const QString& key)
{
    for (FigurePanel panel : {FigurePanel::Dashboard, FigurePanel::Distributions,
                              FigurePanel::Gradients, FigurePanel::Sweep, FigurePanel::Surface,
                              FigurePanel::Derivation, FigurePanel::Beyond}) {
        if (panelKey(panel) == key)
            return panel;
    }
    return std::nullopt;
}

QString panelName(FigurePanel panel)
{
    switch (panel) {
    case FigurePanel::Dashboard: return FigureText::tr("Whole dashboard");
    case FigurePanel::Distributions: return FigureText::tr("Soft targets");
    case FigurePanel::Gradients: return FigureText::tr("Gradients");
    case FigurePanel::Sweep: return FigureText::tr("Temperature sweep");
    case FigurePanel::Surface: return FigureText::tr("Loss surfaces");
    case FigurePanel::Derivation: return FigureText::tr("Derivation");
    case FigurePanel::Beyond: return FigureText::tr("Beyond the paper");
    }
    return {};
}

QSize defaultFigureSize(FigurePanel panel)
{
    switch (panel) {
    case FigurePanel::Dashboard: return {1600, 1200};
    case FigurePanel::Surface: return {1200, 420};
    case FigurePanel::Derivation: return {1000, 1400};
    case FigurePanel::Distributions:
    case FigurePanel::Gradients:
    case FigurePanel::Sweep:
    case FigurePanel::Beyond: return {800, 500};
    }
    return {800, 500};
}

std::optional<FigureFormat> formatFromPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return FigureFormat::Png;
    if (suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg"))
        return FigureFormat::Jpeg;
    if (suffix == QLatin1String("svg"))
        return FigureFormat::Svg;
    if (suffix == QLatin1String("pdf"))
        return FigureFormat::Pdf;
    return std::nullopt;
}

QString formatSuffix(FigureFormat format)
{
    switch (format) {
    case FigureFormat::Png: return QStringLiteral("png");
    case FigureFormat::Jpeg: return QStringLiteral("jpg");
    case FigureFormat::Svg: return QStringLiteral("svg");
    case FigureFormat::Pdf: return QStringLiteral("pdf");
    }
    return {};
}

QSize rasterSize(const FigureOptions& options)
{
    const QSize size = figureSize(options);
    return {int(std::lround(size.width() * options.scale)),
            int(std::lround(size.height() * options.scale))};
}

PlotView* panelPlot(const MainWindow& window, FigurePanel panel)
{
    switch (panel) {
    case FigurePanel::Dashboard:
    case FigurePanel::Derivation: return nullptr;
    case FigurePanel::Distributions: return window.distributionPanel()->plot();
    case FigurePanel::Gradients: return window.gradientPanel()->plot();
    case FigurePanel::Sweep: return window.sweepPanel()->plot();
    case FigurePanel::Surface: return window.surfacePanel()->plot();
    case FigurePanel::Beyond: {
        BeyondPage* page = beyondPage(window);
        return page ? page->currentPlot() : nullptr;
    }
    }
    return nullptr;
}

QString beyondFigureTitle(const MainWindow& window)
{
    const BeyondPage* page = beyondPage(window);
    if (!page)
        return {};
    QString title = FigureText::tr("%1, T = %2")
                        .arg(page->viewBox()->currentText(), formatNumber(window.temperature(), 6));
    const QString view = page->currentView();
    if (view == QLatin1String("hard-targets")) {
        const QStringList& names = window.logitModel()->names();
        const Index label = page->hardLabel();
        title += FigureText::tr(", w = %1 (%2), hard label y = %3")
                     .arg(formatNumber(page->mixingWeight(), 3), page->conventionBox()->currentText(),
                          label >= 0 && label < names.size() ? names[label] : QString::number(label));
    } else if (view == QLatin1String("two-classes")) {
        title += FigureText::tr(", classes %1 and %2")
                     .arg(page->firstClassBox()->currentText(), page->secondClassBox()->currentText());
    }
    return title;
}

QImage renderFigure(MainWindow& window, const FigureOptions& options)
{
    const QSize size = figureSize(options);
    const QSize pixels = rasterSize(options);
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(1.0);
    image.fill(Qt::transparent);

    {
        QCPPainter painter(&image);
        painter.setMode(QCPPainter::pmNonCosmetic);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.scale(double(pixels.width()) / size.width(), double(pixels.height()) / size.height());
        paintFigure(painter, window, options, figureStyle(options, options.transparent));
    }

    // Pixels per metre at DPI * scale keep the physical size at W/DPI inches.
    const int dots_per_metre = int(std::lround(options.dpi * options.scale / 0.0254));
    image.setDotsPerMeterX(dots_per_metre);
    image.setDotsPerMeterY(dots_per_metre);
    qCDebug(lcExport) << "rendered" << panelKey(options.panel) << pixels;
    return image;
}

WriteResult writeFileAtomically(const QString& path,
                                 const std::function<QString(QIODevice& device)>& write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        qCDebug(lcExport) << "cannot open" << path << file.errorString();
        return unexpected(FigureText::tr("cannot write '%1': %2").arg(path, file.errorString()));
    }
    const QString problem = write(file);
    if (!problem.isEmpty()) {
        file.cancelWriting();
        qCDebug(lcExport) << "writing" << path << "failed:" << problem;
        return unexpected(FigureText::tr("writing '%1' failed: %2").arg(path, problem));
    }
    if (!file.commit()) {
        qCDebug(lcExport) << "committing" << path << "failed:" << file.errorString();
        return unexpected(FigureText::tr("writing '%1' failed: %2").arg(path, file.errorString()));
    }
    return Ok{};
}

WriteResult writeFigure(MainWindow& window, const FigureOptions& options, FigureFormat format,
                        const QString& path)
{
    return writeFileAtomically(path, [&](QIODevice& device) -> QString {
        switch (format) {
        case FigureFormat::Png:
            return writeRaster(device, renderFigure(window, options), "png", -1);
        case FigureFormat::Jpeg: {
            FigureOptions opaque = options;
            opaque.transparent = false;
            const QImage image = renderFigure(window, opaque).convertToFormat(QImage::Format_RGB32);
            return writeRaster(device, image, "jpeg", kJpegQuality);
        }
        case FigureFormat::Svg: return writeSvg(device, window, options);
        case FigureFormat::Pdf: return writePdf(device, window, options);
        }
        return FigureText::tr("unknown format");
    });
}

} // namespace distillscope::ui
