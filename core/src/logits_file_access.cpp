#include "logits_file_access.h"

#include <cerrno>
#include <fstream>
#include <system_error>
#include <utility>
#include <vector>

namespace distillscope::detail {

TextError sourceError(TextProblem problem, std::string source, LogitsFormat format)
{
    TextError error;
    error.problem = problem;
    error.format = format;
    error.source = std::move(source);
    return error;
}

std::pair<std::string, bool> quoteText(std::string_view text)
{
    if (text.size() <= kMaxQuotedFieldBytes)
        return {std::string(text), false};

    std::size_t cut = kMaxQuotedFieldBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return {std::string(text.substr(0, cut)), true};
}

Expected<std::uintmax_t, TextError> checkLogitsFile(const std::filesystem::path& path,
                                                    std::uintmax_t max_bytes, LogitsFormat format)
{
    std::string source = path.string();
    auto unreadable = [&](const std::string& detail) {
        TextError error = sourceError(TextProblem::FileUnreadable, source, format);
        error.detail = detail;
        return unexpected(std::move(error));
    };

    std::error_code status_error;
    const auto status = std::filesystem::status(path, status_error);
    if (status.type() == std::filesystem::file_type::not_found)
        return unexpected(sourceError(TextProblem::FileNotFound, std::move(source), format));
    if (status_error)
        return unreadable(status_error.message());
    if (status.type() == std::filesystem::file_type::directory)
        return unexpected(sourceError(TextProblem::IsDirectory, std::move(source), format));
    if (status.type() != std::filesystem::file_type::regular)
        return unexpected(sourceError(TextProblem::NotRegularFile, std::move(source), format));

    std::error_code size_error;
    const std::uintmax_t size = std::filesystem::file_size(path, size_error);
    if (size_error)
        return unreadable(size_error.message());
    if (size > max_bytes) {
        TextError error = sourceError(TextProblem::FileTooLarge, std::move(source), format);
        error.file_bytes = size;
        error.limit_bytes = max_bytes;
        return unexpected(std::move(error));
    }
    return size;
}

Expected<std::string, TextError> readLogitsBytes(const std::filesystem::path& path,
                                                 std::uintmax_t max_bytes, LogitsFormat format)
{
    const auto size = checkLogitsFile(path, max_bytes, format);
    if (!size)
        return unexpected(size.error());

    std::string source = path.string();
    auto unreadable = [&](const std::string& detail) {
        TextError error = sourceError(TextProblem::FileUnreadable, source, format);
        error.detail = detail;
        return unexpected(std::move(error));
    };

    errno = 0;
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return unreadable(std::generic_category().message(errno));

    // Read in chunks rather than trusting the size from above, because a file
    // that grows between the two calls must still stop at the limit.
    std::string content;
    content.reserve(static_cast<std::size_t>(*size));
    std::vector<char> chunk(std::size_t{1} << 16);
    while (file) {
        file.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        content.append(chunk.data(), static_cast<std::size_t>(file.gcount()));
        if (content.size() > max_bytes) {
            TextError error = sourceError(TextProblem::FileTooLarge, source, format);
            error.file_bytes = content.size();
            error.limit_bytes = max_bytes;
            return unexpected(std::move(error));
        }
    }
    if (file.bad())
        return unreadable(std::generic_category().message(errno));
    return content;
}

} // namespace distillscope::detail
