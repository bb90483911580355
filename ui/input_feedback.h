#pragma once

// How a field shows that its input was rejected: an outline in the theme's
// warning colour and a tooltip with the message, both cleared by valid input.

#include <QString>

class QWidget;

namespace distillscope::ui {

void markInputProblem(QWidget* field, const QString& message);
void clearInputProblem(QWidget* field);
// The message currently shown on `field`, empty when its input is valid.
QString inputProblem(const QWidget* field);

// Parses a number typed in the user's locale or in the C locale, so that both
// "0,5" in a German locale and "0.5" or "1e-3" anywhere are read.
// Returns false when `text` is not a number.
bool parseNumber(const QString& text, double* value);

} // namespace distillscope::ui
