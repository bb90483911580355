#include "app/messages.h"

#include "app/number_text.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace distillscope::app {
namespace {

// Quoted values are cut after this many characters, so that a pasted
// megabyte cannot fill the terminal.
constexpr qsizetype kMaxQuotedCharacters = 80;

QString classCount(std::size_t classes)
{
    return classes == 1 ? Messages::tr("1 class") : Messages::tr("%1 classes").arg(classes);
}

QString rowCount(std::size_t rows)
{
    return rows == 1 ? Messages::tr("1 data row") : Messages::tr("%1 data rows").arg(rows);
}

// A byte count with its MiB equivalent where that is exact, such as
// "268435456 bytes (256 MiB)".
QString byteCount(std::uintmax_t bytes)
{
    constexpr std::uintmax_t kMebibyte = 1024 * 1024;
    if (bytes % kMebibyte == 0)
        return Messages::tr("%1 bytes (%2 MiB)").arg(bytes).arg(bytes / kMebibyte);
    return Messages::tr("%1 bytes").arg(bytes);
}

// The smallest temperature at which |logit| / T stays below the double range,
// rounded up by two units in the last place to absorb the rounding of the division.
double smallestSafeTemperature(double logit)
{
    const double bound = std::abs(logit) / std::numeric_limits<double>::max();
    const double above = std::nextafter(bound, std::numeric_limits<double>::infinity());
    return std::max(std::nextafter(above, std::numeric_limits<double>::infinity()),
                    std::numeric_limits<double>::denorm_min());
}

// Bytes from a binary file, quoted with every byte outside printable ASCII
// written as \xNN, such as '\x93NUMPZ'.
QString quotedBytes(const std::string& bytes)
{
    QString text;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7F)
            text += QLatin1Char(c);
        else
            text += QStringLiteral("\\x%1").arg(byte, 2, 16, QLatin1Char('0'));
    }
    return u'\'' + text + u'\'';
}

// A shape as NumPy prints it: (), (5,) or (4, 5).
QString shapeText(const std::vector<std::uint64_t>& shape)
{
    QStringList dimensions;
    for (const std::uint64_t dimension : shape)
        dimensions.append(QString::number(dimension));
    if (shape.size() == 1)
        return u'(' + dimensions.front() + QStringLiteral(",)");
    return u'(' + dimensions.join(QStringLiteral(", ")) + u')';
}

// The place inside a .npy or JSON file, appended to the file's own place. It
// names the NumPy index or the JSON path of the offending value, its line and
// column in JSON text, and its byte offset, as far as the error has them.
QString placeInFile(const QString& file, const TextError& error)
{
    QString where = file;
    if (error.format == LogitsFormat::Npy && error.line != 0) {
        // Row and column are 1-based in the error; NumPy indexes from 0.
        where += error.shape.size() == 1
            ? Messages::tr(", value [%1]").arg(error.column - 1)
            : Messages::tr(", value [%1, %2]").arg(error.line - 1).arg(error.column - 1);
    }
    if (!error.json_path.empty())
        where += QStringLiteral(", ") + QString::fromStdString(error.json_path);
    if (error.format == LogitsFormat::Json && error.line != 0)
        where += Messages::tr(", line %1, column %2").arg(error.line).arg(error.column);
    if (error.byte_offset)
        where += Messages::tr(" (byte %1)").arg(*error.byte_offset);
    return where;
}

