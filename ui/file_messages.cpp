#include "ui/file_messages.h"

#include <QCoreApplication>
#include <QLocale>

namespace distillscope::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("distillscope::ui::FileMessages", text);
}

QString quoted(const TextError& error)
{
    return QStringLiteral("“%1%2”")
        .arg(QString::fromStdString(error.text), error.text_truncated ? QStringLiteral("…")
                                                                      : QString());
}

QString bytes(std::uintmax_t count)
{
    return QLocale().formattedDataSize(qint64(count), 1, QLocale::DataSizeTraditionalFormat);
}

// The file and, where the error has one, the place inside it.
QString place(const TextError& error, const QString& path)
{
    QString where = tr("The file %1").arg(path);
    if (!error.json_path.empty())
        return where + tr(", at %1,").arg(QString::fromStdString(error.json_path));
    if (error.line != 0 && error.format == LogitsFormat::Text)
        return where + tr(", line %1, column %2,").arg(error.line).arg(error.column);
    if (error.line != 0)
        return where + tr(", row %1, column %2,").arg(error.line).arg(error.column);
    if (error.byte_offset)
        return where + tr(", at byte %1,").arg(*error.byte_offset);
    return where;
}

QString expectationText(Expectation expected)
{
    switch (expected) {
    case Expectation::None: return tr("a logits file");
    case Expectation::LogitsDocument:
        return tr("a list of numbers, a list of lists, or an object with \"logits\"");
    case Expectation::Logits: return tr("a list of numbers or a list of lists of numbers");
    case Expectation::Row: return tr("a list of numbers");
    case Expectation::Number: return tr("a number");
    case Expectation::Labels: return tr("a list with one label per row");
    case Expectation::Label: return tr("a class index or a class name");
    case Expectation::ClassNames: return tr("a list of strings");
    case Expectation::ClassName: return tr("a string");
    case Expectation::OpenBrace: return tr("'{'");
    case Expectation::Key: return tr("a quoted key");
    case Expectation::Colon: return tr("':'");
    case Expectation::CommaOrBrace: return tr("',' or '}'");
    case Expectation::String: return tr("a quoted dtype such as '<f4'");
    case Expectation::Boolean: return tr("True or False");
    case Expectation::OpenParen: return tr("'('");
    case Expectation::Dimension: return tr("a non-negative integer");
    case Expectation::Comma: return tr("','");
    case Expectation::CommaOrParen: return tr("',' or ')'");
    case Expectation::HeaderEnd: return tr("the end of the header");
    }
    return {};
}

} // namespace

QString describeLogitsFileError(const TextError& error, const QString& path)
{
    const QString where = place(error, path);
    switch (error.problem) {
    case TextProblem::EmptyInput:
        return tr("%1 contains no logits. Expected one logit vector per row.").arg(where);
    case TextProblem::HeaderWithoutData:
        return tr("%1 has a header row but no data row after it.").arg(where);
    case TextProblem::EmptyField: return tr("%1 has an empty field. Expected a number.").arg(where);
    case TextProblem::RaggedRow:
        return tr("%1 has a row of %2 numbers, but the first row has %3. Expected %3 in every row.")
            .arg(where)
            .arg(error.actual_fields)
            .arg(error.expected_fields);
    case TextProblem::NotANumber:
        return tr("%1 contains %2, which is not a number. Expected a decimal number with a dot, "
                  "such as -1.5 or 2e3.")
            .arg(where, quoted(error));
    case TextProblem::NonFiniteValue:
        return tr("%1 contains %2, which is not finite. Expected a finite number.")
            .arg(where, quoted(error));
    case TextProblem::ValueOverflow:
        return tr("%1 contains %2, beyond the double range (about 1.8e308).")
            .arg(where, quoted(error));
    case TextProblem::FileNotFound: return tr("%1 was not found.").arg(where);
    case TextProblem::IsDirectory: return tr("%1 is a folder. Expected a logits file.").arg(where);
    case TextProblem::NotRegularFile:
        return tr("%1 is not a regular file. Expected a logits file.").arg(where);
    case TextProblem::FileTooLarge:
    case TextProblem::ArrayTooLarge:
        return tr("%1 is too large: %2, above the limit of %3.")
            .arg(where, bytes(error.file_bytes ? error.file_bytes : error.expected_bytes),
                 bytes(error.limit_bytes));
    case TextProblem::FileUnreadable:
        return tr("%1 could not be read: %2.").arg(where, QString::fromStdString(error.detail));
    case TextProblem::ArchiveFile:
        return tr("%1 is a ZIP archive, such as an .npz or a .pt file. Expected one array saved "
                  "with numpy.save, a JSON file or a text file.")
            .arg(where);
    case TextProblem::NpyObjectArray:
        return tr("%1 is a NumPy object array. Reading it needs pickle, which would run code from "
                  "the file, so it is rejected. Save the logits as a float array.")
            .arg(where);
    case TextProblem::NpyDataSizeMismatch:
    case TextProblem::NpyTruncatedHeader:
        return tr("%1 is truncated or padded: the header implies %2, but the file has %3.")
            .arg(where, bytes(error.expected_bytes), bytes(error.actual_bytes));
    case TextProblem::JsonSyntax:
        return tr("%1 is not valid JSON: %2.").arg(where, QString::fromStdString(error.detail));
    case TextProblem::JsonCountMismatch:
        return tr("%1 has %2 entries. Expected %3.")
            .arg(where)
            .arg(error.actual_fields)
            .arg(error.expected_fields);
    case TextProblem::NpyBadMagic:
    case TextProblem::NpyUnsupportedVersion:
    case TextProblem::NpyHeaderTooLong:
    case TextProblem::NpyHeaderSyntax:
    case TextProblem::NpyMissingKey:
    case TextProblem::NpyDuplicateKey:
    case TextProblem::NpyUnknownKey:
    case TextProblem::NpyUnsupportedDtype:
    case TextProblem::NpyUnsupportedShape:
    case TextProblem::NpyEmptyArray:
    case TextProblem::NpyShapeOverflow:
        return tr("%1 is not a NumPy .npy file that DistillScope reads%2. Expected %3: a 1- or "
                  "2-dimensional array of numbers saved with numpy.save.")
            .arg(where,
                 error.text.empty() ? QString() : tr(" (at %1)").arg(quoted(error)),
                 expectationText(error.expected));
    case TextProblem::JsonWrongType:
    case TextProblem::JsonEmptyList:
    case TextProblem::JsonMissingKey:
    case TextProblem::JsonDuplicateKey:
    case TextProblem::JsonUnknownKey:
    case TextProblem::JsonLabelOutOfRange:
        return tr("%1 is not a logits document that DistillScope reads%2. Expected %3.")
            .arg(where,
                 error.text.empty() ? QString() : tr(" (at %1)").arg(quoted(error)),
                 expectationText(error.expected));
    }
    return tr("%1 could not be read as logits.").arg(where);
}

} // namespace distillscope::ui
