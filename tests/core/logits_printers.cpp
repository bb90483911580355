#include "logits_printers.h"

namespace distillscope {

std::ostream& operator<<(std::ostream& out, TextProblem problem)
{
    switch (problem) {
    case TextProblem::EmptyInput: return out << "EmptyInput";
    case TextProblem::HeaderWithoutData: return out << "HeaderWithoutData";
    case TextProblem::EmptyField: return out << "EmptyField";
    case TextProblem::RaggedRow: return out << "RaggedRow";
    case TextProblem::NotANumber: return out << "NotANumber";
    case TextProblem::NonFiniteValue: return out << "NonFiniteValue";
    case TextProblem::ValueOverflow: return out << "ValueOverflow";
    case TextProblem::FileNotFound: return out << "FileNotFound";
    case TextProblem::IsDirectory: return out << "IsDirectory";
    case TextProblem::NotRegularFile: return out << "NotRegularFile";
    case TextProblem::FileTooLarge: return out << "FileTooLarge";
    case TextProblem::FileUnreadable: return out << "FileUnreadable";
    case TextProblem::ArchiveFile: return out << "ArchiveFile";
    case TextProblem::NpyBadMagic: return out << "NpyBadMagic";
    case TextProblem::NpyUnsupportedVersion: return out << "NpyUnsupportedVersion";
    case TextProblem::NpyTruncatedHeader: return out << "NpyTruncatedHeader";
    case TextProblem::NpyHeaderTooLong: return out << "NpyHeaderTooLong";
    case TextProblem::NpyHeaderSyntax: return out << "NpyHeaderSyntax";
    case TextProblem::NpyMissingKey: return out << "NpyMissingKey";
    case TextProblem::NpyDuplicateKey: return out << "NpyDuplicateKey";
    case TextProblem::NpyUnknownKey: return out << "NpyUnknownKey";
    case TextProblem::NpyUnsupportedDtype: return out << "NpyUnsupportedDtype";
    case TextProblem::NpyObjectArray: return out << "NpyObjectArray";
    case TextProblem::NpyUnsupportedShape: return out << "NpyUnsupportedShape";
    case TextProblem::NpyEmptyArray: return out << "NpyEmptyArray";
    case TextProblem::NpyShapeOverflow: return out << "NpyShapeOverflow";
    case TextProblem::NpyDataSizeMismatch: return out << "NpyDataSizeMismatch";
    case TextProblem::ArrayTooLarge: return out << "ArrayTooLarge";
    case TextProblem::JsonSyntax: return out << "JsonSyntax";
    case TextProblem::JsonWrongType: return out << "JsonWrongType";
    case TextProblem::JsonEmptyList: return out << "JsonEmptyList";
    case TextProblem::JsonMissingKey: return out << "JsonMissingKey";
    case TextProblem::JsonDuplicateKey: return out << "JsonDuplicateKey";
    case TextProblem::JsonUnknownKey: return out << "JsonUnknownKey";
    case TextProblem::JsonCountMismatch: return out << "JsonCountMismatch";
    case TextProblem::JsonLabelOutOfRange: return out << "JsonLabelOutOfRange";
    }
    return out << "TextProblem(" << static_cast<int>(problem) << ")";
}

std::ostream& operator<<(std::ostream& out, LogitsFormat format)
{
    switch (format) {
    case LogitsFormat::Text: return out << "Text";
    case LogitsFormat::Npy: return out << "Npy";
    case LogitsFormat::Json: return out << "Json";
    }
    return out << "LogitsFormat(" << static_cast<int>(format) << ")";
}

std::ostream& operator<<(std::ostream& out, Expectation expectation)
{
    switch (expectation) {
    case Expectation::None: return out << "None";
    case Expectation::LogitsDocument: return out << "LogitsDocument";
    case Expectation::Logits: return out << "Logits";
    case Expectation::Row: return out << "Row";
    case Expectation::Number: return out << "Number";
    case Expectation::Labels: return out << "Labels";
    case Expectation::Label: return out << "Label";
    case Expectation::ClassNames: return out << "ClassNames";
    case Expectation::ClassName: return out << "ClassName";
    case Expectation::OpenBrace: return out << "OpenBrace";
    case Expectation::Key: return out << "Key";
    case Expectation::Colon: return out << "Colon";
    case Expectation::CommaOrBrace: return out << "CommaOrBrace";
    case Expectation::String: return out << "String";
    case Expectation::Boolean: return out << "Boolean";
    case Expectation::OpenParen: return out << "OpenParen";
    case Expectation::Dimension: return out << "Dimension";
    case Expectation::Comma: return out << "Comma";
    case Expectation::CommaOrParen: return out << "CommaOrParen";
    case Expectation::HeaderEnd: return out << "HeaderEnd";
    }
    return out << "Expectation(" << static_cast<int>(expectation) << ")";
}

std::ostream& operator<<(std::ostream& out, JsonKind kind)
{
    switch (kind) {
    case JsonKind::Null: return out << "Null";
    case JsonKind::Boolean: return out << "Boolean";
    case JsonKind::Number: return out << "Number";
    case JsonKind::String: return out << "String";
    case JsonKind::Array: return out << "Array";
    case JsonKind::Object: return out << "Object";
    }
    return out << "JsonKind(" << static_cast<int>(kind) << ")";
}

} // namespace distillscope
