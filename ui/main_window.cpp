#include "ui/main_window.h"

#include "ui/beyond_page.h"
#include "ui/derivation_page.h"
#include "ui/distribution_panel.h"
#include "ui/export_actions.h"
#include "ui/gradient_panel.h"
#include "ui/input_messages.h"
#include "ui/logit_editor.h"
#include "ui/logit_model.h"
#include "ui/playback.h"
#include "ui/surface_panel.h"
#include "ui/sweep_panel.h"
#include "ui/temperature_control.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLoggingCategory>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcWindow, "distillscope.ui.window", QtWarningMsg)

namespace distillscope::ui {

namespace {

// Cells per side of the loss surfaces.
constexpr int kSurfacePoints = 64;
constexpr double kDefaultTolerance = 0.01;

std::vector<double> toStd(const Vector& vector)
{
    return {vector.data(), vector.data() + vector.size()};
}

QStringList toQt(const std::vector<std::string>& names)
{
    QStringList list;
    for (const std::string& name : names)
        list.append(QString::fromStdString(name));
    return list;
}

} // namespace

MainWindow::MainWindow(const StartupScenario& scenario, QWidget* parent)
    : QMainWindow(parent), m_source_label(QString::fromStdString(scenario.source_label))
{
    m_model = new LogitModel(this);
    {
        const QSignalBlocker blocker(m_model);
        m_model->setLogits(scenario.teacher, scenario.student, toQt(scenario.class_names));
    }
    m_temperature = scenario.temperature;
    m_sample_label = QString::fromStdString(scenario.label);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildControls(scenario));
    splitter->addWidget(buildPanels());
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({360, 1240});
    setCentralWidget(splitter);
    orderTabStops();

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLine"));
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    statusBar()->addWidget(m_status, 1);
    // QStatusBar hides the status line under a temporary message only while
    // the bar is visible, so a message shown before the window, or while only
    // the plots show, was drawn over the line. This hides it in every case.
    connect(statusBar(), &QStatusBar::messageChanged, m_status,
            [this](const QString& message) { m_status->setVisible(message.isEmpty()); });

    updateClassBoxes();
    connectControls();
    // File > Export, Ctrl+Shift+C and the panels' context menus.
    new ExportActions(*this);

