#include "ui/export_actions.h"

#include "ui/bundled_fonts.h"
#include "ui/export_dialog.h"
#include "ui/main_window.h"
#include "ui/panel_data.h"
#include "ui/plot_view.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCursor>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

#include <array>
#include <cmath>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcExport)

namespace distillscope::ui {

namespace {

constexpr int kStatusMilliseconds = 5000;
const QString kDirectoryKey = QStringLiteral("export/directory");

constexpr std::array kSinglePanels = {FigurePanel::Distributions, FigurePanel::Gradients,
                                      FigurePanel::Sweep, FigurePanel::Surface};

// The window's File menu, created when the window has none yet.
QMenu* fileMenu(MainWindow& window)
{
    if (auto* menu = window.menuBar()->findChild<QMenu*>(QStringLiteral("fileMenu")))
        return menu;
    QMenu* menu = window.menuBar()->addMenu(ExportActions::tr("&File"));
    menu->setObjectName(QStringLiteral("fileMenu"));
    return menu;
}

QString lastDirectory()
{
    return QSettings().value(kDirectoryKey, QDir::homePath()).toString();
}

void rememberDirectory(const QString& path)
{
    QSettings().setValue(kDirectoryKey, QFileInfo(path).absolutePath());
}

// Appends `suffix` when the chosen name has none of the format's suffixes.
QString withSuffix(QString path, ExportKind kind)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const bool matches = suffix == exportSuffix(kind)
        || (kind == ExportKind::Jpeg && suffix == QLatin1String("jpeg"));
    if (!matches)
        path += u'.' + exportSuffix(kind);
    return path;
}

} // namespace

ExportActions::ExportActions(MainWindow& window) : QObject(&window), m_window(window)
{
    registerBundledFonts();
    QMenu* menu = fileMenu(window);

    m_export = menu->addAction(tr("&Export Figure…"));
    m_export->setObjectName(QStringLiteral("exportFigureAction"));
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_export, &QAction::triggered, this, [this] {
        const QVariant stored = QSettings().value(QStringLiteral("export/panel"));
        exportFigure(panelFromKey(stored.toString()).value_or(FigurePanel::Dashboard));
    });

    m_copy = menu->addAction(tr("&Copy Panel Image"));
    m_copy->setObjectName(QStringLiteral("copyPanelAction"));
    m_copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copy->setToolTip(tr("Copies the panel under the mouse pointer as an image"));
    // The window, not only the focused widget, takes the shortcut, since the
    // pointer rather than the focus picks the panel.
    m_copy->setShortcutContext(Qt::WindowShortcut);
    window.addAction(m_copy);
    connect(m_copy, &QAction::triggered, this, &ExportActions::copyPanelUnderCursor);

    QMenu* data_menu = menu->addMenu(tr("Export Panel &Data as CSV"));
    data_menu->setObjectName(QStringLiteral("exportDataMenu"));
    // The derivation page has numbers but no plot, so only this menu lists it.
    std::vector<FigurePanel> data_panels(kSinglePanels.begin(), kSinglePanels.end());
    data_panels.push_back(FigurePanel::Derivation);
    for (FigurePanel panel : data_panels) {
        QAction* action = data_menu->addAction(panelName(panel) + QStringLiteral("…"));
        connect(action, &QAction::triggered, this, [this, panel] { exportData(panel); });
    }
    // The page beyond the paper is added after this constructor runs, so it
    // gets the data entry, which finds the page when triggered, but no
    // context menu.
    QAction* beyond_data = data_menu->addAction(panelName(FigurePanel::Beyond) + QStringLiteral("…"));
    connect(beyond_data, &QAction::triggered, this, [this] { exportData(FigurePanel::Beyond); });

    for (FigurePanel panel : kSinglePanels) {
        PlotView* plot = panelPlot(window, panel);
        plot->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(plot, &QWidget::customContextMenuRequested, this,
                [this, panel](const QPoint& position) { showContextMenu(panel, position); });
    }
}

std::optional<FigurePanel> ExportActions::panelUnderCursor() const
{
    for (const QWidget* widget = QApplication::widgetAt(QCursor::pos()); widget;
         widget = widget->parentWidget()) {
        for (FigurePanel panel : kSinglePanels) {
            if (widget == panelPlot(m_window, panel))
                return panel;
        }
    }
    return std::nullopt;
}

