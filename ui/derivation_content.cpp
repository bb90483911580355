#include "ui/derivation_content.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QSvgRenderer>

#include <cmath>
#include <limits>

Q_LOGGING_CATEGORY(lcDerivation, "distillscope.ui.derivation", QtWarningMsg)

namespace distillscope::ui {

namespace {

class DerivationText {
    Q_DECLARE_TR_FUNCTIONS(DerivationText)
};

const double kLog10Of2 = std::log10(2.0);
const double kLn10 = std::log(10.0);

struct StepLists {
    QList<DerivationStep> steps, questions;
};

QList<DerivationStep> readSteps(const QJsonArray& array)
{
    QList<DerivationStep> steps;
    for (const QJsonValue& value : array) {
        const QJsonObject object = value.toObject();
        // NOTE: lupdate does not read JSON, so these strings reach a
        // translation file only when someone adds them by hand.
        const QByteArray title = object.value(QStringLiteral("title")).toString().toUtf8();
        const QByteArray text = object.value(QStringLiteral("text")).toString().toUtf8();
        steps.append({object.value(QStringLiteral("key")).toString(),
                      QCoreApplication::translate("DerivationSteps", title.constData()),
                      QCoreApplication::translate("DerivationSteps", text.constData()),
                      object.value(QStringLiteral("tex")).toString()});
    }
    return steps;
}

const StepLists& stepLists()
{
    static const StepLists lists = [] {
        QFile file(QStringLiteral(":/derivation/steps.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            qCWarning(lcDerivation) << "the derivation steps are missing from this build";
            return StepLists{};
        }
        const QJsonObject document = QJsonDocument::fromJson(file.readAll()).object();
        return StepLists{readSteps(document.value(QStringLiteral("steps")).toArray()),
                         readSteps(document.value(QStringLiteral("questions")).toArray())};
    }();
    return lists;
}

// Formats 10^log10_magnitude as "3.2e-537", which no double can hold.
QString powerOfTen(double log10_magnitude)
{
    // Beyond a billion the exponent itself is rounded, and a mantissa would
    // claim digits the logarithm does not have.
    if (std::abs(log10_magnitude) >= 1e9)
        return QStringLiteral("10^%1").arg(QLocale().toString(log10_magnitude, 'g', 3));
    double exponent = std::floor(log10_magnitude);
    double mantissa = std::pow(10.0, log10_magnitude - exponent);
    if (mantissa >= 9.95) {
        mantissa /= 10.0;
        exponent += 1.0;
    }
    return QStringLiteral("%1e%2").arg(QLocale().toString(mantissa, 'f', 1)).arg(exponent, 0, 'f', 0);
}

NumberRow makeRow(const QString& key, const QString& label, std::optional<double> value,
                  std::optional<double> log10_magnitude = std::nullopt, bool negative = false)
{
    NumberRow row{key, label, value, log10_magnitude, {}};
    row.text = formatDerivationValue(value, log10_magnitude, kDerivationDigits, negative);
    return row;
}

// log10 of a probability that underflowed, from its accurate logarithm.
std::optional<double> probabilityMagnitude(double probability, double log_probability)
{
    if (probability != 0.0 || !std::isfinite(log_probability))
        return std::nullopt;
    return log_probability / kLn10;
}

QList<NumberRow> taylorRows(const QString& side, const QString& x_label, const TaylorTerm& term)
{
    const double x_magnitude = term.x / kLn10; // log10 e^x
    const std::optional<double> exponential_magnitude =
        (term.exponential == 0.0 || std::isinf(term.exponential)) ? std::optional(x_magnitude)
                                                                  : std::nullopt;
    // For tiny x the remainder is x^2/2; for huge x it is e^x.
    std::optional<double> remainder_magnitude;
    if (term.remainder == 0.0 && term.x != 0.0)
        remainder_magnitude = 2.0 * std::log10(std::abs(term.x)) - kLog10Of2;
    else if (std::isinf(term.remainder))
        remainder_magnitude = x_magnitude;
    std::optional<double> relative_magnitude;
    if (term.relative_remainder == 0.0 && term.x != 0.0)
        relative_magnitude = 2.0 * std::log10(std::abs(term.x)) - kLog10Of2;
    else if (std::isinf(term.relative_remainder))
        relative_magnitude = std::log10(term.remainder) - x_magnitude;

    return {
        makeRow(side + QStringLiteral("-x"), x_label, term.x),
        makeRow(side + QStringLiteral("-exponential"), DerivationText::tr("eˣ"), term.exponential,
                exponential_magnitude),
        makeRow(side + QStringLiteral("-linear"), DerivationText::tr("1 + x"), term.linear),
        makeRow(side + QStringLiteral("-remainder"), DerivationText::tr("neglected eˣ − 1 − x"),
                term.remainder, remainder_magnitude),
        makeRow(side + QStringLiteral("-relative"), DerivationText::tr("(eˣ − 1 − x) / eˣ"),
                term.relative_remainder, relative_magnitude),
    };
}

QList<NumberRow> fractionRows(const QString& side, const QString& numerator_label,
                              const QString& denominator_label, const QString& fraction_label,
                              const TaylorFraction& fraction)
{
    NumberRow quotient = makeRow(side + QStringLiteral("-fraction"), fraction_label, fraction.fraction);
    if (!fraction.fraction)
        quotient.text = DerivationText::tr("undefined: the denominator is exactly 0");
    return {
        makeRow(side + QStringLiteral("-numerator"), numerator_label, fraction.numerator),
        makeRow(side + QStringLiteral("-denominator"), denominator_label, fraction.denominator),
        quotient,
    };
}

NumberRow taylorGradientRow(const DerivationNumbers& numbers)
{
    NumberRow row = makeRow(QStringLiteral("eq3"), DerivationText::tr("Eq. 3"), numbers.grad_taylor);
    if (!numbers.grad_taylor)
        row.text = DerivationText::tr("undefined at its pole, where N + Σ zⱼ/T or N + Σ vⱼ/T is 0");
    return row;
}

} // namespace

const QList<DerivationStep>& derivationSteps()
{
    return stepLists().steps;
}

const QList<DerivationStep>& derivationQuestions()
{
    return stepLists().questions;
}

QByteArray equationSvg(const QString& key, const QColor& color)
{
    QFile file(QStringLiteral(":/equations/%1.svg").arg(key));
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcDerivation) << "no typeset equation" << key << "in this build";
        return {};
    }
    QByteArray svg = file.readAll();
    // tools/render_equations.py fills every glyph through one attribute
    // fill="#000000"; nothing else in the file has that colour.
    svg.replace("fill=\"#000000\"", "fill=\"" + color.name(QColor::HexRgb).toLatin1() + '"');
    return svg;
}