    auto created = Distillation::create(scenario.teacher, scenario.student);
    // NOTE: app/ validates the scenario before it builds the window, so a
    // failure here is a programming mistake; the assertion names it.
    assert(created && "runWindow needs at least two finite logits per side of equal length");
    m_distillation = std::move(*created);
    if (!acceptTemperature(m_temperature)) {
        // An overflowing start temperature falls back to T = 1, the plain softmax.
        m_temperature = 1.0;
        m_temperature_control->setTemperature(1.0);
        acceptTemperature(m_temperature);
    }
    if (!m_distillation->evaluate(m_temperature)) {
        // NOTE: app/ rejects logits whose quantities overflow at the start
        // temperature, so this is a programming mistake. Zero logits keep
        // the window usable instead of leaving every panel without numbers.
        assert(false && "runWindow needs logits whose quantities are finite at the start T");
        const std::vector<double> zeros(scenario.teacher.size(), 0.0);
        const QSignalBlocker blocker(m_model);
        m_model->setLogits(zeros, zeros, m_model->names());
        m_distillation = *Distillation::create(zeros, zeros);
    }
    refresh(LogitChange);
    addPage(new BeyondPage(*this, m_pages), QStringLiteral("beyond"), tr("Beyond the paper"));
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::buildControls(const StartupScenario& scenario)
{
    auto* column = new QWidget(this);
    column->setObjectName(QStringLiteral("controlsPane"));
    m_controls = column;
    auto* layout = new QVBoxLayout(column);

    auto* temperature_group = new QGroupBox(tr("Temperature"), column);
    auto* temperature_layout = new QVBoxLayout(temperature_group);
    m_temperature_control = new TemperatureControl(temperature_group);
    const double low = std::min(m_temperature_control->rangeMin(), scenario.temperature);
    const double high = std::max(m_temperature_control->rangeMax(), scenario.temperature);
    m_temperature_control->setRange(low, high);
    m_temperature_control->setTemperature(scenario.temperature);
    temperature_layout->addWidget(m_temperature_control);
    m_playback = new PlaybackControl(m_temperature_control, temperature_group);
    temperature_layout->addWidget(m_playback);
    layout->addWidget(temperature_group);

    layout->addWidget(buildOptions());

    auto* logit_group = new QGroupBox(tr("Logits"), column);
    auto* logit_layout = new QVBoxLayout(logit_group);
    m_editor = new LogitEditor(m_model, logit_group);
    logit_layout->addWidget(m_editor);
    layout->addWidget(logit_group, 1);
    return column;
}

QWidget* MainWindow::buildOptions()
{
    auto* group = new QGroupBox(tr("What the panels show"), this);
    auto* form = new QFormLayout(group);

    m_followed_box = new QComboBox(group);
    m_followed_box->setObjectName(QStringLiteral("followedClass"));
    m_followed_box->setToolTip(tr("The class whose gradient the sweep follows"));
    form->addRow(tr("Followed class"), m_followed_box);

    m_tolerance_box = new QDoubleSpinBox(group);
    m_tolerance_box->setObjectName(QStringLiteral("tolerance"));
    m_tolerance_box->setSuffix(QStringLiteral(" %"));
    m_tolerance_box->setDecimals(3);
    m_tolerance_box->setRange(0.0001, 100.0);
    m_tolerance_box->setValue(kDefaultTolerance * 100.0);
    m_tolerance_box->setToolTip(tr("Largest max-norm relative error of Eq. 4 against Eq. 2 that "
                                   "counts as a match; T*(eps) is where it starts to hold"));
    form->addRow(tr("Tolerance eps"), m_tolerance_box);

    m_eq4_box = new QComboBox(group);
    m_eq4_box->setObjectName(QStringLiteral("eq4Logits"));
    m_eq4_box->addItem(tr("centred (zero mean)"), int(Eq4Logits::Centered));
    m_eq4_box->addItem(tr("raw, as given"), int(Eq4Logits::Raw));
    m_eq4_box->setToolTip(tr("Eq. 4 assumes zero-mean logits; raw logits show what the "
                             "assumption hides"));
    form->addRow(tr("Eq. 4 logits"), m_eq4_box);

    m_followed_box->setAccessibleName(tr("Followed class"));
    m_tolerance_box->setAccessibleName(tr("Tolerance eps"));
    m_eq4_box->setAccessibleName(tr("Eq. 4 logits"));

    m_scale_box = new QCheckBox(tr("Multiply gradients by T²"), group);
    m_scale_box->setObjectName(QStringLiteral("scaleByTSquared"));
    form->addRow(m_scale_box);
    m_log_box = new QCheckBox(tr("Logarithmic probability axis"), group);
    m_log_box->setObjectName(QStringLiteral("logScale"));
    m_scale_box->setToolTip(tr("Show T² dC/dz, which approaches (z - v)/N at high T for "
                               "zero-mean logits"));
    m_log_box->setToolTip(tr("Show p and q on a logarithmic axis, where small probabilities "
                             "stay visible"));
    form->addRow(m_log_box);

    m_slice_kind_box = new QComboBox(group);
    m_slice_kind_box->setObjectName(QStringLiteral("sliceKind"));
    m_slice_kind_box->addItem(tr("two student logits"), int(SliceKind::ClassPair));
    m_slice_kind_box->addItem(tr("zero-mean plane"), int(SliceKind::ZeroMeanPlane));
    m_slice_kind_box->setAccessibleName(tr("Surface slice"));
    m_slice_kind_box->setToolTip(tr("The plane of student logits that the loss surfaces show"));
    form->addRow(tr("Surface slice"), m_slice_kind_box);
    m_slice_first_box = new QComboBox(group);
    m_slice_second_box = new QComboBox(group);
    m_slice_first_box->setObjectName(QStringLiteral("sliceFirstClass"));
    m_slice_second_box->setObjectName(QStringLiteral("sliceSecondClass"));
    m_slice_first_box->setAccessibleName(tr("First slice class"));
    m_slice_second_box->setAccessibleName(tr("Second slice class"));
    m_slice_first_box->setToolTip(tr("The class along the horizontal axis of the surfaces"));
    m_slice_second_box->setToolTip(tr("The class along the vertical axis of the surfaces"));
    auto* classes = new QHBoxLayout;
    classes->addWidget(m_slice_first_box);
    classes->addWidget(m_slice_second_box);
    form->addRow(tr("Slice classes"), classes);
    return group;
}

QWidget* MainWindow::buildPanels()
{
    m_distribution = new DistributionPanel(this);
    m_gradient = new GradientPanel(this);
    m_sweep_panel = new SweepPanel(this);
    m_surface_panel = new SurfacePanel(this);

    auto* top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(m_distribution);
    top->addWidget(m_gradient);
    auto* panels = new QSplitter(Qt::Vertical, this);
    panels->addWidget(top);
    panels->addWidget(m_sweep_panel);
    panels->addWidget(m_surface_panel);
    // The sweep stacks two plots, so it takes the largest share of the height,
    // which projector mode's larger text needs most.
    panels->setSizes({300, 400, 300});
    for (int i = 0; i < 3; ++i)
        panels->setStretchFactor(i, i == 1 ? 4 : 3);

    m_pages = new QTabWidget(this);
    m_pages->setDocumentMode(true);
    addPage(panels, QStringLiteral("plots"), tr("Plots"));
    addPage(new DerivationPage(*this, m_pages), QStringLiteral("derivation"), tr("Derivation"));
    return m_pages;
}

void MainWindow::orderTabStops()
{
    // Top to bottom as the controls appear, then the page tabs.
    QList<QWidget*> stops = m_temperature_control->tabStops();
    stops += m_playback->tabStops();
    stops += {m_followed_box, m_tolerance_box, m_eq4_box, m_scale_box, m_log_box,
              m_slice_kind_box, m_slice_first_box, m_slice_second_box};
    stops += m_editor->tabStops();
    stops += m_pages->tabBar();
    for (qsizetype i = 1; i < stops.size(); ++i)
        setTabOrder(stops[i - 1], stops[i]);
}

void MainWindow::addPage(QWidget* page, const QString& key, const QString& title)
{
    page->setProperty("pageKey", key);
    m_pages->addTab(page, title);
}

bool MainWindow::showPage(const QString& key, const QString& view)
{
    for (int i = 0; i < m_pages->count(); ++i) {
        QWidget* page = m_pages->widget(i);
        if (page->property("pageKey").toString() != key)
            continue;
        bool shown = true;
        if (!view.isEmpty()
            && !QMetaObject::invokeMethod(page, "setView", Qt::DirectConnection,
                                          Q_RETURN_ARG(bool, shown), Q_ARG(QString, view)))
            return false;
        if (shown)
            m_pages->setCurrentIndex(i);
        return shown;
    }
    return false;
}

QString MainWindow::currentPageKey() const
{
    const QWidget* page = m_pages->currentWidget();
    return page ? page->property("pageKey").toString() : QString();
}

void MainWindow::connectControls()
{
    connect(m_temperature_control, &TemperatureControl::temperatureChanged, this,
            [this](double temperature) {
                if (acceptTemperature(temperature))
                    refresh(TemperatureChange);
            });
    connect(m_temperature_control, &TemperatureControl::rangeChanged, this,
            [this] { refresh(SweepChange); });
    connect(m_playback, &PlaybackControl::temperatureRequested, this, &MainWindow::setTemperature);
    connect(m_model, &LogitModel::logitsChanged, this, &MainWindow::onLogitsChanged);
    connect(m_model, &LogitModel::namesChanged, this, [this] {
        if (m_writing_model)
            return;
        updateClassBoxes();
        m_distribution->setClassNames(m_model->names());
        m_gradient->setClassNames(m_model->names());
        refresh(SweepChange | SliceChange);
    });
    connect(m_editor, &LogitEditor::centerRequested, this, &MainWindow::centerLogits);
    connect(m_followed_box, &QComboBox::currentIndexChanged, this, [this] { refresh(SweepChange); });
    connect(m_tolerance_box, &QDoubleSpinBox::valueChanged, this, [this] { refresh(MatchChange); });
    connect(m_eq4_box, &QComboBox::currentIndexChanged, this, [this] { refresh(SweepChange); });
    connect(m_scale_box, &QCheckBox::toggled, this, [this] { refresh(SweepChange); });
    connect(m_log_box, &QCheckBox::toggled, this, [this](bool log_scale) {
        m_distribution->setLogScale(log_scale);
        refresh(DistributionScaleChange);
    });
    for (QComboBox* box : {m_slice_kind_box, m_slice_first_box, m_slice_second_box})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { refresh(SliceChange); });
    connect(m_surface_panel, &SurfacePanel::studentDragged, this, &MainWindow::onStudentDragged);
}

