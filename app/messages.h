#pragma once

// Every message distillscope prints about bad input, in one place, so that the
// wording stays consistent and goes through tr(). Each message is one line
// that names the offending value, where it came from and what was expected;
// main() puts "distillscope: " in front.

#include "distillscope/distillation.h"
#include "distillscope/logits_text.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstddef>

namespace distillscope::app {

// The form of a logits SPEC.
enum class SpecKind {
    List,   // numbers separated by commas on the command line
    File,   // a logits file: text, NumPy .npy or JSON
    Sample, // the bundled digits sample
};

// The origin of a logit vector: the option that named it and the SPEC text.
struct LogitsOrigin {
    QString option; // "--teacher" or "--student"
    SpecKind kind = SpecKind::List;
    QString spec;   // as given; for the sample, the name of the bundled file
};

// A logit vector's origin with the row it was taken from, for messages that
// point at one logit.
struct OperandPlace {
    LogitsOrigin origin;
    const LogitsRow* row = nullptr;
    std::size_t row_index = 0;
};

// The operands and option texts that an InputError from the core refers to.
struct InputContext {
    OperandPlace teacher, student;
    QString temperature; // how the temperature was given, such as "--temperature '0.5'"
    QString tolerance;   // how the tolerance was given, such as "--tolerance '0.01'"
};

class Messages {
    Q_DECLARE_TR_FUNCTIONS(Messages)

public:
    // Quotes a value the user typed, with control characters escaped so that
    // the message stays on one line.
    static QString quote(const QString& text);
    static QString quote(std::string_view text);

    // The command line itself.
    static QString unknownCommand(const QString& command);
    // `known_options` lists the options of `command`, such as "--teacher".
    static QString unknownOption(const QString& command, const QString& option,
                                 const QStringList& known_options = {});
    static QString missingValue(const QString& option, const QString& expected);
    static QString unexpectedValue(const QString& option, const QString& argument);
    static QString unexpectedArgument(const QString& command, const QString& argument);
    static QString repeatedOption(const QString& option, qsizetype count);
    static QString missingOption(const QString& command, const QString& option,
                                 const QString& expected);
    static QString conflictingOptions(const QString& first, const QString& second);

    // Option values. `expected` describes a valid value, such as "a finite
    // temperature above 0".
    static QString invalidNumber(const QString& option, const QString& text, TextProblem problem,
                                 const QString& expected);
    static QString invalidValue(const QString& option, const QString& text,
                                const QString& expected);
    static QString outOfRange(const QString& option, const QString& text, const QString& expected);

    // Logits read from a SPEC, and the row taken from them.
    static QString textError(const LogitsOrigin& origin, const TextError& error);
    static QString rowOutOfRange(const LogitsOrigin& origin, const QString& row_text,
                                 std::size_t rows);
    static QString classOutOfRange(const QString& text, Index classes);
    // A warning, not an error: the row taken from a file looks like softmax
    // output, which needs its logarithm taken first.
    static QString probabilitiesWarning(const OperandPlace& operand);

    // Bad data reported by the numeric core.
    static QString inputError(const InputError& error, const InputContext& context);

    // A value that is NaN or infinite where the core promises finite results.
    static QString nonFiniteResult(const QString& quantity, const QString& temperature);

private:
    static QString place(const LogitsOrigin& origin, std::size_t line, std::size_t column);
    static QString logitPlace(const OperandPlace& operand, Index index);
    static QString operandPlace(const OperandPlace& operand);
    static const OperandPlace& operand(const InputContext& context, Operand which);
};

} // namespace distillscope::app
