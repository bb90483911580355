#pragma once

// Figures of the window's panels for slides and papers: one panel or the
// whole dashboard, as PNG, JPEG, SVG or PDF, at a size and resolution chosen
// by the user, from the live window or from one created offscreen.
//
// A figure is laid out in logical units of W x H. Fonts are sized for the
// figure's DPI, so 9 pt text is 9/72 inch tall when the figure is shown at
// W/DPI inches wide. Each format maps the logical units in its own way:
//   PNG, JPEG  (W * scale) x (H * scale) pixels, with DPI * scale written into
//              the file, so the physical size stays W/DPI inches;
//   SVG        viewBox "0 0 W H", width and height of W/DPI inches (in mm);
//   PDF        one page of W x H points.

#include "distillscope/expected.h"
#include "ui/figure_style.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <functional>
#include <optional>

class QIODevice;

namespace distillscope::ui {

class MainWindow;
class PlotView;

// Beyond is the current view of the "Beyond the paper" page.
enum class FigurePanel { Dashboard, Distributions, Gradients, Sweep, Surface, Derivation, Beyond };
enum class FigureFormat { Png, Jpeg, Svg, Pdf };

inline constexpr double kDefaultFigureDpi = 96.0;
inline constexpr double kMinFigureDpi = 10.0;
inline constexpr double kMaxFigureDpi = 2400.0;
inline constexpr double kMaxFigureScale = 8.0;
// Sides below this cannot hold an axis with its labels.
inline constexpr int kMinFigureSide = 100;
inline constexpr int kMaxFigureSide = 20000;
// A raster of this many pixels takes 400 MB while it is painted.
inline constexpr qint64 kMaxRasterPixels = 100'000'000;

struct FigureOptions {
    FigurePanel panel = FigurePanel::Dashboard;
    QSize size;                 // logical units; empty means defaultFigureSize(panel)
    double scale = 1.0;         // raster pixels per logical unit (PNG and JPEG only)
    double dpi = kDefaultFigureDpi;
    FigureTheme theme = FigureTheme::Light;
    bool transparent = false;   // PNG and SVG only; JPEG and PDF always have a background
};

// The name of a panel on the command line and in settings, such as "sweep".
QString panelKey(FigurePanel panel);
std::optional<FigurePanel> panelFromKey(const QString& key);
// The panel's name for menus, translated.
QString panelName(FigurePanel panel);
QSize defaultFigureSize(FigurePanel panel);

// The format named by the suffix of `path`: .png, .jpg or .jpeg, .svg, .pdf,
// in any letter case.
std::optional<FigureFormat> formatFromPath(const QString& path);
QString formatSuffix(FigureFormat format); // "png", "jpg", "svg", "pdf"

// The size of the image that renderFigure returns: each side of
// options.size times options.scale, rounded to the nearest pixel.
QSize rasterSize(const FigureOptions& options);

// The plot of `panel` in `window`; nullptr for the dashboard and the
// derivation, which are not one plot.
PlotView* panelPlot(const MainWindow& window, FigurePanel panel);

// The title line of a Beyond figure: the view, T and the view's own choices,
// such as w and its convention, so that the figure alone names what it shows.
// Empty when the window has no beyond page.
QString beyondFigureTitle(const MainWindow& window);

// Renders the figure into an image of exactly rasterSize(options) pixels and
// a device pixel ratio of 1, whatever the screen's ratio. Transparent where
// options.transparent is set. Registers the bundled fonts on first use.
// Precondition: a QApplication exists and the size is within the limits above.
QImage renderFigure(MainWindow& window, const FigureOptions& options);

using WriteResult = Expected<Ok, QString>;

// Writes the figure to `path` in `format`. The file appears under its name
// only once it is complete: it is written to a temporary file in the same
// folder and renamed, so a failure leaves any earlier file untouched. Returns
// a translated message naming the path and the reason on failure.
WriteResult writeFigure(MainWindow& window, const FigureOptions& options, FigureFormat format,
                        const QString& path);

// Writes `path` atomically as writeFigure does, with `write` producing the
// content into the device. `write` returns an empty string on success or the
// reason of its failure, which then appears in the message.
WriteResult writeFileAtomically(const QString& path,
                                 const std::function<QString(QIODevice& device)>& write);

} // namespace distillscope::ui