void ExportActions::showContextMenu(FigurePanel panel, const QPoint& position)
{
    QMenu menu(&m_window);
    menu.addAction(tr("Export This Panel…"), this, [this, panel] { exportFigure(panel); });
    menu.addAction(tr("Copy Image"), this, [this, panel] { copyPanel(panel); });
    menu.addAction(tr("Export Data as CSV…"), this, [this, panel] { exportData(panel); });
    menu.exec(panelPlot(m_window, panel)->mapToGlobal(position));
}

void ExportActions::exportFigure(FigurePanel panel)
{
    ExportDialog dialog(&m_window);
    dialog.setPanel(panel);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ExportRequest request = dialog.request();

    const QString suggested = QDir(lastDirectory())
                                  .filePath(QStringLiteral("distillscope-%1.%2")
                                                .arg(panelKey(request.animation.figure.panel),
                                                     exportSuffix(request.kind)));
    QString path = QFileDialog::getSaveFileName(&m_window, tr("Export Figure"), suggested,
                                                exportNameFilter(request.kind));
    if (path.isEmpty())
        return;
    path = withSuffix(path, request.kind);
    rememberDirectory(path);

    QApplication::setOverrideCursor(Qt::WaitCursor);
    QString failure;
    switch (request.kind) {
    case ExportKind::Png:
    case ExportKind::Jpeg:
    case ExportKind::Svg:
    case ExportKind::Pdf: {
        const WriteResult result = writeFigure(m_window, request.animation.figure,
                                               *formatFromPath(path), path);
        if (!result)
            failure = result.error();
        break;
    }
    case ExportKind::AnimatedGif: {
        const WriteResult result = writeSweepGif(m_window, request.animation, path);
        if (!result)
            failure = result.error();
        break;
    }
    case ExportKind::PngSequence: {
        const auto result = writeSweepPngSequence(m_window, request.animation, path);
        if (!result)
            failure = result.error();
        break;
    }
    }
    QApplication::restoreOverrideCursor();

    if (!failure.isEmpty()) {
        reportFailure(failure);
        return;
    }
    m_window.statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)),
                                      kStatusMilliseconds);
}

void ExportActions::copyPanelUnderCursor()
{
    const std::optional<FigurePanel> panel = panelUnderCursor();
    if (!panel) {
        m_window.statusBar()->showMessage(
            tr("Point at a panel with the mouse to copy its image."), kStatusMilliseconds);
        return;
    }
    copyPanel(*panel);
}

void ExportActions::copyPanel(FigurePanel panel)
{
    const PlotView* plot = panelPlot(m_window, panel);
    QSettings settings;
    FigureOptions options;
    options.panel = panel;
    options.size = plot->size();
    // At least twice the screen's pixels, so that a pasted slide stays sharp
    // when it is enlarged.
    options.scale = std::max(2.0, std::ceil(plot->devicePixelRatioF()));
    options.theme = settings.value(QStringLiteral("export/theme")).toString() == QLatin1String("dark")
        ? FigureTheme::Dark
        : FigureTheme::Light;
    QGuiApplication::clipboard()->setImage(renderFigure(m_window, options));
    qCDebug(lcExport) << "copied" << panelKey(panel) << "to the clipboard";
    m_window.statusBar()->showMessage(tr("Copied the %1 panel as an image.").arg(panelName(panel)),
                                      kStatusMilliseconds);
}

void ExportActions::exportData(FigurePanel panel)
{
    const QString suggested =
        QDir(lastDirectory()).filePath(QStringLiteral("distillscope-%1.csv").arg(panelKey(panel)));
    QString path = QFileDialog::getSaveFileName(&m_window, tr("Export Panel Data"), suggested,
                                                tr("CSV table (*.csv)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".csv");
    rememberDirectory(path);

    const QByteArray csv = panelDataCsv(m_window, panel).toUtf8();
    const WriteResult result = writeFileAtomically(path, [&csv](QIODevice& device) {
        return device.write(csv) == csv.size() ? QString() : device.errorString();
    });
    if (!result) {
        reportFailure(result.error());
        return;
    }
    m_window.statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)),
                                      kStatusMilliseconds);
}

void ExportActions::reportFailure(const QString& message)
{
    QMessageBox::warning(&m_window, tr("Export failed"), message);
}

} // namespace distillscope::ui
