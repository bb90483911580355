#include "ui/lesson_actions.h"

#include "ui/beyond_page.h"
#include "ui/dataset_actions.h"
#include "ui/file_actions.h"
#include "ui/lesson_bar.h"
#include "ui/main_window.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

Q_LOGGING_CATEGORY(lcLessons, "distillscope.ui.lessons", QtWarningMsg)

namespace distillscope::ui {

namespace {

// How long a note about the lesson stays in the status bar, in ms.
constexpr int kNoteDurationMs = 10000;

} // namespace

void applyBeyondSettings(const MainWindow& window, const BeyondSettings& settings)
{
    BeyondPage* page = beyondPage(window);
    if (!page)
        return;
    page->setHardTargetSettings(settings.hard_label, settings.mixing_weight, settings.convention);
    page->resetClassPair();
}

LessonActions::LessonActions(MainWindow& window, FileActions& files)
    : QObject(&files), m_window(window), m_files(files)
{
    m_bar = new LessonBar(&m_window);
    m_dock = new QDockWidget(tr("Lesson"), &m_window);
    m_dock->setObjectName(QStringLiteral("lessonDock"));
    m_dock->setWidget(m_bar);
    m_dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    m_window.addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_dock->hide();

    connect(m_bar, &LessonBar::previousRequested, this, &LessonActions::showPrevious);
    connect(m_bar, &LessonBar::nextRequested, this, &LessonActions::showNext);
    connect(m_bar, &LessonBar::restoreRequested, this, &LessonActions::restoreLesson);
    connect(&m_window, &MainWindow::stateChanged, this, &LessonActions::markChanges);
    buildMenu();

    auto bundled = LessonFile::read(LessonFile::bundledTourPath());
    if (bundled) {
        setTour(std::move(*bundled));
    } else {
        // A build without the resource is broken; the menu stays, and
        // opening a lesson file still works.
        qCWarning(lcLessons) << LessonFile::describe(bundled.error());
    }
}

void LessonActions::buildMenu()
{
    QMenu* menu = m_window.menuBar()->addMenu(tr("&Lessons"));
    menu->setObjectName(QStringLiteral("lessonsMenu"));

    m_open = menu->addAction(tr("&Open Lesson File…"));
    m_open->setObjectName(QStringLiteral("openLessonsAction"));
    connect(m_open, &QAction::triggered, this, &LessonActions::openDialog);

    m_show = m_dock->toggleViewAction();
    m_show->setText(tr("&Show Lesson Bar"));
    m_show->setObjectName(QStringLiteral("showLessonBarAction"));
    menu->addAction(m_show);
    // Opening the bar before any lesson was chosen starts the tour, so the
    // bar does not open on a lesson whose state was never on screen.
    connect(m_show, &QAction::triggered, this, [this](bool visible) {
        if (visible && m_current < 0)
            showLesson(0);
    });
    menu->addSeparator();

    // Ctrl+Shift with Page Up and Page Down: Alt+Left and Alt+Right step
    // through samples, and Page Up and Page Down alone move the temperature
    // slider.
    m_previous = menu->addAction(tr("&Previous Lesson"));
    m_previous->setObjectName(QStringLiteral("previousLessonAction"));
    m_previous->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_PageUp));
    m_next = menu->addAction(tr("&Next Lesson"));
    m_next->setObjectName(QStringLiteral("nextLessonAction"));
    m_next->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_PageDown));
    m_restore = menu->addAction(tr("&Restore Lesson"));
    m_restore->setObjectName(QStringLiteral("restoreLessonAction"));
    m_restore->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    for (QAction* action : {m_previous, m_next, m_restore}) {
        action->setShortcutContext(Qt::WindowShortcut);
        m_window.addAction(action);
    }
    connect(m_previous, &QAction::triggered, this, &LessonActions::showPrevious);
    connect(m_next, &QAction::triggered, this, &LessonActions::showNext);
    connect(m_restore, &QAction::triggered, this, &LessonActions::restoreLesson);
    updateActions();
}

void LessonActions::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(&m_window, tr("Open Lesson File"), QString(),
                                                      tr("Lesson files (*.json);;All files (*)"));
    if (!path.isEmpty())
        openTour(path);
}

