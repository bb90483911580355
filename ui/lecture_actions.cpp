#include "ui/lecture_actions.h"

#include "ui/main_window.h"
#include "ui/theme.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QEvent>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalBlocker>
#include <QStatusBar>

Q_LOGGING_CATEGORY(lcLecture, "distillscope.ui.lecture", QtWarningMsg)

namespace distillscope::ui {

namespace {

const QString kDarkThemeKey = QStringLiteral("view/darkTheme");

// The application's palette before any dark theme: the palette is global,
// and a window closed while dark leaves it dark for the next one.
const QPalette& lightPalette()
{
    static const QPalette palette = qApp->palette();
    return palette;
}

// Adds every action of `menu` and its submenus to `window`, so that their
// shortcuts still work while the menu bar is hidden. Adding an action twice
// changes nothing.
void addMenuActions(QWidget& window, const QMenu& menu)
{
    for (QAction* action : menu.actions()) {
        if (action->menu())
            addMenuActions(window, *action->menu());
        else if (!action->isSeparator() && !action->shortcuts().isEmpty())
            window.addAction(action);
    }
}

} // namespace

LectureActions::LectureActions(MainWindow& window)
    : QObject(&window), m_window(window)
{
    QMenu* menu = window.menuBar()->findChild<QMenu*>(QStringLiteral("viewMenu"));
    if (!menu) {
        menu = window.menuBar()->addMenu(tr("&View"));
        menu->setObjectName(QStringLiteral("viewMenu"));
    }
    menu->addSeparator();

    const auto add = [&](const QString& text, const QString& name,
                         const QList<QKeySequence>& shortcuts, const QString& tip) {
        auto* action = new QAction(text, menu);
        action->setObjectName(name);
        action->setCheckable(true);
        action->setShortcuts(shortcuts);
        action->setShortcutContext(Qt::WindowShortcut);
        action->setToolTip(tip);
        action->setStatusTip(tip);
        menu->addAction(action);
        window.addAction(action);
        return action;
    };
    m_projector = add(tr("&Projector Mode"), QStringLiteral("projectorModeAction"),
                      {QKeySequence(Qt::CTRL | Qt::Key_2)},
                      tr("Larger text, thicker lines and stronger contrast for a lecture hall"));
    m_dark = add(tr("&Dark Theme"), QStringLiteral("darkThemeAction"), {},
                 tr("Light text and lines on a dark background"));
    m_full_screen = add(tr("&Full Screen"), QStringLiteral("fullScreenAction"),
                        {QKeySequence(Qt::Key_F11)}, tr("Fill the whole screen with the window"));
    m_plots_only = add(tr("Show &Only Plots"), QStringLiteral("plotsOnlyAction"),
                       {QKeySequence(Qt::Key_F9), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H)},
                       tr("Hide the controls, the docks, the menu bar and the status bar. F9 shows them again."));

    connect(m_projector, &QAction::toggled, this, &LectureActions::setProjector);
    connect(m_dark, &QAction::toggled, this, &LectureActions::setDark);
    connect(m_full_screen, &QAction::toggled, this, &LectureActions::setFullScreen);
    connect(m_plots_only, &QAction::toggled, this, &LectureActions::setPlotsOnly);
    lightPalette();
    window.installEventFilter(this);
    connect(themeNotifier(), &ThemeNotifier::changed, this, &LectureActions::applyTheme);

    // The checks follow the theme also when another part of the program,
    // such as a lesson, sets the mode.
    const ThemeMode mode = theme().mode();
    m_projector->setChecked(mode.projector);
    m_dark->setChecked(mode.dark || QSettings().value(kDarkThemeKey, false).toBool());
    applyTheme();
}

void LectureActions::setProjector(bool on)
{
    ThemeMode mode = theme().mode();
    mode.projector = on;
    qCDebug(lcLecture) << "projector mode" << on;
    setThemeMode(mode);
}

void LectureActions::setDark(bool on)
{
    ThemeMode mode = theme().mode();
    mode.dark = on;
    qCDebug(lcLecture) << "dark theme" << on;
    QSettings().setValue(kDarkThemeKey, on);
    setThemeMode(mode);
}

void LectureActions::setFullScreen(bool on)
{
    m_window.setWindowState(on ? m_window.windowState() | Qt::WindowFullScreen
                               : m_window.windowState() & ~Qt::WindowFullScreen);
}

bool LectureActions::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == &m_window && event->type() == QEvent::WindowStateChange) {
        const QSignalBlocker blocker(m_full_screen);
        m_full_screen->setChecked(m_window.windowState() & Qt::WindowFullScreen);
    }
    return false;
}

void LectureActions::setPlotsOnly(bool on)
{
    QMenuBar* menu_bar = m_window.menuBar();
    QStatusBar* status_bar = m_window.statusBar();
    if (on) {
        m_menu_was_visible = !menu_bar->isHidden();
        m_status_was_visible = !status_bar->isHidden();
        // Menus added after this object, by other parts of the window, are
        // covered too.
        for (const QMenu* menu : menu_bar->findChildren<QMenu*>(Qt::FindDirectChildrenOnly))
            addMenuActions(m_window, *menu);
    }
    m_window.controlsPane()->setVisible(!on);
    menu_bar->setVisible(!on && m_menu_was_visible);
    status_bar->setVisible(!on && m_status_was_visible);
    // Docks, such as the dataset's sample picker, are controls too.
    for (QDockWidget* dock : m_window.findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly)) {
        if (on) {
            if (!dock->isHidden()) {
                m_hidden_docks.append(dock);
                dock->hide();
            }
        } else if (m_hidden_docks.contains(dock)) {
            dock->show();
        }
    }
    if (!on)
        m_hidden_docks.clear();
}

void LectureActions::applyTheme()
{
    const Theme& t = theme();
    {
        const QSignalBlocker projector_blocker(m_projector);
        const QSignalBlocker dark_blocker(m_dark);
        m_projector->setChecked(t.mode().projector);
        m_dark->setChecked(t.mode().dark);
    }
    qApp->setPalette(t.windowPalette(lightPalette()));
    // An unset font inherits the application's again.
    m_window.setFont(t.mode().projector ? t.windowFont() : QFont());
}

} // namespace distillscope::ui
