#include "distillscope/logits_npy.h"

#include "logits_printers.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace distillscope {
namespace {

// The files that tools/make_io_fixtures.py writes.
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

// The table of every well-formed fixture: (5 r + c - 7) / 8 at row r and
// class c, exact in float16, float32 and float64.
Rows fixtureTable()
{
    Rows rows(4, std::vector<double>(5));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c)
            rows[r][c] = (static_cast<double>(5 * r + c) - 7.0) / 8.0;
    }
    return rows;
}

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

// Builds the bytes of a .npy file around a header of the test's own.
std::string npyBytes(std::string_view header, std::string_view data, unsigned major = 1)
{
    std::string bytes = "\x93NUMPY";
    bytes += static_cast<char>(major);
    bytes += '\0';
    const std::size_t length_bytes = major == 1 ? 2 : 4;
    for (std::size_t i = 0; i < length_bytes; ++i)
        bytes += static_cast<char>((header.size() >> (8 * i)) & 0xFF);
    bytes += header;
    bytes += data;
    return bytes;
}

std::string littleEndianDoubles(const std::vector<double>& values)
{
    std::string data;
    for (const double value : values) {
        const auto bits = std::bit_cast<std::uint64_t>(value);
        for (int i = 0; i < 8; ++i)
            data += static_cast<char>((bits >> (8 * i)) & 0xFF);
    }
    return data;
}

// The header dictionary preceding NumPy's usual padding, in 1.0 layout.
constexpr std::string_view kTwoDoublesHeader =
    "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n";

// ------------------------------------------------------------ well-formed files

struct FileCase {
    const char* name;
    const char* file;
    Rows rows;
};

std::ostream& operator<<(std::ostream& out, const FileCase& c)
{
    return out << c.name;
}

class ReadNpyFile : public testing::TestWithParam<FileCase> {};

TEST_P(ReadNpyFile, ReadsExactValues)
{
    const FileCase& c = GetParam();
    const auto path = fixture(c.file);
    const auto table = readNpyFile(path);

    ASSERT_TRUE(table) << c.file << " failed with " << table.error().problem;
    EXPECT_EQ(table->format, LogitsFormat::Npy);
    EXPECT_EQ(table->source, path.string());
    EXPECT_TRUE(table->class_names.empty());
    EXPECT_TRUE(table->labels.empty());
    for (const LogitsRow& row : table->rows) {
        EXPECT_EQ(row.line, 0u);
        EXPECT_TRUE(row.columns.empty());
    }
    expectSameValues(*table, c.rows);
}

const double k2Pow53 = std::ldexp(1.0, 53);
const double k2Pow63 = std::ldexp(1.0, 63);
const double k2Pow64 = std::ldexp(1.0, 64);
const Rows kHalves = {{65504.0, std::ldexp(1.0, -24), 1023 * std::ldexp(1.0, -24),
                       std::ldexp(1.0, -14), -0.0, 0.0, -2.5, 1.0}};

