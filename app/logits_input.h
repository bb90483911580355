#pragma once

// Turning --teacher and --student SPECs into a validated Distillation: an
// inline list, a logits file or the bundled sample, one row of each.

#include "app/cli_result.h"
#include "app/command_line.h"
#include "app/messages.h"
#include "distillscope/distillation.h"
#include "distillscope/logits_text.h"
#include "ui/session.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace distillscope::app {

// Logits read from one SPEC.
struct LogitsInput {
    LogitsOrigin origin;
    LogitsTable table;
};

// The --teacher, --student and --row options that compute and sweep share.
std::vector<OptionSpec> logitsOptions();

// Decides how to read SPEC and reads it. "sample" is the bundled digits
// sample. An existing path is a file. Otherwise a SPEC with a comma, a blank
// one, or one number (nan, inf and 1e999 included, to fail as such) is an
// inline list, and anything else is a file that was not found.
CliResult<LogitsInput> loadLogits(const QString& option, const QString& spec);

// The teacher and student, each with the row taken from it, and their
// Distillation.
struct LogitsPair {
    LogitsInput teacher, student;
    std::size_t teacher_row = 0, student_row = 0;
    // The teacher's class names, or the student's when only it has a header.
    std::vector<std::string> class_names;
    Distillation distillation;

    // The place of each operand, for messages about one logit.
    OperandPlace teacherPlace() const;
    OperandPlace studentPlace() const;
    const LogitsRow& teacherRow() const { return teacher.table.rows[teacher_row]; }
    // The true class of the rows shown, from the teacher's labels or else
    // the student's, or empty.
    std::string rowLabel() const
    {
        if (teacher_row < teacher.table.labels.size())
            return teacher.table.labels[teacher_row];
        if (student_row < student.table.labels.size())
            return student.table.labels[student_row];
        return {};
    }
    const LogitsRow& studentRow() const { return student.table.rows[student_row]; }
};

// Reads both SPECs, takes `row_text` (counted from 0) from each, or when it is
// empty row 0, and the sample's default row for the sample. Validates the pair
// with Distillation::create. With `session`, reads the teacher and student
// of that session file instead, and ignores the SPECs and the row.
CliResult<LogitsPair> loadLogitsPair(const QString& teacher_spec, const QString& student_spec,
                                     const std::optional<QString>& row_text,
                                     const std::optional<QString>& session = std::nullopt);

// Returns the value of --session, or nullopt without it. --session replaces
// --teacher, --student and --row, so it fails when any of them is given too.
CliResult<std::optional<QString>> readSessionOption(const ParsedOptions& options);

// Reads a session file, failing with a message that names the file, the JSON
// path and what was expected there.
CliResult<ui::SessionState> readSessionFile(const QString& path);

} // namespace distillscope::app
