#include "ui/theme.h"

#include <qcustomplot.h>

#include <QFontDatabase>

namespace distillscope::ui {

const QColor Theme::kBlack{0x00, 0x00, 0x00};
const QColor Theme::kOrange{0xe6, 0x9f, 0x00};
const QColor Theme::kSkyBlue{0x56, 0xb4, 0xe9};
const QColor Theme::kBluishGreen{0x00, 0x9e, 0x73};
const QColor Theme::kYellow{0xf0, 0xe4, 0x42};
const QColor Theme::kBlue{0x00, 0x72, 0xb2};
const QColor Theme::kVermillion{0xd5, 0x5e, 0x00};
const QColor Theme::kReddishPurple{0xcc, 0x79, 0xa7};

QuantityStyle Theme::style(Quantity quantity) const
{
    switch (quantity) {
    case Quantity::Teacher: return {kBlue, Qt::SolidLine};
    case Quantity::Student: return {kVermillion, Qt::SolidLine};
    case Quantity::Exact: return {kBlack, Qt::SolidLine};
    case Quantity::Taylor: return {kSkyBlue, Qt::DashLine};
    case Quantity::ZeroMean: return {kBluishGreen, Qt::SolidLine};
    case Quantity::SecondOrder: return {kReddishPurple, Qt::DotLine};
    case Quantity::RelativeError: return {kOrange, Qt::SolidLine};
    }
    return {};
}

QPen Theme::pen(Quantity quantity, bool emphasis) const
{
    const QuantityStyle s = style(quantity);
    QPen pen(s.color, emphasis ? curveWidth() : thinCurveWidth(), s.line);
    pen.setCapStyle(Qt::FlatCap);
    return pen;
}

QColor Theme::matchRegionFill() const
{
    QColor fill = kYellow;
    fill.setAlpha(90);
    return fill;
}

QPen Theme::matchMarkerPen() const
{
    return QPen(kOrange.darker(130), 1.5);
}

QPen Theme::currentTemperaturePen() const
{
    return QPen(QColor(0x55, 0x55, 0x55), 1.5, Qt::SolidLine);
}

QPen Theme::poleMarkerPen() const
{
    return QPen(kSkyBlue, 1.5, Qt::DashDotLine);
}

QPen Theme::isoLinePen() const
{
    return QPen(QColor(255, 255, 255, 150), 1.0);
}

QCPColorGradient Theme::lossGradient() const
{
    // Five stops sampled from the viridis map (van der Walt and Smith, 2015),
    // which QCustomPlot 2.1.0 does not ship as a preset.
    QCPColorGradient gradient;
    gradient.setColorStops({{0.00, QColor(0x44, 0x01, 0x54)},
                            {0.25, QColor(0x3b, 0x52, 0x8b)},
                            {0.50, QColor(0x21, 0x91, 0x8c)},
                            {0.75, QColor(0x5e, 0xc9, 0x62)},
                            {1.00, QColor(0xfd, 0xe7, 0x25)}});
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    return gradient;
}

QCPColorGradient Theme::differenceGradient() const
{
    QCPColorGradient gradient;
    gradient.setColorStops({{0.0, kBlue}, {0.5, Qt::white}, {1.0, kVermillion}});
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    return gradient;
}

QFont Theme::labelFont() const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    font.setPointSizeF(font.pointSizeF() * 1.05);
    return font;
}

QFont Theme::tickFont() const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    return font;
}

QFont Theme::readoutFont() const
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

namespace {

Theme& mutableTheme()
{
    static Theme instance;
    return instance;
}

} // namespace

const Theme& theme()
{
    return mutableTheme();
}

ThemeNotifier* themeNotifier()
{
    static ThemeNotifier notifier;
    return &notifier;
}

void setThemeMode(ThemeMode mode)
{
    if (mutableTheme().mode() == mode)
        return;
    mutableTheme().setMode(mode);
    emit themeNotifier()->changed();
}

} // namespace distillscope::ui