QString LessonActions::openTour(const QString& path, bool quiet)
{
    auto tour = LessonFile::read(path);
    if (!tour) {
        const QString message = LessonFile::describe(tour.error());
        qCWarning(lcLessons) << "opening" << path << "failed:" << message;
        if (!quiet) {
            QMessageBox box(QMessageBox::Warning, tr("Open Lesson File"), message, QMessageBox::Ok,
                            &m_window);
            box.setObjectName(QStringLiteral("lessonErrorDialog"));
            box.exec();
        }
        return message;
    }
    // Applied before the tour is replaced, so that a first lesson the window
    // rejects leaves the old tour in place.
    Tour previous = std::exchange(m_tour, std::move(*tour));
    const int previous_index = std::exchange(m_current, -1);
    if (!showLesson(0)) {
        m_tour = std::move(previous);
        m_current = previous_index;
        updateActions();
        const QString message =
            tr("The first lesson of %1 has logits or a temperature that DistillScope cannot "
               "evaluate.")
                .arg(path);
        if (!quiet)
            QMessageBox::warning(&m_window, tr("Open Lesson File"), message);
        return message;
    }
    m_window.statusBar()->showMessage(tr("Opened the lessons %1").arg(path), kNoteDurationMs);
    return {};
}

void LessonActions::setTour(Tour tour)
{
    m_tour = std::move(tour);
    m_current = -1;
    updateActions();
}

bool LessonActions::showLesson(int index)
{
    return applyLesson(index, tr("Show Lesson %1").arg(index + 1));
}

void LessonActions::showNext()
{
    if (m_current + 1 < int(m_tour.lessons.size()))
        showLesson(m_current + 1);
}

void LessonActions::showPrevious()
{
    if (m_current > 0)
        showLesson(m_current - 1);
}

void LessonActions::restoreLesson()
{
    if (m_current >= 0)
        applyLesson(m_current, tr("Restore Lesson %1").arg(m_current + 1));
}

bool LessonActions::applyLesson(int index, const QString& undo_text)
{
    if (index < 0 || index >= int(m_tour.lessons.size()))
        return false;
    const Lesson& lesson = m_tour.lessons[std::size_t(index)];
    const LessonState& state = lesson.state;
    if (!m_files.replaceState(state.session, undo_text)) {
        qCWarning(lcLessons) << "lesson" << index + 1 << "of" << m_tour.file << "was rejected";
        return false;
    }
    qCDebug(lcLessons) << "showing lesson" << index + 1 << "of" << m_tour.file;

    // The sample picker steps through the digits sample from the lesson's
    // row on. Other logits hide it, because its dataset is no longer on screen.
    DatasetActions* datasets = m_files.datasets();
    if (state.sample_row && m_tour.sample) {
        datasets->adoptDataset(m_tour.sample->teacher, m_tour.sample->student,
                               QStringLiteral("digits-teacher.csv"),
                               QStringLiteral("digits-student.csv"), *state.sample_row);
    } else {
        datasets->pickerDock()->hide();
    }

    if (!m_window.showPage(state.page, state.view)) {
        m_window.showPage(QStringLiteral("plots"));
        const QString page = state.view.isEmpty() ? state.page : state.page + u'/' + state.view;
        m_window.statusBar()->showMessage(
            tr("The page \"%1\" of this lesson is not available in this build; its logits, "
               "temperature and options are shown on the plots.")
                .arg(page),
            kNoteDurationMs);
    }

    applyBeyondSettings(m_window, state.beyond);

    m_current = index;
    m_lesson_state = m_window.sessionState();
    m_bar->showLesson(lesson, index, int(m_tour.lessons.size()));
    m_dock->show();
    updateActions();
    emit lessonShown(index);
    return true;
}

void LessonActions::markChanges()
{
    if (m_current >= 0)
        m_bar->setChanged(m_window.sessionState() != m_lesson_state);
}

void LessonActions::updateActions()
{
    const int count = int(m_tour.lessons.size());
    m_previous->setEnabled(m_current > 0);
    m_next->setEnabled(m_current + 1 < count);
    m_restore->setEnabled(m_current >= 0);
    m_show->setEnabled(count > 0);
}

} // namespace distillscope::ui
