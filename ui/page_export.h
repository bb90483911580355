#pragma once

// Figures of a whole page of the window other than the plots, such as the
// derivation, for `export --lesson` on a lesson that shows one.
//
// NOTE: a page is drawn as the widget paints itself on screen, through
// QWidget::render, so the figure's light or dark theme does not apply; SVG
// and PDF files hold the painted shapes and text, not separate plot items.

#include "ui/figure_export.h"

class QWidget;

namespace distillscope::ui {

// Writes `page`, resized to options.size, to `path` in `format` as
// writeFigure does: PNG and JPEG at options.scale pixels per unit and
// options.dpi, SVG with viewBox "0 0 W H", PDF with one page of W x H points.
// Precondition: a QApplication exists and the size is within the limits of
// figure_export.h.
WriteResult writePageFigure(QWidget& page, const FigureOptions& options, FigureFormat format,
                            const QString& path);

} // namespace distillscope::ui
