#include "app/dispatch.h"

#include "app/commands.h"
#include "app/messages.h"

#include <QCoreApplication>

#include <cstdio>

namespace distillscope::app {
namespace {

QString overview()
{
    QString out = Messages::tr("Usage: distillscope [COMMAND] [options]\n\n");
    out += Messages::tr(
        "Explores Section 2.1 of Hinton, Vinyals and Dean, \"Distilling the Knowledge in a Neural "
        "Network\" (2015): soft targets at temperature T, the exact gradient of the distillation "
        "loss, its high-temperature approximations and where they agree.\n\n");
    out += Messages::tr(
        "Without a command, opens the window on the bundled digits sample. Where no display is "
        "available (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM unset), it says so and prints "
        "what 'compute' prints for that sample instead.\n\n");
    out += Messages::tr("Commands:\n"
                        "  compute  Every quantity at one temperature, as JSON or CSV.\n"
                        "  sweep    Losses and gradients over log-spaced temperatures, as CSV or "
                        "JSON.\n"
                        "  bench    Timings of the numeric core or the window, as JSON.\n");
    out += Messages::tr("\nOptions:\n"
                        "  -h, --help  Print this help and exit.\n"
                        "  --version   Print the version and exit.\n\n");
    out += Messages::tr(
        "Run 'distillscope COMMAND --help' for the options of a command. Exit status: 0 on "
        "success, 2 on invalid input, with one line on stderr that starts with 'distillscope:', "
        "and 1 on an internal failure.\n");
    return out;
}

// Keeps an error on one line even if a message or a quoted value had a line end.
QString oneLine(QString message)
{
    message.replace(u'\n', u' ');
    message.replace(u'\r', u' ');
    return message;
}

} // namespace

void printNote(const QString& message)
{
    const QByteArray line = "distillscope: " + oneLine(message).toUtf8() + '\n';
    std::fwrite(line.constData(), 1, static_cast<std::size_t>(line.size()), stderr);
    std::fflush(stderr);
}

int printResult(const CliResult<std::string>& result)
{
    if (!result) {
        printNote(result.error().message);
        return result.error().exit_status;
    }

    const std::string& output = *result;
    const std::size_t written = std::fwrite(output.data(), 1, output.size(), stdout);
    if (written != output.size() || std::fflush(stdout) != 0) {
        printNote(Messages::tr("writing the output to stdout failed"));
        return kExitInternalError;
    }
    return kExitSuccess;
}

int dispatch(const QStringList& arguments)
{
    const QString first = arguments.value(0);
    const QStringList rest = arguments.mid(1);

    if (first == QLatin1String("compute"))
        return printResult(runCompute(rest));
    if (first == QLatin1String("sweep"))
        return printResult(runSweep(rest));
    if (first == QLatin1String("bench")) {
        auto request = readBenchRequest(rest);
        if (!request)
            return printResult(unexpected(request.error()));
        return printResult(runBench(*request));
    }

    if (first == QLatin1String("-h") || first == QLatin1String("--help")
        || first == QLatin1String("help")) {
        if (!rest.isEmpty())
            return printResult(usageError(Messages::unexpectedArgument(QString(), rest.first())));
        return printResult(overview().toStdString());
    }
    if (first == QLatin1String("--version")) {
        if (!rest.isEmpty())
            return printResult(usageError(Messages::unexpectedArgument(QString(), rest.first())));
        return printResult(QStringLiteral("distillscope %1\n")
                               .arg(QCoreApplication::applicationVersion())
                               .toStdString());
    }
    if (first.startsWith(u'-'))
        return printResult(usageError(Messages::unknownOption(QString(), first)));
    return printResult(usageError(Messages::unknownCommand(first)));
}

} // namespace distillscope::app