INSTANTIATE_TEST_SUITE_P(
    Table, ReadNpyFile,
    testing::Values(
        FileCase{"SampleMajorFloat32", "sample_major_f32.npy", fixtureTable()},
        FileCase{"ClassMajorSavedTransposed", "class_major_f32.npy", fixtureTable()},
        FileCase{"FortranOrderFloat64", "fortran_f64.npy", fixtureTable()},
        FileCase{"BigEndianFloat64", "big_endian_f64.npy", fixtureTable()},
        FileCase{"OneSampleIsOneRow", "one_sample_f64.npy", {fixtureTable()[1]}},
        FileCase{"Version2Header", "version2_f32.npy", fixtureTable()},
        FileCase{"Version3Header", "version3_f32.npy", fixtureTable()},
        FileCase{"Float16LittleEndian", "float16_le.npy", kHalves},
        FileCase{"Float16BigEndian", "float16_be.npy", kHalves},
        FileCase{"Int8", "int8.npy", {{-128, -1, 0, 127}}},
        FileCase{"Uint8", "uint8.npy", {{0, 1, 128, 255}}},
        FileCase{"Int16BigEndian", "int16_be.npy", {{-32768, -2, 3, 32767}}},
        FileCase{"Uint16", "uint16.npy", {{0, 1, 40000, 65535}}},
        FileCase{"Int32", "int32.npy", {{-2147483648.0, -3, 5, 2147483647.0}}},
        FileCase{"Uint32BigEndian", "uint32_be.npy", {{0, 7, 2147483648.0, 4294967295.0}}},
        // 2^63 - 1 rounds to 2^63, the nearest double.
        FileCase{"Int64BigEndian", "int64_be.npy", {{-k2Pow63, -5, k2Pow53, k2Pow63}}},
        // 2^53 + 1 rounds to even, 2^53, and 2^64 - 1 up to 2^64.
        FileCase{"Uint64RoundsToNearest", "uint64.npy", {{0, 9, k2Pow53, k2Pow64}}}),
    caseName<FileCase>);

TEST(ReadNpyFile, ParsesSameBytesInMemory)
{
    const std::string bytes = npyBytes(kTwoDoublesHeader, littleEndianDoubles({1.5, -2.25}));
    const auto table = parseNpy(bytes, "memory.npy");

    ASSERT_TRUE(table) << table.error().problem;
    EXPECT_EQ(table->source, "memory.npy");
    expectSameValues(*table, {{1.5, -2.25}});
}

// ----------------------------------------------------------------- float16

struct HalfCase {
    const char* name;
    std::uint16_t bits;
    double value;
};

std::ostream& operator<<(std::ostream& out, const HalfCase& c)
{
    return out << c.name;
}

class Float16 : public testing::TestWithParam<HalfCase> {};

TEST_P(Float16, DecodesExactly)
{
    const HalfCase& c = GetParam();
    const std::string data{static_cast<char>(c.bits & 0xFF), static_cast<char>(c.bits >> 8)};
    const auto table =
        parseNpy(npyBytes("{'descr': '<f2', 'fortran_order': False, 'shape': (1,)}", data), "h");

    ASSERT_TRUE(table) << table.error().problem;
    expectSameValues(*table, {{c.value}});
}

INSTANTIATE_TEST_SUITE_P(
    Table, Float16,
    testing::Values(HalfCase{"PositiveZero", 0x0000, 0.0},
                    HalfCase{"NegativeZero", 0x8000, -0.0},
                    HalfCase{"SmallestSubnormal", 0x0001, std::ldexp(1.0, -24)},
                    HalfCase{"NegativeSmallestSubnormal", 0x8001, -std::ldexp(1.0, -24)},
                    HalfCase{"LargestSubnormal", 0x03FF, 1023 * std::ldexp(1.0, -24)},
                    HalfCase{"SmallestNormal", 0x0400, std::ldexp(1.0, -14)},
                    HalfCase{"One", 0x3C00, 1.0},
                    HalfCase{"OneAndAnUlp", 0x3C01, 1.0 + std::ldexp(1.0, -10)},
                    HalfCase{"MinusTwo", 0xC000, -2.0},
                    HalfCase{"LargestFinite", 0x7BFF, 65504.0},
                    HalfCase{"NegativeLargestFinite", 0xFBFF, -65504.0}),
    caseName<HalfCase>);

struct NonFiniteHalfCase {
    const char* name;
    std::uint16_t bits;
    const char* text;
};

std::ostream& operator<<(std::ostream& out, const NonFiniteHalfCase& c)
{
    return out << c.name;
}

class Float16NonFinite : public testing::TestWithParam<NonFiniteHalfCase> {};