// The description of an expectation, for the end of a message after "expected".
QString expectationText(Expectation expected)
{
    switch (expected) {
    case Expectation::None:
        break;
    case Expectation::LogitsDocument:
        return Messages::tr("a list of numbers, a list of lists of numbers, or an object with "
                            "\"logits\"");
    case Expectation::Logits:
        return Messages::tr("a list of numbers or a list of lists of numbers");
    case Expectation::Row:
        return Messages::tr("a row, a list of numbers like the rows before it");
    case Expectation::Number:
        return Messages::tr("a number");
    case Expectation::Labels:
        return Messages::tr("a list with one label per row");
    case Expectation::Label:
        return Messages::tr("a class index (an integer from 0) or a class name (a string)");
    case Expectation::ClassNames:
        return Messages::tr("a list with one class name per class");
    case Expectation::ClassName:
        return Messages::tr("a class name (a string)");
    case Expectation::OpenBrace:
        return Messages::tr("'{', the start of the header dictionary");
    case Expectation::Key:
        return Messages::tr("a quoted key: 'descr', 'fortran_order' or 'shape'");
    case Expectation::Colon:
        return Messages::tr("':' after the key");
    case Expectation::CommaOrBrace:
        return Messages::tr("',' or '}'");
    case Expectation::String:
        return Messages::tr("a quoted dtype such as '<f4'");
    case Expectation::Boolean:
        return Messages::tr("True or False");
    case Expectation::OpenParen:
        return Messages::tr("a shape tuple such as (4, 10)");
    case Expectation::Dimension:
        return Messages::tr("a dimension, an integer of 0 or more");
    case Expectation::Comma:
        return Messages::tr("',' after the only dimension, as in (10,)");
    case Expectation::CommaOrParen:
        return Messages::tr("',' or ')'");
    case Expectation::HeaderEnd:
        return Messages::tr("only spaces and a newline after the header dictionary");
    }
    return Messages::tr("a file as numpy.save or json.dump writes it");
}

// A JSON value found where another was expected, such as "the string '2.5'".
QString foundText(const TextError& error)
{
    switch (error.found) {
    case JsonKind::Null:
        return QStringLiteral("null");
    case JsonKind::Boolean:
        return QString::fromStdString(error.text);
    case JsonKind::Number:
        return Messages::tr("the number %1").arg(QString::fromStdString(error.text));
    case JsonKind::String:
        return Messages::tr("the string %1").arg(Messages::quote(error.text));
    case JsonKind::Array:
        return Messages::tr("a list");
    case JsonKind::Object:
        return Messages::tr("an object");
    }
    return Messages::tr("a value");
}

