#include "distillscope/logits_json.h"

#include "logits_printers.h"

#include <gtest/gtest.h>

#include <bit>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace distillscope {
namespace {

std::filesystem::path fixture(std::string_view name)
{
    return std::filesystem::path(DISTILLSCOPE_IO_FIXTURES) / name;
}

template <class Case>
std::string caseName(const testing::TestParamInfo<Case>& info)
{
    return info.param.name;
}

using Rows = std::vector<std::vector<double>>;

// Compares bit patterns, so that -0 differs from +0 and no rounding passes.
void expectSameValues(const LogitsTable& table, const Rows& expected)
{
    ASSERT_EQ(table.rows.size(), expected.size());
    for (std::size_t r = 0; r < expected.size(); ++r) {
        const std::vector<double>& values = table.rows[r].values;
        ASSERT_EQ(values.size(), expected[r].size()) << "row " << r;
        for (std::size_t c = 0; c < values.size(); ++c) {
            EXPECT_EQ(std::bit_cast<std::uint64_t>(values[c]),
                      std::bit_cast<std::uint64_t>(expected[r][c]))
                << "row " << r << ", class " << c << ": read " << values[c] << ", expected "
                << expected[r][c];
        }
    }
}

// The table of the well-formed fixtures: (5 r + c - 7) / 8 at row r and class c.
Rows fixtureTable()
{
    Rows rows(4, std::vector<double>(5));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c)
            rows[r][c] = (static_cast<double>(5 * r + c) - 7.0) / 8.0;
    }
    return rows;
}

// --------------------------------------------------------------- well-formed

struct JsonCase {
    const char* name;
    std::string text;
    Rows rows;
    std::vector<std::string> class_names = {};
    std::vector<std::string> labels = {};
};

std::ostream& operator<<(std::ostream& out, const JsonCase& c)
{
    return out << c.name;
}

class ParseLogitsJson : public testing::TestWithParam<JsonCase> {};

TEST_P(ParseLogitsJson, ReadsTable)
{
    const JsonCase& c = GetParam();
    const auto table = parseLogitsJson(c.text, "case.json");

    ASSERT_TRUE(table) << "failed with " << table.error().problem << " at "
                       << table.error().json_path << " byte "
                       << table.error().byte_offset.value_or(0);
    EXPECT_EQ(table->format, LogitsFormat::Json);
    EXPECT_EQ(table->source, "case.json");
    EXPECT_EQ(table->class_names, c.class_names);
    EXPECT_EQ(table->labels, c.labels);
    for (const LogitsRow& row : table->rows) {
        EXPECT_EQ(row.line, 0u);
        EXPECT_TRUE(row.columns.empty());
    }
    expectSameValues(*table, c.rows);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseLogitsJson,
    testing::Values(
        JsonCase{"OneSample", "[1.5, -2, 0]", {{1.5, -2, 0}}},
        JsonCase{"Rows", "[[1, 2], [3, 4]]", {{1, 2}, {3, 4}}},
        JsonCase{"RowsOfOneClass", "[[1], [2]]", {{1}, {2}}},
        JsonCase{"ObjectWithEverything",
                 R"({"logits": [[1, 2], [3, 4]], "labels": [0, "b"], "classes": ["a", "b"]})",
                 {{1, 2}, {3, 4}}, {"a", "b"}, {"0", "b"}},
        JsonCase{"ObjectWithOneSample", R"({"logits": [1, 2]})", {{1, 2}}},
        JsonCase{"KeysInAnyOrder", R"({"classes": ["x", "y"], "labels": [1], "logits": [5, 6]})",
                 {{5, 6}}, {"x", "y"}, {"1"}},
        JsonCase{"EmptyClassesListForNoClasses", R"({"logits": [[1, 2]], "labels": ["a"]})",
                 {{1, 2}}, {}, {"a"}},
        JsonCase{"NumberForms", "[1, -2, 3e2, 1E-2, -0.0, 0.5e+1]", {{1, -2, 300, 0.01, -0.0, 5}}},
        JsonCase{"IntegersBeyondDouble", "[18446744073709551615, 9007199254740993, -9007199254740993]",
                 {{std::ldexp(1.0, 64), std::ldexp(1.0, 53), -std::ldexp(1.0, 53)}}},
        JsonCase{"IntegerBeyondUint64", "[1, 100000000000000000000]", {{1, 1e20}}},
        JsonCase{"UnderflowReadsAsZero", "[1e-400, -1e-400, 1]", {{0.0, -0.0, 1}}},
        JsonCase{"Whitespace", " \n\t[ 1 ,\r\n 2 ] \n", {{1, 2}}},
        JsonCase{"ByteOrderMark", "\xEF\xBB\xBF[1, 2]", {{1, 2}}},
        JsonCase{"UnicodeClassNames", R"({"logits": [1, 2], "classes": ["α", "\u03b2"]})",
                 {{1, 2}}, {"α", "β"}}),
    caseName<JsonCase>);