std::unique_ptr<QSvgRenderer> equationRenderer(const QString& key, const QColor& color)
{
    auto renderer = std::make_unique<QSvgRenderer>();
    const QByteArray svg = equationSvg(key, color);
    if (!svg.isEmpty())
        renderer->load(svg);
    return renderer;
}

QString formatDerivationValue(std::optional<double> value, std::optional<double> log10_magnitude,
                              int digits, bool negative)
{
    if (!value)
        return DerivationText::tr("undefined");
    const double number = *value;
    if (number == 0.0) {
        if (log10_magnitude) {
            return DerivationText::tr("0 (underflows; about %1%2)")
                .arg(negative ? QStringLiteral("−") : QString(), powerOfTen(*log10_magnitude));
        }
        return QStringLiteral("0");
    }
    if (std::isinf(number)) {
        const QString sign = number > 0.0 ? QString() : QStringLiteral("−");
        if (log10_magnitude)
            return DerivationText::tr("overflows; about %1%2").arg(sign, powerOfTen(*log10_magnitude));
        return DerivationText::tr("overflows (%1∞)").arg(number > 0.0 ? QStringLiteral("+") : sign);
    }
    if (std::isnan(number))
        return DerivationText::tr("not a number");
    // Without group separators, and with an exponent from 1e7 on, so that a
    // column never mixes 400,000,000,000 with 2.606e+14.
    QLocale locale;
    locale.setNumberOptions(QLocale::OmitGroupSeparator);
    QString text = locale.toString(number, 'g', digits);
    if (std::abs(number) >= 1e7 && !text.contains(u'e')) {
        text = locale.toString(number, 'e', digits - 1);
        // Trailing zeros of the mantissa claim nothing: 4.00000000000e+11 is 4e+11.
        const qsizetype e = text.indexOf(u'e');
        qsizetype end = e;
        while (end > 0 && text[end - 1] == u'0')
            --end;
        if (end > 0 && text[end - 1] == locale.decimalPoint().front())
            --end;
        text = text.left(end) + text.mid(e);
    }
    if (std::abs(number) < std::numeric_limits<double>::min())
        return DerivationText::tr("%1 (subnormal, fewer significant digits)").arg(text);
    return text;
}

