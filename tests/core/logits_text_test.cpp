#include "distillscope/logits_text.h"

#include "logits_printers.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <clocale>
#include <cstdint>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace distillscope {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kSmallestSubnormal = std::numeric_limits<double>::denorm_min();

template <class Case>
std::string caseName(const testing::TestParamInfo<Case>& info)
{
    return info.param.name;
}

// ---------------------------------------------------------------- parseNumber

struct NumberCase {
    const char* name;
    std::string_view field;
    std::optional<double> value; // empty when parsing must fail
    TextProblem problem = TextProblem::NotANumber;
};

std::ostream& operator<<(std::ostream& out, const NumberCase& c)
{
    return out << c.name;
}

class ParseNumber : public testing::TestWithParam<NumberCase> {};

TEST_P(ParseNumber, MatchesExpected)
{
    const NumberCase& c = GetParam();
    const auto result = parseNumber(c.field);

    if (!c.value) {
        ASSERT_FALSE(result) << "'" << c.field << "' read as " << *result;
        EXPECT_EQ(result.error(), c.problem) << "field '" << c.field << "'";
        return;
    }
    ASSERT_TRUE(result) << "'" << c.field << "' failed with " << result.error();
    // Bitwise equality, so that -0 and +0 differ and no rounding slips through.
    EXPECT_EQ(std::bit_cast<std::uint64_t>(*result), std::bit_cast<std::uint64_t>(*c.value))
        << "'" << c.field << "' read as " << *result << ", expected " << *c.value;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseNumber,
    testing::Values(
        NumberCase{"Integer", "42", 42.0},
        NumberCase{"DotDecimal", "1.5", 1.5},
        NumberCase{"NegativeExponent", "-2.5e-3", -2.5e-3},
        NumberCase{"UpperCaseExponent", "7E2", 700.0},
        NumberCase{"LeadingPlus", "+2", 2.0},
        NumberCase{"LeadingPlusBeforeDot", "+.25", 0.25},
        NumberCase{"NoIntegerDigits", ".5", 0.5},
        NumberCase{"NoFractionDigits", "5.", 5.0},
        NumberCase{"NegativeZero", "-0", -0.0},
        NumberCase{"SmallestSubnormal", "4.9406564584124654e-324", kSmallestSubnormal},
        NumberCase{"LargestDouble", "1.7976931348623157e308", std::numeric_limits<double>::max()},
        NumberCase{"UnderflowReadsAsZero", "1e-400", 0.0},
        NumberCase{"NegativeUnderflowKeepsSign", "-1e-400", -0.0},
        NumberCase{"UnderflowWithLeadingZeros", "0.0001e-330", 0.0},
        NumberCase{"ZeroWithHugeExponent", "0e999", 0.0},
        NumberCase{"Empty", "", std::nullopt, TextProblem::EmptyField},
        NumberCase{"DecimalComma", "1,5", std::nullopt, TextProblem::NotANumber},
        NumberCase{"Word", "abc", std::nullopt, TextProblem::NotANumber},
        NumberCase{"LeadingSpace", " 1", std::nullopt, TextProblem::NotANumber},
        NumberCase{"PlusAlone", "+", std::nullopt, TextProblem::NotANumber},
        NumberCase{"DoubleSign", "+-1", std::nullopt, TextProblem::NotANumber},
        NumberCase{"DanglingExponent", "1e", std::nullopt, TextProblem::NotANumber},
        NumberCase{"Hexadecimal", "0x10", std::nullopt, TextProblem::NotANumber},
        NumberCase{"TrailingText", "1.5kg", std::nullopt, TextProblem::NotANumber},
        NumberCase{"NaN", "nan", std::nullopt, TextProblem::NonFiniteValue},
        NumberCase{"NaNWithPayload", "nan(12)", std::nullopt, TextProblem::NonFiniteValue},
        NumberCase{"NegativeNaN", "-NaN", std::nullopt, TextProblem::NonFiniteValue},
        NumberCase{"Infinity", "inf", std::nullopt, TextProblem::NonFiniteValue},
        NumberCase{"SpelledInfinity", "-Infinity", std::nullopt, TextProblem::NonFiniteValue},
        NumberCase{"PlusInfinity", "+inf", std::nullopt, TextProblem::NonFiniteValue},
        NumberCase{"Overflow", "1e999", std::nullopt, TextProblem::ValueOverflow},
        NumberCase{"NegativeOverflow", "-1e400", std::nullopt, TextProblem::ValueOverflow},
        NumberCase{"OverflowJustAboveMax", "1.7976931348623159e308", std::nullopt,
                   TextProblem::ValueOverflow},
        NumberCase{"OverflowByDigits", "1000000000000000000000000000000000000000000000000000"
                                       "0000000000000000000000000000000000000000000000000000"
                                       "0000000000000000000000000000000000000000000000000000"
                                       "0000000000000000000000000000000000000000000000000000"
                                       "0000000000000000000000000000000000000000000000000000"
                                       "0000000000000000000000000000000000000000000000000000",
                   std::nullopt, TextProblem::ValueOverflow},
        NumberCase{"OverflowWithHugeExponent", "1e99999999999999999999", std::nullopt,
                   TextProblem::ValueOverflow}),
    caseName<NumberCase>);