TEST_P(Float16NonFinite, IsRejectedAtItsColumn)
{
    const NonFiniteHalfCase& c = GetParam();
    // 1.0, then the value under test.
    const std::string data = std::string("\x00\x3C", 2) + static_cast<char>(c.bits & 0xFF)
        + static_cast<char>(c.bits >> 8);
    const auto table =
        parseNpy(npyBytes("{'descr': '<f2', 'fortran_order': False, 'shape': (2,)}", data), "h");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::NonFiniteValue);
    EXPECT_EQ(table.error().line, 1u);
    EXPECT_EQ(table.error().column, 2u);
    EXPECT_EQ(table.error().text, c.text);
}

INSTANTIATE_TEST_SUITE_P(Table, Float16NonFinite,
                         testing::Values(NonFiniteHalfCase{"Infinity", 0x7C00, "inf"},
                                         NonFiniteHalfCase{"NegativeInfinity", 0xFC00, "-inf"},
                                         NonFiniteHalfCase{"QuietNaN", 0x7E00, "nan"},
                                         NonFiniteHalfCase{"SignallingNaN", 0x7C01, "nan"},
                                         NonFiniteHalfCase{"NegativeNaN", 0xFE00, "nan"}),
                         caseName<NonFiniteHalfCase>);

// ------------------------------------------------------------------ headers

struct HeaderCase {
    const char* name;
    std::string_view header;
};

std::ostream& operator<<(std::ostream& out, const HeaderCase& c)
{
    return out << c.name;
}

class NpyHeader : public testing::TestWithParam<HeaderCase> {};

TEST_P(NpyHeader, IsAccepted)
{
    const HeaderCase& c = GetParam();
    const auto table = parseNpy(npyBytes(c.header, littleEndianDoubles({1.5, -2.25})), "h.npy");

    ASSERT_TRUE(table) << table.error().problem << " at byte "
                       << table.error().byte_offset.value_or(0) << " near '" << table.error().text
                       << "'";
    expectSameValues(*table, {{1.5, -2.25}});
}

INSTANTIATE_TEST_SUITE_P(
    Table, NpyHeader,
    testing::Values(
        HeaderCase{"NumpyLayout", kTwoDoublesHeader},
        HeaderCase{"KeysInAnyOrder", "{'shape': (2,), 'descr': '<f8', 'fortran_order': False}"},
        HeaderCase{"DoubleQuotes", "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2,)}"},
        HeaderCase{"NoTrailingComma", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}"},
        HeaderCase{"NoPaddingNoNewline", "{'descr':'<f8','fortran_order':False,'shape':(2,)}"},
        HeaderCase{"NewlinesInside", "{'descr': '<f8',\n 'fortran_order': False,\n 'shape': (2,)}\n"},
        HeaderCase{"PaddingAfterNewline", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}\n   "},
        HeaderCase{"OneRowOfTwo", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }"},
        HeaderCase{"TrailingCommaInShape", "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 2,)}"}),
    caseName<HeaderCase>);

struct BadHeaderCase {
    const char* name;
    std::string_view header;
    TextProblem problem;
    std::size_t offset; // in the header; the file offset is 10 more
    Expectation expected = Expectation::None;
    std::string_view text = {};
};

std::ostream& operator<<(std::ostream& out, const BadHeaderCase& c)
{
    return out << c.name;
}

class MalformedNpyHeader : public testing::TestWithParam<BadHeaderCase> {};

