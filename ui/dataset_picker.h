#pragma once

// The sample picker of a dataset: logits files with many rows, one sample per
// row. It shows the row index, the sample's label and the teacher's top class
// where known. DatasetActions gives it the keys Alt+Left and Alt+Right (Page
// Up and Page Down belong to the temperature slider).

#include "distillscope/logits_text.h"

#include <QString>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QSpinBox;

namespace distillscope::ui {

// A teacher and a student table, either of which may have one row only: that
// side then stays fixed while the other steps through its rows.
struct Dataset {
    std::shared_ptr<const LogitsTable> teacher, student;
    QString teacher_path, student_path;

    // The number of samples: the row count of the longer table, or of the
    // shorter one where both have many rows, so that every index has both.
    int samples() const;
    // The row each side contributes to sample `index`.
    const LogitsRow& teacherRow(int index) const;
    const LogitsRow& studentRow(int index) const;
    // The true class of sample `index`, from the teacher's labels or else the
    // student's, or empty.
    QString label(int index) const;
};

class DatasetPicker : public QWidget {
    Q_OBJECT
public:
    explicit DatasetPicker(QWidget* parent = nullptr);

    // Shows `dataset` at sample `index` without emitting sampleChosen.
    void setDataset(Dataset dataset, int index);
    const Dataset& dataset() const { return m_dataset; }
    int currentSample() const;
    // Shows `index` and emits sampleChosen, as the keys do.
    void chooseSample(int index);

    QSpinBox* indexBox() const { return m_index; }
    QLabel* summaryLabel() const { return m_summary; }

signals:
    void sampleChosen(int index);

private:
    void updateSummary();

    Dataset m_dataset;
    QSpinBox* m_index = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_previous = nullptr;
    QPushButton* m_next = nullptr;
};

} // namespace distillscope::ui