double MainWindow::tolerance() const
{
    return m_tolerance_box->value() / 100.0;
}

Index MainWindow::followedClass() const
{
    return std::max(m_followed_box->currentIndex(), 0);
}

SliceAxes MainWindow::sliceAxes() const
{
    SliceAxes axes;
    axes.kind = SliceKind(m_slice_kind_box->currentData().toInt());
    axes.first_class = std::max(m_slice_first_box->currentIndex(), 0);
    axes.second_class = std::max(m_slice_second_box->currentIndex(), 0);
    return axes;
}

DisplayOptions MainWindow::displayOptions() const
{
    DisplayOptions options;
    options.eq4_logits = Eq4Logits(m_eq4_box->currentData().toInt());
    options.scale_by_t_squared = m_scale_box->isChecked();
    return options;
}

QString MainWindow::followedName() const
{
    return m_model->names().value(int(followedClass()));
}

void MainWindow::setTemperature(double temperature)
{
    m_temperature_control->setTemperature(temperature);
    if (acceptTemperature(temperature))
        refresh(TemperatureChange);
}

bool MainWindow::acceptTemperature(double temperature)
{
    auto evaluated = m_distillation->evaluate(temperature);
    if (!evaluated) {
        qCDebug(lcWindow) << "rejected temperature" << temperature;
        m_temperature_control->showTemperatureProblem(
            describeInputError(evaluated.error(), m_model->names()));
        return false;
    }
    m_temperature_control->showTemperatureProblem({});
    m_temperature = temperature;
    m_quantities = std::move(*evaluated);
    return true;
}

