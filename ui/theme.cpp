#include "ui/theme.h"

#include <qcustomplot.h>

#include <QFontDatabase>

namespace distillscope::ui {

namespace {

// Below this HSV saturation (0..255) a colour counts as grey and flips in the
// dark scheme; Okabe-Ito hues are all far above it.
constexpr int kGreySaturation = 40;
// The dark scheme's background and text, the same as a dark figure export's.
const QColor kDarkBackground{0x1e, 0x1e, 0x1e};
const QColor kDarkForeground{0xe8, 0xe8, 0xe8};

} // namespace

QColor darkVariant(const QColor& color)
{
    if (color.hsvSaturation() >= kGreySaturation)
        return color;
    QColor flipped = QColor::fromHsl(color.hslHue(), color.hslSaturation(), 255 - color.lightness());
    flipped.setAlpha(color.alpha());
    return flipped;
}

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
    QuantityStyle s;
    switch (quantity) {
    case Quantity::Teacher: s = {kBlue, Qt::SolidLine, QCPScatterStyle::ssCircle}; break;
    case Quantity::Student: s = {kVermillion, Qt::DashLine, QCPScatterStyle::ssSquare}; break;
    case Quantity::Exact: s = {kBlack, Qt::SolidLine, QCPScatterStyle::ssDiamond}; break;
    case Quantity::Taylor: s = {kSkyBlue, Qt::DashLine, QCPScatterStyle::ssTriangle}; break;
    case Quantity::ZeroMean:
        s = {kBluishGreen, Qt::DashDotLine, QCPScatterStyle::ssTriangleInverted};
        break;
    case Quantity::SecondOrder: s = {kReddishPurple, Qt::DotLine, QCPScatterStyle::ssCrossSquare}; break;
    case Quantity::RelativeError: s = {kOrange, Qt::SolidLine, QCPScatterStyle::ssNone}; break;
    }
    s.color = adapt(s.color);
    return s;
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
    // Pale yellow vanishes on a projected white screen, so projector mode
    // shades with a stronger orange.
    QColor fill = m_mode.projector ? kOrange : kYellow;
    fill.setAlpha(m_mode.projector ? 110 : (m_mode.dark ? 60 : 90));
    return fill;
}

QColor Theme::dipRegionFill() const
{
    QColor fill = matchRegionFill();
    fill.setAlphaF(fill.alphaF() / 2.0);
    return fill;
}

QPen Theme::matchMarkerPen() const
{
    return QPen(kOrange.darker(130), m_mode.projector ? 3.0 : 1.5);
}

QPen Theme::currentTemperaturePen() const
{
    const QColor grey = m_mode.projector ? QColor(0x22, 0x22, 0x22) : QColor(0x55, 0x55, 0x55);
    return QPen(adapt(grey), m_mode.projector ? 3.0 : 1.5, Qt::SolidLine);
}

QPen Theme::poleMarkerPen() const
{
    return QPen(kSkyBlue, m_mode.projector ? 3.0 : 1.5, Qt::DashDotLine);
}

QPen Theme::isoLinePen() const
{
    // White is visible on most of the loss map, which is dark for low loss.
    // The dark scheme dims the lines, so they do not glare next to the
    // dark window.
    QColor line(Qt::white);
    line.setAlpha(m_mode.projector ? 220 : (m_mode.dark ? 110 : 150));
    return QPen(line, m_mode.projector ? 2.0 : 1.0);
}

QPen Theme::differenceIsoLinePen() const
{
    if (m_mode == ThemeMode{})
        return isoLinePen();
    // Lines in the background colour would vanish in the map's centre, so
    // they take the text colour.
    QColor line = foreground();
    line.setAlpha(m_mode.projector ? 170 : 110);
    return QPen(line, m_mode.projector ? 2.0 : 1.0);
}

QColor Theme::background() const
{
    return m_mode.dark ? kDarkBackground : QColor(Qt::white);
}

QColor Theme::foreground() const
{
    return m_mode.dark ? kDarkForeground : QColor(Qt::black);
}

QColor Theme::gridColor() const
{
    if (m_mode.dark)
        return m_mode.projector ? QColor(0x70, 0x70, 0x70) : QColor(0x44, 0x44, 0x44);
    return m_mode.projector ? QColor(0x90, 0x90, 0x90) : QColor(0xd8, 0xd8, 0xd8);
}

QPen Theme::gridPen() const
{
    return QPen(gridColor(), m_mode.projector ? 1.5 : 0.0, Qt::DotLine);
}

QPen Theme::zeroLinePen() const
{
    // The normal mode keeps QCustomPlot's own light grey cosmetic pen.
    const QColor grey = m_mode.projector ? QColor(0x80, 0x80, 0x80) : QColor(200, 200, 200);
    return QPen(adapt(grey), m_mode.projector ? 1.5 : 0.0, Qt::SolidLine);
}

QPen Theme::axisPen() const
{
    // Width 0 is QCustomPlot's own cosmetic one-pixel axis pen.
    return QPen(foreground(), m_mode.projector ? 2.0 : 0.0, Qt::SolidLine, Qt::SquareCap);
}

QBrush Theme::labelBackground() const
{
    QColor box = background();
    box.setAlpha(200);
    return box;
}

QPalette Theme::windowPalette(const QPalette& light) const
{
    if (!m_mode.dark)
        return light;
    const QColor window(0x2b, 0x2b, 0x2b);
    const QColor base(0x1e, 0x1e, 0x1e);
    const QColor disabled_text(0x80, 0x80, 0x80);
    QPalette dark;
    dark.setColor(QPalette::Window, window);
    dark.setColor(QPalette::WindowText, kDarkForeground);
    dark.setColor(QPalette::Base, base);
    dark.setColor(QPalette::AlternateBase, window);
    dark.setColor(QPalette::ToolTipBase, window);
    dark.setColor(QPalette::ToolTipText, kDarkForeground);
    dark.setColor(QPalette::PlaceholderText, disabled_text);
    dark.setColor(QPalette::Text, kDarkForeground);
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, kDarkForeground);
    dark.setColor(QPalette::BrightText, kVermillion);
    dark.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
    dark.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    dark.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x30));
    dark.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
    dark.setColor(QPalette::Shadow, Qt::black);
    dark.setColor(QPalette::Highlight, kBlue);
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Link, kSkyBlue);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        dark.setColor(QPalette::Disabled, role, disabled_text);
    return dark;
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
    gradient.setColorStops({{0.0, kBlue}, {0.5, background()}, {1.0, kVermillion}});
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    return gradient;
}

QFont Theme::labelFont() const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    font.setPointSizeF(font.pointSizeF() * 1.05 * fontScale());
    return font;
}

QFont Theme::tickFont() const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    font.setPointSizeF(font.pointSizeF() * 0.9 * fontScale());
    return font;
}

QFont Theme::readoutFont() const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(font.pointSizeF() * fontScale());
    return font;
}

QFont Theme::windowFont() const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    font.setPointSizeF(font.pointSizeF() * fontScale());
    return font;
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

PlainThemeScope::PlainThemeScope() : m_mode(theme().mode())
{
    mutableTheme().setMode(ThemeMode{});
}

PlainThemeScope::~PlainThemeScope()
{
    mutableTheme().setMode(m_mode);
}

} // namespace distillscope::ui
