#pragma once

// The subcommands of distillscope. Each run function takes the words after
// the subcommand and returns the text for stdout (the help text for --help),
// or the error for stderr.

#include "app/cli_result.h"
#include "app/command_line.h"

#include <QStringList>

#include <string>

namespace distillscope::app {

const CommandSpec& computeCommand();
CliResult<std::string> runCompute(const QStringList& arguments);

const CommandSpec& sweepCommand();
CliResult<std::string> runSweep(const QStringList& arguments);

const CommandSpec& benchCommand();

// The bench options, read before the application object exists because
// --window needs a QApplication and the rest does not.
struct BenchRequest {
    bool help = false;
    bool window = false; // time the window; otherwise the core
    int runs = 50;       // timed repetitions of each core workload
    int classes = 1000;  // random classes for the window
};
CliResult<BenchRequest> readBenchRequest(const QStringList& arguments);
// Needs a QApplication when request.window is set.
CliResult<std::string> runBench(const BenchRequest& request);

// Computes the bundled sample at its default row and temperature, as
// `compute --teacher sample --student sample` does, for a start without display.
CliResult<std::string> computeSample();

} // namespace distillscope::app
