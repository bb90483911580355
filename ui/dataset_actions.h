#pragma once

// Logits files in the window: File > Open Teacher… and Open Student…, files
// read on a worker thread behind a progress dialog with Cancel, the offer to
// take the logarithm of rows that look like probabilities, and the sample
// picker for files with many rows.

#include "ui/dataset_picker.h"

#include <QObject>
#include <QString>

class QDockWidget;

namespace distillscope::ui {

class FileActions;
class MainWindow;

enum class LogitsRole { Teacher, Student };

class DatasetActions : public QObject {
    Q_OBJECT
public:
    DatasetActions(MainWindow& window, FileActions& files);

    // Reads `path` on a worker thread and shows its first sample as the
    // teacher or the student; the change is one undoable edit. Emits
    // loadFinished when done, failed or cancelled.
    void openLogits(const QString& path, LogitsRole role);
    // Shows the sample picker over tables read before the window opened, at
    // sample `row`, without an undoable edit: the window already shows that
    // row. A null table stands for the logits on screen. Nothing changes
    // when neither table has more than one row or their class counts differ.
    void adoptDataset(std::shared_ptr<const LogitsTable> teacher, std::shared_ptr<const LogitsTable> student,
                      const QString& teacher_path, const QString& student_path, int row);

    // Asks whether a logits file is the teacher or the student, then opens it.
    void askRoleAndOpen(const QString& path);

    DatasetPicker* picker() const { return m_picker; }
    QDockWidget* pickerDock() const { return m_dock; }

signals:
    // `error` is empty on success and "cancelled" wording after Cancel.
    void loadFinished(const QString& error);

private:
    void openDialog(LogitsRole role);
    void accept(LogitsTable table, const QString& path, LogitsRole role);
    void showSample(int index, const QString& text);

    MainWindow& m_window;
    FileActions& m_files;
    DatasetPicker* m_picker = nullptr;
    QDockWidget* m_dock = nullptr;
};

} // namespace distillscope::ui