// ------------------------------------------------------------ well-formed text

struct TableCase {
    const char* name;
    std::string_view text;
    std::vector<std::vector<double>> rows;
    std::vector<std::size_t> lines; // the line of each row
    std::vector<std::string> class_names = {};
};

std::ostream& operator<<(std::ostream& out, const TableCase& c)
{
    return out << c.name;
}

void expectTable(const LogitsTable& table, const TableCase& c)
{
    EXPECT_EQ(table.class_names, c.class_names);
    ASSERT_EQ(table.rows.size(), c.rows.size());
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        EXPECT_EQ(table.rows[r].values, c.rows[r]) << "row " << r;
        EXPECT_EQ(table.rows[r].line, c.lines[r]) << "row " << r;
        EXPECT_EQ(table.rows[r].columns.size(), c.rows[r].size()) << "row " << r;
    }
}

class ParseLogitsText : public testing::TestWithParam<TableCase> {};

TEST_P(ParseLogitsText, ReadsRows)
{
    const TableCase& c = GetParam();
    const auto table = parseLogitsText(c.text, "case.csv");

    ASSERT_TRUE(table) << "failed with " << table.error().problem << " at line "
                       << table.error().line << ", column " << table.error().column;
    EXPECT_EQ(table->source, "case.csv");
    expectTable(*table, c);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseLogitsText,
    testing::Values(
        TableCase{"CommaSeparated", "1,2,3\n4,5,6\n", {{1, 2, 3}, {4, 5, 6}}, {1, 2}},
        TableCase{"SpacesAroundCommas", " 1 , 2,3 \n", {{1, 2, 3}}, {1}},
        TableCase{"SemicolonSeparated", "a;b\n1.5; -2\n3;4e2\n", {{1.5, -2}, {3, 400}}, {2, 3}, {"a", "b"}},
        TableCase{"TabSeparated", "1\t-2.5\n3\t4e2\n", {{1, -2.5}, {3, 400}}, {1, 2}},
        TableCase{"SpacesAroundTabs", "1 \t 2\n", {{1, 2}}, {1}},
        TableCase{"WhitespaceRuns", "  1   2\t\t3\n4 5 6", {{1, 2, 3}, {4, 5, 6}}, {1, 2}},
        TableCase{"NoFinalLineEnd", "1,2", {{1, 2}}, {1}},
        TableCase{"HeaderRow", "cat,dog,bird\n0.5,-1,2\n", {{0.5, -1, 2}}, {2},
                  {"cat", "dog", "bird"}},
        TableCase{"HeaderWithSpacesInTabs", "class one\tclass two\n1\t2\n", {{1, 2}}, {2},
                  {"class one", "class two"}},
        TableCase{"UnicodeHeader", "α,β\n1,2\n", {{1, 2}}, {2}, {"α", "β"}},
        TableCase{"CommentsAndBlankLines", "# logits\n\n1,2 # first\n   \n# end\n3,4\n",
                  {{1, 2}, {3, 4}}, {3, 6}},
        TableCase{"CommentAfterHeader", "a,b # names\n1,2\n", {{1, 2}}, {2}, {"a", "b"}},
        TableCase{"CrlfLineEnds", "a,b\r\n1,2\r\n3,4\r\n", {{1, 2}, {3, 4}}, {2, 3},
                  {"a", "b"}},
        TableCase{"ByteOrderMark", "\xEF\xBB\xBF" "1,2\n", {{1, 2}}, {1}},
        TableCase{"ByteOrderMarkBeforeHeader", "\xEF\xBB\xBF" "x,y\n1,2\n", {{1, 2}}, {2},
                  {"x", "y"}},
        TableCase{"SignsAndExponents", "+1 -0.5e1 .25 1E-2\n", {{1, -5, 0.25, 0.01}}, {1}},
        TableCase{"UnderflowReadsAsZero", "1e-400,1\n", {{0, 1}}, {1}},
        TableCase{"TabsAndSpacesAligned", "1 2\t3\n4\t5 6\n", {{1, 2, 3}, {4, 5, 6}}, {1, 2}},
        TableCase{"SingleColumn", "1\n2\n", {{1}, {2}}, {1, 2}},
        TableCase{"IndexSequenceHeader", "0,1,2\n0.5,1.5,2.5\n", {{0.5, 1.5, 2.5}}, {2},
                  {"0", "1", "2"}},
        TableCase{"IndexSequenceAfterData", "5,6,7\n0,1,2\n", {{5, 6, 7}, {0, 1, 2}}, {1, 2}},
        TableCase{"ShuffledIndexIsData", "1,0,2\n3,4,5\n", {{1, 0, 2}, {3, 4, 5}}, {1, 2}},
        TableCase{"DecimalIndexIsData", "0.0,1.0\n3,4\n", {{0, 1}, {3, 4}}, {1, 2}},
        TableCase{"PandasIndexColumn", ",a,b\n0,1,2\n1,3,4\n", {{1, 2}, {3, 4}}, {2, 3},
                  {"a", "b"}},
        TableCase{"PandasIndexWithoutNames", ",0,1,2\n0,1.5,2,3\n", {{1.5, 2, 3}}, {2},
                  {"0", "1", "2"}},
        TableCase{"PandasSingleUnnamedColumn", ",0\n0,1.5\n1,2.5\n", {{1.5}, {2.5}}, {2, 3},
                  {"0"}},
        TableCase{"PandasTextIndexSkipped", ",a,b\nimg_01,1,2\n", {{1, 2}}, {2}, {"a", "b"}},
        TableCase{"PandasIndexInTabs", "\ta\tb\n0\t1\t2\n", {{1, 2}}, {2}, {"a", "b"}}),
    caseName<TableCase>);