// The message of a problem that only the .npy and JSON readers report.
QString arrayFileError(const QString& where, const QString& field, const TextError& error)
{
    const QString shape = shapeText(error.shape);
    switch (error.problem) {
    case TextProblem::NpyBadMagic:
        return Messages::tr("%1 starts with %2, not the .npy magic string \\x93NUMPY; expected a "
                            "file written by numpy.save")
            .arg(where, quotedBytes(error.text));
    case TextProblem::NpyUnsupportedVersion:
        return Messages::tr("%1: .npy format version %2 is not supported; expected version 1.0, "
                            "2.0 or 3.0")
            .arg(where, QString::fromStdString(error.text));
    case TextProblem::NpyTruncatedHeader:
        return Messages::tr("%1 ends after %2, inside the .npy header, which runs to byte %3; "
                            "expected the complete file that numpy.save wrote")
            .arg(where, byteCount(error.actual_bytes))
            .arg(error.expected_bytes);
    case TextProblem::NpyHeaderTooLong:
        return Messages::tr("%1: the .npy header claims %2, above the limit of %3; expected the "
                            "short header that numpy.save writes for an array of numbers")
            .arg(where, byteCount(error.expected_bytes), byteCount(error.limit_bytes));
    case TextProblem::NpyHeaderSyntax:
        return Messages::tr("%1: invalid .npy header at %2; expected %3")
            .arg(where, field, expectationText(error.expected));
    case TextProblem::NpyMissingKey:
        return Messages::tr("%1: the .npy header has no key %2; expected 'descr', 'fortran_order' "
                            "and 'shape'")
            .arg(where, field);
    case TextProblem::NpyDuplicateKey:
        return Messages::tr("%1: the .npy header repeats the key %2; expected each key once")
            .arg(where, field);
    case TextProblem::NpyUnknownKey:
        return Messages::tr("%1: the .npy header has the unknown key %2; expected only 'descr', "
                            "'fortran_order' and 'shape'")
            .arg(where, field);
    case TextProblem::NpyUnsupportedDtype:
        return Messages::tr("%1: the dtype %2 is not supported; expected float16, float32, float64 "
                            "or an integer type such as '<i8'")
            .arg(where, field);
    case TextProblem::NpyObjectArray:
        return Messages::tr("%1 contains a NumPy object array (dtype %2), which only pickle can "
                            "read, and unpickling could run code from the file; expected numbers, "
                            "saved with numpy.save(path, logits.astype('float32'))")
            .arg(where, field);
    case TextProblem::NpyUnsupportedShape:
        return Messages::tr("%1: the array has shape %2; expected (N,) for one sample or "
                            "(samples, N)")
            .arg(where, shape);
    case TextProblem::NpyEmptyArray:
        return Messages::tr("%1: the array has shape %2 and no values; expected at least one row "
                            "and one class")
            .arg(where, shape);
    case TextProblem::NpyShapeOverflow:
        return Messages::tr("%1: the array shape %2 would need more than 2^64 bytes; expected a "
                            "valid .npy file")
            .arg(where, shape);
    case TextProblem::NpyDataSizeMismatch:
        return Messages::tr("%1: the header's shape %2 needs %3 of data, but the file has %4 after "
                            "the header; expected the complete file that numpy.save wrote")
            .arg(where, shape, byteCount(error.expected_bytes), byteCount(error.actual_bytes));
    case TextProblem::ArrayTooLarge:
        return Messages::tr("%1: the array of shape %2 needs %3 in memory, above the limit of %4; "
                            "expected a smaller array")
            .arg(where, shape, byteCount(error.expected_bytes), byteCount(error.limit_bytes));
    case TextProblem::JsonSyntax: {
        // The parser's description usually ends in what it expected, such as
        // "unexpected number literal; expected ']'".
        const QString offending = error.text.empty() ? Messages::tr("the end of the file") : field;
        const QString detail = QString::fromStdString(error.detail);
        if (detail.contains(QLatin1String("; expected")))
            return Messages::tr("%1: invalid JSON at %2 (%3)").arg(where, offending, detail);
        return Messages::tr("%1: invalid JSON at %2 (%3); expected JSON such as "
                            "[[2.1, -0.3], [0.2, 1.5]]")
            .arg(where, offending, detail);
    }
    case TextProblem::JsonWrongType:
        return Messages::tr("%1: found %2; expected %3")
            .arg(where, foundText(error), expectationText(error.expected));
    case TextProblem::JsonEmptyList:
        return Messages::tr("%1: the list is empty; expected at least one number").arg(where);
    case TextProblem::JsonMissingKey:
        return Messages::tr("%1: the object has no \"logits\"; expected an object such as "
                            "{\"logits\": [[2.1, -0.3], [0.2, 1.5]]}")
            .arg(where);
    case TextProblem::JsonDuplicateKey:
        return Messages::tr("%1: the key %2 appears twice; expected each key once")
            .arg(where, field);
    case TextProblem::JsonUnknownKey:
        return Messages::tr("%1: unknown key %2; expected only \"logits\", \"labels\" and "
                            "\"classes\"")
            .arg(where, field);
    case TextProblem::JsonCountMismatch:
        if (error.json_path == "$.labels")
            return Messages::tr("%1: %2 labels for %3; expected one label per row")
                .arg(where)
                .arg(error.actual_fields)
                .arg(rowCount(error.expected_fields));
        return Messages::tr("%1: %2 class names for %3; expected one name per class")
            .arg(where)
            .arg(error.actual_fields)
            .arg(classCount(error.expected_fields));
    case TextProblem::JsonLabelOutOfRange:
        return Messages::tr("%1: the label %2 is out of range; expected a class index from 0 to %3 "
                            "or a class name")
            .arg(where, QString::fromStdString(error.text))
            .arg(error.expected_fields - 1);
    default:
        break;
    }
    return Messages::tr("%1: unreadable logits").arg(where);
}

} // namespace

QString Messages::quote(const QString& text)
{
    QString escaped;
    escaped.reserve(text.size() + 2);
    for (const QChar c : text.left(kMaxQuotedCharacters)) {
        if (c == u'\n')
            escaped += QStringLiteral("\\n");
        else if (c == u'\t')
            escaped += QStringLiteral("\\t");
        else if (c == u'\r')
            escaped += QStringLiteral("\\r");
        else if (c.category() == QChar::Other_Control)
            escaped += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            escaped += c;
    }
    if (text.size() > kMaxQuotedCharacters)
        escaped += QStringLiteral("...");
    return u'\'' + escaped + u'\'';
}

