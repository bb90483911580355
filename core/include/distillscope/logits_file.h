#pragma once

// Reading a logits file whatever its format, and a check for rows that contain
// probabilities where logits were expected.

#include "distillscope/expected.h"
#include "distillscope/logits_text.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

namespace distillscope {

// How many leading bytes detectLogitsFormat looks at.
inline constexpr std::size_t kFormatProbeBytes = 4096;

// The largest deviation of a row's sum from 1 that looksLikeProbabilities accepts.
inline constexpr double kProbabilitySumTolerance = 1e-6;

// Chooses the reader for a file from its first bytes (`start`, up to
// kFormatProbeBytes of them) and its name:
// - Npy when it starts with the magic "\x93NUMPY" or its extension is .npy,
//   in any case, so that a damaged .npy file fails with NpyBadMagic;
// - Json when its extension is .json, or when the first character other than
//   whitespace, after a UTF-8 byte order mark, is '[' or '{', which no logits
//   text can start with;
// - Text otherwise.
LogitsFormat detectLogitsFormat(std::string_view start, const std::filesystem::path& path);

// Reads a logits file with the reader that detectLogitsFormat chooses:
// readLogitsFile, readNpyFile or readLogitsJsonFile. A ZIP archive, such as
// an .npz from numpy.savez or a .pt from torch.save, fails with ArchiveFile.
// Checks the path and the size limit as readLogitsFile does before reading
// a byte. The table's and the error's `format` tell which reader ran.
Expected<LogitsTable, TextError> readLogitsAuto(const std::filesystem::path& path,
                                                std::uintmax_t max_bytes = kMaxLogitsFileBytes);

// Returns whether `values` look like probabilities rather than logits: at
// least 2 values, each within [0, 1], whose sum is within
// kProbabilitySumTolerance of 1. Such a row is most likely softmax output
// saved in place of logits; its logarithm is a valid logit vector.
//
// NOTE: probabilities stored as float16, or float32 softmax output over
// thousands of classes, can sum to 1 only within 1e-5 or worse, and then go
// unflagged. A logit vector such as (1, 0) is flagged too.
bool looksLikeProbabilities(std::span<const double> values);

} // namespace distillscope