struct JsonFileCase {
    const char* name;
    const char* file;
    Rows rows;
    std::vector<std::string> class_names = {};
    std::vector<std::string> labels = {};
};

std::ostream& operator<<(std::ostream& out, const JsonFileCase& c)
{
    return out << c.name;
}

class ReadLogitsJsonFile : public testing::TestWithParam<JsonFileCase> {};

TEST_P(ReadLogitsJsonFile, ReadsWhatJsonDumpWrites)
{
    const JsonFileCase& c = GetParam();
    const auto path = fixture(c.file);
    const auto table = readLogitsJsonFile(path);

    ASSERT_TRUE(table) << c.file << " failed with " << table.error().problem;
    EXPECT_EQ(table->source, path.string());
    EXPECT_EQ(table->class_names, c.class_names);
    EXPECT_EQ(table->labels, c.labels);
    expectSameValues(*table, c.rows);
}

const std::vector<std::string> kAnimals = {"cat", "dog", "bird", "fish", "frog"};

INSTANTIATE_TEST_SUITE_P(
    Table, ReadLogitsJsonFile,
    testing::Values(
        JsonFileCase{"ListOfNumbers", "one_sample.json", {fixtureTable()[1]}},
        JsonFileCase{"ListOfLists", "rows.json", fixtureTable()},
        JsonFileCase{"IndentedObject", "object.json", fixtureTable(), kAnimals,
                     {"0", "4", "bird", "2"}},
        JsonFileCase{"ObjectWithOneSample", "object_one_sample.json", {fixtureTable()[0]},
                     kAnimals}),
    caseName<JsonFileCase>);

// ----------------------------------------------------------------- malformed

struct MalformedJsonCase {
    const char* name;
    std::string text;
    TextProblem problem;
    std::string json_path = {};
    Expectation expected = Expectation::None;
    std::optional<JsonKind> found = std::nullopt;
    std::string field = {}; // the offending text or value
};

std::ostream& operator<<(std::ostream& out, const MalformedJsonCase& c)
{
    return out << c.name;
}

class MalformedJson : public testing::TestWithParam<MalformedJsonCase> {};

TEST_P(MalformedJson, ReportsPath)
{
    const MalformedJsonCase& c = GetParam();
    const auto table = parseLogitsJson(c.text, "bad.json");

    ASSERT_FALSE(table) << "read " << table->rows.size() << " rows";
    const TextError& error = table.error();
    EXPECT_EQ(error.problem, c.problem);
    EXPECT_EQ(error.format, LogitsFormat::Json);
    EXPECT_EQ(error.source, "bad.json");
    EXPECT_EQ(error.json_path, c.json_path);
    EXPECT_EQ(error.expected, c.expected);
    if (c.found) {
        EXPECT_EQ(error.found, *c.found);
    }
    EXPECT_EQ(error.text, c.field);
}

