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
#include <QPen>

class QCPColorGradient;

namespace distillscope::ui {

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

    double curveWidth() const { return 2.0; }
    double thinCurveWidth() const { return 1.0; }
    double markerSize() const { return 9.0; }
};

// The one theme of the application.
const Theme& theme();

} // namespace distillscope::ui
