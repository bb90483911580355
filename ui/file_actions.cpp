#include "ui/file_actions.h"

#include "ui/dataset_actions.h"
#include "ui/distribution_panel.h"
#include "ui/gradient_panel.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/surface_panel.h"
#include "ui/sweep_panel.h"
#include "ui/temperature_control.h"
#include "ui/undo_commands.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLockFile>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>

Q_LOGGING_CATEGORY(lcSession, "distillscope.ui.session", QtWarningMsg)

namespace distillscope::ui {

namespace {

constexpr int kMaxRecentFiles = 8;
const QString kRecentFilesKey = QStringLiteral("recentFiles");


QMenu* menuNamed(MainWindow& window, const QString& object_name, const QString& title)
{
    if (auto* menu = window.menuBar()->findChild<QMenu*>(object_name))
        return menu;
    QMenu* menu = window.menuBar()->addMenu(title);
    menu->setObjectName(object_name);
    return menu;
}

QString fileFilter()
{
    return FileActions::tr("Sessions and logits files (*.%1 *.csv *.tsv *.txt *.npy *.json);;"
                           "DistillScope sessions (*.%1);;All files (*)")
        .arg(kSessionSuffix);
}

} // namespace

QString FileActions::defaultAutosaveFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

FileActions::FileActions(MainWindow& window, Options options)
    : QObject(&window), m_window(window), m_options(std::move(options))
{
    m_undo = new QUndoStack(this);
    m_recorded = m_window.sessionState();

    buildFileMenu();
    buildEditMenu();
    buildViewMenu();
    m_datasets = new DatasetActions(m_window, *this);
    watchEdits();

    m_window.setAcceptDrops(true);
    m_window.installEventFilter(this);
    qApp->installEventFilter(this);

    m_autosave_timer = new QTimer(this);
    m_autosave_timer->setSingleShot(true);
    m_autosave_timer->setInterval(m_options.autosave_delay_ms);
    connect(m_autosave_timer, &QTimer::timeout, this, &FileActions::writeAutosave);

    if (!m_options.autosave_folder.isEmpty()) {
        QDir().mkpath(m_options.autosave_folder);
        // One window owns the autosave. QLockFile takes over the lock of a
        // process that died, which is the crash this autosave is for.
        m_autosave_lock = std::make_unique<QLockFile>(
            QDir(m_options.autosave_folder).filePath(QStringLiteral("autosave.lock")));
        m_autosave_lock->setStaleLockTime(0);
        if (!m_autosave_lock->tryLock(0)) {
            qCWarning(lcSession) << "another DistillScope window holds"
                                 << m_autosave_lock->error() << "so this one does not autosave";
            m_autosave_lock.reset();
        }
    }
}

FileActions::~FileActions()
{
    if (m_autosave_lock) {
        QFile::remove(autosavePath());
        m_autosave_lock->unlock();
    }
    qApp->removeEventFilter(this);
}

QString FileActions::autosavePath() const
{
    if (m_options.autosave_folder.isEmpty())
        return {};
    return QDir(m_options.autosave_folder).filePath(QStringLiteral("autosave.") + kSessionSuffix);
}

void FileActions::buildFileMenu()
{
    QMenu* menu = menuNamed(m_window, QStringLiteral("fileMenu"), tr("&File"));
    QAction* first = menu->actions().value(0);

    m_open = new QAction(tr("&Open…"), menu);
    m_open->setObjectName(QStringLiteral("openAction"));
    m_open->setShortcut(QKeySequence::Open);
    m_open->setToolTip(tr("Open a session or a logits file"));
    connect(m_open, &QAction::triggered, this, &FileActions::openDialog);

    m_recent_menu = new QMenu(tr("Open &Recent"), menu);
    m_recent_menu->setObjectName(QStringLiteral("recentMenu"));

    m_save = new QAction(tr("&Save Session"), menu);
    m_save->setObjectName(QStringLiteral("saveAction"));
    m_save->setShortcut(QKeySequence::Save);
    connect(m_save, &QAction::triggered, this, [this] {
        if (m_session_path.isEmpty())
            saveDialog();
        else if (const QString error = saveSession(m_session_path); !error.isEmpty())
            showError(tr("Save Session"), error);
    });

    m_save_as = new QAction(tr("Save Session &As…"), menu);
    m_save_as->setObjectName(QStringLiteral("saveAsAction"));
    m_save_as->setShortcut(QKeySequence::SaveAs);
    connect(m_save_as, &QAction::triggered, this, [this] { saveDialog(); });

    menu->insertAction(first, m_open);
    menu->insertMenu(first, m_recent_menu);
    menu->insertAction(first, m_save);
    menu->insertAction(first, m_save_as);
    if (first)
        menu->insertSeparator(first);
    for (QAction* action : {m_open, m_save, m_save_as})
        action->setShortcutContext(Qt::WindowShortcut);
    refreshRecentMenu();
}

void FileActions::buildEditMenu()
{
    QMenu* menu = menuNamed(m_window, QStringLiteral("editMenu"), tr("&Edit"));
    QAction* undo = m_undo->createUndoAction(menu, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undoAction"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_undo->createRedoAction(menu, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redoAction"));
    // Ctrl+Shift+Z on every platform; QKeySequence::Redo is Ctrl+Y on some.
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    menu->addAction(undo);
    menu->addAction(redo);
}