TEST_P(MalformedNpyHeader, ReportsByteOffset)
{
    const BadHeaderCase& c = GetParam();
    const auto table = parseNpy(npyBytes(c.header, littleEndianDoubles({1.5, -2.25})), "h.npy");

    ASSERT_FALSE(table) << "read " << table->rows.size() << " rows";
    const TextError& error = table.error();
    EXPECT_EQ(error.problem, c.problem);
    EXPECT_EQ(error.format, LogitsFormat::Npy);
    EXPECT_EQ(error.byte_offset, std::optional<std::uintmax_t>(10 + c.offset));
    EXPECT_EQ(error.expected, c.expected);
    if (!c.text.empty()) {
        EXPECT_EQ(error.text, c.text);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedNpyHeader,
    testing::Values(
        BadHeaderCase{"NotADictionary", "['descr', '<f8']", TextProblem::NpyHeaderSyntax, 0,
                      Expectation::OpenBrace},
        BadHeaderCase{"UnquotedKey", "{descr: '<f8', 'fortran_order': False, 'shape': (2,)}",
                      TextProblem::NpyHeaderSyntax, 1, Expectation::Key},
        BadHeaderCase{"UnterminatedKey", "{'descr", TextProblem::NpyHeaderSyntax, 1,
                      Expectation::Key},
        BadHeaderCase{"MissingColon", "{'descr' '<f8', 'fortran_order': False, 'shape': (2,)}",
                      TextProblem::NpyHeaderSyntax, 9, Expectation::Colon},
        BadHeaderCase{"MissingComma", "{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}",
                      TextProblem::NpyHeaderSyntax, 16, Expectation::CommaOrBrace},
        BadHeaderCase{"UnquotedDtype", "{'descr': f8, 'fortran_order': False, 'shape': (2,)}",
                      TextProblem::NpyHeaderSyntax, 10, Expectation::String},
        BadHeaderCase{"LowerCaseBoolean", "{'descr': '<f8', 'fortran_order': false, 'shape': (2,)}",
                      TextProblem::NpyHeaderSyntax, 34, Expectation::Boolean},
        BadHeaderCase{"BooleanPrefix", "{'descr': '<f8', 'fortran_order': Falsey, 'shape': (2,)}",
                      TextProblem::NpyHeaderSyntax, 34, Expectation::Boolean},
        BadHeaderCase{"ShapeAsList", "{'descr': '<f8', 'fortran_order': False, 'shape': [2]}",
                      TextProblem::NpyHeaderSyntax, 50, Expectation::OpenParen},
        BadHeaderCase{"ShapeWithoutComma", "{'descr': '<f8', 'fortran_order': False, 'shape': (2)}",
                      TextProblem::NpyHeaderSyntax, 52, Expectation::Comma},
        BadHeaderCase{"NegativeDimension", "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}",
                      TextProblem::NpyHeaderSyntax, 51, Expectation::Dimension},
        BadHeaderCase{"PythonTwoLong", "{'descr': '<f8', 'fortran_order': False, 'shape': (1L, 2L)}",
                      TextProblem::NpyHeaderSyntax, 52, Expectation::Comma},
        BadHeaderCase{"SecondDimensionUnclosed",
                      "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2 }",
                      TextProblem::NpyHeaderSyntax, 56, Expectation::CommaOrParen},
        BadHeaderCase{"TextAfterDictionary",
                      "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} x",
                      TextProblem::NpyHeaderSyntax, 56, Expectation::HeaderEnd, "x"},
        BadHeaderCase{"UnknownKey",
                      "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
                      TextProblem::NpyUnknownKey, 56, Expectation::None, "extra"},
        BadHeaderCase{"DuplicateKey",
                      "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}",
                      TextProblem::NpyDuplicateKey, 17, Expectation::None, "descr"},
        BadHeaderCase{"MissingShape", "{'descr': '<f8', 'fortran_order': False}",
                      TextProblem::NpyMissingKey, 0, Expectation::None, "shape"},
        BadHeaderCase{"MissingDescr", "{'fortran_order': False, 'shape': (2,)}",
                      TextProblem::NpyMissingKey, 0, Expectation::None, "descr"},
        BadHeaderCase{"EmptyDictionary", "{}", TextProblem::NpyMissingKey, 0, Expectation::None,
                      "descr"},
        BadHeaderCase{"StructuredDtype",
                      "{'descr': [('a', '<f4'), ('b', '<f4')], 'fortran_order': False, 'shape': (1,)}",
                      TextProblem::NpyUnsupportedDtype, 10, Expectation::None,
                      "[('a', '<f4'), ('b', '<f4')]"},
        BadHeaderCase{"HugeDimension",
                      "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}",
                      TextProblem::NpyShapeOverflow, 51, Expectation::None,
                      "99999999999999999999"}),
    caseName<BadHeaderCase>);

struct DtypeCase {
    const char* name;
    std::string_view header;
    TextProblem problem;
};

std::ostream& operator<<(std::ostream& out, const DtypeCase& c)
{
    return out << c.name;
}

class MalformedNpyArray : public testing::TestWithParam<DtypeCase> {};

TEST_P(MalformedNpyArray, IsRejected)
{
    const DtypeCase& c = GetParam();
    const auto table = parseNpy(npyBytes(c.header, littleEndianDoubles({1.5, -2.25})), "h.npy");

    ASSERT_FALSE(table) << "read " << table->rows.size() << " rows";
    EXPECT_EQ(table.error().problem, c.problem);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedNpyArray,
    testing::Values(
        DtypeCase{"PipeOrderOnWideType", "{'descr': '|f8', 'fortran_order': False, 'shape': (2,)}",
                  TextProblem::NpyUnsupportedDtype},
        DtypeCase{"NativeOrder", "{'descr': '=f8', 'fortran_order': False, 'shape': (2,)}",
                  TextProblem::NpyUnsupportedDtype},
        DtypeCase{"LongDouble", "{'descr': '<f16', 'fortran_order': False, 'shape': (1,)}",
                  TextProblem::NpyUnsupportedDtype},
        DtypeCase{"NoItemSize", "{'descr': '<f', 'fortran_order': False, 'shape': (2,)}",
                  TextProblem::NpyUnsupportedDtype},
        DtypeCase{"ThreeByteInteger", "{'descr': '<i3', 'fortran_order': False, 'shape': (2,)}",
                  TextProblem::NpyUnsupportedDtype},
        DtypeCase{"UnicodeStrings", "{'descr': '<U2', 'fortran_order': False, 'shape': (2,)}",
                  TextProblem::NpyUnsupportedDtype},
        DtypeCase{"Datetime", "{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (2,)}",
                  TextProblem::NpyUnsupportedDtype},
        DtypeCase{"ObjectWithByteOrder", "{'descr': '<O', 'fortran_order': False, 'shape': (2,)}",
                  TextProblem::NpyObjectArray},
        DtypeCase{"ZeroClasses", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 0)}",
                  TextProblem::NpyEmptyArray},
        DtypeCase{"FourDimensions", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1, 2)}",
                  TextProblem::NpyUnsupportedShape},
        DtypeCase{"FewerBytesThanShape", "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}",
                  TextProblem::NpyDataSizeMismatch},
        DtypeCase{"MoreBytesThanShape", "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}",
                  TextProblem::NpyDataSizeMismatch}),
    caseName<DtypeCase>);