TEST(ParseLogitsText, RecordsColumnsOfValues)
{
    const auto table = parseLogitsText("# c\n  1,  22 ,333\n", "columns.csv");

    ASSERT_TRUE(table);
    ASSERT_EQ(table->rows.size(), 1u);
    EXPECT_EQ(table->rows[0].line, 2u);
    EXPECT_EQ(table->rows[0].columns, (std::vector<std::size_t>{3, 7, 11}));
}

TEST(ParseLogitsText, DecimalCommaSplitsCommaSeparatedFields)
{
    const auto table = parseLogitsText("1,5\n", "comma.csv");

    ASSERT_TRUE(table);
    EXPECT_EQ(table->rows[0].values, (std::vector<double>{1, 5}));
}

// ----------------------------------------------------------- malformed input

struct MalformedCase {
    const char* name;
    std::string_view text;
    TextProblem problem;
    std::size_t line;
    std::size_t column;
    std::string_view field = {}; // the offending field, where the problem has one
};

std::ostream& operator<<(std::ostream& out, const MalformedCase& c)
{
    return out << c.name;
}

void expectError(const TextError& error, const MalformedCase& c, std::string_view source)
{
    EXPECT_EQ(error.problem, c.problem);
    EXPECT_EQ(error.line, c.line) << "line";
    EXPECT_EQ(error.column, c.column) << "column";
    EXPECT_EQ(error.text, c.field) << "offending field";
    EXPECT_EQ(error.source, source);
}

class MalformedText : public testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedText, ReportsPosition)
{
    const MalformedCase& c = GetParam();
    const auto table = parseLogitsText(c.text, "bad.csv");

