#include "ui/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace distillscope::ui {

namespace {

constexpr double kCentimetresPerInch = 2.54;

// Keys and stored names of the settings, so that a renamed enumerator does
// not scramble what earlier runs stored.
const QString kGroup = QStringLiteral("export");

QString kindKey(ExportKind kind)
{
    switch (kind) {
    case ExportKind::Png: return QStringLiteral("png");
    case ExportKind::Jpeg: return QStringLiteral("jpeg");
    case ExportKind::Svg: return QStringLiteral("svg");
    case ExportKind::Pdf: return QStringLiteral("pdf");
    case ExportKind::AnimatedGif: return QStringLiteral("gif");
    case ExportKind::PngSequence: return QStringLiteral("png-sequence");
    }
    return {};
}

void selectData(QComboBox* box, const QVariant& value)
{
    const int index = box->findData(value);
    if (index >= 0)
        box->setCurrentIndex(index);
}

double unitsPerInch(ExportDialog::SizeUnit unit, double dpi)
{
    switch (unit) {
    case ExportDialog::SizeUnit::Pixels: return dpi;
    case ExportDialog::SizeUnit::Centimetres: return kCentimetresPerInch;
    case ExportDialog::SizeUnit::Inches: return 1.0;
    }
    return dpi;
}

bool isAnimation(ExportKind kind)
{
    return kind == ExportKind::AnimatedGif || kind == ExportKind::PngSequence;
}

bool allowsTransparency(ExportKind kind)
{
    return kind == ExportKind::Png || kind == ExportKind::Svg || kind == ExportKind::PngSequence;
}

bool isRaster(ExportKind kind)
{
    return kind != ExportKind::Svg && kind != ExportKind::Pdf;
}

} // namespace

QString exportSuffix(ExportKind kind)
{
    switch (kind) {
    case ExportKind::Png:
    case ExportKind::PngSequence: return QStringLiteral("png");
    case ExportKind::Jpeg: return QStringLiteral("jpg");
    case ExportKind::Svg: return QStringLiteral("svg");
    case ExportKind::Pdf: return QStringLiteral("pdf");
    case ExportKind::AnimatedGif: return QStringLiteral("gif");
    }
    return {};
}

QString exportNameFilter(ExportKind kind)
{
    switch (kind) {
    case ExportKind::Png: return ExportDialog::tr("PNG image (*.png)");
    case ExportKind::PngSequence: return ExportDialog::tr("PNG images, numbered (*.png)");
    case ExportKind::Jpeg: return ExportDialog::tr("JPEG image (*.jpg *.jpeg)");
    case ExportKind::Svg: return ExportDialog::tr("SVG drawing (*.svg)");
    case ExportKind::Pdf: return ExportDialog::tr("PDF document (*.pdf)");
    case ExportKind::AnimatedGif: return ExportDialog::tr("Animated GIF (*.gif)");
    }
    return {};
}

