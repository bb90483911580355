#include "ui/sweep_animation.h"

#include "ui/gif_encoder.h"
#include "ui/main_window.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>

#include <cassert>
#include <cmath>

namespace distillscope::ui {

namespace {

// Restores the window's temperature when the animation ends, however it ends.
class TemperatureRestorer {
public:
    explicit TemperatureRestorer(MainWindow& window)
        : m_window(window), m_temperature(window.temperature())
    {
    }
    ~TemperatureRestorer() { m_window.setTemperature(m_temperature); }

private:
    MainWindow& m_window;
    double m_temperature;
};

FigureOptions opaque(FigureOptions options)
{
    options.transparent = false;
    return options;
}

} // namespace

std::vector<double> animationTemperatures(int frames, double from, double to)
{
    assert(frames >= 1);
    assert(from > 0.0);
    assert(to > 0.0);
    if (frames == 1)
        return {from};
    const double log_from = std::log(from);
    const double log_step = (std::log(to) - log_from) / (frames - 1);
    std::vector<double> temperatures(static_cast<size_t>(frames));
    for (int i = 0; i < frames; ++i)
        temperatures[size_t(i)] = std::exp(log_from + log_step * i);
    // The ends exactly as given, not as exp(log(x)) rounds them.
    temperatures.front() = from;
    temperatures.back() = to;
    return temperatures;
}

QString sequenceFramePath(const QString& path, int index, int frames)
{
    const QFileInfo info(path);
    const int digits = std::max(3, int(QString::number(frames).size()));
    const QString name = QStringLiteral("%1-%2.%3")
                             .arg(info.completeBaseName())
                             .arg(index + 1, digits, 10, QLatin1Char('0'))
                             .arg(info.suffix().isEmpty() ? QStringLiteral("png") : info.suffix());
    return info.dir().filePath(name);
}

WriteResult writeSweepGif(MainWindow& window, const AnimationOptions& options, const QString& path)
{
    const TemperatureRestorer restorer(window);
    const FigureOptions figure = opaque(options.figure);
    return writeFileAtomically(path, [&](QIODevice& device) -> QString {
        GifEncoder encoder(device, rasterSize(figure), options.delay_ms);
        for (const double temperature :
             animationTemperatures(options.frames, options.from, options.to)) {
            window.setTemperature(temperature);
            const QString problem = encoder.addFrame(renderFigure(window, figure));
            if (!problem.isEmpty())
                return problem;
        }
        return encoder.finish();
    });
}

Expected<QStringList, QString> writeSweepPngSequence(MainWindow& window,
                                                     const AnimationOptions& options,
                                                     const QString& path)
{
    const TemperatureRestorer restorer(window);
    const std::vector<double> temperatures =
        animationTemperatures(options.frames, options.from, options.to);
    QStringList written;
    for (int i = 0; i < options.frames; ++i) {
        window.setTemperature(temperatures[size_t(i)]);
        const QImage frame = renderFigure(window, options.figure);
        const QString frame_path = sequenceFramePath(path, i, options.frames);
        const WriteResult result = writeFileAtomically(frame_path, [&](QIODevice& device) {
            QImageWriter writer(&device, "png");
            return writer.write(frame) ? QString() : writer.errorString();
        });
        if (!result) {
            for (const QString& earlier : written)
                QFile::remove(earlier);
            return unexpected(result.error());
        }
        written.append(frame_path);
    }
    return written;
}

} // namespace distillscope::ui