// ------------------------------------------------------------ preamble

struct PreambleCase {
    const char* name;
    std::string bytes;
    TextProblem problem;
    std::string_view text = {};
};

std::ostream& operator<<(std::ostream& out, const PreambleCase& c)
{
    return out << c.name;
}

class MalformedNpyPreamble : public testing::TestWithParam<PreambleCase> {};

TEST_P(MalformedNpyPreamble, IsRejected)
{
    const PreambleCase& c = GetParam();
    const auto table = parseNpy(c.bytes, "p.npy");

    ASSERT_FALSE(table) << "read " << table->rows.size() << " rows";
    EXPECT_EQ(table.error().problem, c.problem);
    EXPECT_EQ(table.error().text, c.text);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedNpyPreamble,
    testing::Values(
        PreambleCase{"EmptyFile", "", TextProblem::NpyTruncatedHeader},
        PreambleCase{"PartOfMagic", "\x93NUM", TextProblem::NpyTruncatedHeader},
        PreambleCase{"NoVersion", "\x93NUMPY", TextProblem::NpyTruncatedHeader},
        PreambleCase{"NoHeaderLength", std::string("\x93NUMPY\x01\x00\x05", 9),
                     TextProblem::NpyTruncatedHeader},
        PreambleCase{"ShortVersion2Length", std::string("\x93NUMPY\x02\x00\x05\x00\x00", 11),
                     TextProblem::NpyTruncatedHeader},
        PreambleCase{"HeaderPastEnd", std::string("\x93NUMPY\x01\x00\x40\x00{}", 12),
                     TextProblem::NpyTruncatedHeader},
        PreambleCase{"TextFile", "1.5,2.5\n", TextProblem::NpyBadMagic, "1.5,2."},
        PreambleCase{"MinorVersion", std::string("\x93NUMPY\x01\x01\x00\x00", 10),
                     TextProblem::NpyUnsupportedVersion, "1.1"},
        PreambleCase{"VersionZero", std::string("\x93NUMPY\x00\x00\x00\x00", 10),
                     TextProblem::NpyUnsupportedVersion, "0.0"},
        PreambleCase{"Version3HeaderTooLong", std::string("\x93NUMPY\x03\x00\x01\x00\x01\x00", 12),
                     TextProblem::NpyHeaderTooLong}),
    caseName<PreambleCase>);

