#include "ui/undo_commands.h"

namespace distillscope::ui {

StateCommand::StateCommand(SessionState before, SessionState after, const QString& text,
                           std::function<void(const SessionState&)> apply, int merge_id,
                           int merge_token)
    : m_before(std::move(before)),
      m_after(std::move(after)),
      m_apply(std::move(apply)),
      m_merge_id(merge_id),
      m_merge_token(merge_token)
{
    setText(text);
}

void StateCommand::undo()
{
    m_apply(m_before);
    m_done = false;
}

void StateCommand::redo()
{
    if (m_done)
        return;
    m_apply(m_after);
    m_done = true;
}

bool StateCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = static_cast<const StateCommand*>(other);
    if (next->m_merge_token != m_merge_token || m_merge_token == 0)
        return false;
    m_after = next->m_after;
    // A drag that ends where it started leaves nothing to undo.
    setObsolete(m_after == m_before);
    return true;
}

} // namespace distillscope::ui