bool MainWindow::acceptLogits()
{
    auto created = Distillation::create(m_model->teacher(), m_model->student());
    std::optional<InputError> problem;
    if (!created)
        problem = created.error();
    std::optional<Quantities> evaluated;
    if (created) {
        auto result = created->evaluate(m_temperature);
        if (result)
            evaluated = std::move(*result);
        else
            problem = result.error();
    }
    if (problem) {
        // The last valid logits go back on screen, with the reason on the table.
        qCDebug(lcWindow) << "rejected logits, problem" << int(problem->problem);
        const QString message = describeInputError(*problem, m_model->names());
        m_writing_model = true;
        m_model->setLogits(toStd(m_distillation->teacher()), toStd(m_distillation->student()),
                           m_model->names());
        m_writing_model = false;
        m_editor->showLogitProblem(message);
        return false;
    }
    m_editor->showLogitProblem({});
    m_distillation = std::move(*created);
    m_quantities = std::move(*evaluated);
    return true;
}

void MainWindow::onLogitsChanged()
{
    if (m_writing_model)
        return;
    if (!m_dragging_student)
        m_edited = true;
    refresh(LogitChange);
}

void MainWindow::onStudentDragged(SlicePoint point)
{
    if (!m_anchor)
        return;
    const Vector student = studentAt(*m_anchor, sliceAxes(), point);
    m_student_point = point;
    m_dragging_student = true;
    m_edited = true;
    m_model->setStudent(toStd(student));
    m_dragging_student = false;
}

void MainWindow::centerLogits()
{
    // The core centres in double-double, so a common offset of 1e6 costs no
    // digits; subtracting a rounded mean here would.
    // The core stores them times 2^-k when the logits approach the double
    // limit; ldexp undoes that exactly.
    const int exponent = m_distillation->scaleExponent();
    const Vector& teacher = m_distillation->centeredTeacher();
    const Vector student = teacher + m_distillation->centeredDifference();
    const auto unscaled = [exponent](const Vector& scaled) {
        std::vector<double> logits = toStd(scaled);
        for (double& value : logits)
            value = std::ldexp(value, exponent);
        return logits;
    };
    m_model->setLogits(unscaled(teacher), unscaled(student), m_model->names());
}