TEST(MalformedNpyPreamble, TruncatedHeaderStatesBothSizes)
{
    const auto table = parseNpy(std::string("\x93NUMPY\x01\x00\x40\x00{}", 12), "p.npy");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().expected_bytes, 10u + 0x40u);
    EXPECT_EQ(table.error().actual_bytes, 12u);
}

TEST(NpyHeader, Version3AcceptsUtf8)
{
    // Only a key could contain non-ASCII text in a valid header, and an unknown
    // key is rejected, so UTF-8 shows up in the error text intact.
    const std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'é': 1}";
    const auto table = parseNpy(npyBytes(header, littleEndianDoubles({1, 2}), 3), "v3.npy");

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::NpyUnknownKey);
    EXPECT_EQ(table.error().text, "é");
    EXPECT_EQ(table.error().byte_offset, std::optional<std::uintmax_t>(12 + 56));
}

// --------------------------------------------------------------- size limits

TEST(NpyLimits, TableAboveLimitIsRejected)
{
    // 100 int8 values take 100 bytes in the file but 800 as doubles.
    const std::string bytes = npyBytes("{'descr': '|i1', 'fortran_order': False, 'shape': (100,)}",
                                       std::string(100, '\x01'));
    const std::uintmax_t table_bytes = 100 * sizeof(double) + sizeof(LogitsRow);
    const auto table = parseNpy(bytes, "int8.npy", table_bytes - 1);

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::ArrayTooLarge);
    EXPECT_EQ(table.error().expected_bytes, table_bytes);
    EXPECT_EQ(table.error().limit_bytes, table_bytes - 1);
}

TEST(NpyLimits, TableAtLimitIsRead)
{
    const std::string bytes = npyBytes("{'descr': '|i1', 'fortran_order': False, 'shape': (100,)}",
                                       std::string(100, '\x01'));
    const auto table = parseNpy(bytes, "int8.npy", 100 * sizeof(double) + sizeof(LogitsRow));

    ASSERT_TRUE(table) << table.error().problem;
    EXPECT_EQ(table->classes(), 100u);
}

TEST(NpyLimits, ManyRowsCountTowardsLimit)
{
    // One class per row: the row overhead, not the values, exceeds the limit.
    const std::string bytes = npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (64, 1)}",
                                       std::string(64, '\x02'));
    const auto table = parseNpy(bytes, "rows.npy", 64 * sizeof(double) + 63 * sizeof(LogitsRow));

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::ArrayTooLarge);
}

