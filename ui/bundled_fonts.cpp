#include "ui/bundled_fonts.h"

#include <QFontDatabase>
#include <QLoggingCategory>
#include <QStringList>

Q_LOGGING_CATEGORY(lcFonts, "distillscope.ui.fonts", QtWarningMsg)

namespace distillscope::ui {

QString registerBundledFonts()
{
    static const QString family = [] {
        QString registered;
        for (const char* path : {":/fonts/DejaVuSans.ttf", ":/fonts/DejaVuSans-Bold.ttf"}) {
            const int id = QFontDatabase::addApplicationFont(QString::fromLatin1(path));
            if (id < 0) {
                qCWarning(lcFonts) << "could not register the bundled font" << path;
                continue;
            }
            const QStringList families = QFontDatabase::applicationFontFamilies(id);
            if (registered.isEmpty() && !families.isEmpty())
                registered = families.first();
        }
        qCDebug(lcFonts) << "bundled font family" << registered;
        return registered;
    }();
    return family;
}

} // namespace distillscope::ui
