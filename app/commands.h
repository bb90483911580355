#pragma once

// The subcommands of distillscope. Each run function takes the words after
// the subcommand and returns the text for stdout (the help text for --help),
// or the error for stderr.

#include "app/cli_result.h"
#include "app/command_line.h"

#include <QStringList>

#include <optional>
#include <string>

namespace distillscope::app {

const CommandSpec& computeCommand();
CliResult<std::string> runCompute(const QStringList& arguments);

enum class ComputeFormat { Json, Csv };

// The inputs of `compute`, after its options were read.
struct ComputeRequest {
    QString teacher, student; // SPECs
    std::optional<QString> row;
    std::optional<QString> session; // a session file in place of the SPECs and row
    double temperature = 0.0;
    QString temperature_label; // the temperature as messages name it, such as "--temperature '2'"
    double tolerance = 0.01;
    QString tolerance_label = QStringLiteral("--tolerance '0.01'");
    ComputeFormat format = ComputeFormat::Json;
};

// Loads the logits of `request` and formats every quantity at its temperature
// as JSON or CSV.
CliResult<std::string> compute(const ComputeRequest& request);

const CommandSpec& sweepCommand();
CliResult<std::string> runSweep(const QStringList& arguments);

const CommandSpec& benchCommand();

// The bench options, read before the application object exists because
// --window needs a QApplication and the rest does not.
struct BenchRequest {
    bool help = false;
    bool window = false; // true to time the window, false for the core
    int runs = 50;       // timed repetitions of each core workload
    int classes = 1000;  // random classes for the window
    QString page = QStringLiteral("plots"); // the page on screen while the window is timed
    QString view;        // the view of the beyond page
    bool projector = false;
};
CliResult<BenchRequest> readBenchRequest(const QStringList& arguments);
// Needs a QApplication when request.window is set.
CliResult<std::string> runBench(const BenchRequest& request);

} // namespace distillscope::app
