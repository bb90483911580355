#include "ui/page_export.h"

#include <QCoreApplication>
#include <QImageWriter>
#include <QLayout>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QWidget>

#include <cmath>

namespace distillscope::ui {

namespace {

class PageText {
    Q_DECLARE_TR_FUNCTIONS(PageText)
};

constexpr int kJpegQuality = 92;

QSize pageSize(const FigureOptions& options)
{
    return options.size.isEmpty() ? defaultFigureSize(FigurePanel::Dashboard) : options.size;
}

// Lays `page` out at `size` although its window may never be shown.
void layOut(QWidget& page, QSize size)
{
    page.ensurePolished();
    page.resize(size);
    if (QLayout* layout = page.layout())
        layout->activate();
    QCoreApplication::sendPostedEvents();
}

QString writeRaster(QIODevice& device, QWidget& page, const FigureOptions& options, bool jpeg)
{
    const QSize size = pageSize(options);
    const QSize pixels(int(std::lround(size.width() * options.scale)),
                       int(std::lround(size.height() * options.scale)));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(1.0);
    image.fill(options.transparent && !jpeg ? QColor(Qt::transparent) : QColor(Qt::white));
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.scale(options.scale, options.scale);
        page.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    }
    const int dots_per_metre = int(std::lround(options.dpi * options.scale / 0.0254));
    image.setDotsPerMeterX(dots_per_metre);
    image.setDotsPerMeterY(dots_per_metre);

    QImageWriter writer(&device, jpeg ? "jpeg" : "png");
    if (jpeg)
        writer.setQuality(kJpegQuality);
    if (!writer.write(jpeg ? image.convertToFormat(QImage::Format_RGB32) : image))
        return writer.errorString();
    return {};
}

QString writeSvg(QIODevice& device, QWidget& page, const FigureOptions& options)
{
    const QSize size = pageSize(options);
    QSvgGenerator generator;
    generator.setOutputDevice(&device);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setResolution(int(std::lround(options.dpi)));
    generator.setDescription(PageText::tr("DistillScope page"));
    QPainter painter;
    if (!painter.begin(&generator))
        return PageText::tr("the SVG generator could not start painting");
    if (!options.transparent)
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    page.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    return {};
}

QString writePdf(QIODevice& device, QWidget& page, const FigureOptions& options)
{
    const QSize size = pageSize(options);
    QPdfWriter writer(&device);
    // At 72 DPI one device unit is one point, as in writeFigure.
    writer.setResolution(72);
    const QPageSize page_size(QSizeF(size), QPageSize::Point, QString(), QPageSize::ExactMatch);
    writer.setPageLayout(QPageLayout(page_size, QPageLayout::Portrait, QMarginsF(), QPageLayout::Point));
    writer.setCreator(QStringLiteral("DistillScope"));
    QPainter painter;
    if (!painter.begin(&writer))
        return PageText::tr("the PDF writer could not start painting");
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    page.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    return {};
}

} // namespace

WriteResult writePageFigure(QWidget& page, const FigureOptions& options, FigureFormat format,
                            const QString& path)
{
    layOut(page, pageSize(options));
    return writeFileAtomically(path, [&](QIODevice& device) -> QString {
        switch (format) {
        case FigureFormat::Png: return writeRaster(device, page, options, false);
        case FigureFormat::Jpeg: return writeRaster(device, page, options, true);
        case FigureFormat::Svg: return writeSvg(device, page, options);
        case FigureFormat::Pdf: return writePdf(device, page, options);
        }
        return PageText::tr("unknown format");
    });
}

} // namespace distillscope::ui
