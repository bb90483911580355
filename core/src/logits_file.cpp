#include "distillscope/logits_file.h"

#include "distillscope/logits_json.h"
#include "distillscope/logits_npy.h"
#include "logits_file_access.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <system_error>
#include <utility>

namespace distillscope {
namespace {

constexpr std::string_view kNpyMagic = "\x93NUMPY";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// Local file headers and the end record of an empty archive.
constexpr std::string_view kZipMagic = "PK\x03\x04";
constexpr std::string_view kEmptyZipMagic = "PK\x05\x06";

bool hasExtension(const std::filesystem::path& path, std::string_view extension)
{
    const std::string actual = path.extension().string();
    return std::equal(actual.begin(), actual.end(), extension.begin(), extension.end(),
                      [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) == b;
                      });
}

} // namespace

LogitsFormat detectLogitsFormat(std::string_view start, const std::filesystem::path& path)
{
    if (start.starts_with(kNpyMagic) || hasExtension(path, ".npy"))
        return LogitsFormat::Npy;
    if (hasExtension(path, ".json"))
        return LogitsFormat::Json;

    if (start.starts_with(kByteOrderMark))
        start.remove_prefix(kByteOrderMark.size());
    const std::size_t first = start.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (start[first] == '[' || start[first] == '{'))
        return LogitsFormat::Json;
    return LogitsFormat::Text;
}

Expected<LogitsTable, TextError> readLogitsAuto(const std::filesystem::path& path,
                                                std::uintmax_t max_bytes)
{
    const auto size = detail::checkLogitsFile(path, max_bytes, LogitsFormat::Text);
    if (!size)
        return unexpected(size.error());

    errno = 0;
    std::ifstream file(path, std::ios::binary);
    std::string start(kFormatProbeBytes, '\0');
    file.read(start.data(), static_cast<std::streamsize>(start.size()));
    if (file.bad() || (!file && !file.eof())) {
        TextError error = detail::sourceError(TextProblem::FileUnreadable, path.string());
        error.detail = std::generic_category().message(errno);
        return unexpected(std::move(error));
    }
    start.resize(static_cast<std::size_t>(file.gcount()));
    file.close();

    if (start.starts_with(kZipMagic) || start.starts_with(kEmptyZipMagic))
        return unexpected(detail::sourceError(TextProblem::ArchiveFile, path.string()));

    switch (detectLogitsFormat(start, path)) {
    case LogitsFormat::Npy:
        return readNpyFile(path, max_bytes);
    case LogitsFormat::Json:
        return readLogitsJsonFile(path, max_bytes);
    case LogitsFormat::Text:
        break;
    }
    return readLogitsFile(path, max_bytes);
}

bool looksLikeProbabilities(std::span<const double> values)
{
    if (values.size() < 2)
        return false;

    double sum = 0.0;
    for (const double value : values) {
        if (!(value >= 0.0 && value <= 1.0))
            return false;
        sum += value;
    }
    return std::abs(sum - 1.0) <= kProbabilitySumTolerance;
}

} // namespace distillscope