void FileActions::buildViewMenu()
{
    QMenu* menu = menuNamed(m_window, QStringLiteral("viewMenu"), tr("&View"));
    const std::pair<QString, QWidget*> panels[] = {
        {tr("Soft Targets Panel"), m_window.distributionPanel()},
        {tr("Gradient Panel"), m_window.gradientPanel()},
        {tr("Temperature Sweep Panel"), m_window.sweepPanel()},
        {tr("Loss Surface Panel"), m_window.surfacePanel()},
    };
    for (const auto& [name, panel] : panels) {
        QAction* action = menu->addAction(name);
        action->setCheckable(true);
        action->setChecked(!panel->isHidden());
        connect(action, &QAction::toggled, this, [this, panel = panel, name = name](bool shown) {
            if (m_applying)
                return;
            panel->setVisible(shown);
            recordEdit(shown ? tr("Show %1").arg(name) : tr("Hide %1").arg(name));
        });
        m_panel_actions.append(action);
    }
}

void FileActions::watchEdits()
{
    // The window connected its own handlers first, so each of these runs
    // after the window accepted or rejected the edit. A rejected edit leaves
    // the state as recorded, so it records nothing.
    LogitModel* model = m_window.logitModel();
    connect(model, &LogitModel::logitsChanged, this, [this] {
        const bool dragging = QGuiApplication::mouseButtons() != Qt::NoButton;
        recordEdit(tr("Edit Logits"), dragging ? StateCommand::LogitDrag : -1, m_drag_count);
    });
    connect(model, &LogitModel::namesChanged, this, [this] { recordEdit(tr("Rename Class")); });

    TemperatureControl* control = m_window.temperatureControl();
    connect(control->slider(), &QSlider::sliderPressed, this, [this] { ++m_drag_count; });
    // The field emits a temperature per keystroke, so "7.25" typed into it
    // would be four edits; those typed before Return or a focus change merge.
    connect(control->field(), &QAbstractSpinBox::editingFinished, this, [this] { ++m_typing_count; });
    connect(control, &TemperatureControl::temperatureChanged, this, [this, control] {
        if (control->slider()->isSliderDown())
            recordEdit(tr("Change Temperature"), StateCommand::TemperatureDrag, m_drag_count);
        else if (control->field()->hasFocus())
            recordEdit(tr("Change Temperature"), StateCommand::Typing, m_typing_count);
        else
            recordEdit(tr("Change Temperature"));
    });
    connect(control, &TemperatureControl::rangeChanged, this,
            [this] { recordEdit(tr("Change Temperature Range")); });

    QDoubleSpinBox* tolerance = m_window.toleranceBox();
    connect(tolerance, &QAbstractSpinBox::editingFinished, this, [this] { ++m_typing_count; });
    connect(tolerance, &QDoubleSpinBox::valueChanged, this, [this, tolerance] {
        if (tolerance->hasFocus())
            recordEdit(tr("Change Tolerance"), StateCommand::Typing, m_typing_count);
        else
            recordEdit(tr("Change Tolerance"));
    });
    connect(m_window.followedClassBox(), &QComboBox::currentIndexChanged, this,
            [this] { recordEdit(tr("Change Followed Class")); });
    connect(m_window.eq4LogitsBox(), &QComboBox::currentIndexChanged, this,
            [this] { recordEdit(tr("Change Eq. 4 Logits")); });
    connect(m_window.scaleBox(), &QCheckBox::toggled, this,
            [this] { recordEdit(tr("Toggle T² Scaling")); });
    connect(m_window.logScaleBox(), &QCheckBox::toggled, this,
            [this] { recordEdit(tr("Toggle Logarithmic Axis")); });
    for (auto* box : m_window.findChildren<QComboBox*>()) {
        if (box->objectName().startsWith(QLatin1String("slice")))
            connect(box, &QComboBox::currentIndexChanged, this,
                    [this] { recordEdit(tr("Change Surface Slice")); });
    }
}