TEST(NpyLimits, BytesAboveLimitAreRejected)
{
    const std::string bytes = npyBytes(kTwoDoublesHeader, littleEndianDoubles({1, 2}));
    const auto table = parseNpy(bytes, "big.npy", bytes.size() - 1);

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::FileTooLarge);
    EXPECT_EQ(table.error().file_bytes, bytes.size());
}

TEST(NpyLimits, FileAboveLimitIsRejectedUnread)
{
    const auto table = readNpyFile(fixture("sample_major_f32.npy"), 100);

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::FileTooLarge);
    EXPECT_EQ(table.error().format, LogitsFormat::Npy);
    EXPECT_EQ(table.error().file_bytes, 208u);
}

TEST(ReadNpyFile, MissingFile)
{
    const auto table = readNpyFile(fixture("absent.npy"));

    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().problem, TextProblem::FileNotFound);
    EXPECT_EQ(table.error().format, LogitsFormat::Npy);
}

// -------------------------------------------------------- malformed files

// NOTE: the CTest entry core_malformed_files_4gib reruns these suites, and
// those of malformed JSON, under a 4 GiB address-space limit, so that a
// reader that allocated what a header claims would fail there.
struct MalformedFileCase {
    const char* name;
    const char* file;
    TextProblem problem;
    std::optional<std::uintmax_t> byte_offset = std::nullopt;
    std::size_t line = 0;
    std::size_t column = 0;
    std::string text = {};
    std::vector<std::uint64_t> shape = {};
    std::uintmax_t expected_bytes = 0;
    std::uintmax_t actual_bytes = 0;
};

std::ostream& operator<<(std::ostream& out, const MalformedFileCase& c)
{
    return out << c.name;
}

class MalformedNpyFile : public testing::TestWithParam<MalformedFileCase> {};

TEST_P(MalformedNpyFile, ReportsProblemAndPlace)
{
    const MalformedFileCase& c = GetParam();
    const auto path = fixture(c.file);
    const auto table = readNpyFile(path);

    ASSERT_FALSE(table) << c.file << ": read " << table->rows.size() << " rows";
    const TextError& error = table.error();
    EXPECT_EQ(error.problem, c.problem);
    EXPECT_EQ(error.format, LogitsFormat::Npy);
    EXPECT_EQ(error.source, path.string());
    EXPECT_EQ(error.byte_offset, c.byte_offset) << "byte offset";
    EXPECT_EQ(error.line, c.line) << "row";
    EXPECT_EQ(error.column, c.column) << "column";
    EXPECT_EQ(error.text, c.text);
    EXPECT_EQ(error.shape, c.shape);
    EXPECT_EQ(error.expected_bytes, c.expected_bytes);
    EXPECT_EQ(error.actual_bytes, c.actual_bytes);
}