QString Messages::quote(std::string_view text)
{
    return quote(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())));
}

QString Messages::unknownCommand(const QString& command)
{
    return tr("unknown command %1; expected compute, sweep, export or bench (see distillscope --help)")
        .arg(quote(command));
}

QString Messages::unknownOption(const QString& command, const QString& option,
                               const QStringList& known_options)
{
    if (command.isEmpty())
        return tr("unknown option %1; expected a command (compute, sweep or bench) or one of %2 "
                  "(see distillscope --help)")
            .arg(quote(option), known_options.join(QStringLiteral(", ")));
    return tr("unknown option %1 for %2; expected one of %3 (see distillscope %2 --help)")
        .arg(quote(option), command, known_options.join(QStringLiteral(", ")));
}

QString Messages::missingValue(const QString& option, const QString& expected)
{
    return tr("%1 has no value; expected %2").arg(option, expected);
}

QString Messages::unexpectedValue(const QString& option, const QString& argument)
{
    return tr("%1 takes no value, but %2 was given; expected %1 alone").arg(option, quote(argument));
}

QString Messages::unexpectedArgument(const QString& command, const QString& argument)
{
    const QString context = command.isEmpty() ? QStringLiteral("distillscope") : command;
    return tr("unexpected argument %1 for %2; expected options such as --teacher 1,0,-1")
        .arg(quote(argument), context);
}

QString Messages::repeatedOption(const QString& option, qsizetype count)
{
    return tr("%1 is given %2 times; expected it once").arg(option).arg(count);
}

QString Messages::missingOption(const QString& command, const QString& option,
                                const QString& expected)
{
    return tr("%1 needs %2; expected %3").arg(command, option, expected);
}

QString Messages::conflictingOptions(const QString& first, const QString& second)
{
    return tr("%1 and %2 cannot be combined; expected one of them").arg(first, second);
}

QString Messages::invalidNumber(const QString& option, const QString& text, TextProblem problem,
                                const QString& expected)
{
    switch (problem) {
    case TextProblem::EmptyField:
        return tr("%1 is empty; expected %2").arg(option, expected);
    case TextProblem::NonFiniteValue:
        return tr("%1 %2 is not finite; expected %3").arg(option, quote(text), expected);
    case TextProblem::ValueOverflow:
        return tr("%1 %2 is beyond the double range (about 1.8e308); expected %3")
            .arg(option, quote(text), expected);
    default:
        return tr("%1 %2 is not a number; expected %3").arg(option, quote(text), expected);
    }
}

QString Messages::invalidValue(const QString& option, const QString& text, const QString& expected)
{
    return tr("invalid %1 %2; expected %3").arg(option, quote(text), expected);
}

QString Messages::outOfRange(const QString& option, const QString& text, const QString& expected)
{
    return tr("%1 %2 is out of range; expected %3").arg(option, quote(text), expected);
}

QString Messages::place(const LogitsOrigin& origin, std::size_t line, std::size_t column)
{
    QString where;
    switch (origin.kind) {
    case SpecKind::List:
        where = tr("%1 %2").arg(origin.option, quote(origin.spec));
        break;
    case SpecKind::File:
        where = tr("%1 file %2").arg(origin.option, quote(origin.spec));
        break;
    case SpecKind::Sample:
        where = origin.option.isEmpty()
            ? tr("bundled sample %1").arg(origin.spec)
            : tr("%1 sample %2").arg(origin.option, origin.spec);
        break;
    }

    // An inline list is one line, so only its column locates a value.
    if (line != 0 && origin.kind != SpecKind::List)
        where += tr(", line %1").arg(line);
    if (column != 0)
        where += tr(", column %1").arg(column);
    return where;
}

