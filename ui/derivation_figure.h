#pragma once

// The derivation page as a figure and as CSV: every step's title, typeset
// equation and live numbers for the window's followed class and temperature.
// The equations stay vectors in SVG and PDF, because QSvgRenderer paints
// their paths into the export's painter, and the numbers are text.

#include "ui/figure_style.h"

#include <QSize>
#include <QString>

class QPainter;

namespace distillscope::ui {

class MainWindow;

// Paints the derivation into (0, 0)..size of `painter`'s logical coordinates
// in the colours and fonts of `style`. Cost O(1) beyond loading the
// equations, since the window already evaluated the temperature.
void paintDerivationFigure(QPainter& painter, const MainWindow& window, const QSize& size,
                           const FigureStyle& style);

// Returns the numbers of every step as CSV: the settings as '#' lines, then
// one line per number with its step, row key, label and value. Values have
// 17 significant digits, inf where they overflow and nothing where they do
// not exist. The last column is log10 of the size of a value whose double
// underflowed or overflowed.
QString derivationCsv(const MainWindow& window);

} // namespace distillscope::ui