// NumPy pads the header so that the data of these files starts at byte 128.
INSTANTIATE_TEST_SUITE_P(
    Table, MalformedNpyFile,
    testing::Values(
        MalformedFileCase{.name = "ObjectArrayNeedsPickle", .file = "object_array.npy",
                          .problem = TextProblem::NpyObjectArray, .text = "|O"},
        MalformedFileCase{.name = "BoolArray", .file = "bool.npy",
                          .problem = TextProblem::NpyUnsupportedDtype, .text = "|b1"},
        MalformedFileCase{.name = "ComplexArray", .file = "complex128.npy",
                          .problem = TextProblem::NpyUnsupportedDtype, .text = "<c16"},
        MalformedFileCase{.name = "ThreeDimensions", .file = "three_d_f32.npy",
                          .problem = TextProblem::NpyUnsupportedShape, .shape = {2, 3, 4}},
        MalformedFileCase{.name = "ZeroDimensions", .file = "zero_d_f64.npy",
                          .problem = TextProblem::NpyUnsupportedShape},
        MalformedFileCase{.name = "ZeroRows", .file = "zero_rows_f32.npy",
                          .problem = TextProblem::NpyEmptyArray, .shape = {0, 10}},
        MalformedFileCase{.name = "TruncatedData", .file = "truncated_data_f32.npy",
                          .problem = TextProblem::NpyDataSizeMismatch, .byte_offset = 128,
                          .shape = {4, 5}, .expected_bytes = 80, .actual_bytes = 74},
        MalformedFileCase{.name = "TrailingBytes", .file = "trailing_bytes_f32.npy",
                          .problem = TextProblem::NpyDataSizeMismatch, .byte_offset = 128,
                          .shape = {4, 5}, .expected_bytes = 80, .actual_bytes = 84},
        MalformedFileCase{.name = "TruncatedHeader", .file = "truncated_header.npy",
                          .problem = TextProblem::NpyTruncatedHeader, .expected_bytes = 128,
                          .actual_bytes = 40},
        MalformedFileCase{.name = "BadMagic", .file = "bad_magic.npy",
                          .problem = TextProblem::NpyBadMagic, .byte_offset = 0,
                          .text = "\x93NUMPZ"},
        MalformedFileCase{.name = "TextNamedNpy", .file = "text_named_npy.npy",
                          .problem = TextProblem::NpyBadMagic, .byte_offset = 0,
                          .text = "1.5,2."},
        MalformedFileCase{.name = "Version4", .file = "version4.npy",
                          .problem = TextProblem::NpyUnsupportedVersion, .byte_offset = 6,
                          .text = "4.0"},
        MalformedFileCase{.name = "HeaderClaims8GB", .file = "claims_8gb_f64.npy",
                          .problem = TextProblem::NpyDataSizeMismatch, .byte_offset = 79,
                          .shape = {1000000, 1000}, .expected_bytes = 8000000000,
                          .actual_bytes = 32},
        MalformedFileCase{.name = "HeaderClaims2Pow62Bytes", .file = "claims_2pow62_f32.npy",
                          .problem = TextProblem::NpyDataSizeMismatch, .byte_offset = 88,
                          .shape = {std::uint64_t{1} << 40, std::uint64_t{1} << 20},
                          .expected_bytes = std::uintmax_t{1} << 62, .actual_bytes = 32},
        MalformedFileCase{.name = "ShapeProductOverflows", .file = "shape_overflow_f64.npy",
                          .problem = TextProblem::NpyShapeOverflow,
                          .shape = {std::uint64_t{1} << 40, std::uint64_t{1} << 40}},
        MalformedFileCase{.name = "HeaderLength2GB", .file = "header_length_2gb.npy",
                          .problem = TextProblem::NpyHeaderTooLong, .byte_offset = 8,
                          .expected_bytes = std::uintmax_t{1} << 31},
        MalformedFileCase{.name = "NaNAtRow3Column4", .file = "nan_f32.npy",
                          .problem = TextProblem::NonFiniteValue, .byte_offset = 128 + 13 * 4,
                          .line = 3, .column = 4, .text = "nan", .shape = {4, 5}},
        MalformedFileCase{.name = "NegativeInfinityInFortranOrder",
                          .file = "negative_inf_fortran_f64.npy",
                          .problem = TextProblem::NonFiniteValue, .byte_offset = 128 + 17 * 8,
                          .line = 2, .column = 5, .text = "-inf", .shape = {4, 5}}),
    caseName<MalformedFileCase>);

TEST(MalformedNpyFile, ParseAgreesWithRead)
{
    // The in-memory parser and the file reader share every check.
    const auto path = fixture("claims_8gb_f64.npy");
    std::ifstream file(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto parsed = parseNpy(bytes, path.string());
    const auto read = readNpyFile(path);

    ASSERT_FALSE(parsed);
    ASSERT_FALSE(read);
    EXPECT_EQ(parsed.error().problem, read.error().problem);
    EXPECT_EQ(parsed.error().expected_bytes, read.error().expected_bytes);
    EXPECT_EQ(parsed.error().byte_offset, read.error().byte_offset);
}

} // namespace
} // namespace distillscope
