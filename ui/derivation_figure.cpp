#include "ui/derivation_figure.h"

#include "ui/derivation_content.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/theme.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStringList>
#include <QSvgRenderer>

#include <algorithm>
#include <cmath>

namespace distillscope::ui {

namespace {

class DerivationFigureText {
    Q_DECLARE_TR_FUNCTIONS(DerivationFigureText)
};

// Share of the width that the titles and equations take; the numbers get the rest.
constexpr double kEquationShare = 0.58;
// Line height of the number rows, in heights of their font.
constexpr double kLineSpacing = 1.2;

DerivationNumbers windowNumbers(const MainWindow& window)
{
    const Distillation& distillation = window.distillation();
    const Index followed = std::min(window.followedClass(), distillation.classes() - 1);
    return deriveNumbers(distillation, window.quantities(), followed);
}

QString className(const MainWindow& window, Index i)
{
    return window.logitModel()->names().value(int(i), QString::number(i));
}

QString heading(const MainWindow& window, const DerivationNumbers& numbers)
{
    return DerivationFigureText::tr("From Eq. 1 to Eq. 5 for class %1 at T = %2, N = %3")
        .arg(className(window, numbers.class_index),
             formatDerivationValue(numbers.temperature, std::nullopt))
        .arg(numbers.classes);
}

// Draws the equation into the largest rectangle of its aspect ratio that
// fits `area` at no more than `points` of text size, aligned top left.
void paintEquation(QPainter& painter, QSvgRenderer& renderer, const QRectF& area, double points)
{
    const QSizeF natural = renderer.viewBoxF().size();
    if (natural.isEmpty() || area.width() <= 0.0 || area.height() <= 0.0)
        return;
    const double preferred = points / kEquationSourcePoints;
    const double scale = std::min({preferred, area.width() / natural.width(),
                                   area.height() / natural.height()});
    renderer.render(&painter, QRectF(area.topLeft(), natural * scale));
}

} // namespace

void paintDerivationFigure(QPainter& painter, const MainWindow& window, const QSize& size,
                           const FigureStyle& style)
{
    const DerivationNumbers numbers = windowNumbers(window);
    const QList<DerivationStep>& steps = derivationSteps();
    const double margin = 12.0 * style.dpi / 96.0;

    QFont title_font = style.font(theme().labelFont());
    title_font.setBold(true);
    QFont number_font = style.font(theme().tickFont());
    const QFontMetricsF title_metrics(title_font);

    painter.save();
    painter.setPen(style.foreground());
    painter.setFont(title_font);
    const QRectF heading_rect(margin, margin, size.width() - 2 * margin, title_metrics.height());
    painter.drawText(heading_rect, Qt::AlignLeft | Qt::AlignTop, heading(window, numbers));

    const double top = heading_rect.bottom() + margin;
    const double row_height = (size.height() - top - margin) / std::max<qsizetype>(steps.size(), 1);
    const double equation_width = (size.width() - 3 * margin) * kEquationShare;
    const double numbers_left = margin * 2 + equation_width;
    const double numbers_width = size.width() - numbers_left - margin;

    // One font size for every step's numbers, small enough for the longest list.
    qsizetype max_rows = 1;
    for (const DerivationStep& step : steps)
        max_rows = std::max(max_rows, numberRows(step.key, numbers).size());
    const double available = row_height - margin;
    double line_height = QFontMetricsF(number_font).height() * kLineSpacing;
    if (line_height * double(max_rows) > available) {
        const double shrink = available / (line_height * double(max_rows));
        number_font.setPixelSize(std::max(1, int(std::floor(number_font.pixelSize() * shrink))));
        line_height = QFontMetricsF(number_font).height() * kLineSpacing;
    }
    // Display formulas a little larger than the titles, as the page shows them.
    const double equation_points = title_font.pixelSize() * 1.3;

    for (qsizetype index = 0; index < steps.size(); ++index) {
        const DerivationStep& step = steps[index];
        const double row_top = top + index * row_height;

        painter.setFont(title_font);
        const QRectF title_rect(margin, row_top, equation_width, title_metrics.height());
        painter.drawText(title_rect, Qt::AlignLeft | Qt::AlignTop,
                         title_metrics.elidedText(step.title, Qt::ElideRight, equation_width));

        const std::unique_ptr<QSvgRenderer> renderer = equationRenderer(step.key, style.foreground());
        const QRectF equation_area(margin, title_rect.bottom() + margin / 2, equation_width,
                                   row_height - title_rect.height() - 1.5 * margin);
        if (renderer->isValid())
            paintEquation(painter, *renderer, equation_area, equation_points);

        painter.setFont(number_font);
        const QFontMetricsF number_metrics(number_font);
        double line_top = row_top;
        for (const NumberRow& row : numberRows(step.key, numbers)) {
            const QString line = row.label + QStringLiteral(" = ") + row.text;
            painter.drawText(QRectF(numbers_left, line_top, numbers_width, line_height),
                             Qt::AlignLeft | Qt::AlignVCenter,
                             number_metrics.elidedText(line, Qt::ElideRight, numbers_width));
            line_top += line_height;
        }
    }
    painter.restore();
}

QString derivationCsv(const MainWindow& window)
{
    const DerivationNumbers numbers = windowNumbers(window);
    QString csv;
    csv += QStringLiteral("# temperature: %1\n").arg(numbers.temperature, 0, 'g', 17);
    csv += QStringLiteral("# class: %1\n").arg(numbers.class_index);
    csv += QStringLiteral("# classes: %1\n").arg(numbers.classes);
    csv += QStringLiteral("step,row,label,value,log10_magnitude\n");
    const auto quote = [](QString field) {
        if (!field.contains(u',') && !field.contains(u'"'))
            return field;
        field.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        return u'"' + field + u'"';
    };
    for (const DerivationStep& step : derivationSteps() + derivationQuestions()) {
        for (const NumberRow& row : numberRows(step.key, numbers)) {
            // Infinite values (an overflowing e^x) are written as inf.
            const QString value = row.value && !std::isnan(*row.value)
                ? QString::number(*row.value, 'g', 17)
                : QString();
            const QString magnitude = row.log10_magnitude
                ? QString::number(*row.log10_magnitude, 'g', 17)
                : QString();
            csv += QStringList{step.key, row.key, quote(row.label), value, magnitude}.join(u',') + u'\n';
        }
    }
    return csv;
}

} // namespace distillscope::ui
