#pragma once

// The result type of every step of the command line that can fail.

#include "distillscope/expected.h"

#include <QString>

#include <utility>

namespace distillscope::app {

// Exit statuses of distillscope.
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitInternalError = 1; // a bug, or output that could not be written
inline constexpr int kExitInvalidInput = 2;

// A failure worded for the user: the text that follows "distillscope: " on
// stderr, and the exit status.
struct CliError {
    QString message;
    int exit_status = kExitInvalidInput;
};

template <class T>
using CliResult = Expected<T, CliError>;

// An invalid command line or input, which exits with status 2.
inline Unexpected<CliError> usageError(QString message)
{
    return unexpected(CliError{std::move(message), kExitInvalidInput});
}

// A failure that valid input cannot cause, which exits with status 1.
inline Unexpected<CliError> internalError(QString message)
{
    return unexpected(CliError{std::move(message), kExitInternalError});
}

} // namespace distillscope::app
