#pragma once

// User-facing wording of the core's input errors.

#include <distillscope/distillation.h>

#include <QString>
#include <QStringList>

namespace distillscope::ui {

// Says what is wrong with the input and what to change, naming the class by
// its name in `class_names` where the error has one.
QString describeInputError(const InputError& error, const QStringList& class_names);

} // namespace distillscope::ui
