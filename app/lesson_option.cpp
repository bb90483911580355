#include "app/lesson_option.h"

#include "app/messages.h"

namespace distillscope::app {

std::vector<OptionSpec> lessonOptions()
{
    return {
        {QStringLiteral("lessons"), QStringLiteral("FILE"),
         Messages::tr("A lesson file (docs/lessons.md) in place of the bundled tour. Default: the "
                      "bundled tour."),
         Messages::tr("the path of a lesson file")},
        {QStringLiteral("lesson"), QStringLiteral("K"),
         Messages::tr("Lesson of the tour to show, counted from 1: its logits, temperature, "
                      "options and page replace --teacher, --student, --row, --session and "
                      "--temperature. Default: 1 when --lessons is given."),
         Messages::tr("a lesson number counted from 1, such as --lesson 1")},
    };
}

CliResult<std::optional<LessonChoice>> readLessonOptions(const ParsedOptions& options,
                                                         const QStringList& conflicting)
{
    const std::optional<QString> path = options.value(QStringLiteral("lessons"));
    const std::optional<QString> number_text = options.value(QStringLiteral("lesson"));
    if (!path && !number_text)
        return std::optional<LessonChoice>();

    const QString lesson_option = number_text ? QStringLiteral("--lesson") : QStringLiteral("--lessons");
    for (const QString& name : conflicting) {
        if (options.has(name))
            return usageError(Messages::conflictingOptions(lesson_option, QStringLiteral("--") + name));
    }

    LessonChoice choice;
    choice.path = path.value_or(QString());
    auto tour = ui::LessonFile::read(path.value_or(ui::LessonFile::bundledTourPath()));
    if (!tour)
        return usageError(ui::LessonFile::describe(tour.error()));
    choice.tour = std::move(*tour);

    const long long count = static_cast<long long>(choice.tour.lessons.size());
    if (number_text) {
        const QString tour_name = path ? Messages::quote(*path) : Messages::tr("the bundled tour");
        const QString expected = count == 1
            ? Messages::tr("the lesson number 1, as %1 has 1 lesson").arg(tour_name)
            : Messages::tr("a lesson number from 1 to %1, as %2 has %1 lessons").arg(count).arg(tour_name);
        auto number = readInteger(QStringLiteral("--lesson"), *number_text, 1, count, expected);
        if (!number)
            return unexpected(number.error());
        choice.index = int(*number - 1);
    }
    return std::optional<LessonChoice>(std::move(choice));
}

} // namespace distillscope::app
