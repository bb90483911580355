// The five views of the beyond page: how each is built and how it draws
// the numbers of ui/beyond_data.h.

#include "ui/beyond_page.h"

#include "ui/main_window.h"
#include "ui/plot_view.h"
#include "ui/theme.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace distillscope::ui {

namespace {

// Temperatures per curve of the two-classes and limits views.
constexpr int kCurvePoints = 181;
// Above this many classes the class axis shows indices, not names.
constexpr int kMaxNamedTicks = 24;
// Steps of the mixing-weight slider over 0..1.
constexpr int kWeightSteps = 100;
// Decades of T^2 KL the limits view shows below its largest value.
constexpr double kLimitDecades = 14.0;

void makeLogAxis(QCPAxis* axis)
{
    axis->setScaleType(QCPAxis::stLogarithmic);
    QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
    ticker->setSubTickCount(0);
    ticker->setTickCount(6);
    axis->setTicker(ticker);
    axis->setNumberFormat(QStringLiteral("eb"));
    axis->setNumberPrecision(0);
}

void setClassTicks(QCPAxis* axis, const QStringList& labels)
{
    if (labels.size() > kMaxNamedTicks) {
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        return;
    }
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < labels.size(); ++i)
        ticker->addTick(i, labels.at(i));
    axis->setTicker(ticker);
}

void setPoints(QCPGraph* graph, const std::vector<double>& keys, const std::vector<double>& values)
{
    QVector<QCPGraphData> data(qsizetype(keys.size()));
    for (size_t i = 0; i < keys.size(); ++i)
        data[qsizetype(i)] = QCPGraphData(keys[i], values[i]);
    graph->data()->set(data, true);
}

// Plots values by class position, with the class order `order` (or 0..N-1).
void setClassPoints(QCPGraph* graph, const Vector& values, const std::vector<Index>& order = {})
{
    QVector<QCPGraphData> data;
    data.reserve(values.size());
    for (Index position = 0; position < values.size(); ++position) {
        const Index i = order.empty() ? position : order[size_t(position)];
        if (std::isfinite(values[i]))
            data.append(QCPGraphData(double(position), values[i]));
    }
    graph->data()->set(data, true);
    graph->setScatterSkip(classMarkerSkip(int(values.size())));
    // Above a few hundred classes the curve zigzags over the whole plot, and
    // antialiasing and dashing it took over 100 ms per repaint at N = 1000.
    // The markers, one every few dozen classes, still tell the curves apart.
    const bool dense = values.size() > kMaxAntialiasedClasses;
    graph->setAntialiased(!dense);
    const QVariant designed = graph->property("designedLine"); // set by BeyondPage::restyle
    QPen pen = graph->pen();
    if (dense) {
        // One-pixel solid lines skip Qt's stroker, whose polygon of a
        // zigzag over the whole plot cost most of the time.
        pen.setStyle(Qt::SolidLine);
        pen.setWidth(1);
    } else if (designed.isValid()) {
        pen.setStyle(Qt::PenStyle(designed.toInt()));
        pen.setWidthF(theme().curveWidth());
    }
    graph->setPen(pen);
}

QCPRange symmetricRange(std::initializer_list<const Vector*> vectors)
{
    double largest = 0.0;
    for (const Vector* values : vectors) {
        for (Index i = 0; i < values->size(); ++i) {
            if (std::isfinite((*values)[i]))
                largest = std::max(largest, std::abs((*values)[i]));
        }
    }
    const double half = largest > 0.0 ? largest * 1.12 : 1.0;
    return QCPRange(-half, half);
}

QCPRange classRange(Index classes)
{
    return QCPRange(-0.5, double(classes) - 0.5);
}

// The range of positive values on a log axis, widened by a factor of 2 on
// both sides, and at most kLimitDecades deep.
QCPRange logRange(const std::vector<double>& values, double fallback_low, double fallback_high)
{
    double low = HUGE_VAL;
    double high = 0.0;
    for (const double value : values) {
        if (value > 0.0 && std::isfinite(value)) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    }
    if (!(high > 0.0))
        return QCPRange(fallback_low, fallback_high);
    low = std::max(low, high * std::pow(10.0, -kLimitDecades));
    return QCPRange(low / 2.0, high * 2.0);
}

