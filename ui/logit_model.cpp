#include "ui/logit_model.h"

#include "ui/input_feedback.h"

#include <QLocale>

#include <cassert>
#include <cmath>

namespace distillscope::ui {

LogitModel::LogitModel(QObject* parent) : QAbstractTableModel(parent) {}

QString LogitModel::defaultName(int row)
{
    return QString::number(row);
}

void LogitModel::setLogits(std::vector<double> teacher, std::vector<double> student,
                           QStringList names)
{
    assert(teacher.size() == student.size());
    beginResetModel();
    const QStringList previous_names = m_names;
    m_teacher = std::move(teacher);
    m_student = std::move(student);
    m_names = std::move(names);
    m_names = m_names.mid(0, classes());
    while (m_names.size() < classes())
        m_names.append(defaultName(int(m_names.size())));
    endResetModel();
    // Buttons that rewrite every logit keep the names; announcing a rename
    // then would label their undo step "Rename Class".
    if (m_names != previous_names)
        emit namesChanged();
    emit logitsChanged();
}

void LogitModel::setTeacher(std::vector<double> teacher)
{
    assert(teacher.size() == m_teacher.size());
    m_teacher = std::move(teacher);
    emit dataChanged(index(0, TeacherColumn), index(classes() - 1, TeacherColumn));
    emit logitsChanged();
}

void LogitModel::setStudent(std::vector<double> student)
{
    assert(student.size() == m_student.size());
    m_student = std::move(student);
    emit dataChanged(index(0, StudentColumn), index(classes() - 1, StudentColumn));
    emit logitsChanged();
}

void LogitModel::setLogit(int row, Column column, double value)
{
    assert(column == TeacherColumn || column == StudentColumn);
    std::vector<double>& logits = column == TeacherColumn ? m_teacher : m_student;
    logits[size_t(row)] = value;
    const QModelIndex changed = index(row, column);
    emit dataChanged(changed, changed);
    emit logitsChanged();
}

void LogitModel::insertClass(int row, double teacher, double student)
{
    beginInsertRows({}, row, row);
    m_teacher.insert(m_teacher.begin() + row, teacher);
    m_student.insert(m_student.begin() + row, student);
    m_names.insert(row, defaultName(classes() - 1));
    endInsertRows();
    emit namesChanged();
    emit logitsChanged();
}

void LogitModel::removeClass(int row)
{
    beginRemoveRows({}, row, row);
    m_teacher.erase(m_teacher.begin() + row);
    m_student.erase(m_student.begin() + row);
    m_names.removeAt(row);
    endRemoveRows();
    emit namesChanged();
    emit logitsChanged();
}

int LogitModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : classes();
}

int LogitModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogitModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::EditRole))
        return {};
    const auto row = size_t(index.row());
    switch (index.column()) {
    case NameColumn: return m_names.at(index.row());
    case TeacherColumn:
        return role == Qt::EditRole ? QVariant(QLocale().toString(m_teacher[row], 'g', 17))
                                    : QVariant(QLocale().toString(m_teacher[row], 'g', 6));
    case StudentColumn:
        return role == Qt::EditRole ? QVariant(QLocale().toString(m_student[row], 'g', 17))
                                    : QVariant(QLocale().toString(m_student[row], 'g', 6));
    }
    return {};
}

QVariant LogitModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section;
    switch (section) {
    case NameColumn: return tr("Class");
    case TeacherColumn: return tr("Teacher v");
    case StudentColumn: return tr("Student z");
    }
    return {};
}

Qt::ItemFlags LogitModel::flags(const QModelIndex& index) const
{
    return QAbstractTableModel::flags(index) | Qt::ItemIsEditable;
}

bool LogitModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || role != Qt::EditRole)
        return false;
    if (index.column() == NameColumn) {
        m_names[index.row()] = value.toString();
        emit dataChanged(index, index);
        emit namesChanged();
        return true;
    }
    double logit = 0.0;
    const QString text = value.toString();
    if (!parseNumber(text, &logit) || !std::isfinite(logit)) {
        emit inputRejected(tr("“%1” is not a finite number. A logit must be finite, such as -2.5.")
                               .arg(text));
        return false;
    }
    setLogit(index.row(), Column(index.column()), logit);
    return true;
}

} // namespace distillscope::ui
