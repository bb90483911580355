#pragma once

// The command line of distillscope: subcommands, their options and help text,
// and the reading of option values. Parsing uses QCommandLineParser; this
// file adds subcommands, one-line errors and checked numbers on top.

#include "app/cli_result.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace distillscope::app {

struct OptionSpec {
    QString name;       // without dashes, such as "temperature"
    QString value_name; // such as "T"; empty for a flag
    QString description; // what the option sets, and in what unit
    // What a valid value looks like, completing "expected ...", such as
    // "a temperature above 0, such as 2".
    QString expected = {};
};

struct CommandSpec {
    QString name;    // such as "compute"
    QString summary; // one line for the overview
    QString usage;   // the options after "distillscope NAME", such as "--teacher SPEC ..."
    std::vector<OptionSpec> options;
    QString details = {}; // paragraphs after the option list
};

// The options of one subcommand after parsing: each given at most once, and
// every value-taking option with a value.
class ParsedOptions {
public:
    bool has(const QString& name) const { return m_given.contains(name); }
    // Returns the value of an option that takes one, or nullopt when it is absent.
    std::optional<QString> value(const QString& name) const;
    bool helpRequested() const { return m_help; }

private:
    friend CliResult<ParsedOptions> parseOptions(const CommandSpec&, const QStringList&);

    QStringList m_given;
    QStringList m_values; // parallel to m_given, empty for flags
    bool m_help = false;
};

// Parses `arguments`, the words after the subcommand, against `command`'s
// options plus -h/--help. Rejects unknown options, options given twice, a
// missing value, a value after a flag, and words that are not options.
CliResult<ParsedOptions> parseOptions(const CommandSpec& command, const QStringList& arguments);

// Formats the help of one subcommand: usage line, options with their
// descriptions wrapped at 80 columns, then the details.
QString helpText(const CommandSpec& command);

// Returns the value of a required option, or the error that names the option
// and what it expects.
CliResult<QString> requiredValue(const CommandSpec& command, const ParsedOptions& options,
                                 const QString& name);

// Reads an option value as a double with distillscope::parseNumber, so that
// the locale plays no part. Non-finite values are rejected here; range checks
// belong to the caller or the core.
CliResult<double> readNumber(const QString& option, const QString& text, const QString& expected);

// Reads an option value as an integer in [minimum, maximum], written in decimal
// digits with an optional leading '+' or '-'.
CliResult<long long> readInteger(const QString& option, const QString& text, long long minimum,
                                 long long maximum, const QString& expected);

// Returns the spec of `name` in `command`; asserts that it exists.
const OptionSpec& optionSpec(const CommandSpec& command, const QString& name);

} // namespace distillscope::app
