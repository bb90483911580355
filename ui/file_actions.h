#pragma once

// The window's File, Edit and View menus: sessions (open, save, save as,
// recent files, files dropped on the window), undo and redo of every edit,
// the panels shown, and the autosave that brings work back after a crash.

#include "ui/session.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QAction;
class QLockFile;
class QMenu;
class QTimer;
class QUndoStack;

namespace distillscope::ui {

class DatasetActions;
class MainWindow;

class FileActions : public QObject {
    Q_OBJECT
public:
    // The folder of the autosave file. An empty folder turns autosave off.
    struct Options {
        QString autosave_folder;
        // The pause after an edit before the autosave is written, in ms. The
        // default 0 writes it as soon as the event loop turns after the edit,
        // so that a kill loses at most the edit still being processed, and
        // the edits of one event-loop turn share one write.
        int autosave_delay_ms = 0;
    };

    // The default autosave folder, QStandardPaths::AppDataLocation.
    static QString defaultAutosaveFolder();

    // Adds the menus to `window` and starts recording its edits. The window
    // owns this object as its child.
    FileActions(MainWindow& window, Options options);
    // Removes the autosave: a clean exit has nothing to recover.
    ~FileActions() override;

    QUndoStack* undoStack() const { return m_undo; }
    DatasetActions* datasets() const { return m_datasets; }
    QAction* saveAction() const { return m_save; }
    QAction* openAction() const { return m_open; }
    QString sessionPath() const { return m_session_path; }
    QString autosavePath() const;

    // Returns the autosave a previous run left behind, or nothing. Only the
    // process that holds the autosave lock reads it.
    std::optional<SessionState> recoverableAutosave() const;
    // Asks whether to restore the autosave left by a crash, and restores it.
    void offerRecovery();

    // Opens `path` as a session when its content is one, or else as logits,
    // after asking whether they are the teacher's or the student's.
    void openPath(const QString& path);
    // Reads the session at `path` and shows it; the opening is one undoable
    // edit. On failure shows the message in a dialog unless `quiet`, and
    // returns it.
    QString openSession(const QString& path, bool quiet = false);
    // Writes the session to `path` and makes it the current file. Returns an
    // empty string on success, or the message of the failure.
    QString saveSession(const QString& path);
    // Puts `state` on screen as one undoable edit named `text`.
    bool replaceState(const SessionState& state, const QString& text);
    // Empties the undo history and takes the state on screen as its start,
    // for changes made by code rather than by the user.
    void resetHistory();
    // Writes the autosave now, as the timer does after an edit.
    void writeAutosave();

    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    // The autosave at `path` was written.
    void autosaved(const QString& path);
    // A message for the user that needs no dialog, such as a saved file.
    void statusMessage(const QString& message);

private:
    void buildFileMenu();
    void buildEditMenu();
    void buildViewMenu();
    void watchEdits();
    void recordEdit(const QString& text, int merge_id = -1, int merge_token = 0);
    bool applyState(const SessionState& state);
    void openDialog();
    bool saveDialog();
    void addRecentFile(const QString& path);
    void refreshRecentMenu();
    void showError(const QString& title, const QString& message);

    MainWindow& m_window;
    Options m_options;
    QUndoStack* m_undo = nullptr;
    DatasetActions* m_datasets = nullptr;
    QAction* m_open = nullptr;
    QAction* m_save = nullptr;
    QAction* m_save_as = nullptr;
    QMenu* m_recent_menu = nullptr;
    QList<QAction*> m_panel_actions;
    QTimer* m_autosave_timer = nullptr;
    std::unique_ptr<QLockFile> m_autosave_lock;

    // The state after the last recorded edit: each new edit is the step from it.
    SessionState m_recorded;
    // Set while an undo, redo or opened session writes the window, whose
    // edit signals then record nothing.
    bool m_applying = false;
    // Counts mouse and slider presses; the edits of one drag share the count
    // and merge into one undo command.
    int m_drag_count = 1;
    // Counts finished typing in the temperature and tolerance fields; the
    // keystrokes of one typing share the count and merge.
    int m_typing_count = 1;
    QString m_session_path;
};

} // namespace distillscope::ui