QString Messages::textError(const LogitsOrigin& origin, const TextError& error)
{
    const QString where = error.format == LogitsFormat::Text
        ? place(origin, error.line, error.column)
        : placeInFile(place(origin, 0, 0), error);
    const QString field = quote(error.text) + (error.text_truncated ? QStringLiteral("...") : QString());

    switch (error.problem) {
    case TextProblem::EmptyInput:
        if (error.format == LogitsFormat::Json)
            return tr("%1 contains no JSON value; expected a list of numbers, a list of lists, or "
                      "an object with \"logits\"")
                .arg(where);
        if (origin.kind == SpecKind::List)
            return tr("%1 is an empty list; expected numbers separated by commas, such as 1,0,-1")
                .arg(where);
        return tr("%1 contains no logits; expected one logit vector per line, numbers separated "
                  "by commas, tabs or spaces")
            .arg(where);
    case TextProblem::HeaderWithoutData:
        return tr("%1: the header row has no data row after it; expected at least one row of "
                  "numbers below the header")
            .arg(where);
    case TextProblem::EmptyField:
        return tr("%1: empty field; expected a number").arg(where);
    case TextProblem::RaggedRow:
        if (error.format == LogitsFormat::Json)
            return tr("%1: the row has %2 numbers, but the first row has %3; expected %3 in every "
                      "row")
                .arg(where)
                .arg(error.actual_fields)
                .arg(error.expected_fields);
        return tr("%1: the row has %2 fields, but line %3 has %4; expected %4 fields in every row")
            .arg(where)
            .arg(error.actual_fields)
            .arg(error.expected_line)
            .arg(error.expected_fields);
    case TextProblem::NotANumber:
        return tr("%1: %2 is not a number; expected a decimal number with a dot, such as -1.5 "
                  "or 2e3")
            .arg(where, field);
    case TextProblem::NonFiniteValue:
        return tr("%1: %2 is not finite; expected a finite number").arg(where, field);
    case TextProblem::ValueOverflow:
        return tr("%1: %2 is beyond the double range (about 1.8e308); expected a smaller "
                  "magnitude")
            .arg(where, field);
    case TextProblem::FileNotFound:
        return tr("%1 not found; expected the path of a logits file, numbers separated by commas "
                  "such as 1,0,-1, or 'sample'")
            .arg(where);
    case TextProblem::IsDirectory:
        return tr("%1 is a folder; expected a logits file").arg(where);
    case TextProblem::NotRegularFile:
        return tr("%1 is not a regular file; expected a logits file").arg(where);
    case TextProblem::FileTooLarge:
        return tr("%1 has %2, above the limit of %3; expected a smaller logits file")
            .arg(where, byteCount(error.file_bytes), byteCount(error.limit_bytes));
    case TextProblem::FileUnreadable:
        return tr("%1 could not be read (%2); expected a readable logits file")
            .arg(where, QString::fromStdString(error.detail));
    case TextProblem::ArchiveFile:
        return tr("%1 is a ZIP archive, such as an .npz from numpy.savez or a .pt from torch.save; "
                  "expected one array saved with numpy.save, a JSON file or a text file")
            .arg(where);
    case TextProblem::NpyBadMagic:
    case TextProblem::NpyUnsupportedVersion:
    case TextProblem::NpyTruncatedHeader:
    case TextProblem::NpyHeaderTooLong:
    case TextProblem::NpyHeaderSyntax:
    case TextProblem::NpyMissingKey:
    case TextProblem::NpyDuplicateKey:
    case TextProblem::NpyUnknownKey:
    case TextProblem::NpyUnsupportedDtype:
    case TextProblem::NpyObjectArray:
    case TextProblem::NpyUnsupportedShape:
    case TextProblem::NpyEmptyArray:
    case TextProblem::NpyShapeOverflow:
    case TextProblem::NpyDataSizeMismatch:
    case TextProblem::ArrayTooLarge:
    case TextProblem::JsonSyntax:
    case TextProblem::JsonWrongType:
    case TextProblem::JsonEmptyList:
    case TextProblem::JsonMissingKey:
    case TextProblem::JsonDuplicateKey:
    case TextProblem::JsonUnknownKey:
    case TextProblem::JsonCountMismatch:
    case TextProblem::JsonLabelOutOfRange:
        return arrayFileError(where, field, error);
    }
    return tr("%1: unreadable logits").arg(where);
}

