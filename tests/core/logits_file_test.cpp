#include "distillscope/logits_file.h"

#include "logits_printers.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
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

// The table of the well-formed fixtures: (5 r + c - 7) / 8 at row r and class c.
std::vector<std::vector<double>> fixtureTable()
{
    std::vector<std::vector<double>> rows(4, std::vector<double>(5));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c)
            rows[r][c] = (static_cast<double>(5 * r + c) - 7.0) / 8.0;
    }
    return rows;
}

std::vector<std::vector<double>> valuesOf(const LogitsTable& table)
{
    std::vector<std::vector<double>> rows;
    for (const LogitsRow& row : table.rows)
        rows.push_back(row.values);
    return rows;
}

// ------------------------------------------------------------- detection

struct DetectCase {
    const char* name;
    std::string_view start;
    const char* file_name;
    LogitsFormat format;
};

std::ostream& operator<<(std::ostream& out, const DetectCase& c)
{
    return out << c.name;
}

class DetectLogitsFormat : public testing::TestWithParam<DetectCase> {};

TEST_P(DetectLogitsFormat, ChoosesReader)
{
    const DetectCase& c = GetParam();

    EXPECT_EQ(detectLogitsFormat(c.start, c.file_name), c.format);
}

INSTANTIATE_TEST_SUITE_P(
    Table, DetectLogitsFormat,
    testing::Values(
        DetectCase{"NpyMagic", "\x93NUMPY\x01\x00", "logits.bin", LogitsFormat::Npy},
        DetectCase{"NpyExtensionWithoutMagic", "1,2\n", "logits.npy", LogitsFormat::Npy},
        DetectCase{"UpperCaseNpyExtension", "1,2\n", "LOGITS.NPY", LogitsFormat::Npy},
        DetectCase{"MagicBeatsJsonExtension", "\x93NUMPY\x01\x00", "logits.json",
                   LogitsFormat::Npy},
        DetectCase{"JsonExtension", "1,2\n", "logits.json", LogitsFormat::Json},
        DetectCase{"ListWithoutExtension", "  \n[1, 2]", "logits", LogitsFormat::Json},
        DetectCase{"ObjectInTxt", "{\"logits\": [1]}", "logits.txt", LogitsFormat::Json},
        DetectCase{"ListAfterByteOrderMark", "\xEF\xBB\xBF[1]", "logits.dat", LogitsFormat::Json},
        DetectCase{"Csv", "cat,dog\n1,2\n", "logits.csv", LogitsFormat::Text},
        DetectCase{"CommentBeforeList", "# [1]\n1 2\n", "logits.txt", LogitsFormat::Text},
        DetectCase{"Empty", "", "logits.csv", LogitsFormat::Text}),
    caseName<DetectCase>);

// ------------------------------------------------------------- readLogitsAuto

struct AutoCase {
    const char* name;
    const char* file;
    LogitsFormat format;
    std::vector<std::string> class_names = {};
};

std::ostream& operator<<(std::ostream& out, const AutoCase& c)
{
    return out << c.name;
}

class ReadLogitsAuto : public testing::TestWithParam<AutoCase> {};

TEST_P(ReadLogitsAuto, ReadsEachFormat)
{
    const AutoCase& c = GetParam();
    const auto table = readLogitsAuto(fixture(c.file));

    ASSERT_TRUE(table) << c.file << " failed with " << table.error().problem << " at line "
                       << table.error().line << ", column " << table.error().column;
    EXPECT_EQ(table->format, c.format);
    EXPECT_EQ(table->class_names, c.class_names);
    EXPECT_EQ(valuesOf(*table), fixtureTable());
}

const std::vector<std::string> kAnimals = {"cat", "dog", "bird", "fish", "frog"};

INSTANTIATE_TEST_SUITE_P(
    Table, ReadLogitsAuto,
    testing::Values(AutoCase{"Npy", "sample_major_f32.npy", LogitsFormat::Npy},
                    AutoCase{"NpyFortranOrder", "fortran_f64.npy", LogitsFormat::Npy},
                    AutoCase{"Json", "rows.json", LogitsFormat::Json},
                    AutoCase{"JsonObject", "object.json", LogitsFormat::Json, kAnimals},
                    AutoCase{"SavetxtDefaults", "savetxt_default.txt", LogitsFormat::Text},
                    AutoCase{"SavetxtWithHeader", "savetxt_header.csv", LogitsFormat::Text,
                             kAnimals},
                    AutoCase{"PandasToCsv", "pandas_named.csv", LogitsFormat::Text, kAnimals},
                    AutoCase{"PandasToCsvUnnamed", "pandas_unnamed.csv", LogitsFormat::Text,
                             {"0", "1", "2", "3", "4"}}),
    caseName<AutoCase>);

