#pragma once

// The look of an exported figure: the bundled font at sizes fixed in pixels,
// and a light or dark colour scheme, applied to live plots for the time of
// one export and undone afterwards.
//
// Fonts become pixel-sized because QCustomPlot 2.1.0 measures text with
// QFontMetrics(font), which converts points at the screen's DPI, while the
// painter converts them at the paint device's DPI. With a pixel size both
// agree on every device (image, SVG, PDF), so labels never overlap or clip.

#include "ui/theme.h"

#include <QColor>
#include <QString>

#include <functional>
#include <optional>
#include <span>
#include <vector>

class QCPAxis;
class QCustomPlot;
class QFont;

namespace distillscope::ui {

enum class FigureTheme { Light, Dark };

struct FigureStyle {
    QString font_family;        // the family registered by registerBundledFonts()
    double dpi = 96.0;          // converts point sizes to pixels of the figure
    FigureTheme theme = FigureTheme::Light;
    bool transparent = false;   // no background fill behind the plots

    QColor background() const;
    QColor foreground() const;  // text, axes and ticks
    QColor grid() const;
    // Converts a font of the window to the figure's font: the bundled family,
    // sized in pixels of the figure for `dpi`. Window sizes are taken
    // relative to the system font, so an export looks the same whatever the
    // desktop's font size.
    QFont font(const QFont& window_font) const;
    // Returns a colour of the light window scheme as the dark scheme shows it:
    // greys, black and white flip their lightness, and hues stay.
    QColor adapt(const QColor& color) const;
};

// Applies a FigureStyle to plots and restores their previous look when it
// goes out of scope. Inside the scope theme() is in the plain light mode,
// and the plots start from that look, so a figure is the same whatever mode
// the window shows. The plots must outlive the scope. It does not replot:
// the caller renders with QCustomPlot::toPainter and then replots once.
class FigureStyleScope {
public:
    FigureStyleScope(std::span<QCustomPlot* const> plots, const FigureStyle& style);
    ~FigureStyleScope();

    FigureStyleScope(const FigureStyleScope&) = delete;
    FigureStyleScope& operator=(const FigureStyleScope&) = delete;

private:
    void styleAxis(QCPAxis* axis);
    void stylePlot(QCustomPlot* plot);

    FigureStyle m_style;
    std::vector<QCustomPlot*> m_plots;
    std::optional<PlainThemeScope> m_plain_theme;
    std::vector<std::function<void()>> m_restore; // run in reverse order
};

} // namespace distillscope::ui