// The temperatures the sweep views span, whether or not any curve has points.
QCPRange temperatureRange(const Distillation& distillation)
{
    const std::vector<double> ends = viewTemperatures(distillation, 2);
    return QCPRange(ends.front(), ends.back());
}

// A vertical line at the current temperature, in the first axis rect of `plot`.
QCPItemStraightLine* addTemperatureMarker(PlotView* plot)
{
    auto* marker = new QCPItemStraightLine(plot);
    marker->setClipAxisRect(plot->axisRect());
    marker->setSelectable(false);
    marker->setPen(theme().currentTemperaturePen());
    return marker;
}

// Places `marker` at T. Both points need positive values on a log axis.
void placeTemperatureMarker(QCPItemStraightLine* marker, double temperature)
{
    marker->point1->setCoords(temperature, 1.0);
    marker->point2->setCoords(temperature, 10.0);
}

} // namespace

QWidget* BeyondPage::buildHardTargetControls()
{
    auto* controls = new QWidget(this);
    auto* form = new QFormLayout(controls);
    form->setContentsMargins(0, 0, 0, 0);

    m_label_box = new QComboBox(controls);
    m_label_box->setObjectName(QStringLiteral("hardLabel"));
    m_label_box->setToolTip(tr("The class y of the one-hot hard target. Automatic takes the "
                               "sample's true label where the window knows it, else the "
                               "teacher's top class."));
    form->addRow(tr("Hard label y"), m_label_box);

    m_weight_slider = new QSlider(Qt::Horizontal, controls);
    m_weight_slider->setRange(0, kWeightSteps);
    m_weight_box = new QDoubleSpinBox(controls);
    m_weight_box->setObjectName(QStringLiteral("mixingWeight"));
    m_weight_box->setRange(0.0, 1.0);
    m_weight_box->setDecimals(2);
    m_weight_box->setSingleStep(0.05);
    m_weight_box->setValue(0.5);
    m_weight_slider->setValue(kWeightSteps / 2);
    m_weight_slider->setObjectName(QStringLiteral("mixingWeightSlider"));
    for (QWidget* weight : {static_cast<QWidget*>(m_weight_slider), static_cast<QWidget*>(m_weight_box)}) {
        weight->setAccessibleName(tr("Mixing weight w"));
        weight->setAccessibleDescription(tr("The weight w of the mixed loss, from 0 to 1"));
    }
    auto* weight_row = new QHBoxLayout;
    weight_row->addWidget(m_weight_slider, 1);
    weight_row->addWidget(m_weight_box);
    form->addRow(tr("Mixing weight w"), weight_row);

    m_convention_box = new QComboBox(controls);
    m_convention_box->setObjectName(QStringLiteral("mixingConvention"));
    m_convention_box->addItem(tr("w multiplies the hard-label term"), int(MixingConvention::WeightOnHard));
    m_convention_box->addItem(tr("w multiplies the soft term"), int(MixingConvention::WeightOnSoft));
    m_convention_box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_convention_box->setAccessibleDescription(tr("Which term of the mixed loss the weight w multiplies"));
    m_convention_label = new QLabel(controls);
    // Wrapped, so that the statement does not set the window's minimum width.
    m_convention_label->setWordWrap(true);
    auto* convention_row = new QHBoxLayout;
    convention_row->addWidget(m_convention_box);
    convention_row->addWidget(m_convention_label, 1);
    form->addRow(tr("Convention"), convention_row);

    // The slider and the spin box set each other; the blockers stop the echo.
    connect(m_weight_slider, &QSlider::valueChanged, this, [this](int step) {
        const QSignalBlocker blocker(m_weight_box);
        m_weight_box->setValue(double(step) / kWeightSteps);
        updateView(HardTargets);
    });
    connect(m_weight_box, &QDoubleSpinBox::valueChanged, this, [this](double weight) {
        const QSignalBlocker blocker(m_weight_slider);
        m_weight_slider->setValue(int(std::lround(weight * kWeightSteps)));
        updateView(HardTargets);
    });
    connect(m_convention_box, &QComboBox::currentIndexChanged, this, [this] { updateView(HardTargets); });
    connect(m_label_box, &QComboBox::currentIndexChanged, this, [this] { updateView(HardTargets); });
    return controls;
}

