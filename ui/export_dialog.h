#pragma once

// File > Export: the panel or the whole dashboard, the format, the size in
// pixels or in centimetres or inches at a DPI, the scale, the background and
// the theme, and for the sweep animation its frames, temperatures and delay.
// The choices are kept in QSettings under "export/" between runs.

#include "ui/sweep_animation.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace distillscope::ui {

// The output of File > Export.
enum class ExportKind { Png, Jpeg, Svg, Pdf, AnimatedGif, PngSequence };

struct ExportRequest {
    ExportKind kind = ExportKind::Png;
    AnimationOptions animation; // animation.figure: the figure options of every kind
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    enum class SizeUnit { Pixels, Centimetres, Inches };

    explicit ExportDialog(QWidget* parent = nullptr);

    // Selects `panel`, as a panel's context menu does.
    void setPanel(FigurePanel panel);
    // The request as the controls show it.
    ExportRequest request() const;
    // Stores the controls in QSettings. accept() calls it too.
    void saveSettings() const;

    // The size in logical units of `width` x `height` in `unit` at `dpi`.
    static QSize logicalSize(double width, double height, SizeUnit unit, double dpi);

    QComboBox* panelBox() const { return m_panel; }
    QComboBox* kindBox() const { return m_kind; }
    QDoubleSpinBox* widthBox() const { return m_width; }
    QDoubleSpinBox* heightBox() const { return m_height; }
    QComboBox* unitBox() const { return m_unit; }
    QDoubleSpinBox* dpiBox() const { return m_dpi; }
    QComboBox* scaleBox() const { return m_scale; }
    QCheckBox* transparentBox() const { return m_transparent; }
    QComboBox* themeBox() const { return m_theme; }
    QSpinBox* framesBox() const { return m_frames; }
    QDoubleSpinBox* fromBox() const { return m_from; }
    QDoubleSpinBox* toBox() const { return m_to; }
    QSpinBox* delayBox() const { return m_delay; }
    QLabel* pixelSizeLabel() const { return m_pixel_size; }

    void accept() override;

private:
    void loadSettings();
    void updateEnabled();
    void updatePixelSize();
    void convertSize(SizeUnit from, SizeUnit to);

    QComboBox* m_panel = nullptr;
    QComboBox* m_kind = nullptr;
    QDoubleSpinBox* m_width = nullptr;
    QDoubleSpinBox* m_height = nullptr;
    QComboBox* m_unit = nullptr;
    QDoubleSpinBox* m_dpi = nullptr;
    QComboBox* m_scale = nullptr;
    QCheckBox* m_transparent = nullptr;
    QComboBox* m_theme = nullptr;
    QGroupBox* m_animation = nullptr;
    QSpinBox* m_frames = nullptr;
    QDoubleSpinBox* m_from = nullptr;
    QDoubleSpinBox* m_to = nullptr;
    QSpinBox* m_delay = nullptr;
    QLabel* m_pixel_size = nullptr;
    SizeUnit m_shown_unit = SizeUnit::Pixels;
};

// The file suffix and the name filter of the save dialog for `kind`.
QString exportSuffix(ExportKind kind);
QString exportNameFilter(ExportKind kind);

} // namespace distillscope::ui
