#pragma once

// File checks and helpers shared by the text, .npy and JSON readers, so that
// each rejects a missing path, a folder or an oversized file the same way.

#include "distillscope/logits_text.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace distillscope::detail {

// An error about the whole source, without a place inside it.
TextError sourceError(TextProblem problem, std::string source,
                      LogitsFormat format = LogitsFormat::Text);

// Shortens `text` to kMaxQuotedFieldBytes, cut at a UTF-8 character boundary.
// Returns the kept text and whether anything was cut.
std::pair<std::string, bool> quoteText(std::string_view text);

// Checks, before opening it, that `path` names a regular file of at most
// `max_bytes`, and returns its size. Fails with FileNotFound, IsDirectory,
// NotRegularFile (a FIFO would block), FileTooLarge or FileUnreadable, each
// with `format` and the path as the source.
Expected<std::uintmax_t, TextError> checkLogitsFile(const std::filesystem::path& path,
                                                    std::uintmax_t max_bytes, LogitsFormat format);

// Checks `path` as checkLogitsFile does, then reads the whole file. A file that
// grows past `max_bytes` while it is read fails with FileTooLarge too.
Expected<std::string, TextError> readLogitsBytes(const std::filesystem::path& path,
                                                 std::uintmax_t max_bytes, LogitsFormat format);

} // namespace distillscope::detail