void BeyondPage::buildHardTargets()
{
    const QString explanation = tr(
        "The paper trains on a weighted mix of the soft-target loss and the ordinary "
        "cross-entropy with the correct label at T = 1. The hard-label gradient is q_i(T=1) - y_i "
        "with y one-hot. The soft term is shown as T² × Eq. 2, the scaling the paper recommends "
        "so that both terms keep their size when T changes. Libraries disagree on which term "
        "the weight multiplies, so the convention is stated below and can be switched.");
    buildView(HardTargets, explanation, buildHardTargetControls());
    PlotView* plot = m_views[HardTargets].plot;
    QCPAxisRect* rect = plot->axisRect();
    m_rects.push_back(rect);
    rect->axis(QCPAxis::atBottom)->setLabel(tr("class"));
    rect->axis(QCPAxis::atLeft)->setLabel(tr("gradient dC/dz_i"));
    m_hard = addCurve(HardTargets, rect, tr("hard label q(T=1) - y"), int(Quantity::Student),
                      Qt::DashLine, QCPScatterStyle::ssSquare);
    m_soft = addCurve(HardTargets, rect, tr("soft T² × Eq. 2"), int(Quantity::Exact), Qt::SolidLine,
                      QCPScatterStyle::ssCircle);
    m_mixed = addCurve(HardTargets, rect, tr("mixed"), int(Quantity::SecondOrder), Qt::DashDotLine,
                       QCPScatterStyle::ssTriangle);
    placeLegendAbove(plot, 3);
}

void BeyondPage::buildLowTemperature()
{
    const QString explanation = tr(
        "At high T, T² × Eq. 2 tends to (z_i - v_i)/N on centred logits, the gradient of "
        "matching logits (Eq. 4 times T²). At lower T the soft targets of classes whose "
        "teacher logit lies far below the mean are tiny, so those classes get almost no "
        "gradient: the paper's remark that low temperatures pay less attention to very "
        "negative logits, which may be noise. Classes are ordered by teacher logit, "
        "largest first.");
    buildView(LowTemperature, explanation, nullptr);
    PlotView* plot = m_views[LowTemperature].plot;
    QCPAxisRect* rect = plot->axisRect();
    m_rects.push_back(rect);
    rect->axis(QCPAxis::atBottom)->setLabel(tr("class, by decreasing teacher logit"));
    rect->axis(QCPAxis::atLeft)->setLabel(tr("T² × gradient"));
    m_low_gradient = addCurve(LowTemperature, rect, tr("T² × Eq. 2 at the current T"),
                              int(Quantity::Exact), Qt::SolidLine, QCPScatterStyle::ssCircle);
    m_low_limit = addCurve(LowTemperature, rect, tr("high-T limit (z_i - v_i)/N, centred"),
                           int(Quantity::ZeroMean), Qt::DashLine, QCPScatterStyle::ssSquare);
    placeLegendAbove(plot, 2);
}

QWidget* BeyondPage::buildTwoClassControls()
{
    auto* controls = new QWidget(this);
    auto* row = new QHBoxLayout(controls);
    row->setContentsMargins(0, 0, 0, 0);
    m_first_box = new QComboBox(controls);
    m_second_box = new QComboBox(controls);
    m_first_box->setObjectName(QStringLiteral("pairFirstClass"));
    m_second_box->setObjectName(QStringLiteral("pairSecondClass"));
    m_first_box->setAccessibleName(tr("First class of the pair"));
    m_second_box->setAccessibleName(tr("Second class of the pair"));
    for (QComboBox* box : {m_first_box, m_second_box})
        box->setAccessibleDescription(tr("One of the two classes the view restricts the logits to"));
    row->addWidget(new QLabel(tr("Class pair"), controls));
    row->addWidget(m_first_box);
    row->addWidget(m_second_box);
    row->addStretch(1);
    for (QComboBox* box : {m_first_box, m_second_box})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { updateView(TwoClasses); });
    return controls;
}