ExportDialog::ExportDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Export Figure"));

    m_panel = new QComboBox(this);
    m_panel->setObjectName(QStringLiteral("exportPanel"));
    for (FigurePanel panel : {FigurePanel::Dashboard, FigurePanel::Distributions,
                              FigurePanel::Gradients, FigurePanel::Sweep, FigurePanel::Surface,
                              FigurePanel::Derivation, FigurePanel::Beyond})
        m_panel->addItem(panelName(panel), panelKey(panel));

    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("exportKind"));
    m_kind->addItem(tr("PNG image"), kindKey(ExportKind::Png));
    m_kind->addItem(tr("JPEG image"), kindKey(ExportKind::Jpeg));
    m_kind->addItem(tr("SVG drawing"), kindKey(ExportKind::Svg));
    m_kind->addItem(tr("PDF document"), kindKey(ExportKind::Pdf));
    m_kind->addItem(tr("Temperature sweep, animated GIF"), kindKey(ExportKind::AnimatedGif));
    m_kind->addItem(tr("Temperature sweep, numbered PNG images"), kindKey(ExportKind::PngSequence));

    m_width = new QDoubleSpinBox(this);
    m_height = new QDoubleSpinBox(this);
    m_width->setObjectName(QStringLiteral("exportWidth"));
    m_height->setObjectName(QStringLiteral("exportHeight"));
    m_unit = new QComboBox(this);
    m_unit->setObjectName(QStringLiteral("exportUnit"));
    m_unit->addItem(tr("px"), int(SizeUnit::Pixels));
    m_unit->addItem(tr("cm"), int(SizeUnit::Centimetres));
    m_unit->addItem(tr("in"), int(SizeUnit::Inches));
    auto* size_row = new QHBoxLayout;
    size_row->addWidget(m_width);
    size_row->addWidget(new QLabel(QStringLiteral("×"), this));
    size_row->addWidget(m_height);
    size_row->addWidget(m_unit);

    m_dpi = new QDoubleSpinBox(this);
    m_dpi->setObjectName(QStringLiteral("exportDpi"));
    m_dpi->setRange(kMinFigureDpi, kMaxFigureDpi);
    m_dpi->setDecimals(0);
    m_dpi->setSuffix(tr(" dpi"));
    m_dpi->setToolTip(tr("Dots per inch: converts centimetres and inches to pixels and font "
                         "points to pixels, and is written into PNG and JPEG files"));

    m_scale = new QComboBox(this);
    m_scale->setObjectName(QStringLiteral("exportScale"));
    for (int scale = 1; scale <= 3; ++scale)
        m_scale->addItem(tr("%1×").arg(scale), scale);
    m_scale->setToolTip(tr("Pixels per unit of size in PNG and JPEG files, for sharp images on "
                           "high-density screens"));

    m_transparent = new QCheckBox(tr("Transparent background"), this);
    m_transparent->setObjectName(QStringLiteral("exportTransparent"));
    m_theme = new QComboBox(this);
    m_theme->setObjectName(QStringLiteral("exportTheme"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));

    m_pixel_size = new QLabel(this);
    m_pixel_size->setObjectName(QStringLiteral("exportPixelSize"));

    auto* form = new QFormLayout;
    form->addRow(tr("Panel"), m_panel);
    form->addRow(tr("Format"), m_kind);
    form->addRow(tr("Size"), size_row);
    form->addRow(tr("Resolution"), m_dpi);
    form->addRow(tr("Scale"), m_scale);
    form->addRow(tr("Theme"), m_theme);
    form->addRow(m_transparent);
    form->addRow(tr("Result"), m_pixel_size);

    m_animation = new QGroupBox(tr("Temperature sweep"), this);
    m_frames = new QSpinBox(m_animation);
    m_frames->setObjectName(QStringLiteral("exportFrames"));
    m_frames->setRange(1, kMaxAnimationFrames);
    m_from = new QDoubleSpinBox(m_animation);
    m_to = new QDoubleSpinBox(m_animation);
    m_from->setObjectName(QStringLiteral("exportFrom"));
    m_to->setObjectName(QStringLiteral("exportTo"));
    for (QDoubleSpinBox* box : {m_from, m_to}) {
        box->setDecimals(4);
        box->setRange(1e-4, 1e6);
    }
    m_delay = new QSpinBox(m_animation);
    m_delay->setObjectName(QStringLiteral("exportDelay"));
    m_delay->setRange(kMinFrameDelayMs, kMaxFrameDelayMs);
    m_delay->setSingleStep(10);
    m_delay->setSuffix(tr(" ms"));
    auto* animation_form = new QFormLayout(m_animation);
    animation_form->addRow(tr("Frames"), m_frames);
    animation_form->addRow(tr("First T"), m_from);
    animation_form->addRow(tr("Last T"), m_to);
    animation_form->addRow(tr("Frame delay"), m_delay);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_animation);
    layout->addWidget(buttons);

    loadSettings();

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ExportDialog::updateEnabled);
    connect(m_unit, &QComboBox::currentIndexChanged, this, [this] {
        const auto unit = SizeUnit(m_unit->currentData().toInt());
        convertSize(m_shown_unit, unit);
    });
    connect(m_panel, &QComboBox::currentIndexChanged, this, [this] {
        // A new panel starts at its own default size in the unit shown.
        const QSize size = defaultFigureSize(*panelFromKey(m_panel->currentData().toString()));
        const double per_inch = unitsPerInch(m_shown_unit, m_dpi->value()) / m_dpi->value();
        m_width->setValue(size.width() * per_inch);
        m_height->setValue(size.height() * per_inch);
    });
    for (QDoubleSpinBox* box : {m_width, m_height, m_dpi})
        connect(box, &QDoubleSpinBox::valueChanged, this, &ExportDialog::updatePixelSize);
    connect(m_scale, &QComboBox::currentIndexChanged, this, &ExportDialog::updatePixelSize);
    updateEnabled();
}

QSize ExportDialog::logicalSize(double width, double height, SizeUnit unit, double dpi)
{
    const double per_unit = dpi / unitsPerInch(unit, dpi);
    return {int(std::lround(width * per_unit)), int(std::lround(height * per_unit))};
}

void ExportDialog::setPanel(FigurePanel panel)
{
    selectData(m_panel, panelKey(panel));
}

ExportRequest ExportDialog::request() const
{
    ExportRequest request;
    const QString kind = m_kind->currentData().toString();
    for (ExportKind k : {ExportKind::Png, ExportKind::Jpeg, ExportKind::Svg, ExportKind::Pdf,
                         ExportKind::AnimatedGif, ExportKind::PngSequence}) {
        if (kindKey(k) == kind)
            request.kind = k;
    }

    FigureOptions& figure = request.animation.figure;
    figure.panel = panelFromKey(m_panel->currentData().toString()).value_or(FigurePanel::Dashboard);
    figure.dpi = m_dpi->value();
    figure.size = logicalSize(m_width->value(), m_height->value(), m_shown_unit, figure.dpi);
    figure.scale = isRaster(request.kind) ? m_scale->currentData().toDouble() : 1.0;
    figure.theme = m_theme->currentData().toString() == QLatin1String("dark") ? FigureTheme::Dark
                                                                               : FigureTheme::Light;
    figure.transparent = allowsTransparency(request.kind) && m_transparent->isChecked();

    request.animation.frames = m_frames->value();
    request.animation.from = m_from->value();
    request.animation.to = m_to->value();
    request.animation.delay_ms = m_delay->value();
    return request;
}

