#include "ui/input_messages.h"

#include <QCoreApplication>
#include <QLocale>

namespace distillscope::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("distillscope::ui::InputMessages", text);
}

QString operandName(Operand operand)
{
    switch (operand) {
    case Operand::Teacher: return tr("teacher logit v");
    case Operand::Student: return tr("student logit z");
    case Operand::Temperature: return tr("temperature");
    case Operand::Tolerance: return tr("tolerance");
    }
    return {};
}

// The window's name of a field of Quantities, as the panels label it; the
// command line keeps the field name, which its JSON output uses.
QString quantityName(const char* field)
{
    const QLatin1String name(field ? field : "");
    if (name == QLatin1String("log_p"))
        return tr("log p");
    if (name == QLatin1String("log_q"))
        return tr("log q");
    if (name == QLatin1String("grad_exact"))
        return tr("Eq. 2, (q - p)/T,");
    if (name == QLatin1String("grad_taylor"))
        return tr("Eq. 3");
    if (name == QLatin1String("grad_zero_mean") || name == QLatin1String("grad_centered"))
        return tr("Eq. 4");
    if (name == QLatin1String("grad_second_order"))
        return tr("Eq. 4 plus its next order in 1/T");
    if (name == QLatin1String("cross_entropy"))
        return tr("The cross-entropy");
    if (name == QLatin1String("kl_scaled"))
        return tr("T² KL");
    if (name == QLatin1String("quadratic_loss"))
        return tr("The quadratic loss of Eq. 5");
    if (name == QLatin1String("entropy_p") || name == QLatin1String("entropy_q"))
        return tr("The entropy");
    return tr("A result");
}

} // namespace

QString describeInputError(const InputError& error, const QStringList& class_names)
{
    const QString value = QLocale().toString(error.value, 'g', 6);
    const QString class_name = error.index >= 0
        ? class_names.value(int(error.index), QString::number(error.index))
        : QString();
    switch (error.problem) {
    case InputProblem::TooFewClasses:
        return tr("Distillation needs at least two classes.");
    case InputProblem::LengthMismatch:
        return tr("The teacher has %1 classes but the student has %2.")
            .arg(error.teacher_classes)
            .arg(error.student_classes);
    case InputProblem::NonFiniteLogit:
        return tr("The %1 of class %2 is %3; every logit must be a finite number.")
            .arg(operandName(error.operand), class_name, value);
    case InputProblem::InvalidTemperature:
        return tr("The temperature must be a positive finite number, got %1.").arg(value);
    case InputProblem::TemperatureOutOfRange:
        return tr("The temperature must lie between 1e-6 and 1e16, got %1.").arg(value);
    case InputProblem::ScaledLogitOverflow:
        return tr("The %1 of class %2 divided by T overflows a double. "
                  "Raise T or shrink the logits.")
            .arg(operandName(error.operand), class_name);
    case InputProblem::ResultOverflow:
        return tr("%1 exceeds the double range for these logits at this temperature. "
                  "Use smaller logits or smaller differences between them.")
            .arg(quantityName(error.quantity));
    case InputProblem::InvalidTolerance:
        return tr("The tolerance must be a positive finite number, got %1.").arg(value);
    }
    return {};
}

} // namespace distillscope::ui