void MainWindow::refresh(unsigned changes)
{
    if (changes & LogitChange) {
        if (!acceptLogits())
            return;
        changes |= TemperatureChange | SweepChange | MatchChange | SliceChange;
        if (m_followed_box->count() != m_model->classes())
            updateClassBoxes();
        m_distribution->setClassNames(m_model->names());
        m_gradient->setClassNames(m_model->names());
        m_editor->refreshChart();
    }
    if (m_dragging_student)
        changes = (changes & ~SliceChange) | DragChange;

    const DisplayOptions options = displayOptions();
    if (changes & (TemperatureChange | SweepChange | DistributionScaleChange)) {
        m_distribution->show(*m_quantities);
        m_gradient->show(*m_quantities, options);
    }
    if (changes & SweepChange) {
        m_sweep = computeSweep(*m_distillation, m_temperature_control->rangeMin(),
                               m_temperature_control->rangeMax(), followedClass());
        const std::vector<double> poles = taylorPoles();
        m_sweep_panel->showSweep(m_sweep, options, poles, followedName());
    }
    if (changes & MatchChange) {
        m_match = findMatchTemperature(*m_distillation, tolerance());
        m_sweep_panel->showMatch(m_match, tolerance());
    }
    m_sweep_panel->setCurrentTemperature(m_temperature);
    if (changes & SliceChange)
        reanchorSlice();
    if (changes & (TemperatureChange | SliceChange | DragChange))
        refreshSurface();

    updateStatus();
    replot(changes);
    emit stateChanged();
}

void MainWindow::reanchorSlice()
{
    m_anchor = *m_distillation;
    const SliceAxes axes = sliceAxes();
    if (!validSliceAxes(*m_anchor, axes))
        return;
    m_student_point = currentStudentPoint(*m_anchor, axes);
    m_optimum = quadraticOptimum(*m_anchor, axes, m_student_point, m_temperature);
    m_grid = surroundingGrid(m_student_point, m_optimum, kSurfacePoints);
}

void MainWindow::refreshSurface()
{
    const SliceAxes axes = sliceAxes();
    if (!m_anchor || !validSliceAxes(*m_anchor, axes)) {
        m_surface_panel->showUnavailable(
            tr("Choose two different classes for the slice; the zero-mean plane needs at "
               "least three classes."));
        return;
    }
    auto result = computeSurfaceResult(*m_anchor, m_temperature, axes, m_grid, m_student_point,
                                       m_optimum);
    if (!result) {
        m_surface_panel->showUnavailable(describeInputError(result.error(), m_model->names()));
        return;
    }
    m_surface_panel->show(*result, m_model->names());
}

std::vector<double> MainWindow::taylorPoles() const
{
    // Eq. 3 divides by N + sum(logits)/T, which vanishes at T = -sum/N.
    std::vector<double> poles;
    for (const Operand side : {Operand::Teacher, Operand::Student}) {
        if (const std::optional<double> pole = m_distillation->taylorPoleTemperature(side))
            poles.push_back(*pole);
    }
    return poles;
}

void MainWindow::updateClassBoxes()
{
    const QStringList& names = m_model->names();
    const auto refill = [&](QComboBox* box, int fallback) {
        const QSignalBlocker blocker(box);
        const int previous = box->currentIndex();
        box->clear();
        box->addItems(names);
        box->setCurrentIndex(previous >= 0 && previous < names.size() ? previous
                                                                      : std::min(fallback, int(names.size()) - 1));
    };
    refill(m_followed_box, 0);
    refill(m_slice_first_box, 0);
    refill(m_slice_second_box, 1);
}

void MainWindow::updateStatus()
{
    const QString source = m_edited ? tr("%1 (edited)").arg(m_source_label) : m_source_label;
    QString match;
    if (m_match.status == MatchTemperature::Status::Found)
        match = formatNumber(*m_match.value, 5);
    else if (m_match.status == MatchTemperature::Status::HoldsEverywhere)
        match = tr("any T");
    else
        match = tr("none");
    const QString eps = formatNumber(tolerance() * 100.0, 3) + QStringLiteral(" %");
    const QString summary = tr("N = %1   T = %2   T*(%3) = %4")
                                .arg(m_model->classes())
                                .arg(formatNumber(m_temperature, 6), eps, match);
    m_status->setText(tr("%1   %2   followed class %3").arg(source, summary, followedName()));
    setWindowTitle(tr("DistillScope — %1 — %2").arg(source, summary));
}

void MainWindow::replot(unsigned changes)
{
    if (changes & LogitChange)
        m_editor->chart()->replotNow();
    if (changes & (TemperatureChange | SweepChange | DistributionScaleChange)) {
        m_distribution->plot()->replotNow();
        m_gradient->plot()->replotNow();
    }
    if (changes & (TemperatureChange | SweepChange | MatchChange))
        m_sweep_panel->plot()->replotNow();
    if (changes & (TemperatureChange | SliceChange | DragChange))
        m_surface_panel->plot()->replotNow();
}

} // namespace distillscope::ui