void FileActions::recordEdit(const QString& text, int merge_id, int merge_token)
{
    if (m_applying)
        return;
    SessionState now = m_window.sessionState();
    if (now == m_recorded)
        return;
    qCDebug(lcSession) << "recorded edit" << text;
    auto* command = new StateCommand(m_recorded, now, text,
                                     [this](const SessionState& state) { applyState(state); },
                                     merge_id, merge_token);
    m_recorded = std::move(now);
    m_undo->push(command);
    if (!m_autosave_timer->isActive())
        m_autosave_timer->start();
}

bool FileActions::applyState(const SessionState& state)
{
    m_applying = true;
    const bool applied = m_window.applySession(state);
    const SessionPanels& panels = state.panels;
    const bool shown[] = {panels.distribution, panels.gradient, panels.sweep, panels.surface};
    for (int i = 0; applied && i < m_panel_actions.size(); ++i)
        m_panel_actions[i]->setChecked(shown[i]);
    m_recorded = m_window.sessionState();
    m_applying = false;
    if (applied && !m_autosave_timer->isActive())
        m_autosave_timer->start();
    return applied;
}

bool FileActions::replaceState(const SessionState& state, const QString& text)
{
    const SessionState before = m_recorded;
    if (!applyState(state))
        return false;
    m_undo->push(new StateCommand(before, m_recorded, text,
                                  [this](const SessionState& next) { applyState(next); }));
    return true;
}

QString FileActions::openSession(const QString& path, bool quiet)
{
    auto state = SessionFile::read(path);
    QString error;
    if (!state) {
        error = SessionFile::describe(state.error());
    } else {
        if (state->source.isEmpty())
            state->source = QFileInfo(path).fileName();
        if (!replaceState(*state, tr("Open Session")))
            error = tr("The session %1 has logits or a temperature that DistillScope cannot "
                       "evaluate.")
                        .arg(path);
    }
    if (!error.isEmpty()) {
        qCWarning(lcSession) << "opening" << path << "failed:" << error;
        if (!quiet)
            showError(tr("Open Session"), error);
        return error;
    }
    m_session_path = path;
    addRecentFile(path);
    emit statusMessage(tr("Opened %1").arg(path));
    return {};
}

QString FileActions::saveSession(const QString& path)
{
    const QString error = SessionFile::write(m_window.sessionState(), path);
    if (!error.isEmpty()) {
        qCWarning(lcSession) << "saving" << path << "failed:" << error;
        return error;
    }
    m_session_path = path;
    m_undo->setClean();
    addRecentFile(path);
    m_window.statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    emit statusMessage(tr("Saved %1").arg(path));
    return {};
}

void FileActions::resetHistory()
{
    m_undo->clear();
    m_recorded = m_window.sessionState();
}

