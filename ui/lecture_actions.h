#pragma once

// The View menu's actions for lectures: projector mode, the dark theme, full
// screen and "Show Only Plots", and the restyle of the window's own widgets
// (palette and font) on every theme change. The plots restyle themselves.
//
// "Show Only Plots" hides the controls pane, the docks, the menu bar and the
// status bar, and shows again what it hid. Every action is also added to the window, so that its shortcut works while
// "Show Only Plots" hides the menu bar.

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QDockWidget;

namespace distillscope::ui {

class MainWindow;

class LectureActions : public QObject {
    Q_OBJECT
public:
    // Adds the actions to the window's View menu, creating the menu when
    // there is none yet, and applies the dark theme when the settings
    // remember it.
    explicit LectureActions(MainWindow& window);

    QAction* projectorAction() const { return m_projector; }
    QAction* darkThemeAction() const { return m_dark; }
    QAction* fullScreenAction() const { return m_full_screen; }
    QAction* plotsOnlyAction() const { return m_plots_only; }

protected:
    // Keeps Full Screen checked as the window is, also when the window
    // manager changes the state.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setProjector(bool on);
    void setDark(bool on);
    void setFullScreen(bool on);
    void setPlotsOnly(bool on);
    void applyTheme();

    MainWindow& m_window;
    QAction* m_projector = nullptr;
    QAction* m_dark = nullptr;
    QAction* m_full_screen = nullptr;
    QAction* m_plots_only = nullptr;
    // What "Show Only Plots" hid, to show again when it ends.
    bool m_menu_was_visible = true;
    bool m_status_was_visible = true;
    QList<QPointer<QDockWidget>> m_hidden_docks;
};

} // namespace distillscope::ui