std::string repeated(std::string_view piece, std::size_t times)
{
    std::string text;
    for (std::size_t i = 0; i < times; ++i)
        text += piece;
    return text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedJson,
    testing::Values(
        MalformedJsonCase{"EmptyText", "", TextProblem::EmptyInput},
        MalformedJsonCase{"OnlyWhitespace", " \n\t", TextProblem::EmptyInput},
        MalformedJsonCase{"OnlyByteOrderMark", "\xEF\xBB\xBF", TextProblem::EmptyInput},
        MalformedJsonCase{"EmptyList", "[]", TextProblem::JsonEmptyList, "$"},
        MalformedJsonCase{"EmptyRow", "[[1, 2], []]", TextProblem::JsonEmptyList, "$[1]"},
        MalformedJsonCase{"EmptyLogitsInObject", R"({"logits": []})", TextProblem::JsonEmptyList,
                          "$.logits"},
        MalformedJsonCase{"StringAmongNumbers", R"([1, "2", 3])", TextProblem::JsonWrongType,
                          "$[1]", Expectation::Number, JsonKind::String, "2"},
        MalformedJsonCase{"NullInRow", "[[1, null]]", TextProblem::JsonWrongType, "$[0][1]",
                          Expectation::Number, JsonKind::Null, "null"},
        MalformedJsonCase{"BooleanFirst", "[true]", TextProblem::JsonWrongType, "$[0]",
                          Expectation::Logits, JsonKind::Boolean, "true"},
        MalformedJsonCase{"NumberAfterRows", "[[1, 2], 3]", TextProblem::JsonWrongType, "$[1]",
                          Expectation::Row, JsonKind::Number, "3"},
        MalformedJsonCase{"RowAfterNumbers", "[1, [2]]", TextProblem::JsonWrongType, "$[1]",
                          Expectation::Number, JsonKind::Array},
        MalformedJsonCase{"ThreeLevels", "[[[1]]]", TextProblem::JsonWrongType, "$[0][0]",
                          Expectation::Number, JsonKind::Array},
        MalformedJsonCase{"DeepNestingOfLists", repeated("[", 100000),
                          TextProblem::JsonWrongType, "$[0][0]", Expectation::Number,
                          JsonKind::Array},
        MalformedJsonCase{"DeepNestingOfObjects", repeated(R"({"logits": )", 100000),
                          TextProblem::JsonWrongType, "$.logits", Expectation::Logits,
                          JsonKind::Object},
        MalformedJsonCase{"ObjectInRow", R"([[1, {"a": 1}]])", TextProblem::JsonWrongType,
                          "$[0][1]", Expectation::Number, JsonKind::Object},
        MalformedJsonCase{"TopLevelNumber", "3", TextProblem::JsonWrongType, "$",
                          Expectation::LogitsDocument, JsonKind::Number, "3"},
        MalformedJsonCase{"TopLevelString", R"("logits")", TextProblem::JsonWrongType, "$",
                          Expectation::LogitsDocument, JsonKind::String, "logits"},
        MalformedJsonCase{"RaggedRow", "[[1, 2], [3, 4], [5]]", TextProblem::RaggedRow, "$[2]"},
        MalformedJsonCase{"RaggedInObject", R"({"logits": [[1], [2, 3]]})", TextProblem::RaggedRow,
                          "$.logits[1]"},
        MalformedJsonCase{"ObjectWithoutLogits", R"({"labels": [0]})",
                          TextProblem::JsonMissingKey, "$", Expectation::None, std::nullopt,
                          "logits"},
        MalformedJsonCase{"EmptyObject", "{}", TextProblem::JsonMissingKey, "$",
                          Expectation::None, std::nullopt, "logits"},
        MalformedJsonCase{"UnknownKey", R"({"logits": [1, 2], "model": "resnet"})",
                          TextProblem::JsonUnknownKey, "$.model", Expectation::None, std::nullopt,
                          "model"},
        MalformedJsonCase{"UnknownKeyWithSpace", R"({"logits": [1, 2], "my key": 1})",
                          TextProblem::JsonUnknownKey, R"($["my key"])", Expectation::None,
                          std::nullopt, "my key"},
        MalformedJsonCase{"MisspelledKey", R"({"logit": [1, 2]})", TextProblem::JsonUnknownKey,
                          "$.logit", Expectation::None, std::nullopt, "logit"},
        MalformedJsonCase{"DuplicateKey", R"({"logits": [1, 2], "logits": [3, 4]})",
                          TextProblem::JsonDuplicateKey, "$.logits", Expectation::None,
                          std::nullopt, "logits"},
        MalformedJsonCase{"LogitsNotAList", R"({"logits": 5})", TextProblem::JsonWrongType,
                          "$.logits", Expectation::Logits, JsonKind::Number, "5"},
        MalformedJsonCase{"LogitsObject", R"({"logits": {"a": 1}})", TextProblem::JsonWrongType,
                          "$.logits", Expectation::Logits, JsonKind::Object},
        MalformedJsonCase{"LabelsNotAList", R"({"logits": [1, 2], "labels": 0})",
                          TextProblem::JsonWrongType, "$.labels", Expectation::Labels,
                          JsonKind::Number, "0"},
        MalformedJsonCase{"FractionalLabel", R"({"logits": [[1, 2]], "labels": [1.5]})",
                          TextProblem::JsonWrongType, "$.labels[0]", Expectation::Label,
                          JsonKind::Number, "1.5"},
        MalformedJsonCase{"NullLabel", R"({"logits": [[1, 2]], "labels": [null]})",
                          TextProblem::JsonWrongType, "$.labels[0]", Expectation::Label,
                          JsonKind::Null, "null"},
        MalformedJsonCase{"TooFewLabels", R"({"logits": [[1, 2], [3, 4]], "labels": [0]})",
                          TextProblem::JsonCountMismatch, "$.labels"},
        MalformedJsonCase{"EmptyLabels", R"({"logits": [[1, 2]], "labels": []})",
                          TextProblem::JsonCountMismatch, "$.labels"},
        MalformedJsonCase{"LabelOutOfRange", R"({"logits": [[1, 2]], "labels": [2]})",
                          TextProblem::JsonLabelOutOfRange, "$.labels[0]", Expectation::None,
                          std::nullopt, "2"},
        MalformedJsonCase{"NegativeLabel", R"({"logits": [[1, 2], [3, 4]], "labels": [0, -1]})",
                          TextProblem::JsonLabelOutOfRange, "$.labels[1]", Expectation::None,
                          std::nullopt, "-1"},
        MalformedJsonCase{"TooFewClassNames", R"({"logits": [1, 2, 3], "classes": ["a", "b"]})",
                          TextProblem::JsonCountMismatch, "$.classes"},
        MalformedJsonCase{"NumberAsClassName", R"({"logits": [1, 2], "classes": ["a", 2]})",
                          TextProblem::JsonWrongType, "$.classes[1]", Expectation::ClassName,
                          JsonKind::Number, "2"},
        MalformedJsonCase{"ClassNamesNotAList", R"({"logits": [1, 2], "classes": "ab"})",
                          TextProblem::JsonWrongType, "$.classes", Expectation::ClassNames,
                          JsonKind::String, "ab"},
        MalformedJsonCase{"PythonNaN", "[1, NaN]", TextProblem::NonFiniteValue, "$[1]",
                          Expectation::None, std::nullopt, "NaN"},
        MalformedJsonCase{"PythonInfinity", "[[1, Infinity]]", TextProblem::NonFiniteValue,
                          "$[0][1]", Expectation::None, std::nullopt, "Infinity"},
        MalformedJsonCase{"PythonNegativeInfinity", R"({"logits": [-Infinity, 1]})",
                          TextProblem::NonFiniteValue, "$.logits[0]", Expectation::None,
                          std::nullopt, "-Infinity"},
        MalformedJsonCase{"NumberOverflow", "[[1, 1e999]]", TextProblem::ValueOverflow,
                          "$[0][1]", Expectation::None, std::nullopt, "1e999"},
        MalformedJsonCase{"NegativeOverflow", "[-2e400]", TextProblem::ValueOverflow, "$[0]",
                          Expectation::None, std::nullopt, "-2e400"}),
    caseName<MalformedJsonCase>);

