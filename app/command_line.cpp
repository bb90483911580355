#include "app/command_line.h"

#include "app/messages.h"
#include "distillscope/logits_text.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <algorithm>
#include <cassert>
#include <charconv>

namespace distillscope::app {
namespace {

constexpr qsizetype kHelpWidth = 80;
constexpr qsizetype kMaxOptionColumn = 26;

const OptionSpec* findSpec(const CommandSpec& command, const QString& name)
{
    const auto found = std::find_if(command.options.begin(), command.options.end(),
                                    [&name](const OptionSpec& spec) { return spec.name == name; });
    return found == command.options.end() ? nullptr : &*found;
}

// Returns the option name in a word such as "--temperature=2" or "-row".
QString optionName(const QString& word)
{
    QString name = word;
    while (name.startsWith(u'-'))
        name.remove(0, 1);
    return name.section(u'=', 0, 0);
}

// Words the failure as one line. QCommandLineParser reports unknown options by
// name, and its other two failures (a value option at the end of the line, a
// value after a flag) can be recognized from the arguments.
QString describeParseFailure(const CommandSpec& command, const QCommandLineParser& parser,
                             const QStringList& arguments)
{
    const QStringList unknown = parser.unknownOptionNames();
    if (!unknown.isEmpty()) {
        const auto word = std::find_if(arguments.begin(), arguments.end(), [&](const QString& w) {
            return w.startsWith(u'-') && optionName(w) == unknown.first();
        });
        const QString as_typed = word != arguments.end() ? *word
                                                         : QStringLiteral("--") + unknown.first();
        QStringList known_options;
        for (const OptionSpec& spec : command.options)
            known_options.append(QStringLiteral("--") + spec.name);
        known_options.append(QStringLiteral("--help"));
        return Messages::unknownOption(command.name, as_typed, known_options);
    }

    if (!arguments.isEmpty()) {
        const OptionSpec* last = findSpec(command, optionName(arguments.last()));
        if (last && !last->value_name.isEmpty() && !arguments.last().contains(u'='))
            return Messages::missingValue(QStringLiteral("--") + last->name, last->expected);
    }
    for (const QString& word : arguments) {
        const OptionSpec* spec = findSpec(command, optionName(word));
        if (word.startsWith(u'-') && word.contains(u'=') && spec && spec->value_name.isEmpty())
            return Messages::unexpectedValue(QStringLiteral("--") + spec->name, word);
        // --help and --version are the parser's own flags, not in the specs.
        for (const QString& flag : {QStringLiteral("help"), QStringLiteral("version")}) {
            if (word.startsWith(u'-') && word.contains(u'=') && optionName(word) == flag)
                return Messages::unexpectedValue(QStringLiteral("--") + flag, word);
        }
    }
    return parser.errorText();
}

// Appends `text` wrapped at kHelpWidth, every line after the first indented by `indent`.
void appendWrapped(QString& out, const QString& text, qsizetype indent, qsizetype first_column)
{
    qsizetype column = first_column;
    bool line_start = true;
    for (const QString& word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (!line_start && column + 1 + word.size() > kHelpWidth) {
            out += u'\n' + QString(indent, u' ');
            column = indent;
            line_start = true;
        }
        if (!line_start) {
            out += u' ';
            ++column;
        }
        out += word;
        column += word.size();
        line_start = false;
    }
    out += u'\n';
}

} // namespace

std::optional<QString> ParsedOptions::value(const QString& name) const
{
    const qsizetype index = m_given.indexOf(name);
    if (index < 0)
        return std::nullopt;
    return m_values.at(index);
}

CliResult<ParsedOptions> parseOptions(const CommandSpec& command, const QStringList& arguments)
{
    QCommandLineParser parser;
    // "-temperature 2" means --temperature, not the short options -t -e -m ...
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const OptionSpec& spec : command.options)
        parser.addOption(QCommandLineOption(spec.name, spec.description, spec.value_name));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Messages::tr("Print this help and exit."));
    parser.addOption(help);

    // QCommandLineParser skips the first word, the program name.
    if (!parser.parse(QStringList{QStringLiteral("distillscope")} + arguments))
        return usageError(describeParseFailure(command, parser, arguments));

    ParsedOptions parsed;
    if (parser.isSet(help)) {
        parsed.m_help = true;
        return parsed;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(Messages::unexpectedArgument(command.name,
                                                       parser.positionalArguments().first()));

    const QStringList found = parser.optionNames();
    for (const OptionSpec& spec : command.options) {
        const qsizetype count = found.count(spec.name);
        if (count > 1)
            return usageError(Messages::repeatedOption(QStringLiteral("--") + spec.name, count));
        if (count == 1) {
            parsed.m_given.append(spec.name);
            parsed.m_values.append(spec.value_name.isEmpty() ? QString() : parser.value(spec.name));
        }
    }
    return parsed;
}

