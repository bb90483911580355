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
#include <QPen>

class QCPColorGradient;

namespace distillscope::ui {

// How the window is shown: light or dark, and the projector mode for lecture
// halls, with larger fonts, thicker lines and stronger contrast.
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

struct QuantityStyle {
    QColor color;
    Qt::PenStyle line = Qt::SolidLine;
};

class Theme {
public:
    ThemeMode mode() const { return m_mode; }
    void setMode(ThemeMode mode) { m_mode = mode; }
    // Multiplies every font size of the window: 1 normally, larger in
    // projector mode.
    double fontScale() const { return m_mode.projector ? 1.5 : 1.0; }

    // The Okabe-Ito colours by name.
    static const QColor kBlack, kOrange, kSkyBlue, kBluishGreen, kYellow, kBlue, kVermillion,
        kReddishPurple;

    QuantityStyle style(Quantity quantity) const;
    // A pen for a curve of `quantity`; `emphasis` false gives the thinner pen
    // used for the max-norm companions of per-class curves.
    QPen pen(Quantity quantity, bool emphasis = true) const;

    QColor matchRegionFill() const;   // temperatures where Eq. 4 is within eps
    QPen matchMarkerPen() const;      // the line at T*(eps)
    QPen currentTemperaturePen() const;
    QPen poleMarkerPen() const;
    QPen isoLinePen() const;
    QColor background() const { return Qt::white; }
    QColor gridColor() const { return QColor(0xd8, 0xd8, 0xd8); }

    // One sequential map for both loss surfaces, dark for low loss, and a
    // diverging map centred on zero for their difference.
    QCPColorGradient lossGradient() const;
    QCPColorGradient differenceGradient() const;

    QFont labelFont() const;
    QFont tickFont() const;
    QFont readoutFont() const;

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

} // namespace distillscope::ui