TEST(MalformedJson, RaggedRowStatesLengths)
{
    const auto table = parseLogitsJson("[[1, 2, 3], [4, 5]]", "ragged.json");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().expected_fields, 3u);
    EXPECT_EQ(table.error().actual_fields, 2u);
}

TEST(MalformedJson, CountMismatchStatesLengths)
{
    const auto table =
        parseLogitsJson(R"({"logits": [[1, 2], [3, 4], [5, 6]], "labels": [0]})", "labels.json");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().expected_fields, 3u);
    EXPECT_EQ(table.error().actual_fields, 1u);
}

TEST(MalformedJson, NonFiniteValueHasTextPosition)
{
    const auto table = parseLogitsJson("[1,\n  NaN]", "nan.json");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().byte_offset, std::optional<std::uintmax_t>(6));
    EXPECT_EQ(table.error().line, 2u);
    EXPECT_EQ(table.error().column, 3u);
}

// --------------------------------------------------------------- syntax

struct SyntaxCase {
    const char* name;
    std::string text;
    std::uintmax_t byte_offset;
    std::size_t line;
    std::size_t column;
    std::string field; // the offending text; empty at the end of the input
};

std::ostream& operator<<(std::ostream& out, const SyntaxCase& c)
{
    return out << c.name;
}

class MalformedJsonSyntax : public testing::TestWithParam<SyntaxCase> {};