void ExportDialog::accept()
{
    saveSettings();
    QDialog::accept();
}

void ExportDialog::loadSettings()
{
    QSettings settings;
    settings.beginGroup(kGroup);
    selectData(m_panel, settings.value(QStringLiteral("panel"), panelKey(FigurePanel::Dashboard)));
    selectData(m_kind, settings.value(QStringLiteral("format"), kindKey(ExportKind::Png)));
    m_dpi->setValue(settings.value(QStringLiteral("dpi"), kDefaultFigureDpi).toDouble());
    selectData(m_scale, settings.value(QStringLiteral("scale"), 2));
    m_transparent->setChecked(settings.value(QStringLiteral("transparent"), false).toBool());
    selectData(m_theme, settings.value(QStringLiteral("theme"), QStringLiteral("light")));
    m_frames->setValue(settings.value(QStringLiteral("frames"), 30).toInt());
    m_from->setValue(settings.value(QStringLiteral("from"), 0.5).toDouble());
    m_to->setValue(settings.value(QStringLiteral("to"), 50.0).toDouble());
    m_delay->setValue(settings.value(QStringLiteral("delay_ms"), 100).toInt());

    const int unit = settings.value(QStringLiteral("unit"), int(SizeUnit::Pixels)).toInt();
    selectData(m_unit, unit);
    m_shown_unit = SizeUnit(m_unit->currentData().toInt());
    convertSize(m_shown_unit, m_shown_unit);
    const QSize fallback = defaultFigureSize(request().animation.figure.panel);
    const double per_inch = unitsPerInch(m_shown_unit, m_dpi->value()) / m_dpi->value();
    m_width->setValue(settings.value(QStringLiteral("width"), fallback.width() * per_inch).toDouble());
    m_height->setValue(settings.value(QStringLiteral("height"), fallback.height() * per_inch).toDouble());
    updatePixelSize();
}

void ExportDialog::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.setValue(QStringLiteral("panel"), m_panel->currentData());
    settings.setValue(QStringLiteral("format"), m_kind->currentData());
    settings.setValue(QStringLiteral("width"), m_width->value());
    settings.setValue(QStringLiteral("height"), m_height->value());
    settings.setValue(QStringLiteral("unit"), m_unit->currentData());
    settings.setValue(QStringLiteral("dpi"), m_dpi->value());
    settings.setValue(QStringLiteral("scale"), m_scale->currentData());
    settings.setValue(QStringLiteral("transparent"), m_transparent->isChecked());
    settings.setValue(QStringLiteral("theme"), m_theme->currentData());
    settings.setValue(QStringLiteral("frames"), m_frames->value());
    settings.setValue(QStringLiteral("from"), m_from->value());
    settings.setValue(QStringLiteral("to"), m_to->value());
    settings.setValue(QStringLiteral("delay_ms"), m_delay->value());
}

void ExportDialog::convertSize(SizeUnit from, SizeUnit to)
{
    const double dpi = m_dpi->value();
    const double factor = unitsPerInch(to, dpi) / unitsPerInch(from, dpi);
    const double width = m_width->value() * factor;
    const double height = m_height->value() * factor;

    // Limits in the new unit: kMinFigureSide..kMaxFigureSide logical units.
    const double per_logical = unitsPerInch(to, dpi) / dpi;
    const int decimals = to == SizeUnit::Pixels ? 0 : 2;
    for (QDoubleSpinBox* box : {m_width, m_height}) {
        const QSignalBlocker blocker(box);
        box->setDecimals(decimals);
        box->setRange(kMinFigureSide * per_logical, kMaxFigureSide * per_logical);
        box->setSuffix(QString());
    }
    {
        const QSignalBlocker width_blocker(m_width);
        const QSignalBlocker height_blocker(m_height);
        m_width->setValue(width);
        m_height->setValue(height);
    }
    m_shown_unit = to;
    updatePixelSize();
}

void ExportDialog::updateEnabled()
{
    const ExportKind kind = request().kind;
    m_animation->setEnabled(isAnimation(kind));
    m_transparent->setEnabled(allowsTransparency(kind));
    m_scale->setEnabled(isRaster(kind));
    updatePixelSize();
}

void ExportDialog::updatePixelSize()
{
    const ExportRequest current = request();
    const FigureOptions& figure = current.animation.figure;
    if (!isRaster(current.kind)) {
        const QString unit = current.kind == ExportKind::Pdf ? tr("pt") : tr("px");
        m_pixel_size->setText(tr("%1 × %2 %3, vector")
                                  .arg(figure.size.width())
                                  .arg(figure.size.height())
                                  .arg(unit));
        return;
    }
    const QSize pixels = rasterSize(figure);
    m_pixel_size->setText(tr("%1 × %2 pixels at %3 dpi")
                              .arg(pixels.width())
                              .arg(pixels.height())
                              .arg(std::lround(figure.dpi * figure.scale)));
}

} // namespace distillscope::ui