void FileActions::writeAutosave()
{
    if (!m_autosave_lock)
        return;
    const QString path = autosavePath();
    const QString error = SessionFile::write(m_window.sessionState(), path);
    if (!error.isEmpty()) {
        qCWarning(lcSession) << "autosave failed:" << error;
        return;
    }
    qCDebug(lcSession) << "autosaved to" << path;
    emit autosaved(path);
}

std::optional<SessionState> FileActions::recoverableAutosave() const
{
    if (!m_autosave_lock || !QFile::exists(autosavePath()))
        return std::nullopt;
    auto state = SessionFile::read(autosavePath());
    if (!state) {
        qCWarning(lcSession) << "the autosave is unreadable:" << SessionFile::describe(state.error());
        return std::nullopt;
    }
    return *state;
}

void FileActions::offerRecovery()
{
    const std::optional<SessionState> state = recoverableAutosave();
    if (!state)
        return;
    const auto answer = QMessageBox::question(
        &m_window, tr("Restore Unsaved Work"),
        tr("DistillScope did not exit cleanly last time. Restore the work autosaved then "
           "(%1 classes, T = %2)?")
            .arg(state->teacher.size())
            .arg(state->temperature),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer == QMessageBox::Yes)
        replaceState(*state, tr("Restore Autosave"));
    else
        QFile::remove(autosavePath());
}

void FileActions::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(&m_window, tr("Open"), QString(),
                                                      fileFilter());
    if (!path.isEmpty())
        openPath(path);
}

bool FileActions::saveDialog()
{
    QString path = QFileDialog::getSaveFileName(&m_window, tr("Save Session"), m_session_path,
                                                fileFilter());
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += u'.' + kSessionSuffix;
    const QString error = saveSession(path);
    if (!error.isEmpty()) {
        showError(tr("Save Session"), error);
        return false;
    }
    return true;
}

void FileActions::openPath(const QString& path)
{
    // Sessions are JSON, as some logits files are, so the content decides.
    constexpr qint64 kHeadBytes = 4096;
    QFile file(path);
    const QByteArray head = file.open(QIODevice::ReadOnly) ? file.read(kHeadBytes) : QByteArray();
    if (SessionFile::looksLikeSession(head)) {
        openSession(path);
        return;
    }
    addRecentFile(path);
    m_datasets->askRoleAndOpen(path);
}

void FileActions::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList files = settings.value(kRecentFilesKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    settings.setValue(kRecentFilesKey, files.mid(0, kMaxRecentFiles));
    refreshRecentMenu();
}

void FileActions::refreshRecentMenu()
{
    m_recent_menu->clear();
    const QStringList files = QSettings().value(kRecentFilesKey).toStringList();
    for (const QString& file : files) {
        QAction* action = m_recent_menu->addAction(QFileInfo(file).fileName());
        action->setToolTip(file);
        connect(action, &QAction::triggered, this, [this, file] { openPath(file); });
    }
    m_recent_menu->setEnabled(!files.isEmpty());
}

void FileActions::showError(const QString& title, const QString& message)
{
    QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::Ok, &m_window);
    box.setObjectName(QStringLiteral("fileErrorDialog"));
    box.exec();
}

bool FileActions::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::MouseButtonPress) {
        ++m_drag_count;
        return false;
    }
    if (watched != &m_window)
        return false;
    if (event->type() == QEvent::DragEnter) {
        auto* drag = static_cast<QDragEnterEvent*>(event);
        if (drag->mimeData()->hasUrls() && drag->mimeData()->urls().value(0).isLocalFile()) {
            drag->acceptProposedAction();
            return true;
        }
    }
    if (event->type() == QEvent::Drop) {
        auto* drop = static_cast<QDropEvent*>(event);
        const QString path = drop->mimeData()->urls().value(0).toLocalFile();
        if (!path.isEmpty()) {
            drop->acceptProposedAction();
            // Opened after the drop returns, so that a dialog does not run
            // inside the drag-and-drop loop.
            QTimer::singleShot(0, this, [this, path] { openPath(path); });
            return true;
        }
    }
    return false;
}

} // namespace distillscope::ui