    ASSERT_FALSE(table) << "parsed " << table->rows.size() << " rows";
    expectError(table.error(), c, "bad.csv");
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedText,
    testing::Values(
        MalformedCase{"EmptyText", "", TextProblem::EmptyInput, 0, 0},
        MalformedCase{"OnlyCommentsAndBlanks", "# x\n\n  \t\n", TextProblem::EmptyInput, 0, 0},
        MalformedCase{"OnlyByteOrderMark", "\xEF\xBB\xBF", TextProblem::EmptyInput, 0, 0},
        MalformedCase{"DecimalCommaWithSemicolons", "1;2\n1,5;2,5\n", TextProblem::NotANumber, 2, 1, "1,5"},
        MalformedCase{"HeaderWithoutData", "a,b,c\n# nothing else\n",
                      TextProblem::HeaderWithoutData, 1, 1},
        MalformedCase{"HeaderAfterComments", "# c\n\ncat dog\n", TextProblem::HeaderWithoutData,
                      3, 1},
        MalformedCase{"IndexSequenceAlone", "0 1 2 3\n", TextProblem::HeaderWithoutData, 1, 1},
        MalformedCase{"NotANumber", "1,2\n3,abc\n", TextProblem::NotANumber, 2, 3, "abc"},
        MalformedCase{"NamesMixedWithNumbers", "label,1,2\n", TextProblem::NotANumber, 1, 1,
                      "label"},
        MalformedCase{"DecimalCommaInWhitespaceFile", "1,5 2,5\n", TextProblem::NotANumber, 1,
                      3, "5 2"},
        MalformedCase{"Hexadecimal", "0x1A,2\n", TextProblem::NotANumber, 1, 1, "0x1A"},
        MalformedCase{"NaN", "1,nan\n", TextProblem::NonFiniteValue, 1, 3, "nan"},
        MalformedCase{"NegativeInfinityInTabs", "1\t-inf\n", TextProblem::NonFiniteValue, 1, 3,
                      "-inf"},
        MalformedCase{"InfinityFirst", "Infinity 1\n", TextProblem::NonFiniteValue, 1, 1,
                      "Infinity"},
        MalformedCase{"Overflow", "2,3\n1e999,0\n", TextProblem::ValueOverflow, 2, 1, "1e999"},
        MalformedCase{"EmptyMiddleField", "1,,2\n", TextProblem::EmptyField, 1, 3},
        MalformedCase{"TrailingComma", "1,2,\n", TextProblem::EmptyField, 1, 5},
        MalformedCase{"OnlyAComma", ",\n", TextProblem::EmptyField, 1, 1},
        MalformedCase{"EmptyTabField", "1\t\t2\n", TextProblem::EmptyField, 1, 3},
        MalformedCase{"EmptyHeaderCell", "a,,c\n1,2,3\n", TextProblem::EmptyField, 1, 3},
        MalformedCase{"ColumnsCountCodePoints", "α,,γ\n1,2,3\n", TextProblem::EmptyField, 1, 3},
        MalformedCase{"ByteOrderMarkTakesNoColumn", "\xEF\xBB\xBF" "1,x\n",
                      TextProblem::NotANumber, 1, 3, "x"},
        MalformedCase{"CarriageReturnNotInField", "1,2\r\n3,x\r\n", TextProblem::NotANumber, 2,
                      3, "x"},
        MalformedCase{"LinesCountCommentsAndBlanks", "# c\n\n1,2\n\n3,y\n",
                      TextProblem::NotANumber, 5, 3, "y"},
        MalformedCase{"RaggedRowTooLong", "1,2\n3,4,5\n", TextProblem::RaggedRow, 2, 5},
        MalformedCase{"RaggedRowTooShort", "1 2 3\n4 5\n", TextProblem::RaggedRow, 2, 4},
        MalformedCase{"RaggedAgainstHeader", "a,b\n1,2,3\n", TextProblem::RaggedRow, 2, 5},
        MalformedCase{"PandasRowWithoutIndex", ",a,b\n1,2\n", TextProblem::RaggedRow, 2, 4},
        MalformedCase{"PandasEmptyName", ",a,,c\n0,1,2,3\n", TextProblem::EmptyField, 1, 4},
        MalformedCase{"PandasTextAfterIndex", ",a,b\n0,1,x\n", TextProblem::NotANumber, 2, 5,
                      "x"}),
    caseName<MalformedCase>);