QString Messages::probabilitiesWarning(const OperandPlace& operand)
{
    return tr("warning: %1 looks like probabilities, not logits: its values lie within [0, 1] and "
              "sum to 1; take the logarithm first, such as numpy.log(p)")
        .arg(operandPlace(operand));
}

QString Messages::rowOutOfRange(const LogitsOrigin& origin, const QString& row_text,
                                std::size_t rows)
{
    const QString range = rows == 1 ? QStringLiteral("0") : tr("0 to %1").arg(rows - 1);
    return tr("--row %1 is out of range for %2, which has %3; expected %4")
        .arg(quote(row_text), place(origin, 0, 0), rowCount(rows), range);
}

QString Messages::classOutOfRange(const QString& text, Index classes)
{
    return tr("--class %1 is out of range for %2; expected 0 to %3")
        .arg(quote(text), classCount(static_cast<std::size_t>(classes)))
        .arg(classes - 1);
}

const OperandPlace& Messages::operand(const InputContext& context, Operand which)
{
    return which == Operand::Student ? context.student : context.teacher;
}

QString Messages::operandPlace(const OperandPlace& operand)
{
    if (!operand.row || operand.origin.kind == SpecKind::List)
        return place(operand.origin, 0, 0);
    return tr("%1 (row %2)").arg(place(operand.origin, operand.row->line, 0)).arg(operand.row_index);
}

QString Messages::logitPlace(const OperandPlace& operand, Index index)
{
    const bool known_column = operand.row && index >= 0
        && static_cast<std::size_t>(index) < operand.row->columns.size();
    const std::size_t line = operand.row ? operand.row->line : 0;
    const std::size_t column = known_column ? operand.row->columns[static_cast<std::size_t>(index)] : 0;
    return tr("%1 (class %2)").arg(place(operand.origin, line, column)).arg(index);
}

QString Messages::inputError(const InputError& error, const InputContext& context)
{
    switch (error.problem) {
    case InputProblem::TooFewClasses: {
        const OperandPlace& side = operand(context, error.operand);
        const Index classes = error.operand == Operand::Student ? error.student_classes
                                                                : error.teacher_classes;
        return tr("%1 has %2; expected at least 2 logits per vector")
            .arg(operandPlace(side), classCount(static_cast<std::size_t>(classes)));
    }
    case InputProblem::LengthMismatch:
        return tr("%1 has %2 but %3 has %4; expected the same number of classes in both")
            .arg(operandPlace(context.teacher),
                 classCount(static_cast<std::size_t>(error.teacher_classes)),
                 operandPlace(context.student),
                 classCount(static_cast<std::size_t>(error.student_classes)));
    case InputProblem::NonFiniteLogit:
        return tr("%1: the logit is not finite; expected a finite number")
            .arg(logitPlace(operand(context, error.operand), error.index));
    case InputProblem::InvalidTemperature:
        return tr("%1 is not a finite number above 0; expected a temperature from 1e-6 to 1e16")
            .arg(context.temperature);
    case InputProblem::TemperatureOutOfRange:
        return tr("%1 is outside the range 1e-6 to 1e16, where DistillScope computes every "
                  "quantity to double precision; expected a temperature in that range")
            .arg(context.temperature);
    case InputProblem::ScaledLogitOverflow:
        return tr("%1: logit %2 divided by %3 overflows a double; expected a temperature of at "
                  "least %4")
            .arg(logitPlace(operand(context, error.operand), error.index),
                 numberText(error.value), context.temperature,
                 numberText(smallestSafeTemperature(error.value)));
    case InputProblem::ResultOverflow:
        return tr("%1: %2 exceeds the double range for these logits at this temperature; "
                  "expected smaller logits or smaller differences between them")
            .arg(context.temperature, QString::fromLatin1(error.quantity));
    case InputProblem::InvalidTolerance:
        return tr("%1 is not a finite number above 0; expected a relative error above 0, such as "
                  "0.01")
            .arg(context.tolerance);
    }
    return tr("invalid input");
}

QString Messages::nonFiniteResult(const QString& quantity, const QString& temperature)
{
    return tr("%1 at %2 came out as NaN or infinity, which is a bug in distillscope; please report "
              "it with this command line")
        .arg(quantity, temperature);
}

} // namespace distillscope::app
