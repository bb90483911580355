#pragma once

// What the derivation page shows, shared by the page, its figure export and
// its CSV: the steps from Eq. 1 to Eq. 5 with their typeset equations, and
// the live numbers of each step as labelled rows.
//
// The titles, sentences and TeX of the steps live in
// resources/derivation/steps.json, compiled in as :/derivation/steps.json.
// tools/render_equations.py typesets each TeX at build time into
// :/equations/KEY.svg, an SVG of plain paths filled with #000000.

#include "distillscope/derivation.h"

#include <QByteArray>
#include <QColor>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QSvgRenderer;

namespace distillscope::ui {

// One step, or one learner question, of the derivation.
struct DerivationStep {
    QString key;   // "soft-targets", "chain-rule", ..., and the question keys
    QString title; // translated
    QString text;  // translated
    QString tex;   // the TeX source of the equation
};

// The seven steps from Eq. 1 to Eq. 5, in order.
const QList<DerivationStep>& derivationSteps();
// The questions beside the steps: "one-over-t", "t-squared" and "shift".
const QList<DerivationStep>& derivationQuestions();

// Returns the SVG of the equation of `key`, its glyphs filled with `color`,
// or an empty array when the build contains no such equation.
QByteArray equationSvg(const QString& key, const QColor& color);
// Returns a renderer of that SVG; invalid when the equation is missing.
std::unique_ptr<QSvgRenderer> equationRenderer(const QString& key, const QColor& color);
// The size in points that tools/render_equations.py typesets at, so that an
// equation drawn at S points is scaled by S / kEquationSourcePoints.
inline constexpr double kEquationSourcePoints = 16.0;

// One live number of a step, as the page shows it.
struct NumberRow {
    QString key;   // stable name, such as "q" or "student-remainder"
    QString label; // translated, with the symbols in Unicode
    // The value; empty where the quantity does not exist (Eq. 3 at its pole).
    std::optional<double> value;
    // log10 |value| where the double underflows to 0 or overflows to inf,
    // so that the text can still give its size.
    std::optional<double> log10_magnitude;
    QString text;  // the value as shown, see formatDerivationValue
};

// Returns the rows of step or question `key` for `numbers`. The "shift"
// question has the rows Eq. 2, Eq. 3, raw and centred Eq. 4 and the sums.
QList<NumberRow> numberRows(const QString& key, const DerivationNumbers& numbers);

inline constexpr int kDerivationDigits = 12;

// Returns `value` with `digits` significant digits in the user's locale,
// "0" for an exact zero, and for a value that underflowed or overflowed the
// size given by `log10_magnitude`, such as "0 (underflows; about 3.2e-537)",
// with a minus sign when `negative` is set.
QString formatDerivationValue(std::optional<double> value, std::optional<double> log10_magnitude,
                              int digits = kDerivationDigits, bool negative = false);

} // namespace distillscope::ui
