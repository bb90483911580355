#pragma once

// Undo commands of the window. Each edit is stored as the session state
// before and after it. One command type so covers every kind of edit: a
// logit, a button that rewrites all logits, the temperature or an option.

#include "ui/session.h"

#include <QUndoCommand>

#include <functional>

namespace distillscope::ui {

class StateCommand : public QUndoCommand {
public:
    // Commands that may merge with their predecessor share an id; see mergeWith.
    enum MergeId { NoMerge = -1, TemperatureDrag = 1, LogitDrag = 2, Typing = 3 };

    // `apply` puts a state on screen. The edit has already happened, so the
    // first redo(), which QUndoStack::push calls, does nothing.
    StateCommand(SessionState before, SessionState after, const QString& text,
                 std::function<void(const SessionState&)> apply, int merge_id = NoMerge,
                 int merge_token = 0);

    void undo() override;
    void redo() override;
    int id() const override { return m_merge_id; }
    // Merges a command of the same id and token, such as the steps of one
    // slider drag, so that one undo returns to where the drag started.
    bool mergeWith(const QUndoCommand* other) override;

    const SessionState& before() const { return m_before; }
    const SessionState& after() const { return m_after; }

private:
    SessionState m_before, m_after;
    std::function<void(const SessionState&)> m_apply;
    int m_merge_id;
    int m_merge_token;
    bool m_done = true;
};

} // namespace distillscope::ui