TEST_P(MalformedJsonSyntax, ReportsByteOffset)
{
    const SyntaxCase& c = GetParam();
    const auto table = parseLogitsJson(c.text, "syntax.json");

    ASSERT_FALSE(table) << "read " << table->rows.size() << " rows";
    const TextError& error = table.error();
    EXPECT_EQ(error.problem, TextProblem::JsonSyntax);
    EXPECT_EQ(error.byte_offset, std::optional<std::uintmax_t>(c.byte_offset));
    EXPECT_EQ(error.line, c.line);
    EXPECT_EQ(error.column, c.column);
    EXPECT_EQ(error.text, c.field);
    EXPECT_FALSE(error.detail.empty());
    EXPECT_EQ(error.detail.find("last read"), std::string::npos) << error.detail;
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedJsonSyntax,
    testing::Values(
        SyntaxCase{"TrailingComma", "[1, 2,]", 6, 1, 7, "]"},
        SyntaxCase{"MissingComma", "[1 2]", 3, 1, 4, "2"},
        SyntaxCase{"BadLiteral", "[1, tru]", 4, 1, 5, "tru"},
        SyntaxCase{"Unclosed", "[1, 2", 5, 1, 6, ""},
        SyntaxCase{"TrailingData", "[1] 2", 4, 1, 5, "2"},
        SyntaxCase{"SecondLine", "[1,\n x]", 5, 2, 2, "x"},
        SyntaxCase{"AfterByteOrderMark", "\xEF\xBB\xBF[x]", 4, 1, 2, "x"},
        SyntaxCase{"ColumnsCountCodePoints", R"({"classes": ["é", x]})", 19, 1, 19, "x"},
        SyntaxCase{"SingleQuotes", "['a']", 1, 1, 2, "'"},
        SyntaxCase{"Comment", "[1, // two\n 2]", 4, 1, 5, "/"},
        SyntaxCase{"LeadingPlus", "[+1]", 1, 1, 2, "+1"},
        SyntaxCase{"HexNumber", "[0x10]", 1, 1, 2, "0x10"}),
    caseName<SyntaxCase>);

TEST(MalformedJsonSyntax, DetailStatesWhatWasExpected)
{
    const auto table = parseLogitsJson("[1 2]", "syntax.json");

    ASSERT_FALSE(table);
    EXPECT_NE(table.error().detail.find("expected ']'"), std::string::npos) << table.error().detail;
}

// ----------------------------------------------------------- malformed files

struct MalformedFileCase {
    const char* name;
    const char* file;
    TextProblem problem;
    std::string json_path;
    std::optional<std::uintmax_t> byte_offset = std::nullopt;
    std::size_t line = 0;
    std::size_t column = 0;
};

std::ostream& operator<<(std::ostream& out, const MalformedFileCase& c)
{
    return out << c.name;
}

class MalformedJsonFile : public testing::TestWithParam<MalformedFileCase> {};

TEST_P(MalformedJsonFile, ReportsProblemAndPlace)
{
    const MalformedFileCase& c = GetParam();
    const auto path = fixture(c.file);
    const auto table = readLogitsJsonFile(path);

    ASSERT_FALSE(table) << c.file << ": read " << table->rows.size() << " rows";
    const TextError& error = table.error();
    EXPECT_EQ(error.problem, c.problem);
    EXPECT_EQ(error.source, path.string());
    EXPECT_EQ(error.json_path, c.json_path);
    EXPECT_EQ(error.byte_offset, c.byte_offset);
    EXPECT_EQ(error.line, c.line);
    EXPECT_EQ(error.column, c.column);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedJsonFile,
    testing::Values(
        MalformedFileCase{"PythonNaN", "python_nan.json", TextProblem::NonFiniteValue, "$[0][1]",
                          7, 1, 8},
        MalformedFileCase{"RaggedRows", "ragged.json", TextProblem::RaggedRow, "$[1]"},
        MalformedFileCase{"TextAmongNumbers", "text_among_numbers.json",
                          TextProblem::JsonWrongType, "$.logits[1][2]"},
        MalformedFileCase{"TooFewLabels", "labels_count.json", TextProblem::JsonCountMismatch,
                          "$.labels"},
        MalformedFileCase{"TrailingComma", "trailing_comma.json", TextProblem::JsonSyntax, "", 26,
                          3, 1}),
    caseName<MalformedFileCase>);

TEST(ReadLogitsJsonFile, FileAboveLimit)
{
    const auto table = readLogitsJsonFile(fixture("rows.json"), 10);

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::FileTooLarge);
    EXPECT_EQ(table.error().format, LogitsFormat::Json);
}

// ---------------------------------------------------------------- locale

TEST(ParseLogitsJson, DotDecimalUnderCommaLocale)
{
    std::optional<std::string> locale;
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"}) {
        if (std::setlocale(LC_ALL, name) && std::localeconv()->decimal_point == std::string(",")) {
            locale = name;
            break;
        }
    }
    if (!locale) {
        std::setlocale(LC_ALL, "C");
        GTEST_SKIP() << "no locale with a decimal comma is installed (de_DE.UTF-8, fr_FR.UTF-8)";
    }

    const auto table = parseLogitsJson("[1.5, -2.25e1]", "locale.json");
    std::setlocale(LC_ALL, "C");

    ASSERT_TRUE(table) << "under " << *locale;
    expectSameValues(*table, {{1.5, -22.5}});
}

} // namespace
} // namespace distillscope
