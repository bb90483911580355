// distillscope: the window on Section 2.1 of Hinton, Vinyals and Dean (2015),
// and the compute, sweep and bench subcommands. Run with --help for the usage.

#include "app/commands.h"
#include "app/dispatch.h"
#include "app/startup.h"

#ifdef DISTILLSCOPE_HAS_WINDOW
#include "app/export_command.h"

#include <QApplication>
#endif

#include <QCoreApplication>
#include <QDir>

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

namespace {

using namespace distillscope::app;

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

// Returns whether the arguments are a valid `bench --window`, which needs a
// QApplication. Invalid bench options fail later, under a QCoreApplication, so
// that no platform plugin prints warnings before the one-line error.
bool isWindowBench(const QStringList& arguments)
{
    if (arguments.value(0) != QLatin1String("bench"))
        return false;
    const auto request = readBenchRequest(arguments.mid(1));
    return request && request->window && !request->help;
}

// Sets XDG_RUNTIME_DIR to a private folder when it is unset, as it is for
// root on CI machines and in containers. Qt would otherwise fall back to
// /tmp/runtime-USER itself but print a warning on stderr first, which breaks
// the promise of one stderr line per error.
void ensureRuntimeDirectory()
{
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    const QByteArray path = QDir::tempPath().toLocal8Bit() + "/runtime-" + QByteArray::number(getuid());
    if (::mkdir(path.constData(), 0700) != 0 && errno != EEXIST)
        return;
    struct stat status {};
    if (::stat(path.constData(), &status) != 0 || status.st_uid != getuid() || (status.st_mode & 0077) != 0)
        return; // someone else's or a shared folder: let Qt decide and warn
    qputenv("XDG_RUNTIME_DIR", path);
}

} // namespace

int main(int argc, char** argv)
{
    ensureRuntimeDirectory();
    // Set before any application object exists, so that the window, export and
    // every command keep settings in ~/.config/distillscope/distillscope.conf.
    QCoreApplication::setOrganizationName(QStringLiteral("distillscope"));
    QCoreApplication::setApplicationName(QStringLiteral("distillscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DISTILLSCOPE_VERSION));
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    if (startsWithoutCommand(arguments))
        return startWithoutCommand(argc, argv, arguments);

#ifdef DISTILLSCOPE_HAS_WINDOW
    // export creates its QApplication itself, after its options were read.
    if (arguments.value(0) == QLatin1String("export"))
        return runExportCommand(argc, argv, arguments.mid(1));
#endif

    std::unique_ptr<QCoreApplication> application;
#ifdef DISTILLSCOPE_HAS_WINDOW
    if (isWindowBench(arguments)) {
        if (!hasDisplay())
            qputenv("QT_QPA_PLATFORM", "offscreen");
        application = std::make_unique<QApplication>(argc, argv);
    }
#endif
    if (!application)
        application = std::make_unique<QCoreApplication>(argc, argv);

    return dispatch(arguments);
}
