#include "ui/panel.h"

#include "ui/theme.h"

#include <QLabel>
#include <QRegularExpression>
#include <QVBoxLayout>

#include <algorithm>

namespace distillscope::ui {

Panel::Panel(const QString& title, QWidget* parent) : QWidget(parent)
{
    m_heading = new QLabel(title, this);

    m_plot = new PlotView(this);
    // Low enough that the three rows of panels fit a 1280x720 projector in
    // projector mode with only the plots shown.
    m_plot->setMinimumSize(200, 120);
    m_plot->setAccessibleName(title);

    m_readout = new QLabel(this);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A narrow panel or projector mode's larger font wraps the readout onto
    // more lines instead of cutting it off at the panel's edge. The height
    // follows the summary alone and changes only with its number of lines, so
    // that a new readout text does not make the whole window lay itself out
    // again on every update.
    m_readout->setWordWrap(true);
    m_readout->setAlignment(Qt::AlignLeft | Qt::AlignTop);
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
    // A gap of two characters before the panel's edge keeps a full line from
    // reading on into the readout of the panel beside it.
    m_readout->setContentsMargins(0, 0, 2 * m_readout->fontMetrics().averageCharWidth(), 0);
    fitReadoutHeight();
}

void Panel::setSummary(const QString& text)
{
    m_summary = text;
    m_readout->setText(wrappable(text));
    fitReadoutHeight();
}

void Panel::showCursorText(const QString& text)
{
    m_readout->setText(wrappable(text.isEmpty() ? m_summary : text));
}

QString Panel::wrappable(const QString& text)
{
    // Readouts separate their items by runs of spaces. A line may break only
    // there, so that no item such as "T = 10" is split over two lines.
    static const QRegularExpression separator(QStringLiteral(" {2,}"));
    QStringList items = text.split(separator);
    for (QString& item : items)
        item.replace(QLatin1Char(' '), QChar::Nbsp);
    return items.join(QStringLiteral("   "));
}

void Panel::fitReadoutHeight()
{
    const QFontMetrics metrics(m_readout->font());
    const int width = std::max(1, m_readout->contentsRect().width());
    const int lines_height =
        metrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt::TextWordWrap, wrappable(m_summary))
            .height();
    const int height = std::max(metrics.height(), lines_height) + 4;
    if (m_readout->height() != height || m_readout->minimumHeight() != height)
        m_readout->setFixedHeight(height);
}

void Panel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitReadoutHeight();
}

} // namespace distillscope::ui