QList<NumberRow> numberRows(const QString& key, const DerivationNumbers& numbers)
{
    if (key == QLatin1String("soft-targets")) {
        return {
            makeRow(QStringLiteral("q"), DerivationText::tr("qᵢ (student)"), numbers.q,
                    probabilityMagnitude(numbers.q, numbers.log_q)),
            makeRow(QStringLiteral("p"), DerivationText::tr("pᵢ (teacher)"), numbers.p,
                    probabilityMagnitude(numbers.p, numbers.log_p)),
            makeRow(QStringLiteral("log-q"), DerivationText::tr("log qᵢ"), numbers.log_q,
                    numbers.log_q_log10, true),
            makeRow(QStringLiteral("log-p"), DerivationText::tr("log pᵢ"), numbers.log_p,
                    numbers.log_p_log10, true),
        };
    }
    if (key == QLatin1String("chain-rule")) {
        return {
            makeRow(QStringLiteral("eq2"), DerivationText::tr("Eq. 2, (qᵢ − pᵢ)/T"), numbers.grad_exact,
                    numbers.grad_exact_log10,
                    numbers.grad_exact_negative),
            makeRow(QStringLiteral("inverse-temperature"), DerivationText::tr("1/T"),
                    1.0 / numbers.temperature),
        };
    }
    if (key == QLatin1String("taylor")) {
        return taylorRows(QStringLiteral("student"), DerivationText::tr("x = zᵢ/T"), numbers.student_term)
            + taylorRows(QStringLiteral("teacher"), DerivationText::tr("x = vᵢ/T"), numbers.teacher_term);
    }
    if (key == QLatin1String("eq3")) {
        return fractionRows(QStringLiteral("student"), DerivationText::tr("1 + zᵢ/T"),
                            DerivationText::tr("N + Σ zⱼ/T"), DerivationText::tr("student fraction"),
                            numbers.student_fraction)
            + fractionRows(QStringLiteral("teacher"), DerivationText::tr("1 + vᵢ/T"),
                           DerivationText::tr("N + Σ vⱼ/T"), DerivationText::tr("teacher fraction"),
                           numbers.teacher_fraction)
            + QList<NumberRow>{
                taylorGradientRow(numbers),
                makeRow(QStringLiteral("eq2"), DerivationText::tr("Eq. 2, for comparison"),
                        numbers.grad_exact, numbers.grad_exact_log10,
                    numbers.grad_exact_negative),
            };
    }
    if (key == QLatin1String("zero-mean")) {
        return {
            makeRow(QStringLiteral("student-sum"), DerivationText::tr("Σ zⱼ"), numbers.student_sum),
            makeRow(QStringLiteral("teacher-sum"), DerivationText::tr("Σ vⱼ"), numbers.teacher_sum),
            makeRow(QStringLiteral("student-mean"), DerivationText::tr("mean of z"), numbers.student_mean),
            makeRow(QStringLiteral("teacher-mean"), DerivationText::tr("mean of v"), numbers.teacher_mean),
            makeRow(QStringLiteral("student-centred"), DerivationText::tr("zᵢ − mean of z"),
                    numbers.centered_student),
            makeRow(QStringLiteral("teacher-centred"), DerivationText::tr("vᵢ − mean of v"),
                    numbers.centered_teacher),
        };
    }
    if (key == QLatin1String("eq4")) {
        return {
            makeRow(QStringLiteral("eq4-centred"), DerivationText::tr("Eq. 4, centred logits"),
                    numbers.grad_centered),
            makeRow(QStringLiteral("eq4-raw"), DerivationText::tr("Eq. 4, logits as given"), numbers.grad_raw),
            makeRow(QStringLiteral("eq2"), DerivationText::tr("Eq. 2, for comparison"), numbers.grad_exact,
                    numbers.grad_exact_log10,
                    numbers.grad_exact_negative),
            makeRow(QStringLiteral("relative-error"),
                    DerivationText::tr("|centred Eq. 4 − Eq. 2| / |Eq. 2|"),
                    numbers.centered_relative_error),
        };
    }
    if (key == QLatin1String("eq5")) {
        return {
            makeRow(QStringLiteral("loss"), DerivationText::tr("½ Σ (zⱼ − vⱼ)², centred"),
                    numbers.quadratic_loss),
            makeRow(QStringLiteral("loss-gradient"), DerivationText::tr("its gradient zᵢ − vᵢ, centred"),
                    numbers.loss_gradient),
            makeRow(QStringLiteral("step-size"), DerivationText::tr("step size 1/(N T²)"), numbers.step_size),
            makeRow(QStringLiteral("step-times-gradient"), DerivationText::tr("step size × gradient"),
                    numbers.step_times_gradient),
            makeRow(QStringLiteral("eq4-centred"), DerivationText::tr("Eq. 4, centred logits"),
                    numbers.grad_centered),
            makeRow(QStringLiteral("minimizer"), DerivationText::tr("zᵢ − mean of z at the minimum"),
                    numbers.minimizer),
        };
    }
    if (key == QLatin1String("one-over-t")) {
        return {
            makeRow(QStringLiteral("inverse-temperature"), DerivationText::tr("1/T"),
                    1.0 / numbers.temperature),
            makeRow(QStringLiteral("eq2"), DerivationText::tr("Eq. 2"), numbers.grad_exact,
                    numbers.grad_exact_log10,
                    numbers.grad_exact_negative),
        };
    }
    if (key == QLatin1String("t-squared")) {
        return {
            makeRow(QStringLiteral("eq2-scaled"), DerivationText::tr("T² × Eq. 2"), numbers.grad_exact_scaled),
            makeRow(QStringLiteral("eq4-scaled"), DerivationText::tr("T² × Eq. 4, centred"),
                    numbers.grad_centered_scaled),
            makeRow(QStringLiteral("eq2"), DerivationText::tr("Eq. 2, unscaled"), numbers.grad_exact,
                    numbers.grad_exact_log10,
                    numbers.grad_exact_negative),
        };
    }
    if (key == QLatin1String("shift")) {
        return {
            makeRow(QStringLiteral("eq2"), DerivationText::tr("Eq. 2"), numbers.grad_exact,
                    numbers.grad_exact_log10,
                    numbers.grad_exact_negative),
            taylorGradientRow(numbers),
            makeRow(QStringLiteral("eq4-raw"), DerivationText::tr("Eq. 4, logits as given"), numbers.grad_raw),
            makeRow(QStringLiteral("eq4-centred"), DerivationText::tr("Eq. 4, centred logits"),
                    numbers.grad_centered),
            makeRow(QStringLiteral("student-sum"), DerivationText::tr("Σ zⱼ"), numbers.student_sum),
            makeRow(QStringLiteral("teacher-sum"), DerivationText::tr("Σ vⱼ"), numbers.teacher_sum),
        };
    }
    return {};
}

} // namespace distillscope::ui
