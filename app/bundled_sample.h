#pragma once

// The digits sample compiled into the executable: teacher and student logits
// of a handwritten-digits classifier pair, and the row and temperature it opens
// with. tools/make_digits_sample.py writes the files; resources/samples/README.md
// describes how the models were trained.

#include "app/cli_result.h"
#include "distillscope/logits_text.h"

#include <QString>

#include <cstddef>

namespace distillscope::app {

// The SPEC word that names the bundled sample instead of a file or a list.
inline const QString kSampleSpec = QStringLiteral("sample");

enum class SampleSide { Teacher, Student };

struct SampleDefaults {
    std::size_t row = 0; // a data row of both logits files, counted from 0
    double temperature = 1.0;
    QString reason; // why that row was chosen, for the window's status line
};

// Returns the name of the bundled logits file, such as "digits-teacher.csv".
QString sampleFileName(SampleSide side);

// Reads and parses one bundled logits file. Fails only when the build left out
// the resources, which exits with status 1.
CliResult<LogitsTable> readSampleLogits(SampleSide side);

// Reads the default row and temperature from the bundled digits.json.
CliResult<SampleDefaults> readSampleDefaults();

} // namespace distillscope::app
