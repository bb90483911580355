#include "app/dispatch.h"

#include "app/commands.h"
#include "app/messages.h"

#include <cstdio>

namespace distillscope::app {
namespace {

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
    // With the window, main() runs export before any application object
    // exists, so only a build without the window gets here.
    if (first == QLatin1String("export"))
        return printResult(usageError(Messages::tr("this build has no window, so 'export' is "
                                                   "not available; build with "
                                                   "DISTILLSCOPE_BUILD_GUI=ON")));

    return printResult(usageError(Messages::unknownCommand(first)));
}

} // namespace distillscope::app