void BeyondPage::buildTwoClasses()
{
    const QString explanation = tr(
        "The relative error (max norm) of the centred Eq. 4 against Eq. 2 across T, for the "
        "current logits restricted to two classes and for all N. The next term of the "
        "expansion in 1/T is proportional to (zc_i² - vc_i²) minus its mean, which is zero "
        "for two classes, so there the error falls as 1/T²; on N classes it falls as 1/T. "
        "The dotted and dash-dot lines are the leading terms K/T² and K/T that the core "
        "computes from the logits.");
    buildView(TwoClasses, explanation, buildTwoClassControls());
    PlotView* plot = m_views[TwoClasses].plot;
    QCPAxisRect* rect = plot->axisRect();
    m_rects.push_back(rect);
    makeLogAxis(rect->axis(QCPAxis::atBottom));
    makeLogAxis(rect->axis(QCPAxis::atLeft));
    rect->axis(QCPAxis::atBottom)->setLabel(tr("temperature T"));
    rect->axis(QCPAxis::atLeft)->setLabel(tr("relative error of Eq. 4"));
    m_pair_error = addCurve(TwoClasses, rect, tr("two classes"), int(Quantity::RelativeError),
                            Qt::SolidLine, QCPScatterStyle::ssCircle);
    m_all_error = addCurve(TwoClasses, rect, tr("all N classes"), int(Quantity::Exact), Qt::DashLine,
                           QCPScatterStyle::ssSquare);
    m_pair_reference = addCurve(TwoClasses, rect, tr("K₂/T² (two classes)"), int(Quantity::RelativeError),
                                Qt::DotLine, QCPScatterStyle::ssNone);
    m_all_reference = addCurve(TwoClasses, rect, tr("K₁/T (N classes)"), int(Quantity::Exact),
                               Qt::DashDotLine, QCPScatterStyle::ssNone);
    m_temperature_markers.push_back(addTemperatureMarker(plot));
    placeLegendAbove(plot, 4);
}

