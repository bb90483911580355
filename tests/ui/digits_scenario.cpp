#include "digits_scenario.h"

#include <distillscope/logits_text.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace distillscope::ui::test {

StartupScenario digitsScenario()
{
    const QString directory = QStringLiteral(DISTILLSCOPE_SAMPLES_DIR);
    QFile manifest_file(directory + QStringLiteral("/digits.json"));
    if (!manifest_file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject manifest = QJsonDocument::fromJson(manifest_file.readAll()).object();
    const auto row = size_t(manifest.value(QStringLiteral("default_row")).toInt());

    const auto read = [&](const char* key) {
        const QString path = directory + QLatin1Char('/') + manifest.value(QLatin1String(key)).toString();
        return readLogitsFile(path.toStdString());
    };
    const auto teacher = read("teacher");
    const auto student = read("student");
    if (!teacher || !student || row >= teacher->rows.size() || row >= student->rows.size())
        return {};

    StartupScenario scenario;
    scenario.teacher = teacher->rows[row].values;
    scenario.student = student->rows[row].values;
    scenario.class_names = teacher->class_names;
    scenario.temperature = manifest.value(QStringLiteral("default_temperature")).toDouble();
    scenario.source_label = "digits sample, row " + std::to_string(row);
    return scenario;
}

} // namespace distillscope::ui::test
