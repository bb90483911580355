#pragma once

// Guided lessons in the window: the Lessons menu, the lesson bar in a dock
// on the right of the window, and the stepping through a tour. Putting a
// lesson on screen is one undoable edit, like choosing a sample, so a
// student's own logits come back with Undo. The settings of the beyond page
// are not part of that edit, so Undo leaves them as the lesson set them.

#include "ui/lessons.h"

#include <QObject>
#include <QString>

class QAction;
class QDockWidget;

namespace distillscope::ui {

class FileActions;
class LessonBar;
class MainWindow;

// Sets the hard-targets controls of the beyond page of `window` to
// `settings` and its class pair to the teacher's two largest logits. Call it
// after the lesson's logits are on screen, because the label is a class of
// them. Does nothing in a build without the beyond page.
void applyBeyondSettings(const MainWindow& window, const BeyondSettings& settings);

class LessonActions : public QObject {
    Q_OBJECT
public:
    // Adds the Lessons menu and the hidden lesson dock to `window`, with the
    // bundled tour loaded. The FileActions own this object as their child.
    LessonActions(MainWindow& window, FileActions& files);

    // Reads the tour at `path` and shows its first lesson. On failure shows
    // the message in a dialog unless `quiet`, returns it and changes nothing.
    QString openTour(const QString& path, bool quiet = false);
    // Replaces the tour without showing a lesson.
    void setTour(Tour tour);
    // Puts lesson `index` (0-based) on screen and in the bar, and shows the
    // dock. Returns false, and changes nothing, for an index outside the
    // tour or a state the window rejects.
    bool showLesson(int index);
    void showNext();
    void showPrevious();
    // Puts the current lesson's state back, after the user changed it.
    void restoreLesson();

    const Tour& tour() const { return m_tour; }
    // The lesson in the bar, 0-based, or -1 before the first is shown.
    int currentLesson() const { return m_current; }
    LessonBar* bar() const { return m_bar; }
    QDockWidget* dock() const { return m_dock; }
    QAction* openAction() const { return m_open; }
    QAction* nextAction() const { return m_next; }
    QAction* previousAction() const { return m_previous; }
    QAction* restoreAction() const { return m_restore; }

signals:
    // Lesson `index` is on screen.
    void lessonShown(int index);

private:
    void buildMenu();
    void openDialog();
    bool applyLesson(int index, const QString& undo_text);
    void updateActions();
    void markChanges();

    MainWindow& m_window;
    FileActions& m_files;
    Tour m_tour;
    int m_current = -1;
    // The window's state right after the current lesson was applied, to tell
    // whether the screen still shows that lesson.
    SessionState m_lesson_state;
    LessonBar* m_bar = nullptr;
    QDockWidget* m_dock = nullptr;
    QAction* m_open = nullptr;
    QAction* m_show = nullptr;
    QAction* m_next = nullptr;
    QAction* m_previous = nullptr;
    QAction* m_restore = nullptr;
};

} // namespace distillscope::ui
