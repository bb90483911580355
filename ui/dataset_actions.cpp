#include "ui/dataset_actions.h"

#include "ui/file_actions.h"
#include "ui/file_messages.h"
#include "ui/main_window.h"
#include "ui/session.h"

#include "distillscope/logits_file.h"

#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <limits>
#include <memory>

Q_LOGGING_CATEGORY(lcDataset, "distillscope.ui.dataset", QtWarningMsg)

namespace distillscope::ui {

namespace {

using ReadResult = Expected<LogitsTable, TextError>;

// The progress dialog appears only for reads longer than this, so that small
// files open without a flash.
constexpr int kProgressDelayMs = 300;

std::shared_ptr<const LogitsTable> oneRowTable(const std::vector<double>& logits,
                                               const QStringList& names)
{
    auto table = std::make_shared<LogitsTable>();
    table->rows.push_back(LogitsRow{logits, 0, {}});
    for (const QString& name : names)
        table->class_names.push_back(name.toStdString());
    return table;
}

// Takes the natural logarithm of every value. A probability of 0 becomes the
// logarithm of the smallest subnormal double, about -744.4, because the
// core rejects an infinite logit.
void takeLogarithm(LogitsTable& table)
{
    const double smallest = std::log(std::numeric_limits<double>::denorm_min());
    for (LogitsRow& row : table.rows) {
        for (double& value : row.values)
            value = value > 0.0 ? std::log(value) : smallest;
    }
}

QString roleName(LogitsRole role)
{
    return role == LogitsRole::Teacher ? DatasetActions::tr("teacher")
                                       : DatasetActions::tr("student");
}

} // namespace

DatasetActions::DatasetActions(MainWindow& window, FileActions& files)
    : QObject(&files), m_window(window), m_files(files)
{
    QMenu* menu = m_window.menuBar()->findChild<QMenu*>(QStringLiteral("fileMenu"));
    QAction* before = menu->actions().value(menu->actions().indexOf(files.saveAction()));
    QAction* teacher = new QAction(tr("Open &Teacher Logits…"), menu);
    teacher->setObjectName(QStringLiteral("openTeacherAction"));
    QAction* student = new QAction(tr("Open St&udent Logits…"), menu);
    student->setObjectName(QStringLiteral("openStudentAction"));
    menu->insertAction(before, teacher);
    menu->insertAction(before, student);
    connect(teacher, &QAction::triggered, this, [this] { openDialog(LogitsRole::Teacher); });
    connect(student, &QAction::triggered, this, [this] { openDialog(LogitsRole::Student); });

    m_picker = new DatasetPicker(&m_window);
    m_dock = new QDockWidget(tr("Dataset"), &m_window);
    m_dock->setObjectName(QStringLiteral("datasetDock"));
    m_dock->setWidget(m_picker);
    m_dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    m_window.addDockWidget(Qt::TopDockWidgetArea, m_dock);
    m_dock->hide();
    // Window actions, not button shortcuts, so that the keys work wherever
    // the focus is, the temperature slider included.
    QMenu* view = m_window.menuBar()->findChild<QMenu*>(QStringLiteral("viewMenu"));
    QAction* previous = new QAction(tr("&Previous Sample"), &m_window);
    previous->setObjectName(QStringLiteral("previousSampleAction"));
    previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    QAction* next = new QAction(tr("&Next Sample"), &m_window);
    next->setObjectName(QStringLiteral("nextSampleAction"));
    next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    for (QAction* action : {previous, next}) {
        action->setShortcutContext(Qt::WindowShortcut);
        m_window.addAction(action);
        if (view)
            view->addAction(action);
    }
    connect(previous, &QAction::triggered, this,
            [this] { m_picker->chooseSample(m_picker->currentSample() - 1); });
    connect(next, &QAction::triggered, this,
            [this] { m_picker->chooseSample(m_picker->currentSample() + 1); });
    connect(m_picker, &DatasetPicker::sampleChosen, this,
            [this](int index) { showSample(index, tr("Choose Sample %1").arg(index)); });
}

void DatasetActions::openDialog(LogitsRole role)
{
    const QString path = QFileDialog::getOpenFileName(
        &m_window, role == LogitsRole::Teacher ? tr("Open Teacher Logits") : tr("Open Student Logits"),
        QString(), tr("Logits files (*.csv *.tsv *.txt *.npy *.json);;All files (*)"));
    if (!path.isEmpty())
        openLogits(path, role);
}

void DatasetActions::askRoleAndOpen(const QString& path)
{
    QMessageBox box(QMessageBox::Question, tr("Open Logits"),
                    tr("Open %1 as the teacher's or the student's logits?")
                        .arg(QFileInfo(path).fileName()),
                    QMessageBox::Cancel, &m_window);
    box.setObjectName(QStringLiteral("logitsRoleDialog"));
    QPushButton* teacher = box.addButton(tr("Teacher"), QMessageBox::AcceptRole);
    teacher->setObjectName(QStringLiteral("teacherRole"));
    QPushButton* student = box.addButton(tr("Student"), QMessageBox::AcceptRole);
    student->setObjectName(QStringLiteral("studentRole"));
    box.setDefaultButton(teacher);
    box.exec();
    if (box.clickedButton() == teacher)
        openLogits(path, LogitsRole::Teacher);
    else if (box.clickedButton() == student)
        openLogits(path, LogitsRole::Student);
}

void DatasetActions::openLogits(const QString& path, LogitsRole role)
{
    // The core reader is synchronous and cannot be stopped, so Cancel
    // abandons the read: it finishes on the pool thread and its result is
    // dropped with the watcher.
    auto* watcher = new QFutureWatcher<ReadResult>(this);
    auto* progress = new QProgressDialog(tr("Reading %1…").arg(QFileInfo(path).fileName()),
                                         tr("Cancel"), 0, 0, &m_window);
    progress->setObjectName(QStringLiteral("readProgress"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(kProgressDelayMs);
    progress->setAutoClose(false);
    progress->setAutoReset(false);

    connect(progress, &QProgressDialog::canceled, this, [this, watcher, progress, path] {
        qCDebug(lcDataset) << "cancelled reading" << path;
        watcher->disconnect(this);
        watcher->deleteLater();
        progress->deleteLater();
        m_window.statusBar()->showMessage(tr("Cancelled reading %1").arg(path), 5000);
        emit loadFinished(tr("Cancelled reading %1.").arg(path));
    });
    connect(watcher, &QFutureWatcher<ReadResult>::finished, this, [=, this] {
        ReadResult result = watcher->result();
        watcher->deleteLater();
        progress->disconnect(this);
        progress->deleteLater();
        if (!result) {
            const QString message = describeLogitsFileError(result.error(), path);
            qCWarning(lcDataset) << "reading" << path << "failed:" << message;
            QMessageBox box(QMessageBox::Warning, tr("Open Logits"), message, QMessageBox::Ok,
                            &m_window);
            box.setObjectName(QStringLiteral("fileErrorDialog"));
            box.exec();
            emit loadFinished(message);
            return;
        }
        accept(std::move(*result), path, role);
    });

    const std::filesystem::path file(QFile::encodeName(path).toStdString());
    watcher->setFuture(QtConcurrent::run([file] { return readLogitsAuto(file); }));
}

void DatasetActions::adoptDataset(std::shared_ptr<const LogitsTable> teacher,
                                  std::shared_ptr<const LogitsTable> student, const QString& teacher_path,
                                  const QString& student_path, int row)
{
    const SessionState current = m_window.sessionState();
    Dataset dataset;
    dataset.teacher = teacher ? std::move(teacher) : oneRowTable(current.teacher, current.class_names);
    dataset.student = student ? std::move(student) : oneRowTable(current.student, current.class_names);
    dataset.teacher_path = teacher_path;
    dataset.student_path = student_path;
    if (dataset.teacher->classes() != dataset.student->classes() || dataset.samples() <= 1)
        return;
    if (row < 0 || row >= dataset.samples())
        return;
    m_picker->setDataset(std::move(dataset), row);
    m_dock->setVisible(true);
}

void DatasetActions::accept(LogitsTable table, const QString& path, LogitsRole role)
{
    if (looksLikeProbabilities(table.rows.front().values)) {
        const QString note = tr("The rows of %1 look like probabilities (within [0, 1] and "
                                "summing to 1), not logits.")
                                 .arg(QFileInfo(path).fileName());
        m_window.statusBar()->showMessage(note, 10000);
        const auto answer = QMessageBox::question(
            &m_window, tr("Probabilities, Not Logits?"),
            note + u' ' + tr("Take their natural logarithm, which gives valid logits?"),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer == QMessageBox::Yes)
            takeLogarithm(table);
    }

    const SessionState current = m_window.sessionState();
    Dataset dataset = m_picker->dataset();
    if (!dataset.teacher)
        dataset.teacher = oneRowTable(current.teacher, current.class_names);
    if (!dataset.student)
        dataset.student = oneRowTable(current.student, current.class_names);

    auto loaded = std::make_shared<const LogitsTable>(std::move(table));
    auto& side = role == LogitsRole::Teacher ? dataset.teacher : dataset.student;
    auto& other = role == LogitsRole::Teacher ? dataset.student : dataset.teacher;
    side = loaded;
    (role == LogitsRole::Teacher ? dataset.teacher_path : dataset.student_path) = path;
    if (other->classes() != loaded->classes()) {
        // The other side cannot be kept; all-zero logits are the uniform
        // distribution, an untrained model.
        other = oneRowTable(std::vector<double>(loaded->classes(), 0.0), {});
        (role == LogitsRole::Teacher ? dataset.student_path : dataset.teacher_path).clear();
        m_window.statusBar()->showMessage(
            tr("%1 has %2 classes, so the other logits were set to zero.")
                .arg(QFileInfo(path).fileName())
                .arg(loaded->classes()),
            10000);
    }

    m_picker->setDataset(std::move(dataset), 0);
    m_dock->setVisible(m_picker->dataset().samples() > 1);
    showSample(0, tr("Open %1 Logits").arg(roleName(role)));
    emit loadFinished({});
}

// NOTE: undoing a sample choice restores the logits but leaves the picker on
// the undone index, because undo commands store session states, which do not
// include the picker.
void DatasetActions::showSample(int index, const QString& text)
{
    const Dataset& dataset = m_picker->dataset();
    SessionState state = m_window.sessionState();
    state.teacher = dataset.teacherRow(index).values;
    state.student = dataset.studentRow(index).values;
    QStringList names;
    const LogitsTable& named = dataset.teacher->class_names.empty() ? *dataset.student
                                                                     : *dataset.teacher;
    for (const std::string& name : named.class_names)
        names.append(QString::fromStdString(name));
    state.class_names = names;
    state.label = dataset.label(index);
    const QString teacher_name = QFileInfo(dataset.teacher_path).fileName();
    const QString student_name = QFileInfo(dataset.student_path).fileName();
    state.source = tr("teacher %1, student %2, sample %3")
                       .arg(teacher_name.isEmpty() ? tr("as before") : teacher_name,
                            student_name.isEmpty() ? tr("as before") : student_name)
                       .arg(index);
    state.followed_class = std::min(state.followed_class, int(state.teacher.size()) - 1);
    state.slice_first = std::min(state.slice_first, int(state.teacher.size()) - 1);
    state.slice_second = std::min(state.slice_second, int(state.teacher.size()) - 1);

    if (!m_files.replaceState(state, text)) {
        // The core rejects the sample, such as a logit whose ratio to T
        // overflows; the window keeps the previous one.
        QMessageBox box(QMessageBox::Warning, tr("Open Logits"),
                        tr("Sample %1 cannot be shown at T = %2: its logits are invalid or "
                           "overflow at this temperature.")
                            .arg(index)
                            .arg(state.temperature),
                        QMessageBox::Ok, &m_window);
        box.setObjectName(QStringLiteral("fileErrorDialog"));
        box.exec();
    }
}

} // namespace distillscope::ui
