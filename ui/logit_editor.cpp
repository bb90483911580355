#include "ui/logit_editor.h"

#include "ui/class_series.h"
#include "ui/input_feedback.h"
#include "ui/logit_model.h"
#include "ui/plot_view.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>
#include <random>

namespace distillscope::ui {

namespace {

// Largest distance, in pixels, from a bar tip at which a press drags the bar.
constexpr double kGrabRadius = 10.0;
// Spread of randomized logits.
constexpr double kRandomScale = 3.0;

// An editor for logit cells that outlines text which is not a finite number
// while it is typed, with the reason in its tooltip.
class LogitDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override
    {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        auto* line = qobject_cast<QLineEdit*>(editor);
        if (!line || index.column() == LogitModel::NameColumn)
            return editor;
        QObject::connect(line, &QLineEdit::textEdited, line, [line](const QString& text) {
            double value = 0.0;
            if (parseNumber(text, &value) && std::isfinite(value))
                clearInputProblem(line);
            else
                markInputProblem(line, LogitEditor::tr("A logit must be a finite number, such as -2.5."));
        });
        return editor;
    }
};

} // namespace

LogitEditor::LogitEditor(LogitModel* model, QWidget* parent) : QWidget(parent), m_model(model)
{
    m_chart = new PlotView(this);
    m_chart->setObjectName(QStringLiteral("logitChart"));
    m_chart->setMinimumHeight(170);
    styleAxisRect(m_chart->axisRect());
    m_chart->xAxis->setLabel(tr("class"));
    // Classes are integers: whole-number ticks only, thinned by multiples of
    // one when the classes are too many to label each.
    QSharedPointer<QCPAxisTickerFixed> class_ticker(new QCPAxisTickerFixed);
    class_ticker->setTickStep(1.0);
    class_ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_chart->xAxis->setTicker(class_ticker);
    m_chart->yAxis->setLabel(tr("logit"));
    m_series = new ClassSeries(m_chart->xAxis, m_chart->yAxis, this);
    m_series->addSeries(tr("teacher v"), Quantity::Teacher);
    m_series->addSeries(tr("student z"), Quantity::Student);
    placeLegendAbove(m_chart, 2);
    m_chart->setToolTip(tr("Drag the end of a bar to change that logit"));
    m_chart->setDragHandlers({[this](QCPAxisRect*, QPointF pixel) { return beginBarDrag(pixel); },
                              [this](QCPAxisRect*, QPointF pixel) { dragBarTo(pixel); },
                              [this] { m_drag_row = -1; }});
    m_chart->setCursorDescriber([this](QCPAxisRect*, double key, double) -> QString {
        const int row = int(std::lround(key));
        if (row < 0 || row >= m_model->classes())
            return {};
        return tr("class %1: v = %2   z = %3")
            .arg(m_model->names().at(row), formatNumber(m_model->teacher()[size_t(row)], 6),
                 formatNumber(m_model->student()[size_t(row)], 6));
    });

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("logitTable"));
    m_table->setModel(model);
    m_table->setItemDelegate(new LogitDelegate(m_table));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // The class column already numbers the rows, and the row header was
    // too narrow for three-digit indices.
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Tab leaves the table for the buttons below it, and the arrow keys move
    // between cells.
    m_table->setTabKeyNavigation(false);
    m_table->setAccessibleName(tr("Logit table"));
    m_table->setAccessibleDescription(
        tr("One row per class: its name, teacher logit v and student logit z. Press F2 to edit a cell."));
    m_chart->setAccessibleName(tr("Logit chart"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_chart, 2);
    layout->addWidget(m_table, 3);
    buildButtons();

    connect(model, &LogitModel::inputRejected, this, &LogitEditor::showLogitProblem);
    connect(model, &LogitModel::logitsChanged, this,
            [this] { m_remove->setEnabled(m_model->classes() > 2); });
}

