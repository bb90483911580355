#pragma once

// The column beside the plots that shows the current lesson of a tour. Its
// heading "Lesson K of M: title", paragraph and "Try this" text scroll, so text
// of any length can be read. Buttons below go back, go on and restore the lesson.

#include <QWidget>

class QLabel;
class QPushButton;
class QScrollArea;

namespace distillscope::ui {

struct Lesson;

class LessonBar : public QWidget {
    Q_OBJECT
public:
    explicit LessonBar(QWidget* parent = nullptr);

    // Shows `lesson`, lesson `index` (0-based) of `count`, and enables
    // Previous and Next only where there is a lesson to go to.
    void showLesson(const Lesson& lesson, int index, int count);
    // Marks whether the screen has changed since the lesson was shown, by
    // Undo or by the user, so that the bar does not claim to describe it.
    void setChanged(bool changed);
    bool isChanged() const { return m_changed; }

    QLabel* headingLabel() const { return m_heading; }
    QLabel* textLabel() const { return m_text; }
    QLabel* tryLabel() const { return m_try; }
    QLabel* changedLabel() const { return m_changed_note; }
    QScrollArea* scrollArea() const { return m_scroll; }
    QPushButton* previousButton() const { return m_previous; }
    QPushButton* nextButton() const { return m_next; }
    QPushButton* restoreButton() const { return m_restore; }

signals:
    void previousRequested();
    void nextRequested();
    void restoreRequested();

private:
    void restyle();

    QLabel* m_heading = nullptr;
    QLabel* m_text = nullptr;
    QLabel* m_try = nullptr;
    QLabel* m_changed_note = nullptr;
    QScrollArea* m_scroll = nullptr;
    bool m_changed = false;
    QPushButton* m_previous = nullptr;
    QPushButton* m_next = nullptr;
    QPushButton* m_restore = nullptr;
};

} // namespace distillscope::ui