TEST(MalformedText, RaggedRowStatesCounts)
{
    const auto table = parseLogitsText("# header next\na b c\n1 2 3\n4 5\n", "ragged.txt");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::RaggedRow);
    EXPECT_EQ(table.error().expected_fields, 3u);
    EXPECT_EQ(table.error().actual_fields, 2u);
    EXPECT_EQ(table.error().expected_line, 2u);
    EXPECT_EQ(table.error().line, 4u);
}

TEST(MalformedText, LongFieldIsShortened)
{
    const std::string garbage(200, 'x');
    const auto table = parseLogitsText("1," + garbage + "\n", "long.csv");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::NotANumber);
    EXPECT_EQ(table.error().text, garbage.substr(0, kMaxQuotedFieldBytes));
    EXPECT_TRUE(table.error().text_truncated);
}

TEST(MalformedText, ShortenedFieldKeepsWholeCharacters)
{
    // 63 ASCII bytes, then a two-byte character across the 64-byte cut.
    const std::string field = std::string(63, 'x') + "é" + "yyy";
    const auto table = parseLogitsText("1," + field, "utf8.csv");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().text, std::string(63, 'x'));
    EXPECT_TRUE(table.error().text_truncated);
}

// ----------------------------------------------------------------- inline list

class ParseLogitsList : public testing::TestWithParam<TableCase> {};

TEST_P(ParseLogitsList, ReadsOneRow)
{
    const TableCase& c = GetParam();
    const auto table = parseLogitsList(c.text, "--teacher");

    ASSERT_TRUE(table) << "failed with " << table.error().problem << " at column "
                       << table.error().column;
    EXPECT_EQ(table->source, "--teacher");
    expectTable(*table, c);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseLogitsList,
    testing::Values(TableCase{"Plain", "1,0,-1", {{1, 0, -1}}, {1}},
                    TableCase{"SpacesAroundNumbers", " 1 , 0 ,\t-1 ", {{1, 0, -1}}, {1}},
                    TableCase{"Decimals", "1.5,-2.25e1", {{1.5, -22.5}}, {1}},
                    TableCase{"SingleNumber", "3", {{3}}, {1}},
                    TableCase{"TrailingNewline", "1,2\n", {{1, 2}}, {1}}),
    caseName<TableCase>);

class MalformedList : public testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedList, ReportsColumn)
{
    const MalformedCase& c = GetParam();
    const auto table = parseLogitsList(c.text, "--student");

    ASSERT_FALSE(table) << "parsed " << table->classes() << " classes";
    expectError(table.error(), c, "--student");
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedList,
    testing::Values(
        MalformedCase{"Empty", "", TextProblem::EmptyInput, 0, 0},
        MalformedCase{"Blank", "   ", TextProblem::EmptyInput, 0, 0},
        MalformedCase{"EmptyMiddleField", "1,,2", TextProblem::EmptyField, 1, 3},
        MalformedCase{"TrailingComma", "1,2,", TextProblem::EmptyField, 1, 5},
        MalformedCase{"BlankField", "1, ,2", TextProblem::EmptyField, 1, 3},
        MalformedCase{"Text", "1,abc,2", TextProblem::NotANumber, 1, 3, "abc"},
        MalformedCase{"SpacesInsteadOfCommas", "1 0 -1", TextProblem::NotANumber, 1, 1,
                      "1 0 -1"},
        MalformedCase{"Semicolons", "1;2", TextProblem::NotANumber, 1, 1, "1;2"},
        MalformedCase{"NaN", "1, nan", TextProblem::NonFiniteValue, 1, 4, "nan"},
        MalformedCase{"Infinity", "inf,1", TextProblem::NonFiniteValue, 1, 1, "inf"},
        MalformedCase{"Overflow", "0,-1e400", TextProblem::ValueOverflow, 1, 3, "-1e400"}),
    caseName<MalformedCase>);

// ---------------------------------------------------------------------- locale

// Returns a locale whose decimal separator is a comma, or nullopt when the
// machine has none; `bash tools/dev.sh` generates de_DE.UTF-8.
std::optional<std::string> activateDecimalCommaLocale()
{
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"}) {
        if (std::setlocale(LC_ALL, name) && std::localeconv()->decimal_point == std::string(","))
            return name;
    }
    std::setlocale(LC_ALL, "C");
    return std::nullopt;
}

