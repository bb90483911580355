#include "app/bundled_sample.h"

#include "app/messages.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <string>
#include <vector>

namespace distillscope::app {
namespace {

// qt_add_resources in app/CMakeLists.txt puts resources/samples/ under this prefix.
constexpr auto kResourceFolder = ":/samples/";

CliResult<QByteArray> readResource(const QString& name)
{
    QFile file(QLatin1String(kResourceFolder) + name);
    if (!file.open(QIODevice::ReadOnly))
        return internalError(Messages::tr("the bundled sample file %1 is missing from this build "
                                          "(%2)")
                                 .arg(name, file.errorString()));
    return file.readAll();
}

// Reads the true label of each of the `rows` images from digits-labels.csv:
// comment lines, the header "index,label,...", then one line per row in row
// order.
CliResult<std::vector<std::string>> readSampleLabels(std::size_t rows)
{
    const QString name = QStringLiteral("digits-labels.csv");
    auto bytes = readResource(name);
    if (!bytes)
        return unexpected(bytes.error());
    std::vector<std::string> labels;
    for (const QByteArray& raw : bytes->split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(QLatin1String("index")))
            continue;
        const QStringList cells = line.split(u',');
        if (cells.size() < 2 || cells.first() != QString::number(labels.size()))
            break;
        labels.push_back(cells.at(1).trimmed().toStdString());
    }
    if (labels.size() != rows) {
        return internalError(Messages::tr("the bundled %1 has %2 labels for %3 images")
                                 .arg(name)
                                 .arg(labels.size())
                                 .arg(rows));
    }
    return labels;
}

} // namespace

QString sampleFileName(SampleSide side)
{
    return side == SampleSide::Teacher ? QStringLiteral("digits-teacher.csv")
                                       : QStringLiteral("digits-student.csv");
}

CliResult<LogitsTable> readSampleLogits(SampleSide side)
{
    const QString name = sampleFileName(side);
    auto bytes = readResource(name);
    if (!bytes)
        return unexpected(bytes.error());

    auto table = parseLogitsText(std::string_view(bytes->constData(), bytes->size()),
                                 name.toStdString());
    if (!table) {
        const LogitsOrigin origin{QString(), SpecKind::Sample, name};
        return internalError(Messages::textError(origin, table.error()));
    }
    if (side == SampleSide::Teacher) {
        // The true class of each image, so that the window and exports can
        // name it, as a JSON file's "labels" do.
        auto labels = readSampleLabels(table->rows.size());
        if (!labels)
            return unexpected(labels.error());
        table->labels = std::move(*labels);
    }
    return std::move(*table);
}

CliResult<SampleDefaults> readSampleDefaults()
{
    const QString name = QStringLiteral("digits.json");
    auto bytes = readResource(name);
    if (!bytes)
        return unexpected(bytes.error());

    QJsonParseError parse_error;
    const QJsonObject settings = QJsonDocument::fromJson(*bytes, &parse_error).object();
    const double row = settings.value(QLatin1String("default_row")).toDouble(-1.0);
    const double temperature = settings.value(QLatin1String("default_temperature")).toDouble(0.0);
    if (parse_error.error != QJsonParseError::NoError || row < 0 || row != std::floor(row)
        || !(temperature > 0.0) || !std::isfinite(temperature)) {
        return internalError(Messages::tr("the bundled %1 has no valid default_row and "
                                          "default_temperature")
                                 .arg(name));
    }

    SampleDefaults defaults;
    defaults.row = static_cast<std::size_t>(row);
    defaults.temperature = temperature;
    defaults.reason = settings.value(QLatin1String("reason")).toString();
    return defaults;
}

} // namespace distillscope::app
