#pragma once

// Logit vectors read from a NumPy .npy file, as numpy.save writes it: one
// sample as an array of shape (N,), or samples as an array of shape
// (samples, N), one row per sample.
//
// The layout comes from the format description in numpy/lib/format.py (NumPy
// 1.24). A file starts with the magic string "\x93NUMPY", then a major and a
// minor version byte (1.0, 2.0 or 3.0). The header length follows, as a
// little-endian uint16 for 1.0 and uint32 for 2.0 and 3.0, then the header and
// the array's bytes. The header is a Python dictionary literal, Latin-1 in 1.0
// and 2.0 and UTF-8 in 3.0, such as
//     {'descr': '<f4', 'fortran_order': False, 'shape': (60000, 10), }
// padded with spaces and ended by a newline.
//
// A dedicated reader, because Debian 12 packages no C++ library for the
// format, and because this one checks every claim of the header against the
// file before it allocates anything.

#include "distillscope/expected.h"
#include "distillscope/logits_text.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace distillscope {

// The longest .npy header accepted, in bytes. NumPy writes under 128 bytes for
// an array of numbers; only structured dtypes with many fields, which this
// reader rejects anyway, need more. The limit keeps a corrupt length field
// from allocating gigabytes.
inline constexpr std::size_t kMaxNpyHeaderBytes = 65536;

// Parses the bytes of a .npy file into a table of format Npy, with one row per
// sample and no class names. Rows have no line and no columns, so their index
// is their position.
//
// - Header: the keys 'descr', 'fortran_order' and 'shape', each once, in any
//   order, quoted with ' or ", with an optional trailing comma. After the
//   closing brace only spaces and newlines may follow. The 64-byte alignment
//   that NumPy writes is not required.
// - dtypes: float16, float32 and float64 ('<f2', '>f4', '<f8', ...) and
//   signed and unsigned integers of 1, 2, 4 and 8 bytes ('|i1', '<u2', '>i8',
//   ...), in either byte order; '|' only for 1-byte types. Integers above 2^53
//   round to the nearest double. Booleans ('|b1') are rejected, because a mask
//   or a label array is not logits; so are complex, string, date and
//   structured dtypes (NpyUnsupportedDtype), and object arrays
//   (NpyObjectArray), which only pickle can read and which could run code
//   from the file.
// - float16 is decoded exactly: 65504, the subnormal 2^-24 (about 5.96e-8),
//   and both zeros read as those doubles.
// - C and Fortran order give the same table.
// - Shapes of 0 or more than 2 dimensions fail with NpyUnsupportedShape, a
//   dimension of 0 with NpyEmptyArray.
//
// Before any allocation beyond the header, the byte count that the shape and
// dtype imply must equal the bytes after the header exactly. Otherwise the
// parse fails with NpyDataSizeMismatch, or NpyShapeOverflow when the count
// exceeds 2^64. The table must fit in `max_bytes` at 8 bytes per value plus
// sizeof(LogitsRow) per row (ArrayTooLarge). Fails with FileTooLarge when
// `bytes` itself exceeds `max_bytes`. A NaN or infinite value fails with NonFiniteValue at
// its 1-based row (`line`) and column, the first in row-major order. Header
// problems carry their `byte_offset` in the file.
//
// Cost O(size of the file); the table takes about 8 bytes per value.
Expected<LogitsTable, TextError> parseNpy(std::string_view bytes, std::string source,
                                          std::uintmax_t max_bytes = kMaxLogitsFileBytes);

// Reads a .npy file as parseNpy does, with the path as the source. Reads the
// preamble and the header first and checks them against the file size, so a
// header that claims more data than the file contains is rejected before the
// data is read. Rejects what readLogitsFile rejects before opening the file,
// and fails with FileUnreadable when reading fails.
Expected<LogitsTable, TextError> readNpyFile(const std::filesystem::path& path,
                                             std::uintmax_t max_bytes = kMaxLogitsFileBytes);

} // namespace distillscope