QString helpText(const CommandSpec& command)
{
    const QString invocation = command.name.isEmpty() ? command.usage
                                                      : command.name + u' ' + command.usage;
    QString out = Messages::tr("Usage: distillscope %1\n\n").arg(invocation);
    appendWrapped(out, command.summary, 0, 0);
    out += Messages::tr("\nOptions:\n");

    struct Row {
        QString left, description;
    };
    std::vector<Row> rows;
    for (const OptionSpec& spec : command.options) {
        const QString left = spec.value_name.isEmpty()
            ? QStringLiteral("--") + spec.name
            : QStringLiteral("--%1 %2").arg(spec.name, spec.value_name);
        rows.push_back({left, spec.description});
    }
    rows.push_back({QStringLiteral("-h, --help"), Messages::tr("Print this help and exit.")});

    qsizetype width = 0;
    for (const Row& row : rows)
        width = std::max(width, std::min(row.left.size(), kMaxOptionColumn));
    const qsizetype indent = 2 + width + 2;
    for (const Row& row : rows) {
        out += QStringLiteral("  ") + row.left;
        if (row.left.size() > width) {
            out += u'\n' + QString(indent, u' ');
        } else {
            out += QString(width - row.left.size() + 2, u' ');
        }
        appendWrapped(out, row.description, indent, indent);
    }

    // Details are paragraphs to wrap, except lines indented by the author, which stay as typed.
    if (!command.details.isEmpty())
        out += u'\n';
    for (const QString& line : command.details.split(u'\n')) {
        if (line.isEmpty() || line.startsWith(u' '))
            out += line + u'\n';
        else
            appendWrapped(out, line, 0, 0);
    }
    return out;
}

const OptionSpec& optionSpec(const CommandSpec& command, const QString& name)
{
    const OptionSpec* spec = findSpec(command, name);
    assert(spec && "optionSpec: no such option");
    return *spec;
}

CliResult<QString> requiredValue(const CommandSpec& command, const ParsedOptions& options,
                                 const QString& name)
{
    if (auto value = options.value(name))
        return *value;
    const OptionSpec& spec = optionSpec(command, name);
    return usageError(Messages::missingOption(command.name, QStringLiteral("--") + name,
                                              spec.expected));
}

CliResult<double> readNumber(const QString& option, const QString& text, const QString& expected)
{
    const QByteArray utf8 = text.toUtf8();
    const auto number = parseNumber(std::string_view(utf8.constData(), utf8.size()));
    if (!number)
        return usageError(Messages::invalidNumber(option, text, number.error(), expected));
    return *number;
}

CliResult<long long> readInteger(const QString& option, const QString& text, long long minimum,
                                 long long maximum, const QString& expected)
{
    if (text.isEmpty())
        return usageError(Messages::invalidNumber(option, text, TextProblem::EmptyField, expected));

    const QByteArray utf8 = text.toUtf8();
    std::string_view digits(utf8.constData(), utf8.size());
    if (digits.size() > 1 && digits.front() == '+' && digits[1] != '-')
        digits.remove_prefix(1);

    long long value = 0;
    const char* const end = digits.data() + digits.size();
    const auto [stop, error] = std::from_chars(digits.data(), end, value);
    if (stop != end || error == std::errc::invalid_argument)
        return usageError(Messages::invalidValue(option, text, expected));
    if (error == std::errc::result_out_of_range || value < minimum || value > maximum)
        return usageError(Messages::outOfRange(option, text, expected));
    return value;
}

} // namespace distillscope::app
