#include "ui/lesson_bar.h"

#include "ui/lessons.h"
#include "ui/theme.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace distillscope::ui {

LessonBar::LessonBar(QWidget* parent) : QWidget(parent)
{
    m_heading = new QLabel(this);
    m_heading->setWordWrap(true);
    m_heading->setObjectName(QStringLiteral("lessonHeading"));
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("lessonText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_try = new QLabel(this);
    m_try->setObjectName(QStringLiteral("lessonTry"));
    m_try->setWordWrap(true);
    m_try->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_changed_note = new QLabel(tr("The screen has changed since this lesson was shown. "
                                   "Restore Lesson puts the lesson back."),
                                this);
    m_changed_note->setObjectName(QStringLiteral("lessonChanged"));
    m_changed_note->setWordWrap(true);
    m_changed_note->setVisible(false);
    for (QLabel* label : {m_heading, m_text, m_try, m_changed_note})
        label->setTextFormat(Qt::PlainText);

    m_previous = new QPushButton(tr("Previous"), this);
    m_previous->setObjectName(QStringLiteral("previousLesson"));
    m_next = new QPushButton(tr("Next"), this);
    m_next->setObjectName(QStringLiteral("nextLesson"));
    m_restore = new QPushButton(tr("Restore Lesson"), this);
    m_restore->setObjectName(QStringLiteral("restoreLesson"));
    m_restore->setToolTip(tr("Put this lesson's logits, temperature, options and page back on "
                             "screen; Undo returns to what was there before"));
    // The window's actions carry the keys, so that they work wherever the
    // focus is; the buttons would otherwise take them only when focused.
    for (QPushButton* button : {m_previous, m_next, m_restore})
        button->setFocusPolicy(Qt::TabFocus);

    auto* steps = new QHBoxLayout;
    steps->addWidget(m_previous);
    steps->addWidget(m_next);

    // The text scrolls and the buttons stay in view below it.
    auto* content = new QWidget;
    auto* text_layout = new QVBoxLayout(content);
    // A gap on the right keeps the text off the scroll bar.
    text_layout->setContentsMargins(0, 0, 6, 0);
    text_layout->addWidget(m_heading);
    text_layout->addWidget(m_text);
    text_layout->addWidget(m_try);
    text_layout->addStretch(1);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("lessonScroll"));
    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    // The labels wrap to the dock's width, so only the height scrolls.
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    // A column beside the plots: the plots keep their full height, which
    // the sweep and the surfaces need more than width.
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(m_changed_note);
    layout->addLayout(steps);
    layout->addWidget(m_restore);
    setMinimumWidth(260);

    connect(m_previous, &QPushButton::clicked, this, &LessonBar::previousRequested);
    connect(m_next, &QPushButton::clicked, this, &LessonBar::nextRequested);
    connect(m_restore, &QPushButton::clicked, this, &LessonBar::restoreRequested);
    connect(themeNotifier(), &ThemeNotifier::changed, this, &LessonBar::restyle);
    restyle();
}

void LessonBar::showLesson(const Lesson& lesson, int index, int count)
{
    m_heading->setText(tr("Lesson %1 of %2: %3").arg(index + 1).arg(count).arg(lesson.title));
    m_text->setText(lesson.text);
    m_try->setText(tr("Try this: %1").arg(lesson.try_text));
    m_previous->setEnabled(index > 0);
    m_next->setEnabled(index + 1 < count);
    m_scroll->verticalScrollBar()->setValue(0);
    setChanged(false);
}

void LessonBar::setChanged(bool changed)
{
    m_changed = changed;
    m_changed_note->setVisible(changed);
}

void LessonBar::restyle()
{
    // The bar follows the window's font, scaled up in projector mode so that
    // the back of a lecture hall can read it.
    QFont body = QApplication::font(this);
    body.setPointSizeF(body.pointSizeF() * theme().fontScale());
    QFont heading = body;
    heading.setBold(true);
    heading.setPointSizeF(body.pointSizeF() * 1.15);
    m_heading->setFont(heading);
    m_text->setFont(body);
    QFont try_font = body;
    try_font.setItalic(true);
    m_try->setFont(try_font);
    m_changed_note->setFont(try_font);
}

} // namespace distillscope::ui
