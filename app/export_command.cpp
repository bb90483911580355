#include "app/export_command.h"

#include "app/bundled_sample.h"
#include "app/dispatch.h"
#include "app/lesson_option.h"
#include "app/logits_input.h"
#include "app/messages.h"
#include "app/number_text.h"
#include "ui/beyond_page.h"
#include "ui/bundled_fonts.h"
#include "ui/figure_export.h"
#include "ui/lesson_actions.h"
#include "ui/main_window.h"
#include "ui/panel_data.h"
#include "ui/sweep_animation.h"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QIODevice>
#include <QRegularExpression>
#include <QTabWidget>

#include <algorithm>
#include <cmath>
#include <optional>

namespace distillscope::app {
namespace {

// Without --temperature the figure is drawn at the sample's temperature
// when either SPEC is 'sample', and at this one otherwise, as the window opens.
constexpr double kDefaultTemperature = 1.0;
// The window's tolerance field spans 0.0001 % to 100 %.
constexpr double kMinTolerance = 1e-6;
constexpr double kMaxTolerance = 1.0;
constexpr double kMinScale = 0.25;
constexpr double kDefaultFrom = 0.5, kDefaultTo = 50.0;
constexpr int kDefaultDelayMs = 100;

enum class OutputKind { Figure, Csv, Gif, PngSequence };

struct ExportRequest {
    QString teacher, student;
    std::optional<QString> row;
    std::optional<QString> session; // a session file in place of the SPECs and row
    std::optional<LessonChoice> lesson; // a lesson in place of the SPECs, row and temperature
    std::optional<double> temperature; // empty: the default above, or the session's
    QString temperature_label;
    double tolerance = 0.01;
    QString tolerance_label = QStringLiteral("--tolerance '0.01'");
    QString out;
    QString view; // a view of the beyond panel, or empty for its default
    OutputKind kind = OutputKind::Figure;
    ui::FigureFormat format = ui::FigureFormat::Png;
    ui::AnimationOptions animation; // animation.figure: the options of every kind
    QString from_label, to_label;
};

const OptionSpec& spec(const char* name)
{
    return optionSpec(exportCommand(), QLatin1String(name));
}

CliResult<double> readOptionNumber(const ParsedOptions& options, const char* name, double minimum,
                                   double maximum, double fallback)
{
    const auto text = options.value(QLatin1String(name));
    if (!text)
        return fallback;
    const QString option = QStringLiteral("--") + QLatin1String(name);
    auto number = readNumber(option, *text, spec(name).expected);
    if (!number)
        return unexpected(number.error());
    if (*number < minimum || *number > maximum)
        return usageError(Messages::outOfRange(option, *text, spec(name).expected));
    return *number;
}

// Reads --size: "WxH" in pixels, or with a cm or in suffix at `dpi`.
CliResult<QSize> readSize(const QString& text, double dpi)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*([^x×]+?)\\s*[x×]\\s*([^x×]+?)\\s*(px|cm|in)?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return usageError(Messages::invalidValue(QStringLiteral("--size"), text, spec("size").expected));

