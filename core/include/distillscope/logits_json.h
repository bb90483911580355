#pragma once

// Logit vectors read from JSON, in the shapes that Python's json.dump writes
// for lists of logits:
//
//     [2.1, -0.3, 0.7]                          one sample
//     [[2.1, -0.3, 0.7], [0.2, 1.5, -1.1]]      samples, one list each
//     {"logits": [[2.1, -0.3, 0.7], [0.2, 1.5, -1.1]],
//      "labels": [0, "bird"],                   optional, one per sample
//      "classes": ["cat", "dog", "bird"]}       optional, one per class
//
// The object's "logits" takes either list form. A label is a class index
// (an integer from 0 to N-1) or a class name (a string). A string label is
// kept as it is, without a check against "classes".

#include "distillscope/expected.h"
#include "distillscope/logits_text.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace distillscope {

// Parses JSON text into a table of format Json, with the "classes" as class
// names and the "labels" as labels. Rows have no line and no columns, so
// their index is their position.
//
// Fails with
// - EmptyInput for text of only whitespace;
// - JsonSyntax for invalid JSON (RFC 8259), with the byte offset, line and
//   column of the offending text, which `text` quotes;
// - NonFiniteValue for NaN, Infinity and -Infinity, which Python's json.dump
//   writes for non-finite floats but JSON does not allow. ValueOverflow for a
//   number beyond the double range, such as 1e999. Both come with the path
//   and the byte offset of the value;
// - JsonWrongType where a value has another type than its place requires,
//   such as a string, null or boolean among logits, or a list nested deeper
//   than a list of rows. Checking each value as it is read bounds the
//   nesting at three levels, so 100000 '[' fail at the fourth;
// - JsonEmptyList for an empty list of logits or an empty row, RaggedRow for
//   a row whose length differs from the first row's;
// - JsonMissingKey, JsonUnknownKey and JsonDuplicateKey for the object's keys;
// - JsonCountMismatch when "labels" has not one entry per row or "classes"
//   not one per class, and JsonLabelOutOfRange for an integer label outside
//   0 to N-1.
// Every error but EmptyInput and JsonSyntax names the offending value by its
// path, such as "$.logits[3][7]".
//
// Numbers are read by nlohmann::json, which does not depend on the locale.
// Integers beyond 2^53 round to the nearest double, and magnitudes below the
// smallest subnormal read as zero. Cost O(length of the text), without a
// document tree; the table takes about 8 bytes per number.
Expected<LogitsTable, TextError> parseLogitsJson(std::string_view text, std::string source);

// Reads a JSON logits file as parseLogitsJson does, with the path as the
// source. Rejects what readLogitsFile rejects before reading a byte.
Expected<LogitsTable, TextError> readLogitsJsonFile(const std::filesystem::path& path,
                                                    std::uintmax_t max_bytes = kMaxLogitsFileBytes);

} // namespace distillscope
