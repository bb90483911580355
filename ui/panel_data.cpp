#include "ui/panel_data.h"

#include "ui/beyond_page.h"
#include "ui/derivation_figure.h"
#include "ui/display_options.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/surface_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QStringList>

#include <cassert>
#include <cmath>
#include <optional>

namespace distillscope::ui {

namespace {

// Builds the CSV text line by line.
class CsvText {
public:
    void comment(const QString& name, const QString& value)
    {
        m_text += QStringLiteral("# ") + name + QStringLiteral(": ") + value + u'\n';
    }
    void row(const QStringList& fields)
    {
        QStringList quoted;
        for (const QString& field : fields)
            quoted.append(quote(field));
        m_text += quoted.join(u',') + u'\n';
    }
    const QString& text() const { return m_text; }

private:
    static QString quote(QString field)
    {
        if (!field.contains(u',') && !field.contains(u'"') && !field.contains(u'\n'))
            return field;
        field.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        return u'"' + field + u'"';
    }

    QString m_text;
};

QString number(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', 17) : QString();
}

QString number(const std::optional<double>& value)
{
    return value ? number(*value) : QString();
}

DisplayOptions displayOptions(const MainWindow& window)
{
    DisplayOptions options;
    options.eq4_logits = Eq4Logits(window.eq4LogitsBox()->currentData().toInt());
    options.scale_by_t_squared = window.scaleBox()->isChecked();
    return options;
}

QString className(const MainWindow& window, Index i)
{
    return window.logitModel()->names().value(int(i), QString::number(i));
}

void commentSettings(CsvText& csv, const MainWindow& window, const DisplayOptions& options)
{
    csv.comment(QStringLiteral("temperature"), number(window.temperature()));
    csv.comment(QStringLiteral("eq4_logits"), options.eq4_logits == Eq4Logits::Centered
                                                  ? QStringLiteral("centred")
                                                  : QStringLiteral("raw"));
    csv.comment(QStringLiteral("gradients_times_t_squared"),
                options.scale_by_t_squared ? QStringLiteral("yes") : QStringLiteral("no"));
}

QString distributionsCsv(const MainWindow& window)
{
    const Quantities& q = window.quantities();
    const Distillation& distillation = window.distillation();
    CsvText csv;
    csv.comment(QStringLiteral("panel"), QStringLiteral("soft targets p = softmax(v/T), q = softmax(z/T)"));
    csv.comment(QStringLiteral("temperature"), number(window.temperature()));
    csv.comment(QStringLiteral("entropy_p [nats]"), number(q.entropy_p));
    csv.comment(QStringLiteral("entropy_q [nats]"), number(q.entropy_q));
    csv.row({QStringLiteral("class"), QStringLiteral("name"), QStringLiteral("teacher_logit [nats]"),
             QStringLiteral("student_logit [nats]"), QStringLiteral("p [probability]"),
             QStringLiteral("q [probability]"), QStringLiteral("log_p [nats]"),
             QStringLiteral("log_q [nats]")});
    for (Index i = 0; i < distillation.classes(); ++i) {
        csv.row({QString::number(i), className(window, i), number(distillation.teacher()[i]),
                 number(distillation.student()[i]), number(q.p[i]), number(q.q[i]),
                 number(q.log_p[i]), number(q.log_q[i])});
    }
    return csv.text();
}

QString gradientsCsv(const MainWindow& window)
{
    const Quantities& q = window.quantities();
    const DisplayOptions options = displayOptions(window);
    const double t = window.temperature();
    const double scale = options.scale_by_t_squared ? t * t : 1.0;
    const bool centered = options.eq4_logits == Eq4Logits::Centered;
    const Vector& eq4 = centered ? q.grad_centered : q.grad_zero_mean;

    CsvText csv;
    csv.comment(QStringLiteral("panel"), QStringLiteral("gradients dC/dz_i of the soft-target cross-entropy"));
    commentSettings(csv, window, options);
    const QString unit = QStringLiteral(" [dimensionless]");
    csv.row({QStringLiteral("class"), QStringLiteral("name"), QStringLiteral("eq2_exact") + unit,
             QStringLiteral("eq3_taylor") + unit, QStringLiteral("eq4_zero_mean") + unit,
             QStringLiteral("eq4_second_order") + unit});
    for (Index i = 0; i < q.grad_exact.size(); ++i) {
        const std::optional<double> taylor =
            q.grad_taylor ? std::optional((*q.grad_taylor)[i] * scale) : std::nullopt;
        csv.row({QString::number(i), className(window, i), number(q.grad_exact[i] * scale),
                 number(taylor), number(eq4[i] * scale), number(q.grad_second_order[i] * scale)});
    }
    return csv.text();
}

QString sweepCsv(const MainWindow& window)
{
    const SweepResult& sweep = window.sweep();
    const DisplayOptions options = displayOptions(window);
    const bool centered = options.eq4_logits == Eq4Logits::Centered;
    // The panel draws magnitudes on log axes; a zero has no place there and
    // is left empty here too.
    const auto magnitude = [](const std::optional<double>& value, double scale) {
        return value && *value != 0.0 ? std::optional(std::abs(*value) * scale) : std::nullopt;
    };

    CsvText csv;
    csv.comment(QStringLiteral("panel"), QStringLiteral("temperature sweep of |gradient|"));
    commentSettings(csv, window, options);
    csv.comment(QStringLiteral("followed_class"), className(window, sweep.followed_class));
    csv.comment(QStringLiteral("tolerance"), number(window.tolerance()));
    csv.comment(QStringLiteral("match_temperature"), number(window.match().value));
    const QString unit = QStringLiteral(" [dimensionless]");
    csv.row({QStringLiteral("temperature") + unit, QStringLiteral("abs_eq2_class") + unit,
             QStringLiteral("abs_eq3_class") + unit, QStringLiteral("abs_eq4_class") + unit,
             QStringLiteral("max_abs_eq2") + unit, QStringLiteral("max_abs_eq3") + unit,
             QStringLiteral("max_abs_eq4") + unit,
             QStringLiteral("relative_error_eq4 [fraction]")});
    for (const SweepRow& row : sweep.rows) {
        const double scale = options.scale_by_t_squared ? row.temperature * row.temperature : 1.0;
        csv.row({number(row.temperature), number(magnitude(row.exact_class, scale)),
                 number(magnitude(row.taylor_class, scale)),
                 number(magnitude(centered ? row.centered_class : row.zero_mean_class, scale)),
                 number(magnitude(row.exact_max, scale)), number(magnitude(row.taylor_max, scale)),
                 number(magnitude(centered ? row.centered_max : row.zero_mean_max, scale)),
                 number(magnitude(centered ? row.relative_error : row.zero_mean_relative_error, 1.0))});
    }
    return csv.text();
}

QString surfaceCsv(const MainWindow& window)
{
    const SurfacePanel* panel = window.surfacePanel();
    // QCPColorMapData::cell is not const in QCustomPlot 2.1.0, though it
    // only reads.
    QCPColorMapData* exact = panel->colorMap(SurfacePanel::ExactMap)->data();
    QCPColorMapData* quadratic = panel->colorMap(SurfacePanel::QuadraticMap)->data();
    QCPColorMapData* difference = panel->colorMap(SurfacePanel::DifferenceMap)->data();
    const SliceAxes axes = window.sliceAxes();
    const QString first = className(window, axes.first_class);
    const QString second = className(window, axes.second_class);

    CsvText csv;
    csv.comment(QStringLiteral("panel"), QStringLiteral("loss surfaces over a slice of student logits"));
    csv.comment(QStringLiteral("temperature"), number(window.temperature()));
    if (axes.kind == SliceKind::ClassPair) {
        csv.comment(QStringLiteral("x"), QStringLiteral("student logit z of class %1").arg(first));
        csv.comment(QStringLiteral("y"), QStringLiteral("student logit z of class %1").arg(second));
    } else {
        csv.comment(QStringLiteral("x"), QStringLiteral("along (e_%1 - e_%2)/sqrt(2)").arg(first, second));
        csv.comment(QStringLiteral("y"), QStringLiteral("along e_%1 + e_%2, zero mean").arg(first, second));
    }
    csv.row({QStringLiteral("x [nats]"), QStringLiteral("y [nats]"),
             QStringLiteral("exact_n_t2_kl [nats]"), QStringLiteral("eq5_quadratic [nats]"),
             QStringLiteral("difference [nats]")});
    for (int iy = 0; iy < exact->valueSize(); ++iy) {
        for (int ix = 0; ix < exact->keySize(); ++ix) {
            double x = 0.0;
            double y = 0.0;
            exact->cellToCoord(ix, iy, &x, &y);
            csv.row({number(x), number(y), number(exact->cell(ix, iy)),
                     number(quadratic->cell(ix, iy)), number(difference->cell(ix, iy))});
        }
    }
    return csv.text();
}

QString beyondCsv(const MainWindow& window)
{
    BeyondPage* page = beyondPage(window);
    assert(page && "the window adds the beyond page in its constructor");
    const BeyondTable table = page->currentTable();
    CsvText csv;
    csv.comment(QStringLiteral("panel"), table.description);
    csv.comment(QStringLiteral("view"), page->currentView());
    for (const auto& [name, value] : table.settings)
        csv.comment(name, value);
    csv.row(table.columns);
    for (const QStringList& row : table.rows)
        csv.row(row);
    return csv.text();
}

} // namespace

QString panelDataCsv(const MainWindow& window, FigurePanel panel)
{
    switch (panel) {
    case FigurePanel::Distributions: return distributionsCsv(window);
    case FigurePanel::Gradients: return gradientsCsv(window);
    case FigurePanel::Sweep: return sweepCsv(window);
    case FigurePanel::Surface: return surfaceCsv(window);
    case FigurePanel::Beyond: return beyondCsv(window);
    case FigurePanel::Derivation: return derivationCsv(window);
    case FigurePanel::Dashboard: break;
    }
    assert(false && "panelDataCsv needs a single panel, not the dashboard");
    return {};
}

} // namespace distillscope::ui
