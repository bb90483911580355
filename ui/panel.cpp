#include "ui/panel.h"

#include "ui/theme.h"

#include <QLabel>
#include <QVBoxLayout>

namespace distillscope::ui {

Panel::Panel(const QString& title, QWidget* parent) : QWidget(parent)
{
    m_heading = new QLabel(title, this);

    m_plot = new PlotView(this);
    m_plot->setMinimumSize(200, 150);
    m_plot->setAccessibleName(title);

    m_readout = new QLabel(this);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A fixed size hint, so that a new readout text does not make the whole
    // window lay itself out again on every update.
    m_readout->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_readout->setAccessibleName(tr("Readout of %1").arg(title));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addWidget(m_heading);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_readout);

    applyTheme();
    connect(themeNotifier(), &ThemeNotifier::changed, this, &Panel::applyTheme);
    connect(m_plot, &PlotView::cursorTextChanged, this, &Panel::showCursorText);
}

void Panel::applyTheme()
{
    QFont heading_font = theme().labelFont();
    heading_font.setBold(true);
    m_heading->setFont(heading_font);
    m_readout->setFont(theme().readoutFont());
    m_readout->setFixedHeight(m_readout->fontMetrics().height() + 4);
}

void Panel::setSummary(const QString& text)
{
    m_summary = text;
    m_readout->setText(text);
}

void Panel::showCursorText(const QString& text)
{
    m_readout->setText(text.isEmpty() ? m_summary : text);
}

} // namespace distillscope::ui