void BeyondPage::buildStandardization()
{
    const QString explanation = tr(
        "Sun et al. (\"Logit Standardization in Knowledge Distillation\", CVPR 2024) replace "
        "each logit vector by its z-score (x - mean) / std before the softmax, with the "
        "population standard deviation sqrt(Σ(x_i - mean)²/N), so the student need not match "
        "the teacher's logit range, only its shape. Top: soft targets with and without; "
        "bottom: Eq. 2 with and without, the standardized one taken with respect to the "
        "z-scores.");
    buildView(Standardization, explanation, nullptr);
    PlotView* plot = m_views[Standardization].plot;
    QCPAxisRect* top = plot->axisRect();
    auto* bottom = new QCPAxisRect(plot);
    plot->plotLayout()->addElement(1, 0, bottom);
    auto* margins = new QCPMarginGroup(plot);
    for (QCPAxisRect* rect : {top, bottom}) {
        m_rects.push_back(rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        rect->axis(QCPAxis::atBottom)->setLabel(tr("class"));
    }
    top->axis(QCPAxis::atLeft)->setLabel(tr("probability"));
    bottom->axis(QCPAxis::atLeft)->setLabel(tr("Eq. 2 gradient"));
    m_raw_p = addCurve(Standardization, top, tr("teacher p"), int(Quantity::Teacher), Qt::SolidLine,
                       QCPScatterStyle::ssCircle);
    m_raw_q = addCurve(Standardization, top, tr("student q"), int(Quantity::Student), Qt::SolidLine,
                       QCPScatterStyle::ssSquare);
    m_scored_p = addCurve(Standardization, top, tr("teacher p, standardized"), int(Quantity::Teacher),
                          Qt::DashLine, QCPScatterStyle::ssTriangle);
    m_scored_q = addCurve(Standardization, top, tr("student q, standardized"), int(Quantity::Student),
                          Qt::DashLine, QCPScatterStyle::ssDiamond);
    m_raw_gradient = addCurve(Standardization, bottom, tr("Eq. 2"), int(Quantity::Exact), Qt::SolidLine,
                              QCPScatterStyle::ssCircle);
    m_scored_gradient = addCurve(Standardization, bottom, tr("Eq. 2, standardized"),
                                 int(Quantity::SecondOrder), Qt::DashDotLine, QCPScatterStyle::ssCross);
    placeLegendAbove(plot, 3);
}

void BeyondPage::buildLimits()
{
    const QString explanation = tr(
        "Kim et al. (\"Comparing Kullback-Leibler Divergence and Mean Squared Error Loss in "
        "Knowledge Distillation\", IJCAI 2021): as T → ∞, T² KL(p‖q) → (1/(2N)) Σ (zc_i - vc_i)² "
        "on centred logits, logit matching; as T → 0 it approaches T (max_j z_j - z_k) with k "
        "the teacher's top class, label matching. When the student's top class is k as well "
        "the slope is zero and T² KL falls faster than T.");
    buildView(Limits, explanation, nullptr);
    PlotView* plot = m_views[Limits].plot;
    QCPAxisRect* rect = plot->axisRect();
    m_rects.push_back(rect);
    makeLogAxis(rect->axis(QCPAxis::atBottom));
    makeLogAxis(rect->axis(QCPAxis::atLeft));
    rect->axis(QCPAxis::atBottom)->setLabel(tr("temperature T"));
    rect->axis(QCPAxis::atLeft)->setLabel(tr("T² KL(p‖q)"));
    m_scaled_kl = addCurve(Limits, rect, tr("T² KL"), int(Quantity::Exact), Qt::SolidLine,
                           QCPScatterStyle::ssCircle);
    m_logit_matching = addCurve(Limits, rect, tr("T → ∞: (1/(2N)) Σ (zc - vc)²"), int(Quantity::ZeroMean),
                                Qt::DashLine, QCPScatterStyle::ssNone);
    m_label_matching = addCurve(Limits, rect, tr("T → 0: T (max z - z_k)"), int(Quantity::Student),
                                Qt::DashDotLine, QCPScatterStyle::ssNone);
    m_temperature_markers.push_back(addTemperatureMarker(plot));
    placeLegendAbove(plot, 3);
}

void BeyondPage::updateHardTargets()
{
    PlotView* plot = m_views[HardTargets].plot;
    m_hard_data = hardTargetsData(m_window.distillation(), m_window.quantities(), hardLabel(),
                                  mixingWeight(), mixingConvention());
    setClassPoints(m_hard, m_hard_data.hard);
    setClassPoints(m_soft, m_hard_data.soft_scaled);
    setClassPoints(m_mixed, m_hard_data.mixed);
    setClassTicks(plot->xAxis, m_names);
    plot->setHomeRange(plot->xAxis, classRange(m_hard_data.hard.size()));
    plot->setHomeRange(plot->yAxis,
                       symmetricRange({&m_hard_data.hard, &m_hard_data.soft_scaled, &m_hard_data.mixed}));

    const double weight = mixingWeight();
    const QString w = formatNumber(weight, 3);
    const QString rest = formatNumber(1.0 - weight, 3);
    const bool on_hard = mixingConvention() == MixingConvention::WeightOnHard;
    m_convention_label->setText(
        on_hard ? tr("mixed = %1 × hard + %2 × T² soft: w multiplies the hard-label term, the "
                     "soft term gets 1 - w")
                      .arg(w, rest)
                : tr("mixed = %1 × hard + %2 × T² soft: w multiplies the soft term, the "
                     "hard-label term gets 1 - w")
                      .arg(rest, w));
    const bool automatic = m_label_box->currentData().toInt() < 0;
    const bool from_sample = classOfLabel(m_names, m_window.sampleLabel()).has_value();
    const QString source = !automatic  ? tr("chosen")
        : from_sample                 ? tr("the sample's true label")
                                      : tr("the teacher's top class");
    m_views[HardTargets].summary->setText(
        tr("Hard label y = %1 (%2).   T = %3.   Hard-label component at y: %4;   T² × Eq. 2 at y: %5")
            .arg(className(m_hard_data.label), source, formatNumber(m_window.temperature(), 6),
                 formatNumber(m_hard_data.hard[m_hard_data.label]),
                 formatNumber(m_hard_data.soft_scaled[m_hard_data.label])));
}

void BeyondPage::updateLowTemperature()
{
    PlotView* plot = m_views[LowTemperature].plot;
    m_low_data = lowTemperatureData(m_window.distillation(), m_window.quantities());
    setClassPoints(m_low_gradient, m_low_data.scaled_gradient, m_low_data.order);
    setClassPoints(m_low_limit, m_low_data.limit, m_low_data.order);
    QStringList ordered;
    for (const Index i : m_low_data.order)
        ordered.append(className(i));
    setClassTicks(plot->xAxis, ordered);
    plot->setHomeRange(plot->xAxis, classRange(m_low_data.limit.size()));
    plot->setHomeRange(plot->yAxis, symmetricRange({&m_low_data.scaled_gradient, &m_low_data.limit}));

    // The class with the lowest teacher logit shows the effect most.
    const Index lowest = m_low_data.order.back();
    const double limit = m_low_data.limit[lowest];
    const QString share = limit != 0.0
        ? formatNumber(m_low_data.scaled_gradient[lowest] / limit * 100.0, 3) + QStringLiteral(" %")
        : tr("undefined (its limit is zero)");
    m_views[LowTemperature].summary->setText(
        tr("T = %1.   Lowest teacher logit: class %2, %3 below the mean; its T² × Eq. 2 is %4 of "
           "its high-T limit.")
            .arg(formatNumber(m_window.temperature(), 6), className(lowest),
                 formatNumber(-m_low_data.centred_teacher[lowest]), share));
}

bool CurveKey::matches(const Distillation& distillation, Index pair_first, Index pair_second) const
{
    const auto same = [](const Vector& a, const Vector& b) { return a.size() == b.size() && a == b; };
    return first == pair_first && second == pair_second && same(teacher, distillation.teacher())
        && same(student, distillation.student());
}

void BeyondPage::updateTwoClasses()
{
    PlotView* plot = m_views[TwoClasses].plot;
    QLabel* summary = m_views[TwoClasses].summary;
    const Index first = std::max(m_first_box->currentIndex(), 0);
    const Index second = std::max(m_second_box->currentIndex(), 0);
    for (QCPGraph* graph : {m_pair_error, m_all_error, m_pair_reference, m_all_reference})
        graph->data()->clear();
    if (first == second) {
        m_two_data = TwoClassesData{};
        m_two_key.reset();
        m_two_data.first = first;
        m_two_data.second = second;
        summary->setText(tr("Choose two different classes for the pair."));
        setNotice(TwoClasses, summary->text());
        return;
    }

    placeTemperatureMarker(m_temperature_markers.front(), m_window.temperature());
    const Distillation& distillation = m_window.distillation();
    if (!m_two_key || !m_two_key->matches(distillation, first, second)) {
        m_two_data = twoClassesData(distillation, first, second, kCurvePoints);
        m_two_key = CurveKey{distillation.teacher(), distillation.student(), first, second};
    }
    setPoints(m_pair_error, m_two_data.pair_error.temperatures, m_two_data.pair_error.values);
    setPoints(m_all_error, m_two_data.all_error.temperatures, m_two_data.all_error.values);

    const std::vector<double>& keys = m_two_data.all_error.temperatures;
    const auto reference = [&](QCPGraph* graph, const ErrorTerm& term) {
        if (term.order == 0 || keys.empty())
            return;
        std::vector<double> values;
        for (const double temperature : keys)
            values.push_back(term.coefficient / std::pow(temperature, term.order));
        setPoints(graph, keys, values);
    };
    reference(m_pair_reference, m_two_data.pair_term);
    reference(m_all_reference, m_two_data.all_term);
    m_all_reference->setName(m_two_data.all_term.order == 2 ? tr("K₂/T² (N classes)") : tr("K₁/T (N classes)"));

    std::vector<double> plotted_values = m_two_data.pair_error.values;
    plotted_values.insert(plotted_values.end(), m_two_data.all_error.values.begin(), m_two_data.all_error.values.end());
    plot->setHomeRange(plot->xAxis, temperatureRange(m_window.distillation()));
    plot->setHomeRange(plot->yAxis, logRange(plotted_values, 1e-12, 1.0));

    const auto describe = [](const ErrorTerm& term) {
        if (term.order == 0)
            return tr("no leading term");
        return term.order == 1 ? tr("%1/T").arg(formatNumber(term.coefficient))
                               : tr("%1/T²").arg(formatNumber(term.coefficient));
    };
    QString text = tr("Pair %1, %2: error ~ %3.   All %4 classes: error ~ %5.")
                       .arg(className(first), className(second), describe(m_two_data.pair_term))
                       .arg(m_window.distillation().classes())
                       .arg(describe(m_two_data.all_term));
    if (m_two_data.pair_vanishes)
        text = tr("Pair %1, %2: z - v is equal on both classes, so Eq. 2 is zero there and the "
                  "relative error is undefined.   All %3 classes: error ~ %4.")
                   .arg(className(first), className(second))
                   .arg(m_window.distillation().classes())
                   .arg(describe(m_two_data.all_term));
    else if (m_window.distillation().gradientVanishes())
        text += tr("   Eq. 2 is zero on all classes (z - v is constant), so the N-class error is undefined.");
    summary->setText(text);
    QString notice;
    if (m_window.distillation().gradientVanishes())
        notice = tr("Eq. 2 is zero on every class: z - v is constant");
    else if (m_two_data.pair_vanishes)
        notice = tr("Eq. 2 is zero on classes %1 and %2: z - v is equal there")
                     .arg(className(first), className(second));
    setNotice(TwoClasses, notice);
}

void BeyondPage::updateStandardization()
{
    PlotView* plot = m_views[Standardization].plot;
    const Quantities& raw = m_window.quantities();
    m_standard_data = standardizationData(m_window.distillation(), m_window.temperature());
    setClassPoints(m_raw_p, raw.p);
    setClassPoints(m_raw_q, raw.q);
    setClassPoints(m_raw_gradient, raw.grad_exact);
    const std::optional<Quantities>& scored = m_standard_data.standardized;
    if (scored) {
        setClassPoints(m_scored_p, scored->p);
        setClassPoints(m_scored_q, scored->q);
        setClassPoints(m_scored_gradient, scored->grad_exact);
    } else {
        for (QCPGraph* graph : {m_scored_p, m_scored_q, m_scored_gradient})
            graph->data()->clear();
    }

    const QList<QCPAxisRect*> rects = plot->axisRects();
    for (QCPAxisRect* rect : rects) {
        setClassTicks(rect->axis(QCPAxis::atBottom), m_names);
        plot->setHomeRange(rect->axis(QCPAxis::atBottom), classRange(raw.p.size()));
    }
    double top = std::max(raw.p.maxCoeff(), raw.q.maxCoeff());
    if (scored)
        top = std::max({top, scored->p.maxCoeff(), scored->q.maxCoeff()});
    plot->setHomeRange(rects.front()->axis(QCPAxis::atLeft), QCPRange(0.0, std::min(top * 1.1, 1.05)));
    const Vector empty;
    plot->setHomeRange(rects.back()->axis(QCPAxis::atLeft),
                       symmetricRange({&raw.grad_exact, scored ? &scored->grad_exact : &empty}));

    QString text;
    const QString t = formatNumber(m_window.temperature(), 6);
    if (m_standard_data.constant_teacher || m_standard_data.constant_student) {
        QStringList sides;
        if (m_standard_data.constant_teacher)
            sides.append(tr("every teacher logit is %1").arg(formatNumber(*m_standard_data.constant_teacher)));
        if (m_standard_data.constant_student)
            sides.append(tr("every student logit is %1").arg(formatNumber(*m_standard_data.constant_student)));
        text = tr("No standardization: %1, so the standard deviation is zero and the z-scores are "
                  "undefined. Without it at T = %2: KL %3.")
                   .arg(sides.join(tr(" and ")), t, formatNumber(raw.kl));
        setNotice(Standardization, tr("No z-scores: %1 (standard deviation zero)").arg(sides.join(tr(" and "))));
    } else if (!scored) {
        text = tr("The standardized logits cannot be evaluated at T = %1. Choose a larger T.").arg(t);
        setNotice(Standardization, text);
    } else {
        setNotice(Standardization, {});
        text = tr("T = %1.   KL(p‖q): %2 as given, %3 standardized.   max |Eq. 2|: %4 as given, %5 "
                  "standardized.   Teacher mean %6, std %7; student mean %8, std %9.")
                   .arg(t, formatNumber(raw.kl), formatNumber(scored->kl),
                        formatNumber(raw.grad_exact.cwiseAbs().maxCoeff()),
                        formatNumber(scored->grad_exact.cwiseAbs().maxCoeff()),
                        formatNumber(m_standard_data.teacher->mean),
                        formatNumber(m_standard_data.teacher->deviation),
                        formatNumber(m_standard_data.student->mean),
                        formatNumber(m_standard_data.student->deviation));
    }
    m_views[Standardization].summary->setText(text);
}

void BeyondPage::updateLimits()
{
    PlotView* plot = m_views[Limits].plot;
    placeTemperatureMarker(m_temperature_markers.back(), m_window.temperature());
    const Distillation& distillation = m_window.distillation();
    if (!m_limits_key || !m_limits_key->matches(distillation, -1, -1)) {
        m_limits_data = limitsData(distillation, kCurvePoints);
        m_limits_key = CurveKey{distillation.teacher(), distillation.student()};
    }
    const TemperatureCurve& curve = m_limits_data.scaled_kl;
    const KlLimits& limits = m_limits_data.limits;
    setPoints(m_scaled_kl, curve.temperatures, curve.values);
    m_logit_matching->data()->clear();
    m_label_matching->data()->clear();

    if (!curve.temperatures.empty()) {
        const double low = curve.temperatures.front();
        const double high = curve.temperatures.back();
        if (limits.logit_matching && *limits.logit_matching > 0.0)
            setPoints(m_logit_matching, {low, high}, {*limits.logit_matching, *limits.logit_matching});
        if (limits.label_matching_slope && *limits.label_matching_slope > 0.0) {
            const double slope = *limits.label_matching_slope;
            setPoints(m_label_matching, {low, high}, {slope * low, slope * high});
        }
    }
    plot->setHomeRange(plot->xAxis, temperatureRange(m_window.distillation()));
    std::vector<double> plotted_values = curve.values;
    if (limits.logit_matching)
        plotted_values.push_back(*limits.logit_matching);
    plot->setHomeRange(plot->yAxis, logRange(plotted_values, 1e-12, 1.0));

    QString text;
    if (curve.values.empty()) {
        text = tr("T² KL is zero at every T: p = q because z - v is constant.");
        setNotice(Limits, text);
    } else {
        setNotice(Limits, {});
        const QString slope = limits.label_matching_slope ? formatNumber(*limits.label_matching_slope)
                                                          : tr("beyond the double range");
        const QString high = limits.logit_matching ? formatNumber(*limits.logit_matching)
                                                   : tr("beyond the double range");
        text = tr("T → ∞: T² KL → %1.   T → 0: T² KL ≈ %2 × T.").arg(high, slope);
        if (limits.student_agrees)
            text += tr("   The student's top class agrees with the teacher's, so the low-T slope "
                       "is zero and T² KL falls faster than T there.");
    }
    m_views[Limits].summary->setText(text);
}

} // namespace distillscope::ui
