#include "app/logits_input.h"

#include "app/bundled_sample.h"
#include "app/command_line.h"
#include "app/dispatch.h"
#include "distillscope/logits_file.h"

#include <QFile>

#include <filesystem>
#include <limits>
#include <system_error>

namespace distillscope::app {
namespace {

QString rowExpectation()
{
    return Messages::tr("a data row counted from 0, such as --row 0");
}

// A SPEC without a comma is a list only when it is one number, so that a
// mistyped path such as "1.csv" fails as a missing file, not as a bad number.
bool looksLikeList(const QString& spec)
{
    const QString trimmed = spec.trimmed();
    if (spec.contains(u',') || trimmed.isEmpty())
        return true;

    const QByteArray utf8 = trimmed.toUtf8();
    const auto number = parseNumber(std::string_view(utf8.constData(), utf8.size()));
    return number || number.error() != TextProblem::NotANumber;
}

CliResult<LogitsInput> loadSample(const QString& option)
{
    const SampleSide side = option == QLatin1String("--student") ? SampleSide::Student
                                                                 : SampleSide::Teacher;
    auto table = readSampleLogits(side);
    if (!table)
        return unexpected(table.error());
    return LogitsInput{{option, SpecKind::Sample, sampleFileName(side)}, std::move(*table)};
}

CliResult<std::size_t> selectRow(const LogitsInput& input, const std::optional<QString>& row_text,
                                 std::size_t default_row)
{
    const std::size_t rows = input.table.rows.size();
    if (!row_text) {
        if (default_row >= rows)
            return usageError(Messages::rowOutOfRange(input.origin, QString::number(default_row),
                                                      rows));
        return default_row;
    }

    auto row = readInteger(QStringLiteral("--row"), *row_text, 0,
                           std::numeric_limits<long long>::max(), rowExpectation());
    if (!row)
        return unexpected(row.error());
    if (static_cast<unsigned long long>(*row) >= rows)
        return usageError(Messages::rowOutOfRange(input.origin, *row_text, rows));
    return static_cast<std::size_t>(*row);
}

} // namespace

std::vector<OptionSpec> logitsOptions()
{
    const QString spec_expected =
        Messages::tr("numbers separated by commas such as 1,0,-1, a logits file, or 'sample'");
    return {
        {QStringLiteral("teacher"), QStringLiteral("SPEC"),
         Messages::tr("Teacher logits v, in nats (natural-log units, as a classifier outputs them "
                      "before softmax). SPEC is numbers separated by commas (1,0,-1), the path of "
                      "a logits file with one logit vector per row (text, NumPy .npy or JSON, "
                      "see docs/file-formats.md), or 'sample' for the bundled digits sample "
                      "(write ./sample for a file of that name)."),
         spec_expected},
        {QStringLiteral("student"), QStringLiteral("SPEC"),
         Messages::tr("Student logits z, in nats, in the same forms as --teacher. Needs as many "
                      "classes as the teacher."),
         spec_expected},
        {QStringLiteral("row"), QStringLiteral("K"),
         Messages::tr("Data row of each logits file, counted from 0: in text below any header "
                      "and comments, in .npy the first index, in JSON the list position. "
                      "Default: 0, and for 'sample' the image the sample was chosen for."),
         rowExpectation()},
        {QStringLiteral("session"), QStringLiteral("FILE"),
         Messages::tr("A session file saved by the window (File > Save Session), in place of "
                      "--teacher, --student and --row: its teacher and student logits, and its "
                      "temperature where --temperature is not given."),
         Messages::tr("the path of a session file")},
    };
}

CliResult<LogitsInput> loadLogits(const QString& option, const QString& spec)
{
    if (spec == kSampleSpec)
        return loadSample(option);

    const std::filesystem::path path(QFile::encodeName(spec).toStdString());
    std::error_code ignored;
    const bool exists = std::filesystem::exists(path, ignored);
    if (!exists && looksLikeList(spec)) {
        const QByteArray utf8 = spec.toUtf8();
        auto table = parseLogitsList(std::string_view(utf8.constData(), utf8.size()),
                                     option.toStdString());
        const LogitsOrigin origin{option, SpecKind::List, spec};
        if (!table)
            return usageError(Messages::textError(origin, table.error()));
        return LogitsInput{origin, std::move(*table)};
    }

    const LogitsOrigin origin{option, SpecKind::File, spec};
    auto table = readLogitsAuto(path);
    if (!table)
        return usageError(Messages::textError(origin, table.error()));
    return LogitsInput{origin, std::move(*table)};
}

OperandPlace LogitsPair::teacherPlace() const
{
    return {teacher.origin, &teacherRow(), teacher_row};
}

OperandPlace LogitsPair::studentPlace() const
{
    return {student.origin, &studentRow(), student_row};
}

CliResult<std::optional<QString>> readSessionOption(const ParsedOptions& options)
{
    const std::optional<QString> session = options.value(QStringLiteral("session"));
    if (!session)
        return std::optional<QString>();
    for (const char* name : {"teacher", "student", "row"}) {
        if (options.has(QLatin1String(name)))
            return usageError(Messages::conflictingOptions(QStringLiteral("--session"),
                                                           QStringLiteral("--") + QLatin1String(name)));
    }
    return session;
}

CliResult<ui::SessionState> readSessionFile(const QString& path)
{
    auto state = ui::SessionFile::read(path);
    if (!state)
        return usageError(ui::SessionFile::describe(state.error()));
    return std::move(*state);
}

namespace {

LogitsInput sessionInput(const QString& option, const QString& path,
                         const std::vector<double>& logits, const QStringList& names)
{
    LogitsTable table;
    table.source = path.toStdString();
    table.format = LogitsFormat::Json;
    for (const QString& name : names)
        table.class_names.push_back(name.toStdString());
    table.rows.push_back(LogitsRow{logits, 0, {}});
    return LogitsInput{{option, SpecKind::File, path}, std::move(table)};
}

CliResult<LogitsPair> loadSessionPair(const QString& path)
{
    auto state = readSessionFile(path);
    if (!state)
        return unexpected(state.error());
    const QString option = QStringLiteral("--session");
    LogitsInput teacher = sessionInput(option, path, state->teacher, state->class_names);
    LogitsInput student = sessionInput(option, path, state->student, state->class_names);
    auto distillation = Distillation::create(state->teacher, state->student);
    if (!distillation) {
        const InputContext context{{teacher.origin, &teacher.table.rows[0], 0},
                                   {student.origin, &student.table.rows[0], 0},
                                   QString(),
                                   QString()};
        return usageError(Messages::inputError(distillation.error(), context));
    }
    std::vector<std::string> class_names = teacher.table.class_names;
    return LogitsPair{std::move(teacher), std::move(student), 0, 0, std::move(class_names),
                      std::move(*distillation)};
}

} // namespace

CliResult<LogitsPair> loadLogitsPair(const QString& teacher_spec, const QString& student_spec,
                                     const std::optional<QString>& row_text,
                                     const std::optional<QString>& session)
{
    if (session)
        return loadSessionPair(*session);

    auto teacher = loadLogits(QStringLiteral("--teacher"), teacher_spec);
    if (!teacher)
        return unexpected(teacher.error());
    auto student = loadLogits(QStringLiteral("--student"), student_spec);
    if (!student)
        return unexpected(student.error());

    std::size_t sample_row = 0;
    if (teacher->origin.kind == SpecKind::Sample || student->origin.kind == SpecKind::Sample) {
        auto defaults = readSampleDefaults();
        if (!defaults)
            return unexpected(defaults.error());
        sample_row = defaults->row;
    }
    auto defaultRow = [sample_row](const LogitsInput& input) {
        return input.origin.kind == SpecKind::Sample ? sample_row : std::size_t{0};
    };
    auto teacher_row = selectRow(*teacher, row_text, defaultRow(*teacher));
    if (!teacher_row)
        return unexpected(teacher_row.error());
    auto student_row = selectRow(*student, row_text, defaultRow(*student));
    if (!student_row)
        return unexpected(student_row.error());

    const LogitsRow& teacher_values = teacher->table.rows[*teacher_row];
    const LogitsRow& student_values = student->table.rows[*student_row];
    auto distillation = Distillation::create(teacher_values.values, student_values.values);
    if (!distillation) {
        const InputContext context{{teacher->origin, &teacher_values, *teacher_row},
                                   {student->origin, &student_values, *student_row},
                                   QString(),
                                   QString()};
        return usageError(Messages::inputError(distillation.error(), context));
    }

    // Softmax output saved in place of logits gives plausible but wrong
    // results, so warn about files. An inline list such as 1,0 is typed on
    // purpose.
    const OperandPlace operands[] = {{teacher->origin, &teacher_values, *teacher_row},
                                     {student->origin, &student_values, *student_row}};
    for (const OperandPlace& operand : operands) {
        if (operand.origin.kind == SpecKind::File && looksLikeProbabilities(operand.row->values))
            printNote(Messages::probabilitiesWarning(operand));
    }

    std::vector<std::string> class_names = teacher->table.class_names.empty()
        ? student->table.class_names
        : teacher->table.class_names;
    return LogitsPair{std::move(*teacher), std::move(*student), *teacher_row, *student_row,
                      std::move(class_names), std::move(*distillation)};
}

} // namespace distillscope::app
