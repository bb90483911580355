#pragma once

// The numbers behind each panel as CSV, so that a figure can be redrawn in
// another program.
//
// Every value comes from the numeric core through the window's state (or,
// for the surfaces, from the cells the core filled in), scaled as the panel
// shows it. The first line names the columns with their units in brackets;
// lines starting with '#' above it give the settings the numbers depend on.
// Numbers have 17 significant digits, so they read back to the same double;
// an empty field is a value the panel does not draw (Eq. 3 at its pole).

#include "ui/figure_export.h"

#include <QString>

namespace distillscope::ui {

class MainWindow;

// Returns the CSV text of `panel`. Precondition: panel is not Dashboard,
// which has no single table.
QString panelDataCsv(const MainWindow& window, FigurePanel panel);

} // namespace distillscope::ui
