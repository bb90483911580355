#pragma once

// --lessons FILE and --lesson K: a lesson of a tour in place of the logits,
// the temperature and the options, for the window and for `export`.

#include "app/cli_result.h"
#include "app/command_line.h"
#include "ui/lessons.h"

#include <optional>
#include <vector>

namespace distillscope::app {

// The option specs of --lessons and --lesson.
std::vector<OptionSpec> lessonOptions();

struct LessonChoice {
    QString path; // the lesson file as given, or empty for the bundled tour
    ui::Tour tour;
    int index = 0; // 0-based
    const ui::Lesson& lesson() const { return tour.lessons[std::size_t(index)]; }
};

// Reads --lessons and --lesson: the tour (the bundled one without --lessons)
// and the lesson, 1-based on the command line, which defaults to 1. Returns
// nothing when neither option is given. Rejects a lesson number outside the
// tour, naming its count, a file that does not read as lessons, and any of
// `conflicting` (option names without dashes), which the lesson would
// override.
CliResult<std::optional<LessonChoice>> readLessonOptions(const ParsedOptions& options,
                                                         const QStringList& conflicting);

} // namespace distillscope::app