TEST(ParseLogitsText, DotDecimalUnderCommaLocale)
{
    const auto locale = activateDecimalCommaLocale();
    if (!locale)
        GTEST_SKIP() << "no locale with a decimal comma is installed (de_DE.UTF-8, fr_FR.UTF-8)";

    const auto table = parseLogitsText("1.5\t-0.25\n", "tabs.tsv");
    const auto list = parseLogitsList("1,5", "--teacher");
    std::setlocale(LC_ALL, "C");

    ASSERT_TRUE(table) << "under " << *locale;
    EXPECT_EQ(table->rows[0].values, (std::vector<double>{1.5, -0.25})) << "under " << *locale;
    ASSERT_TRUE(list) << "under " << *locale;
    EXPECT_EQ(list->rows[0].values, (std::vector<double>{1, 5})) << "under " << *locale;
}

// ---------------------------------------------------------------------- files

class ReadLogitsFile : public testing::Test {
protected:
    void SetUp() override
    {
        const auto* test = testing::UnitTest::GetInstance()->current_test_info();
        m_folder = std::filesystem::temp_directory_path()
            / ("distillscope_logits_text_" + std::to_string(::getpid()) + "_" + test->name());
        std::filesystem::remove_all(m_folder);
        std::filesystem::create_directories(m_folder);
    }
    void TearDown() override { std::filesystem::remove_all(m_folder); }

    std::filesystem::path write(const std::string& name, std::string_view content)
    {
        const auto path = m_folder / name;
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

    std::filesystem::path m_folder;
};

TEST_F(ReadLogitsFile, ReadsRowsAndNamesSource)
{
    const auto path = write("logits.csv", "a,b\n1,2\n");
    const auto table = readLogitsFile(path);

    ASSERT_TRUE(table);
    EXPECT_EQ(table->source, path.string());
    EXPECT_EQ(table->class_names, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(table->rows[0].values, (std::vector<double>{1, 2}));
}

TEST_F(ReadLogitsFile, ErrorNamesFile)
{
    const auto path = write("bad.csv", "1,2\n3,x\n");
    const auto table = readLogitsFile(path);

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::NotANumber);
    EXPECT_EQ(table.error().source, path.string());
    EXPECT_EQ(table.error().line, 2u);
    EXPECT_EQ(table.error().column, 3u);
}

TEST_F(ReadLogitsFile, EmptyFile)
{
    const auto table = readLogitsFile(write("empty.csv", ""));

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::EmptyInput);
}

TEST_F(ReadLogitsFile, MissingFile)
{
    const auto table = readLogitsFile(m_folder / "absent.csv");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::FileNotFound);
    EXPECT_EQ(table.error().source, (m_folder / "absent.csv").string());
}

TEST_F(ReadLogitsFile, Folder)
{
    const auto table = readLogitsFile(m_folder);

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::IsDirectory);
}

TEST_F(ReadLogitsFile, FifoIsNotRead)
{
    // Opening a FIFO without a writer would block, so it must be rejected first.
    const auto path = m_folder / "pipe";
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);

    const auto table = readLogitsFile(path);

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::NotRegularFile);
}

TEST_F(ReadLogitsFile, FileAboveLimit)
{
    const auto path = write("large.csv", "1,2,3,4,5\n");
    const auto table = readLogitsFile(path, 8);

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::FileTooLarge);
    EXPECT_EQ(table.error().file_bytes, 10u);
    EXPECT_EQ(table.error().limit_bytes, 8u);
}

TEST_F(ReadLogitsFile, FileAtLimit)
{
    const auto table = readLogitsFile(write("exact.csv", "1,2,3,4\n"), 8);

    ASSERT_TRUE(table);
    EXPECT_EQ(table->classes(), 4u);
}

TEST_F(ReadLogitsFile, UnreadableFile)
{
    if (::geteuid() == 0)
        GTEST_SKIP() << "root reads a file whatever its permissions";

    const auto path = write("secret.csv", "1,2\n");
    std::filesystem::permissions(path, std::filesystem::perms::none);
    const auto table = readLogitsFile(path);

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::FileUnreadable);
    EXPECT_FALSE(table.error().detail.empty());
}

} // namespace
} // namespace distillscope
