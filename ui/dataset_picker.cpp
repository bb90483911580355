#include "ui/dataset_picker.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>

namespace distillscope::ui {

namespace {

int rowCount(const std::shared_ptr<const LogitsTable>& table)
{
    return table ? int(table->rows.size()) : 0;
}

const LogitsRow& rowOf(const LogitsTable& table, int index)
{
    // A one-row table is the fixed side of the pair.
    const std::size_t row = table.rows.size() == 1 ? 0 : std::size_t(index);
    return table.rows[row];
}

int topClass(const std::vector<double>& logits)
{
    return int(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

} // namespace

int Dataset::samples() const
{
    const int teacher_rows = rowCount(teacher);
    const int student_rows = rowCount(student);
    if (teacher_rows > 1 && student_rows > 1)
        return std::min(teacher_rows, student_rows);
    return std::max(teacher_rows, student_rows);
}

const LogitsRow& Dataset::teacherRow(int index) const
{
    return rowOf(*teacher, index);
}

const LogitsRow& Dataset::studentRow(int index) const
{
    return rowOf(*student, index);
}

QString Dataset::label(int index) const
{
    for (const auto& table : {teacher, student}) {
        if (table && table->labels.size() > std::size_t(index))
            return QString::fromStdString(table->labels[std::size_t(index)]);
    }
    return {};
}

DatasetPicker::DatasetPicker(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("datasetPicker"));
    m_previous = new QPushButton(tr("◀ Previous"), this);
    m_previous->setObjectName(QStringLiteral("previousSample"));
    m_previous->setToolTip(tr("Previous sample (Alt+Left)"));
    m_next = new QPushButton(tr("Next ▶"), this);
    m_next->setObjectName(QStringLiteral("nextSample"));
    m_next->setToolTip(tr("Next sample (Alt+Right)"));
    m_index = new QSpinBox(this);
    m_index->setObjectName(QStringLiteral("sampleIndex"));
    m_index->setToolTip(tr("Sample, counted from 0 as the rows of the file"));
    m_index->setAccessibleName(tr("Sample"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("sampleSummary"));

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(new QLabel(tr("Sample"), this));
    layout->addWidget(m_index);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(m_summary, 1);

    connect(m_previous, &QPushButton::clicked, this, [this] { chooseSample(currentSample() - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { chooseSample(currentSample() + 1); });
    connect(m_index, &QSpinBox::valueChanged, this, [this](int index) {
        updateSummary();
        emit sampleChosen(index);
    });
}

void DatasetPicker::setDataset(Dataset dataset, int index)
{
    m_dataset = std::move(dataset);
    const QSignalBlocker blocker(m_index);
    m_index->setRange(0, std::max(m_dataset.samples() - 1, 0));
    m_index->setSuffix(tr(" of %1").arg(m_dataset.samples()));
    m_index->setValue(index);
    updateSummary();
}

int DatasetPicker::currentSample() const
{
    return m_index->value();
}

void DatasetPicker::chooseSample(int index)
{
    if (index < m_index->minimum() || index > m_index->maximum())
        return;
    m_index->setValue(index);
}

void DatasetPicker::updateSummary()
{
    const int index = currentSample();
    m_previous->setEnabled(index > 0);
    m_next->setEnabled(index + 1 < m_dataset.samples());
    if (!m_dataset.teacher || m_dataset.samples() == 0) {
        m_summary->clear();
        return;
    }

    const std::vector<double>& teacher = m_dataset.teacherRow(index).values;
    const int top = topClass(teacher);
    const auto& names = m_dataset.teacher->class_names;
    const QString top_name = std::size_t(top) < names.size()
        ? QString::fromStdString(names[std::size_t(top)])
        : QString::number(top);
    const QString label = m_dataset.label(index);
    m_summary->setText(label.isEmpty()
                           ? tr("teacher's top class %1").arg(top_name)
                           : tr("label %1, teacher's top class %2").arg(label, top_name));
}

} // namespace distillscope::ui
