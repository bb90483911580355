#pragma once

// The editable logits: one row per class with its name, v_i and z_i.

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace distillscope::ui {

class LogitModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, TeacherColumn, StudentColumn, ColumnCount };

    explicit LogitModel(QObject* parent = nullptr);

    // Replaces every row. An empty or short `names` is completed with class
    // numbers. Emits namesChanged only when the names differ.
    void setLogits(std::vector<double> teacher, std::vector<double> student, QStringList names);
    void setTeacher(std::vector<double> teacher);
    void setStudent(std::vector<double> student);
    // Sets one logit and emits logitsChanged; `column` is TeacherColumn or
    // StudentColumn.
    void setLogit(int row, Column column, double value);
    void insertClass(int row, double teacher, double student);
    void removeClass(int row);

    const std::vector<double>& teacher() const { return m_teacher; }
    const std::vector<double>& student() const { return m_student; }
    const QStringList& names() const { return m_names; }
    int classes() const { return int(m_teacher.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Accepts a finite number for a logit and any text for a name. Other text
    // is rejected and reported by inputRejected.
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

signals:
    // Any logit changed, including rows added or removed.
    void logitsChanged();
    void namesChanged();
    // A typed value was not a finite number. `message` explains it to the user.
    void inputRejected(const QString& message);

private:
    static QString defaultName(int row);

    std::vector<double> m_teacher, m_student;
    QStringList m_names;
};

} // namespace distillscope::ui