    double sides[2] = {};
    for (int i = 0; i < 2; ++i) {
        auto number = readNumber(QStringLiteral("--size"), match.captured(i + 1), spec("size").expected);
        if (!number)
            return unexpected(number.error());
        sides[i] = *number;
    }
    const QString unit = match.captured(3).toLower();
    const double per_unit = unit == QLatin1String("cm") ? dpi / 2.54
        : unit == QLatin1String("in")                   ? dpi
                                                        : 1.0;
    const QSize size(int(std::lround(sides[0] * per_unit)), int(std::lround(sides[1] * per_unit)));
    if (size.width() < ui::kMinFigureSide || size.height() < ui::kMinFigureSide
        || size.width() > ui::kMaxFigureSide || size.height() > ui::kMaxFigureSide)
        return usageError(Messages::outOfRange(QStringLiteral("--size"), text, spec("size").expected));
    return size;
}

// Reads --view, which names a view of the beyond panel and applies to no other.
CliResult<QString> readView(const ParsedOptions& options, ui::FigurePanel panel)
{
    const auto view = options.value(QStringLiteral("view"));
    if (!view)
        return QString();
    if (panel != ui::FigurePanel::Beyond)
        return usageError(Messages::tr("--view applies only to --panel beyond, but the panel is "
                                       "%1; add --panel beyond or drop --view")
                              .arg(ui::panelKey(panel)));
    const auto& keys = ui::beyondViewKeys();
    if (std::find(keys.begin(), keys.end(), *view) == keys.end())
        return usageError(Messages::invalidValue(QStringLiteral("--view"), *view, spec("view").expected));
    return *view;
}

// Decides what --out produces from its suffix, and checks the options that
// only some outputs take.
CliResult<Ok> readOutputKind(const ParsedOptions& options, ExportRequest& request)
{
    const bool animate = options.has(QStringLiteral("animate"));
    const QString suffix = QFileInfo(request.out).suffix().toLower();
    if (animate) {
        if (suffix == QLatin1String("gif"))
            request.kind = OutputKind::Gif;
        else if (suffix == QLatin1String("png"))
            request.kind = OutputKind::PngSequence;
        else
            return usageError(Messages::tr("--animate writes a .gif file or numbered .png files, "
                                           "but --out %1 ends in neither; expected a name such "
                                           "as sweep.gif")
                                  .arg(Messages::quote(request.out)));
    } else {
        for (const char* name : {"from", "to", "delay"}) {
            if (options.has(QLatin1String(name)))
                return usageError(Messages::tr("--%1 applies only to an animation; add "
                                               "--animate FRAMES")
                                      .arg(QLatin1String(name)));
        }
        if (suffix == QLatin1String("csv")) {
            request.kind = OutputKind::Csv;
        } else if (suffix == QLatin1String("gif")) {
            return usageError(Messages::tr("a .gif file is an animation; add --animate FRAMES, "
                                           "or choose .png, .jpg, .svg or .pdf for --out"));
        } else if (const auto format = ui::formatFromPath(request.out)) {
            request.format = *format;
        } else {
            return usageError(Messages::invalidValue(QStringLiteral("--out"), request.out,
                                                     spec("out").expected));
        }
    }

    const ui::FigureOptions& figure = request.animation.figure;
    if (request.kind == OutputKind::Csv && figure.panel == ui::FigurePanel::Dashboard)
        return usageError(Messages::tr("the dashboard has no single table of data; choose --panel "
                                       "distributions, gradients, sweep, surface, derivation or "
                                       "beyond for a .csv file"));
    const bool opaque = request.kind == OutputKind::Gif
        || (request.kind == OutputKind::Figure
            && (request.format == ui::FigureFormat::Jpeg || request.format == ui::FigureFormat::Pdf));
    if (figure.transparent && (opaque || request.kind == OutputKind::Csv))
        return usageError(Messages::tr("--transparent applies only to PNG and SVG files, not to "
                                       "--out %1")
                              .arg(Messages::quote(request.out)));
    return Ok{};
}

CliResult<Ok> readAnimation(const ParsedOptions& options, ExportRequest& request)
{
    ui::AnimationOptions& animation = request.animation;
    auto frames_text = options.value(QStringLiteral("animate"));
    if (!frames_text)
        return Ok{};
    auto frames = readInteger(QStringLiteral("--animate"), *frames_text, 1, ui::kMaxAnimationFrames,
                              spec("animate").expected);
    if (!frames)
        return unexpected(frames.error());
    animation.frames = int(*frames);

    auto from = readOptionNumber(options, "from", 0.0, HUGE_VAL, kDefaultFrom);
    if (!from)
        return unexpected(from.error());
    auto to = readOptionNumber(options, "to", 0.0, HUGE_VAL, kDefaultTo);
    if (!to)
        return unexpected(to.error());
    animation.from = *from;
    animation.to = *to;
    request.from_label = options.has(QStringLiteral("from"))
        ? QStringLiteral("--from ") + Messages::quote(*options.value(QStringLiteral("from")))
        : Messages::tr("the default --from %1").arg(numberText(kDefaultFrom));
    request.to_label = options.has(QStringLiteral("to"))
        ? QStringLiteral("--to ") + Messages::quote(*options.value(QStringLiteral("to")))
        : Messages::tr("the default --to %1").arg(numberText(kDefaultTo));

    if (auto delay_text = options.value(QStringLiteral("delay"))) {
        auto delay = readInteger(QStringLiteral("--delay"), *delay_text, ui::kMinFrameDelayMs,
                                 ui::kMaxFrameDelayMs, spec("delay").expected);
        if (!delay)
            return unexpected(delay.error());
        animation.delay_ms = int(*delay);
    } else {
        animation.delay_ms = kDefaultDelayMs;
    }
    return Ok{};
}

CliResult<ExportRequest> readRequest(const ParsedOptions& options)
{
    const CommandSpec& command = exportCommand();
    ExportRequest request;
    auto session = readSessionOption(options);
    if (!session)
        return unexpected(session.error());
    request.session = *session;
    const QStringList overridden = {QStringLiteral("teacher"), QStringLiteral("student"),
                                    QStringLiteral("row"), QStringLiteral("session"),
                                    QStringLiteral("temperature")};
    auto lesson = readLessonOptions(options, overridden);
    if (!lesson)
        return unexpected(lesson.error());
    request.lesson = std::move(*lesson);
    for (const char* name : {"teacher", "student", "out"}) {
        if ((request.session || request.lesson) && qstrcmp(name, "out") != 0)
            continue;
        auto value = requiredValue(command, options, QLatin1String(name));
        if (!value)
            return unexpected(value.error());
    }
    request.teacher = options.value(QStringLiteral("teacher")).value_or(QString());
    request.student = options.value(QStringLiteral("student")).value_or(QString());
    request.row = options.value(QStringLiteral("row"));
    request.out = *options.value(QStringLiteral("out"));

    if (auto text = options.value(QStringLiteral("temperature"))) {
        auto temperature = readNumber(QStringLiteral("--temperature"), *text, spec("temperature").expected);
        if (!temperature)
            return unexpected(temperature.error());
        request.temperature = *temperature;
        request.temperature_label = QStringLiteral("--temperature ") + Messages::quote(*text);
    }
    // A lesson brings its own tolerance, which --tolerance overrides.
    const double default_tolerance =
        request.lesson ? request.lesson->lesson().state.session.tolerance : 0.01;
    auto tolerance =
        readOptionNumber(options, "tolerance", kMinTolerance, kMaxTolerance, default_tolerance);
    if (!tolerance)
        return unexpected(tolerance.error());
    request.tolerance = *tolerance;
    if (auto text = options.value(QStringLiteral("tolerance")))
        request.tolerance_label = QStringLiteral("--tolerance ") + Messages::quote(*text);

    ui::FigureOptions& figure = request.animation.figure;
    const QString panel = options.value(QStringLiteral("panel")).value_or(QStringLiteral("dashboard"));
    const auto figure_panel = ui::panelFromKey(panel);
    if (!figure_panel)
        return usageError(Messages::invalidValue(QStringLiteral("--panel"), panel, spec("panel").expected));
    figure.panel = *figure_panel;
    if (request.lesson && !options.has(QStringLiteral("panel"))) {
        // A lesson on the derivation or beyond page exports that page, so its
        // panel decides the default size and whether a .csv file has a table.
        const QString& page = request.lesson->lesson().state.page;
        if (page != QLatin1String("plots")) {
            const auto lesson_panel = ui::panelFromKey(page);
            if (!lesson_panel)
                return internalError(QStringLiteral("no figure for the page ") + page);
            figure.panel = *lesson_panel;
        }
    }
    if (auto view = readView(options, figure.panel); view)
        request.view = *view;
    else
        return unexpected(view.error());

    auto dpi = readOptionNumber(options, "dpi", ui::kMinFigureDpi, ui::kMaxFigureDpi,
                                ui::kDefaultFigureDpi);
    if (!dpi)
        return unexpected(dpi.error());
    figure.dpi = *dpi;
    auto scale = readOptionNumber(options, "scale", kMinScale, ui::kMaxFigureScale, 1.0);
    if (!scale)
        return unexpected(scale.error());
    figure.scale = *scale;
    figure.size = ui::defaultFigureSize(figure.panel);
    if (auto text = options.value(QStringLiteral("size"))) {
        auto size = readSize(*text, figure.dpi);
        if (!size)
            return unexpected(size.error());
        figure.size = *size;
    }
    const QSize pixels = ui::rasterSize(figure);
    if (qint64(pixels.width()) * pixels.height() > ui::kMaxRasterPixels)
        return usageError(Messages::tr("--size and --scale give %1 x %2 pixels, more than the "
                                       "limit of %3 million; expected a smaller size or scale")
                              .arg(pixels.width())
                              .arg(pixels.height())
                              .arg(ui::kMaxRasterPixels / 1'000'000));

    const QString theme = options.value(QStringLiteral("theme")).value_or(QStringLiteral("light"));
    if (theme == QLatin1String("dark"))
        figure.theme = ui::FigureTheme::Dark;
    else if (theme != QLatin1String("light"))
        return usageError(Messages::invalidValue(QStringLiteral("--theme"), theme, spec("theme").expected));
    figure.transparent = options.has(QStringLiteral("transparent"));

    if (auto animation = readAnimation(options, request); !animation)
        return unexpected(animation.error());
    if (auto kind = readOutputKind(options, request); !kind)
        return unexpected(kind.error());
    return request;
}

// The logits and temperature of the lesson in `request`; its file reader
// checked them at the lesson's temperature, and this checks the animation's.
CliResult<ui::StartupScenario> lessonScenario(ExportRequest& request)
{
    const ui::SessionState& state = request.lesson->lesson().state.session;
    auto distillation = Distillation::create(state.teacher, state.student);
    if (!distillation)
        return internalError(QStringLiteral("the lesson reader passed invalid logits"));
    if (request.kind == OutputKind::Gif || request.kind == OutputKind::PngSequence) {
        for (const auto& [temperature, label] : {std::pair{request.animation.from, request.from_label},
                                                 std::pair{request.animation.to, request.to_label}}) {
            if (!distillation->evaluate(temperature))
                return usageError(Messages::tr("the logits of lesson %1 are invalid at %2; expected "
                                               "a temperature from 1e-6 to 1e16 at which their "
                                               "gradients and losses are finite")
                                      .arg(request.lesson->index + 1)
                                      .arg(label));
        }
    }

    ui::StartupScenario scenario;
    scenario.teacher = state.teacher;
    scenario.student = state.student;
    for (const QString& name : state.class_names)
        scenario.class_names.push_back(name.toStdString());
    scenario.temperature = state.temperature;
    scenario.source_label = "export";
    return scenario;
}

// Loads the logits and checks every temperature the export will draw.
CliResult<ui::StartupScenario> readScenario(ExportRequest& request)
{
    if (request.lesson)
        return lessonScenario(request);
    auto pair = loadLogitsPair(request.teacher, request.student, request.row, request.session);
    if (!pair)
        return unexpected(pair.error());

    if (!request.temperature && request.session) {
        auto state = readSessionFile(*request.session);
        if (!state)
            return unexpected(state.error());
        request.temperature = state->temperature;
        request.temperature_label = Messages::tr("the session's temperature %1")
                                        .arg(numberText(state->temperature));
    }
    if (!request.temperature) {
        request.temperature = kDefaultTemperature;
        if (request.teacher == kSampleSpec || request.student == kSampleSpec) {
            auto defaults = readSampleDefaults();
            if (!defaults)
                return unexpected(defaults.error());
            request.temperature = defaults->temperature;
        }
        request.temperature_label =
            Messages::tr("the default temperature %1").arg(numberText(*request.temperature));
    }

    // As compute does, every quantity must exist at the temperature, because
    // every panel draws from them.
    const auto check = [&](double temperature, const QString& label) -> CliResult<Ok> {
        auto valid = pair->distillation.evaluate(temperature);
        if (valid)
            return Ok{};
        const InputContext context{pair->teacherPlace(), pair->studentPlace(), label,
                                   request.tolerance_label};
        return usageError(Messages::inputError(valid.error(), context));
    };
    if (auto valid = check(*request.temperature, request.temperature_label); !valid)
        return unexpected(valid.error());
    if (request.kind == OutputKind::Gif || request.kind == OutputKind::PngSequence) {
        if (auto valid = check(request.animation.from, request.from_label); !valid)
            return unexpected(valid.error());
        if (auto valid = check(request.animation.to, request.to_label); !valid)
            return unexpected(valid.error());
    }

    ui::StartupScenario scenario;
    scenario.teacher = pair->teacherRow().values;
    scenario.student = pair->studentRow().values;
    scenario.class_names = pair->class_names;
    scenario.temperature = *request.temperature;
    scenario.source_label = "export";
    scenario.label = pair->rowLabel();
    return scenario;
}

// Checks the folder of --out before the QApplication starts, so that the most
// common failure ends with one line and no platform plugin output.
CliResult<Ok> checkOutputFolder(const QString& out)
{
    const QFileInfo folder(QFileInfo(out).absolutePath());
    if (!folder.isDir())
        return usageError(Messages::tr("cannot write %1: the folder %2 does not exist; create it "
                                       "or choose another --out")
                              .arg(Messages::quote(out), Messages::quote(folder.filePath())));
    if (!folder.isWritable())
        return usageError(Messages::tr("cannot write %1: the folder %2 is not writable; choose "
                                       "another --out")
                              .arg(Messages::quote(out), Messages::quote(folder.filePath())));
    return Ok{};
}

// Writes the output of `request` and returns the paths written.
CliResult<QStringList> writeOutput(ui::MainWindow& window, const ExportRequest& request)
{
    const auto failed = [](const QString& message) { return usageError(message); };
    switch (request.kind) {
    case OutputKind::Figure: {
        const auto written = ui::writeFigure(window, request.animation.figure, request.format, request.out);
        if (!written)
            return failed(written.error());
        return QStringList{request.out};
    }
    case OutputKind::Csv: {
        const QByteArray csv = ui::panelDataCsv(window, request.animation.figure.panel).toUtf8();
        const auto written = ui::writeFileAtomically(request.out, [&csv](QIODevice& device) {
            return device.write(csv) == csv.size() ? QString() : device.errorString();
        });
        if (!written)
            return failed(written.error());
        return QStringList{request.out};
    }
    case OutputKind::Gif: {
        const auto written = ui::writeSweepGif(window, request.animation, request.out);
        if (!written)
            return failed(written.error());
        return QStringList{request.out};
    }
    case OutputKind::PngSequence: {
        auto written = ui::writeSweepPngSequence(window, request.animation, request.out);
        if (!written)
            return failed(written.error());
        return *written;
    }
    }
    return internalError(QStringLiteral("unknown output kind"));
}

// Puts the lesson of `request` on `window`, with the settings of the beyond
// page that the lesson states or their defaults. A lesson on the derivation or
// beyond page also shows that page, unless --panel chose another figure.
// readRequest has already made that page the exported panel.
CliResult<Ok> showLesson(ui::MainWindow& window, const ExportRequest& request, bool panel_chosen)
{
    const ui::LessonState& state = request.lesson->lesson().state;
    if (!window.applySession(state.session))
        return internalError(QStringLiteral("the window rejected a lesson that its reader accepted"));
    ui::applyBeyondSettings(window, state.beyond);
    if (panel_chosen || state.page == QLatin1String("plots"))
        return Ok{};
    if (!window.showPage(state.page, state.view))
        return internalError(QStringLiteral("the window has no page ") + state.page);
    return Ok{};
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

} // namespace

const CommandSpec& exportCommand()
{
    static const CommandSpec command = [] {
        CommandSpec spec;
        spec.name = QStringLiteral("export");
        spec.usage = QStringLiteral("(--teacher SPEC --student SPEC [--row K] | --session FILE | "
                                    "--lesson K [--lessons FILE]) "
                                    "--out FILE [--panel NAME [--view VIEW]] "
                                    "[--size WxH] [--scale S] [--dpi D] [--theme light|dark] "
                                    "[--animate FRAMES --from T0 --to T1 --delay MS]");
        spec.summary = Messages::tr(
            "Writes a figure of one panel or of the whole window as PNG, JPEG, SVG or PDF, the "
            "data behind a panel as CSV, or a temperature sweep as an animated GIF or numbered "
            "PNG files, without showing a window. Works without a display.");
        spec.options = logitsOptions();
        for (OptionSpec& option : lessonOptions())
            spec.options.push_back(std::move(option));
        spec.options.push_back(
            {QStringLiteral("temperature"), QStringLiteral("T"),
             Messages::tr("Temperature the panels show, dimensionless. Default: the sample's "
                          "temperature when either SPEC is 'sample', else 1."),
             Messages::tr("a temperature from 1e-6 to 1e16, such as 2")});
        spec.options.push_back(
            {QStringLiteral("tolerance"), QStringLiteral("EPS"),
             Messages::tr("Relative error in max norm that defines the match temperature T*(EPS) "
                          "of the sweep panel, from 1e-6 to 1. Default: 0.01, or the lesson's tolerance "
                          "with --lesson."),
             Messages::tr("a relative error from 1e-6 to 1, such as 0.01")});
        spec.options.push_back(
            {QStringLiteral("out"), QStringLiteral("FILE"),
             Messages::tr("File to write. Its suffix picks the format: .png, .jpg or .jpeg, .svg, "
                          ".pdf, .csv (the panel's data), or with --animate .gif or .png. The file "
                          "appears only when complete."),
             Messages::tr("a file name ending in .png, .jpg, .jpeg, .svg, .pdf or .csv")});
        spec.options.push_back(
            {QStringLiteral("panel"), QStringLiteral("NAME"),
             Messages::tr("What to draw: dashboard (all four panels, as the window arranges "
                          "them), distributions, gradients, sweep, surface, derivation (the "
                          "steps from Eq. 1 to Eq. 5 with the numbers of the followed class), or "
                          "beyond (one view of the page beyond the paper, chosen with --view). "
                          "Default: dashboard."),
             Messages::tr("dashboard, distributions, gradients, sweep, surface, derivation or beyond")});
        spec.options.push_back(
            {QStringLiteral("view"), QStringLiteral("VIEW"),
             Messages::tr("The view of --panel beyond: hard-targets, low-temperature, two-classes, "
                          "standardization or limits. Default: hard-targets."),
             Messages::tr("hard-targets, low-temperature, two-classes, standardization or limits")});
        spec.options.push_back(
            {QStringLiteral("size"), QStringLiteral("WxH"),
             Messages::tr("Figure size in pixels (800x500), or in centimetres or inches at --dpi "
                          "(8.5x6cm, 3.3x2.4in). In a PDF one pixel is one point. Default: "
                          "1600x1200 for the dashboard, 1200x420 for surface, 1000x1400 for "
                          "derivation, 800x500 for the others."),
             Messages::tr("a size such as 800x500, 8.5x6cm or 3.3x2.4in, each side from %1 to %2 "
                          "pixels")
                 .arg(ui::kMinFigureSide)
                 .arg(ui::kMaxFigureSide)});
        spec.options.push_back(
            {QStringLiteral("scale"), QStringLiteral("S"),
             Messages::tr("Pixels per unit of size in PNG, JPEG and GIF files: 2 gives a "
                          "1600x1000 image for --size 800x500. Default: 1."),
             Messages::tr("a scale from 0.25 to 8, such as 2")});
        spec.options.push_back(
            {QStringLiteral("dpi"), QStringLiteral("D"),
             Messages::tr("Dots per inch of the figure: converts cm and in sizes and font points "
                          "to pixels. PNG and JPEG files record D times S, so they keep their "
                          "physical size at any scale. Default: 96."),
             Messages::tr("a resolution from 10 to 2400 dots per inch, such as 300")});
        spec.options.push_back(
            {QStringLiteral("theme"), QStringLiteral("THEME"),
             Messages::tr("Colours: light (dark text on white) or dark (light text on near "
                          "black). Default: light."),
             Messages::tr("light or dark")});
        spec.options.push_back({QStringLiteral("transparent"), QString(),
                                Messages::tr("Leave the background transparent (PNG and SVG only).")});
        spec.options.push_back(
            {QStringLiteral("animate"), QStringLiteral("FRAMES"),
             Messages::tr("Write a temperature sweep of FRAMES frames, log-spaced from --from to "
                          "--to, as an animated GIF (--out NAME.gif) or as NAME-001.png, "
                          "NAME-002.png and on (--out NAME.png)."),
             Messages::tr("a frame count from 1 to %1, such as 30").arg(ui::kMaxAnimationFrames)});
        spec.options.push_back(
            {QStringLiteral("from"), QStringLiteral("T0"),
             Messages::tr("Temperature of the first frame. Default: 0.5."),
             Messages::tr("a temperature from 1e-6 to 1e16, such as 0.5")});
        spec.options.push_back(
            {QStringLiteral("to"), QStringLiteral("T1"),
             Messages::tr("Temperature of the last frame. Default: 50."),
             Messages::tr("a temperature from 1e-6 to 1e16, such as 50")});
        spec.options.push_back(
            {QStringLiteral("delay"), QStringLiteral("MS"),
             Messages::tr("Milliseconds each GIF frame is shown, stored in steps of 10. Default: "
                          "100."),
             Messages::tr("a delay from %1 to %2 milliseconds, such as 100")
                 .arg(ui::kMinFrameDelayMs)
                 .arg(ui::kMaxFrameDelayMs)});
        spec.details = Messages::tr(
            "Text uses the DejaVu Sans font built into the program. PNG files get exactly "
            "W*S x H*S pixels whatever the screen's scale factor; SVG files have viewBox \"0 0 W "
            "H\"; PDF files have one page of W x H points with the fonts embedded. Prints the "
            "path of each file written. With --lesson K the figure shows that lesson's logits, "
            "temperature and options; a lesson on the derivation or beyond page writes that page "
            "as the window paints it, in its own colours, unless --panel is given. Exit status: 0 "
            "on success, 2 on invalid input or a file that cannot be written, with one line on "
            "stderr.");
        return spec;
    }();
    return command;
}

int runExportCommand(int& argc, char** argv, const QStringList& arguments)
{
    auto options = parseOptions(exportCommand(), arguments);
    if (!options)
        return printResult(unexpected(options.error()));
    if (options->helpRequested())
        return printResult(helpText(exportCommand()).toStdString());

    auto request = readRequest(*options);
    if (!request)
        return printResult(unexpected(request.error()));
    auto scenario = readScenario(*request);
    if (!scenario)
        return printResult(unexpected(scenario.error()));

    if (auto folder = checkOutputFolder(request->out); !folder)
        return printResult(unexpected(folder.error()));

    if (!hasDisplay())
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    if (ui::registerBundledFonts().isEmpty())
        return printResult(internalError(Messages::tr("the bundled fonts are missing from this build")));

    ui::MainWindow window(*scenario);
    if (request->lesson) {
        auto shown = showLesson(window, *request, options->has(QStringLiteral("panel")));
        if (!shown)
            return printResult(unexpected(shown.error()));
    }
    window.toleranceBox()->setValue(request->tolerance * 100.0);
    if (!request->view.isEmpty() && !window.showPage(QStringLiteral("beyond"), request->view))
        return printResult(internalError(QStringLiteral("the beyond page rejected the view ") + request->view));

    auto written = writeOutput(window, *request);
    if (!written)
        return printResult(unexpected(written.error()));
    return printResult((written->join(u'\n') + u'\n').toStdString());
}

} // namespace distillscope::app
