#pragma once

// The fonts built into the executable, so that exported figures have text
// on a machine without any fonts installed.

#include <QString>

namespace distillscope::ui {

// Registers DejaVu Sans and DejaVu Sans Bold from the :/fonts resource with
// QFontDatabase on the first call and returns their family, "DejaVu Sans".
// Later calls return the same family at no cost. Needs a QGuiApplication.
// Returns an empty string when the resource is missing or unreadable, which
// means a broken build.
QString registerBundledFonts();

} // namespace distillscope::ui
