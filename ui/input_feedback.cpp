#include "ui/input_feedback.h"

#include "ui/theme.h"

#include <QLocale>
#include <QVariant>
#include <QWidget>

namespace distillscope::ui {

namespace {
const char* const kProblemProperty = "inputProblem";
}

void markInputProblem(QWidget* field, const QString& message)
{
    field->setProperty(kProblemProperty, message);
    field->setToolTip(message);
    field->setStyleSheet(QStringLiteral("border: 2px solid %1;").arg(Theme::kVermillion.name()));
}

void clearInputProblem(QWidget* field)
{
    if (inputProblem(field).isEmpty())
        return;
    field->setProperty(kProblemProperty, QString());
    field->setToolTip(QString());
    field->setStyleSheet(QString());
}

QString inputProblem(const QWidget* field)
{
    return field->property(kProblemProperty).toString();
}

bool parseNumber(const QString& text, double* value)
{
    const QString trimmed = text.trimmed();
    bool ok = false;
    double parsed = QLocale().toDouble(trimmed, &ok);
    if (!ok)
        parsed = QLocale::c().toDouble(trimmed, &ok);
    if (ok)
        *value = parsed;
    return ok;
}

} // namespace distillscope::ui
