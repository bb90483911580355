#pragma once

// The export commands of the window: File > Export Figure (Ctrl+E), Copy
// Panel Image (Ctrl+Shift+C, the panel under the mouse pointer), File >
// Export Panel Data as CSV, and the same entries in each panel's context menu.

#include "ui/figure_export.h"

#include <QObject>

#include <optional>

class QAction;
class QPoint;

namespace distillscope::ui {

class MainWindow;

class ExportActions : public QObject {
    Q_OBJECT
public:
    // Adds the menu entries, shortcuts and context menus to `window`, which
    // becomes the parent of this object.
    explicit ExportActions(MainWindow& window);

    QAction* exportAction() const { return m_export; }
    QAction* copyAction() const { return m_copy; }

    // Opens the export dialog with `panel` selected, then the save dialog.
    void exportFigure(FigurePanel panel);
    // Copies the image of `panel` at its size on screen to the clipboard.
    void copyPanel(FigurePanel panel);
    // Asks for a file name and writes the panel's data as CSV.
    void exportData(FigurePanel panel);

    // The panel whose plot is under the mouse pointer, if any.
    std::optional<FigurePanel> panelUnderCursor() const;

private:
    void copyPanelUnderCursor();
    void showContextMenu(FigurePanel panel, const QPoint& position);
    void reportFailure(const QString& message);

    MainWindow& m_window;
    QAction* m_export = nullptr;
    QAction* m_copy = nullptr;
};

} // namespace distillscope::ui