void LogitEditor::buildButtons()
{
    auto* add = new QPushButton(tr("Add class"), this);
    m_remove = new QPushButton(tr("Remove class"), this);
    auto* random = new QPushButton(tr("Randomize"), this);
    auto* center = new QPushButton(tr("Centre"), this);
    auto* copy = new QPushButton(tr("Copy v → z"), this);
    auto* shift_button = new QPushButton(tr("Shift"), this);
    add->setToolTip(tr("Append a class with v = z = 0"));
    m_remove->setToolTip(tr("Remove the selected classes, or the last one; at least two remain"));
    random->setToolTip(tr("Draw new teacher and student logits"));
    center->setToolTip(tr("Subtract the mean from the teacher and from the student logits"));
    copy->setToolTip(tr("Set the student logits to the teacher's"));
    shift_button->setToolTip(tr("Add a constant to every logit of the chosen vector. "
                                "p and q, and so Eq. 2, do not change; raw Eq. 4 does."));
    shift_button->setObjectName(QStringLiteral("shiftButton"));
    center->setObjectName(QStringLiteral("centreButton"));
    add->setObjectName(QStringLiteral("addClassButton"));
    m_remove->setObjectName(QStringLiteral("removeClassButton"));
    random->setObjectName(QStringLiteral("randomizeButton"));
    copy->setObjectName(QStringLiteral("copyTeacherButton"));
    for (QPushButton* button : {add, m_remove, random, center, copy, shift_button})
        button->setAccessibleDescription(button->toolTip());
    copy->setAccessibleName(tr("Copy teacher logits to student"));

    m_shift_amount = new QDoubleSpinBox(this);
    m_shift_amount->setObjectName(QStringLiteral("shiftAmount"));
    m_shift_amount->setRange(-1e6, 1e6);
    m_shift_amount->setDecimals(3);
    m_shift_amount->setValue(1.0);
    m_shift_amount->setAccessibleName(tr("Shift amount"));
    m_shift_amount->setToolTip(tr("The constant that Shift adds"));
    m_shift_target = new QComboBox(this);
    m_shift_target->setObjectName(QStringLiteral("shiftTarget"));
    m_shift_target->addItems({tr("student z"), tr("teacher v"), tr("both")});
    m_shift_target->setAccessibleName(tr("Logits to shift"));
    m_shift_target->setToolTip(tr("The logits that Shift changes"));
    m_tab_stops = {m_table, add, m_remove, random, center, copy, shift_button, m_shift_amount,
                   m_shift_target};

    auto* grid = new QGridLayout;
    grid->addWidget(add, 0, 0);
    grid->addWidget(m_remove, 0, 1);
    grid->addWidget(random, 0, 2);
    grid->addWidget(center, 1, 0);
    grid->addWidget(copy, 1, 1, 1, 2);
    grid->addWidget(shift_button, 2, 0);
    grid->addWidget(m_shift_amount, 2, 1);
    grid->addWidget(m_shift_target, 2, 2);
    static_cast<QVBoxLayout*>(layout())->addLayout(grid);

    connect(add, &QPushButton::clicked, this, &LogitEditor::addClass);
    connect(m_remove, &QPushButton::clicked, this, &LogitEditor::removeClasses);
    connect(random, &QPushButton::clicked, this, &LogitEditor::randomize);
    connect(center, &QPushButton::clicked, this, &LogitEditor::centerRequested);
    connect(copy, &QPushButton::clicked, this, [this] { m_model->setStudent(m_model->teacher()); });
    connect(shift_button, &QPushButton::clicked, this, &LogitEditor::shift);
}

void LogitEditor::changeEvent(QEvent* event)
{
    // Projector mode enlarges the window's font, and the rows grow with it.
    if (event->type() == QEvent::FontChange)
        m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QWidget::changeEvent(event);
}

void LogitEditor::refreshChart()
{
    m_series->setValues(0, m_model->teacher());
    m_series->setValues(1, m_model->student());
    double low = 0.0;
    double high = 0.0;
    for (const auto* logits : {&m_model->teacher(), &m_model->student()}) {
        for (const double value : *logits) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    }
    const double margin = std::max((high - low) * 0.08, 0.5);
    m_chart->setHomeRange(m_chart->xAxis, m_series->fullKeyRange());
    // While a bar is dragged the scale stays put, or the bar would run away
    // from the mouse.
    if (m_drag_row < 0)
        m_chart->setHomeRange(m_chart->yAxis, QCPRange(low - margin, high + margin));
}

void LogitEditor::showLogitProblem(const QString& message)
{
    if (message.isEmpty())
        clearInputProblem(m_table);
    else
        markInputProblem(m_table, message);
}

void LogitEditor::addClass()
{
    m_model->insertClass(m_model->classes(), 0.0, 0.0);
}

void LogitEditor::removeClasses()
{
    QList<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty())
        rows.append(m_model->classes() - 1);
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (const int row : rows) {
        if (m_model->classes() <= 2)
            break;
        m_model->removeClass(row);
    }
}

void LogitEditor::randomize()
{
    static std::mt19937 generator{std::random_device{}()};
    std::normal_distribution<double> normal(0.0, kRandomScale);
    std::vector<double> teacher(size_t(m_model->classes()));
    std::vector<double> student(teacher.size());
    for (double& value : teacher)
        value = normal(generator);
    for (double& value : student)
        value = normal(generator);
    m_model->setLogits(std::move(teacher), std::move(student), m_model->names());
}

void LogitEditor::shift()
{
    const double amount = m_shift_amount->value();
    const int target = m_shift_target->currentIndex();
    const auto shifted = [amount](std::vector<double> logits) {
        for (double& value : logits)
            value += amount;
        return logits;
    };
    if (target == 0) {
        m_model->setStudent(shifted(m_model->student()));
    } else if (target == 1) {
        m_model->setTeacher(shifted(m_model->teacher()));
    } else {
        m_model->setLogits(shifted(m_model->teacher()), shifted(m_model->student()),
                           m_model->names());
    }
}

bool LogitEditor::beginBarDrag(QPointF pixel)
{
    // The nearest bar tip among the teacher and student series.
    m_drag_row = -1;
    double best = kGrabRadius;
    for (int series = 0; series < 2; ++series) {
        const QCPGraph* graph = m_series->graph(series);
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            const QPointF tip(m_chart->xAxis->coordToPixel(it->key),
                              m_chart->yAxis->coordToPixel(it->value));
            const double distance = QLineF(tip, pixel).length();
            if (distance < best) {
                best = distance;
                m_drag_row = int(it - graph->data()->constBegin());
                m_drag_column = series == 0 ? LogitModel::TeacherColumn : LogitModel::StudentColumn;
            }
        }
    }
    return best < kGrabRadius;
}

void LogitEditor::dragBarTo(QPointF pixel)
{
    if (m_drag_row < 0 || m_drag_row >= m_model->classes())
        return;
    m_model->setLogit(m_drag_row, LogitModel::Column(m_drag_column),
                      m_chart->yAxis->pixelToCoord(pixel.y()));
}

} // namespace distillscope::ui
