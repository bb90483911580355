#include "ui/beyond_page.h"

#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/plot_view.h"
#include "ui/theme.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

Q_LOGGING_CATEGORY(lcBeyond, "distillscope.ui.beyond", QtWarningMsg)

namespace distillscope::ui {

namespace {

// Sweep curves mark every this many points, so the markers stay apart.
constexpr int kMarkerSkip = 12;

} // namespace

const std::array<QString, 5>& beyondViewKeys()
{
    static const std::array<QString, 5> keys = {
        QStringLiteral("hard-targets"), QStringLiteral("low-temperature"),
        QStringLiteral("two-classes"), QStringLiteral("standardization"), QStringLiteral("limits")};
    return keys;
}

BeyondPage::BeyondPage(MainWindow& window, QWidget* parent) : QWidget(parent), m_window(window)
{
    setObjectName(QStringLiteral("beyondPage"));
    m_view_box = new QComboBox(this);
    m_view_box->setObjectName(QStringLiteral("beyondView"));
    m_view_box->setAccessibleName(tr("View beyond the paper"));
    m_view_box->setAccessibleDescription(tr("Which question beyond the paper's Section 2.1 the page shows"));
    const QString titles[] = {
        tr("Hard targets and the mixed loss"),
        tr("Low temperatures and very negative logits"),
        tr("Two classes: Eq. 4 error falls as 1/T²"),
        tr("Logit standardization (Sun et al., 2024)"),
        tr("Limits of T² KL (Kim et al., 2021)"),
    };
    for (int view = 0; view < ViewCount; ++view)
        m_view_box->addItem(titles[view], beyondViewKeys()[size_t(view)]);

    m_stack = new QStackedWidget(this);
    buildHardTargets();
    buildLowTemperature();
    buildTwoClasses();
    buildStandardization();
    buildLimits();

    auto* selector = new QHBoxLayout;
    selector->addWidget(new QLabel(tr("View"), this));
    selector->addWidget(m_view_box, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(selector);
    layout->addWidget(m_stack, 1);

    connect(m_view_box, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_stack->setCurrentIndex(index);
        updateIfStale(View(index));
    });
    connect(&m_window, &MainWindow::stateChanged, this, &BeyondPage::onStateChanged);
    connect(themeNotifier(), &ThemeNotifier::changed, this, &BeyondPage::restyle);
    restyle();
}

QWidget* BeyondPage::buildView(View view, const QString& explanation, QWidget* controls)
{
    ViewWidgets& widgets = m_views[size_t(view)];
    widgets.page = new QWidget(m_stack);
    widgets.explanation = new QLabel(explanation, widgets.page);
    widgets.explanation->setWordWrap(true);
    widgets.explanation->setTextFormat(Qt::PlainText);
    widgets.plot = new PlotView(widgets.page);
    widgets.plot->setObjectName(beyondViewKeys()[size_t(view)] + QStringLiteral("Plot"));
    widgets.plot->setMinimumSize(300, 220);
    widgets.notice = new QCPItemText(widgets.plot);
    widgets.notice->setClipToAxisRect(false);
    widgets.notice->position->setType(QCPItemPosition::ptAxisRectRatio);
    widgets.notice->position->setCoords(0.5, 0.08);
    widgets.notice->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    widgets.notice->setPadding(QMargins(6, 4, 6, 4));
    widgets.notice->setVisible(false);
    // Above the curves and the temperature marker, which live on lower layers.
    widgets.notice->setLayer(QStringLiteral("legend"));
    widgets.summary = new QLabel(widgets.page);
    widgets.summary->setWordWrap(true);
    widgets.summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(widgets.page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(widgets.explanation);
    if (controls)
        layout->addWidget(controls);
    layout->addWidget(widgets.plot, 1);
    layout->addWidget(widgets.summary);
    m_stack->addWidget(widgets.page);
    return widgets.page;
}

int classMarkerSkip(int points)
{
    constexpr int kMaxMarkers = 40;
    return points <= kMaxMarkers ? 0 : points / kMaxMarkers - 1;
}

QCPGraph* BeyondPage::addCurve(View view, QCPAxisRect* rect, const QString& name, int quantity,
                               Qt::PenStyle line, int marker)
{
    PlotView* plot = m_views[size_t(view)].plot;
    QCPGraph* graph = plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    graph->setName(name);
    m_curves.push_back({view, Curve{graph, quantity, line, marker}});
    return graph;
}

void BeyondPage::restyle()
{
    const Theme& current = theme();
    for (auto& [view, curve] : m_curves) {
        const QuantityStyle style = current.style(Quantity(curve.quantity));
        // Class curves over many classes are drawn solid; see setClassPoints.
        curve.graph->setProperty("designedLine", int(curve.line));
        const bool dense = !(view == TwoClasses || view == Limits)
            && curve.graph->dataCount() > kMaxAntialiasedClasses;
        QPen pen(style.color, dense ? 1.0 : current.curveWidth(), dense ? Qt::SolidLine : curve.line);
        pen.setCapStyle(Qt::FlatCap);
        curve.graph->setPen(pen);
        const auto shape = QCPScatterStyle::ScatterShape(curve.marker);
        curve.graph->setScatterStyle(QCPScatterStyle(shape, style.color, current.background(),
                                                     current.markerSize()));
        const bool sweep = view == TwoClasses || view == Limits;
        curve.graph->setScatterSkip(sweep ? kMarkerSkip : classMarkerSkip(curve.graph->dataCount()));
    }
    for (QCPAxisRect* rect : m_rects)
        styleAxisRect(rect);
    for (QCPItemStraightLine* marker : m_temperature_markers)
        marker->setPen(current.currentTemperaturePen());

    QFont text_font = font();
    text_font.setPointSizeF(QFont().pointSizeF() * current.fontScale());
    for (ViewWidgets& widgets : m_views) {
        widgets.notice->setFont(current.labelFont());
        widgets.notice->setBrush(QBrush(current.background()));
        widgets.notice->setPen(QPen(current.gridColor()));
        widgets.explanation->setFont(text_font);
        widgets.summary->setFont(text_font);
        if (QCPLegend* legend = widgets.plot->legend)
            legend->setFont(current.tickFont());
        widgets.plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void BeyondPage::setNotice(View view, const QString& text)
{
    QCPItemText* notice = m_views[size_t(view)].notice;
    notice->setText(text);
    notice->setVisible(!text.isEmpty());
}

void BeyondPage::onStateChanged()
{
    refreshClassBoxes();
    for (ViewWidgets& widgets : m_views)
        widgets.stale = true;
    if (isVisible())
        updateIfStale(currentIndex());
}

void BeyondPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    updateIfStale(currentIndex());
}

bool BeyondPage::setView(const QString& key)
{
    const auto& keys = beyondViewKeys();
    const auto found = std::find(keys.begin(), keys.end(), key);
    if (found == keys.end()) {
        qCDebug(lcBeyond) << "rejected view" << key;
        return false;
    }
    m_view_box->setCurrentIndex(int(found - keys.begin()));
    updateIfStale(currentIndex());
    return true;
}

QString BeyondPage::currentView() const
{
    return beyondViewKeys()[size_t(currentIndex())];
}

BeyondPage::View BeyondPage::currentIndex() const
{
    return View(std::clamp(m_view_box->currentIndex(), 0, int(ViewCount) - 1));
}

PlotView* BeyondPage::currentPlot()
{
    updateIfStale(currentIndex());
    return m_views[size_t(currentIndex())].plot;
}

PlotView* BeyondPage::plot(const QString& key) const
{
    const auto& keys = beyondViewKeys();
    const auto found = std::find(keys.begin(), keys.end(), key);
    return found == keys.end() ? nullptr : m_views[size_t(found - keys.begin())].plot;
}

QString BeyondPage::summary() const
{
    return m_views[size_t(currentIndex())].summary->text();
}

void BeyondPage::refreshClassBoxes()
{
    const QStringList& names = m_window.logitModel()->names();
    if (names == m_names)
        return;
    m_names = names;

    const QSignalBlocker label_blocker(m_label_box);
    const int previous_label = m_label_box->currentIndex();
    m_label_box->clear();
    m_label_box->addItem(tr("automatic"), -1);
    for (int i = 0; i < names.size(); ++i)
        m_label_box->addItem(names.at(i), i);
    m_label_box->setCurrentIndex(previous_label >= 0 && previous_label < m_label_box->count()
                                     ? previous_label
                                     : 0);

    // The pair starts as the teacher's two largest logits.
    const std::vector<Index> order = classesByTeacherLogit(m_window.distillation());
    for (auto [box, fallback] : {std::pair{m_first_box, order[0]}, std::pair{m_second_box, order[1]}}) {
        const QSignalBlocker blocker(box);
        const int previous = box->currentIndex();
        box->clear();
        box->addItems(names);
        box->setCurrentIndex(previous >= 0 && previous < names.size() ? previous : int(fallback));
    }
}

Index BeyondPage::hardLabel() const
{
    const int chosen = m_label_box->currentData().toInt();
    if (chosen >= 0 && chosen < m_window.distillation().classes())
        return chosen;
    if (const auto label = classOfLabel(m_names, m_window.sampleLabel()))
        return *label;
    return m_window.distillation().teacherArgmax();
}

double BeyondPage::mixingWeight() const
{
    return m_weight_box->value();
}

MixingConvention BeyondPage::mixingConvention() const
{
    return MixingConvention(m_convention_box->currentData().toInt());
}

void BeyondPage::setHardTargetSettings(std::optional<Index> label, double weight,
                                       MixingConvention convention)
{
    Q_ASSERT(!label || (*label >= 0 && *label + 1 < m_label_box->count()));
    m_label_box->setCurrentIndex(label ? int(*label) + 1 : 0);
    m_weight_box->setValue(std::clamp(weight, 0.0, 1.0));
    m_convention_box->setCurrentIndex(m_convention_box->findData(int(convention)));
}

void BeyondPage::resetClassPair()
{
    const std::vector<Index> order = classesByTeacherLogit(m_window.distillation());
    m_first_box->setCurrentIndex(int(order[0]));
    m_second_box->setCurrentIndex(int(order[1]));
}

QString BeyondPage::className(Index i) const
{
    return m_names.value(int(i), QString::number(i));
}

void BeyondPage::updateIfStale(View view)
{
    if (m_views[size_t(view)].stale)
        updateView(view);
}

void BeyondPage::updateView(View view)
{
    refreshClassBoxes();
    switch (view) {
    case HardTargets: updateHardTargets(); break;
    case LowTemperature: updateLowTemperature(); break;
    case TwoClasses: updateTwoClasses(); break;
    case Standardization: updateStandardization(); break;
    case Limits: updateLimits(); break;
    case ViewCount: break;
    }
    m_views[size_t(view)].stale = false;
    m_views[size_t(view)].plot->replot();
    qCDebug(lcBeyond) << "updated view" << beyondViewKeys()[size_t(view)];
}

BeyondPage* beyondPage(const MainWindow& window)
{
    const QTabWidget* pages = window.pages();
    for (int i = 0; i < pages->count(); ++i) {
        if (pages->widget(i)->property("pageKey").toString() == QLatin1String("beyond"))
            return qobject_cast<BeyondPage*>(pages->widget(i));
    }
    return nullptr;
}

} // namespace distillscope::ui