// The files below are written by each test, in a folder of its own.
class MalformedLogitsFile : public testing::Test {
protected:
    void SetUp() override
    {
        const auto* test = testing::UnitTest::GetInstance()->current_test_info();
        m_folder = std::filesystem::temp_directory_path()
            / ("distillscope_logits_file_" + std::to_string(::getpid()) + "_" + test->name());
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

TEST_F(MalformedLogitsFile, NpzArchiveIsRejected)
{
    const auto table = readLogitsAuto(write("logits.npz", std::string("PK\x03\x04\x14\x00", 6)));

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::ArchiveFile);
}

TEST_F(MalformedLogitsFile, EmptyZipIsRejected)
{
    const auto table = readLogitsAuto(write("model.pt", std::string("PK\x05\x06", 4)));

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::ArchiveFile);
}

TEST_F(MalformedLogitsFile, JsonErrorKeepsFormat)
{
    const auto table = readLogitsAuto(write("logits.txt", "[1, \"x\"]"));

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::JsonWrongType);
    EXPECT_EQ(table.error().format, LogitsFormat::Json);
    EXPECT_EQ(table.error().json_path, "$[1]");
}

TEST_F(MalformedLogitsFile, DamagedNpyIsNotReadAsText)
{
    const auto table = readLogitsAuto(fixture("text_named_npy.npy"));

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::NpyBadMagic);
}

TEST_F(MalformedLogitsFile, HugeClaimFailsBeforeAllocating)
{
    const auto table = readLogitsAuto(fixture("claims_2pow62_f32.npy"));

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::NpyDataSizeMismatch);
}

TEST_F(MalformedLogitsFile, DeepJsonFailsCleanly)
{
    const auto table = readLogitsAuto(write("deep.json", std::string(100000, '[')));

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::JsonWrongType);
    EXPECT_EQ(table.error().json_path, "$[0][0]");
}

TEST_F(MalformedLogitsFile, SizeLimitAppliesToEveryFormat)
{
    for (const char* name : {"sample_major_f32.npy", "rows.json", "savetxt_default.txt"}) {
        const auto table = readLogitsAuto(fixture(name), 100);

        ASSERT_FALSE(table) << name;
        EXPECT_EQ(table.error().problem, TextProblem::FileTooLarge) << name;
        EXPECT_EQ(table.error().limit_bytes, 100u) << name;
    }
}

TEST_F(MalformedLogitsFile, MissingFile)
{
    const auto table = readLogitsAuto(m_folder / "absent.npy");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::FileNotFound);
}

TEST_F(MalformedLogitsFile, Folder)
{
    const auto table = readLogitsAuto(m_folder);

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::IsDirectory);
}

// --------------------------------------------------------- probabilities

struct ProbabilityCase {
    const char* name;
    std::vector<double> values;
    bool flagged;
};

std::ostream& operator<<(std::ostream& out, const ProbabilityCase& c)
{
    return out << c.name;
}

class LooksLikeProbabilities : public testing::TestWithParam<ProbabilityCase> {};

TEST_P(LooksLikeProbabilities, FlagsSoftmaxOutput)
{
    const ProbabilityCase& c = GetParam();

    EXPECT_EQ(looksLikeProbabilities(c.values), c.flagged);
}

INSTANTIATE_TEST_SUITE_P(
    Table, LooksLikeProbabilities,
    testing::Values(
        ProbabilityCase{"Softmax", {0.7, 0.2, 0.1}, true},
        ProbabilityCase{"OneHot", {0.0, 1.0, 0.0}, true},
        ProbabilityCase{"SumWithinTolerance", {0.5, 0.5 + 0.9e-6}, true},
        ProbabilityCase{"SumBeyondTolerance", {0.5, 0.5 + 1.1e-6}, false},
        ProbabilityCase{"SumBelowOne", {0.3, 0.3, 0.3}, false},
        ProbabilityCase{"NegativeValue", {1.1, -0.1}, false},
        ProbabilityCase{"ValueAboveOne", {1.5, -0.25, -0.25}, false},
        ProbabilityCase{"SingleOne", {1.0}, false},
        ProbabilityCase{"Empty", {}, false},
        ProbabilityCase{"TypicalLogits", {2.3, -1.2, 0.4}, false},
        ProbabilityCase{"NaN", {std::nan(""), 1.0}, false}),
    caseName<ProbabilityCase>);

TEST(LooksLikeProbabilities, EveryRowOfSavedSoftmax)
{
    const auto table = readLogitsAuto(fixture("probabilities_f64.npy"));

    ASSERT_TRUE(table) << table.error().problem;
    for (std::size_t r = 0; r < table->rows.size(); ++r)
        EXPECT_TRUE(looksLikeProbabilities(table->rows[r].values)) << "row " << r;
}

TEST(LooksLikeProbabilities, NoRowOfFixtureLogits)
{
    for (const auto& row : fixtureTable())
        EXPECT_FALSE(looksLikeProbabilities(row));
}

} // namespace
} // namespace distillscope
