#pragma once

// Colours, pens and fonts of every panel, so that a quantity looks the same
// wherever it appears.
//
// The palette is Okabe and Ito's eight colours ("Color Universal Design",
// 2008), chosen to stay distinguishable under the common forms of colour
// blindness. Each quantity also keeps its own line style, so a reader who
// cannot tell two hues apart still can tell the lines apart.

#include <QColor>
#include <QFont>
#include <QObject>
#include <QPalette>
#include <QPen>

class QCPColorGradient;

namespace distillscope::ui {

// The window's look: light or dark, and the projector mode for lecture halls,
// with larger fonts, thicker lines and stronger contrast.
struct ThemeMode {
    bool dark = false;
    bool projector = false;
    friend bool operator==(const ThemeMode&, const ThemeMode&) = default;
};

// Every quantity the window draws.
enum class Quantity {
    Teacher,       // v and p
    Student,       // z and q
    Exact,         // Eq. 2 and the exact loss N T^2 KL
    Taylor,        // Eq. 3
    ZeroMean,      // Eq. 4 and the quadratic loss of Eq. 5
    SecondOrder,   // Eq. 4 plus the next term in 1/T
    RelativeError, // Eq. 4 against Eq. 2
};

// How a quantity is drawn. The line style and the marker shape each tell
// the quantities apart without their colour.
struct QuantityStyle {
    QColor color;
    Qt::PenStyle line = Qt::SolidLine;
    int marker = 0; // a QCPScatterStyle::ScatterShape
};

// Returns a colour of the light scheme as a dark scheme shows it: greys,
// black and white flip their lightness, hues stay.
QColor darkVariant(const QColor& color);

class Theme {
public:
    ThemeMode mode() const { return m_mode; }
    void setMode(ThemeMode mode) { m_mode = mode; }
    // Multiplies every font size of the window: 1 normally, larger in
    // projector mode.
    double fontScale() const { return m_mode.projector ? 1.5 : 1.0; }
    // Returns `color`, given for the light scheme, as the current mode shows it.
    QColor adapt(const QColor& color) const { return m_mode.dark ? darkVariant(color) : color; }

    // The Okabe-Ito colours by name.
    static const QColor kBlack, kOrange, kSkyBlue, kBluishGreen, kYellow, kBlue, kVermillion,
        kReddishPurple;

    QuantityStyle style(Quantity quantity) const;
    // A pen for a curve of `quantity`; `emphasis` false gives the thinner pen
    // used for the max-norm companions of per-class curves.
    QPen pen(Quantity quantity, bool emphasis = true) const;

    QColor matchRegionFill() const;   // temperatures where Eq. 4 is within eps
    QColor dipRegionFill() const;     // stretches below T* where Eq. 4 dips under eps
    QPen matchMarkerPen() const;      // the line at T*(eps)
    QPen currentTemperaturePen() const;
    QPen poleMarkerPen() const;
    QPen isoLinePen() const;
    // Iso-lines over the difference map, whose centre has the background colour.
    QPen differenceIsoLinePen() const;
    QColor background() const;
    QColor foreground() const;        // text, axes and ticks
    QColor gridColor() const;
    QPen gridPen() const;
    QPen zeroLinePen() const;         // the grid line at value 0
    QPen axisPen() const;             // axis lines and ticks
    // The box behind text items that sit over the data.
    QBrush labelBackground() const;
    // The window's widgets: the platform palette when light, a dark one when dark.
    QPalette windowPalette(const QPalette& light) const;

    // One sequential map for both loss surfaces, dark for low loss, and a
    // diverging map centred on zero for their difference.
    QCPColorGradient lossGradient() const;
    QCPColorGradient differenceGradient() const;

    // Fonts of axis labels, of ticks and legends, and of the readouts; all
    // scale with fontScale().
    QFont labelFont() const;
    QFont tickFont() const;
    QFont readoutFont() const;
    // The window's general font at fontScale().
    QFont windowFont() const;

    double curveWidth() const { return m_mode.projector ? 4.0 : 2.0; }
    double thinCurveWidth() const { return m_mode.projector ? 2.0 : 1.0; }
    double markerSize() const { return m_mode.projector ? 14.0 : 9.0; }

private:
    ThemeMode m_mode;
};

// The one theme of the application.
const Theme& theme();

// Emits changed() after setThemeMode changed the theme, so that every panel
// restyles itself.
class ThemeNotifier : public QObject {
    Q_OBJECT
signals:
    void changed();
};
ThemeNotifier* themeNotifier();
void setThemeMode(ThemeMode mode);

// Gives theme() the plain light mode for its lifetime, without notifying,
// so that a figure export draws as it would in the normal window whatever
// mode the window shows. The caller restyles what it draws on entry and
// again after the scope ends.
class PlainThemeScope {
public:
    PlainThemeScope();
    ~PlainThemeScope();
    PlainThemeScope(const PlainThemeScope&) = delete;
    PlainThemeScope& operator=(const PlainThemeScope&) = delete;

private:
    ThemeMode m_mode;
};

} // namespace distillscope::ui
