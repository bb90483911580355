#include "ui/derivation_page.h"

#include "ui/derivation_content.h"
#include "ui/figure_style.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/theme.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStyle>
#include <QSvgRenderer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcDerivation)

namespace distillscope::ui {

namespace {

// The equations are typeset this much larger than the body text, as
// display formulas usually are.
constexpr double kEquationToTextRatio = 1.6;
// A narrow column shrinks an equation, but not below this many times the body
// text's size: in a screenshot the typeset glyphs at 1.0 read smaller than
// the body text beside them, and x²/2 smaller still.
constexpr double kSmallestEquationToTextRatio = 1.25;
// The shift box's range: well inside the double range of any logit sum.
constexpr double kMaxShift = 1e6;
constexpr double kDefaultTeacherShift = 5.0;
constexpr double kDefaultStudentShift = 2.0;
// Buttons, boxes and the open question's title on the dark page: light
// enough to stand out from its background, dark enough for light text.
const QColor kDarkButton(0x3a, 0x3a, 0x3a);

QString rowName(const QString& step, const QString& row)
{
    return step + u'/' + row;
}

FigureTheme figureTheme()
{
    return theme().mode().dark ? FigureTheme::Dark : FigureTheme::Light;
}

// A spin box that also reads numbers with an exponent, such as 2.5e3. A plain
// QDoubleSpinBox drops the letter e, so "1e5" silently became 15.
class ExponentSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;

    QValidator::State validate(QString& input, int& /*position*/) const override
    {
        bool ok = false;
        const double number = locale().toDouble(input, &ok);
        if (ok)
            return number >= minimum() && number <= maximum() ? QValidator::Acceptable
                                                               : QValidator::Intermediate;
        // A number still being typed, such as "-", "1e" or "2.5e-".
        static const QRegularExpression partial(QStringLiteral("^[+-]?[0-9.,]*([eE][+-]?[0-9]*)?$"));
        return partial.match(input).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
    }

    double valueFromText(const QString& text) const override { return locale().toDouble(text); }

    QString textFromValue(double value) const override
    {
        QLocale plain = locale();
        plain.setNumberOptions(QLocale::OmitGroupSeparator);
        return plain.toString(value, 'g', 12);
    }
};

} // namespace

// ---------------------------------------------------------------- EquationView

EquationView::EquationView(const QString& key, QWidget* parent)
    : QWidget(parent), m_key(key), m_renderer(new QSvgRenderer(this))
{
    setObjectName(QStringLiteral("equation.") + key);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    const QByteArray svg = equationSvg(key, Qt::black);
    if (!svg.isEmpty() && m_renderer->load(svg))
        m_natural_size = m_renderer->viewBoxF().size();
    const auto steps = derivationSteps() + derivationQuestions();
    for (const DerivationStep& step : steps) {
        if (step.key == key)
            setAccessibleDescription(step.tex);
    }
    setAccessibleName(tr("Equation %1").arg(key));
}

bool EquationView::isValid() const
{
    return m_renderer->isValid() && !m_natural_size.isEmpty();
}

void EquationView::setStyle(const QColor& color, double points)
{
    m_points = points;
    const QByteArray svg = equationSvg(m_key, color);
    if (!svg.isEmpty())
        m_renderer->load(svg);
    updateGeometry();
    update();
}

QSizeF EquationView::scaledSize() const
{
    // Points to pixels at the widget's logical DPI, as fonts are.
    const double scale = m_points / kEquationSourcePoints * logicalDpiY() / 72.0;
    return m_natural_size * scale;
}

QSizeF EquationView::smallestSize() const
{
    return scaledSize() * (kSmallestEquationToTextRatio / kEquationToTextRatio);
}

QSize EquationView::sizeHint() const
{
    return scaledSize().toSize();
}

QSize EquationView::minimumSizeHint() const
{
    // A column narrower than this scrolls sideways rather than shrink the
    // equation below the body text.
    return {int(std::ceil(smallestSize().width())), std::min(sizeHint().height(), 16)};
}

int EquationView::heightForWidth(int width) const
{
    const QSizeF size = scaledSize();
    const double room = std::max(double(width), smallestSize().width());
    if (size.width() <= room || size.width() <= 0.0)
        return int(std::ceil(size.height()));
    return int(std::ceil(size.height() * room / size.width()));
}

void EquationView::paintEvent(QPaintEvent*)
{
    if (!isValid())
        return;
    QSizeF size = scaledSize();
    const double room = std::max(double(width()), smallestSize().width());
    if (size.width() > room)
        size *= room / size.width();
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    m_renderer->render(&painter, QRectF(QPointF(0, 0), size));
}

// ---------------------------------------------------------------- DerivationPage

DerivationPage::DerivationPage(MainWindow& window, QWidget* parent)
    : QWidget(parent), m_window(window)
{
    setObjectName(QStringLiteral("derivationPage"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildHeader());

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildSteps());
    splitter->addWidget(buildQuestions());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({600, 400});
    layout->addWidget(splitter, 1);

    connect(&m_window, &MainWindow::stateChanged, this, [this] {
        if (isVisible())
            refresh();
        else
            m_stale = true;
    });
    // Any other edit of the logits, Undo included, makes the note about the
    // last shift and its before-and-after table stale.
    connect(m_window.logitModel(), &LogitModel::logitsChanged, this, [this] {
        if (m_shifting)
            return;
        m_before_shift.reset();
        m_shift_status->clear();
    });
    connect(themeNotifier(), &ThemeNotifier::changed, this, &DerivationPage::restyle);
    restyle();
}

QWidget* DerivationPage::buildHeader()
{
    auto* header = new QWidget(this);
    auto* layout = new QHBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* class_label = new QLabel(tr("&Class"), header);
    m_class_box = new QComboBox(header);
    m_class_box->setObjectName(QStringLiteral("derivationClass"));
    m_class_box->setAccessibleName(tr("Class of the derivation"));
    m_class_box->setToolTip(tr("The class i whose numbers each step shows; the same as the "
                               "window's followed class"));
    class_label->setBuddy(m_class_box);
    connect(m_class_box, &QComboBox::currentIndexChanged, this, [this](int index) {
        // The window's box drives everything that follows a class, and its
        // change is recorded for undo; its refresh then updates this page.
        if (index >= 0 && index != m_window.followedClassBox()->currentIndex())
            m_window.followedClassBox()->setCurrentIndex(index);
    });

    m_state_label = new QLabel(header);
    m_state_label->setObjectName(QStringLiteral("derivationState"));
    m_state_label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    layout->addWidget(class_label);
    layout->addWidget(m_class_box);
    layout->addSpacing(16);
    layout->addWidget(m_state_label, 1);
    return header;
}

QWidget* DerivationPage::buildStepCard(const QString& key, const QString& title, const QString& text,
                                       QWidget* parent)
{
    auto* card = new QFrame(parent);
    card->setObjectName(QStringLiteral("step.") + key);
    card->setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(card);

    auto* heading = new QLabel(title, card);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    heading->setWordWrap(true);
    m_titles.append(heading);
    layout->addWidget(heading);

    layout->addWidget(new EquationView(key, card));

    auto* sentence = new QLabel(text, card);
    sentence->setWordWrap(true);
    layout->addWidget(sentence);

    addNumberGrid(key, card);
    m_cards.insert(key, card);
    return card;
}

void DerivationPage::addNumberGrid(const QString& key, QWidget* card)
{
    // The rows of a step are the same for any numbers, so empty ones name them.
    const QList<NumberRow> rows = numberRows(key, DerivationNumbers{});
    if (rows.isEmpty())
        return;
    const bool shift = key == QLatin1String("shift");
    const auto& questions = derivationQuestions();
    const bool question = std::any_of(questions.begin(), questions.end(),
                                      [&](const DerivationStep& step) { return step.key == key; });
    auto* grid = new QGridLayout;
    grid->setColumnStretch(shift ? 2 : 1, 1);
    int line = 0;
    if (shift) {
        grid->addWidget(new QLabel(tr("before shift"), card), line, 1);
        grid->addWidget(new QLabel(tr("now"), card), line, 2);
        ++line;
    }
    for (const NumberRow& row : rows) {
        auto* label = new QLabel(row.label, card);
        // In the narrower questions column labels wrap, so that the values
        // keep their digits.
        label->setWordWrap(question);
        grid->addWidget(label, line, 0);
        const auto addValue = [&](QHash<QString, QLabel*>& labels, const QString& prefix, int column) {
            auto* value = new QLabel(card);
            value->setObjectName(prefix + rowName(key, row.key));
            value->setTextInteractionFlags(Qt::TextSelectableByMouse);
            value->setAccessibleName(row.label);
            grid->addWidget(value, line, column);
            labels.insert(rowName(key, row.key), value);
        };
        if (shift)
            addValue(m_before_values, QStringLiteral("before."), 1);
        addValue(m_values, QStringLiteral("value."), shift ? 2 : 1);
        ++line;
    }
    qobject_cast<QVBoxLayout*>(card->layout())->addLayout(grid);
}

QWidget* DerivationPage::buildSteps()
{
    m_steps_area = new QScrollArea(this);
    m_steps_area->setObjectName(QStringLiteral("derivationSteps"));
    m_steps_area->setAccessibleName(tr("Derivation steps"));
    m_steps_area->setAccessibleDescription(tr("The steps from Eq. 2 to Eq. 5 with the current numbers"));
    m_steps_area->setWidgetResizable(true);
    m_steps_area->setFrameShape(QFrame::NoFrame);
    auto* column = new QWidget(m_steps_area);
    auto* layout = new QVBoxLayout(column);
    for (const DerivationStep& step : derivationSteps())
        layout->addWidget(buildStepCard(step.key, step.title, step.text, column));
    layout->addStretch(1);
    m_steps_area->setWidget(column);
    return m_steps_area;
}

QWidget* DerivationPage::buildQuestions()
{
    auto* area = new QScrollArea(this);
    area->setObjectName(QStringLiteral("derivationQuestions"));
    area->setAccessibleName(tr("Derivation questions"));
    area->setAccessibleDescription(tr("Questions about the derivation, each opening its answer"));
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    auto* column = new QWidget(area);
    auto* layout = new QVBoxLayout(column);

    auto* heading = new QLabel(tr("Questions"), column);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    m_titles.append(heading);
    layout->addWidget(heading);

    for (const DerivationStep& question : derivationQuestions()) {
        // An arrow button and a wrapped title beside it: a button's own text
        // cannot wrap, and in projector mode it was clipped mid-sentence.
        auto* toggle = new QToolButton(column);
        toggle->setObjectName(QStringLiteral("question.") + question.key);
        toggle->setAccessibleName(question.title);
        toggle->setToolTip(question.title);
        toggle->setCheckable(true);
        toggle->setArrowType(Qt::RightArrow);
        toggle->setAutoRaise(true);
        toggle->setFocusPolicy(Qt::StrongFocus);
        auto* title = new QLabel(column);
        title->setObjectName(QStringLiteral("questionTitle.") + question.key);
        title->setTextFormat(Qt::RichText);
        // restyle() writes the text, with a link colour that suits the theme.
        title->setProperty("plainTitle", question.title);
        title->setWordWrap(true);
        title->setFocusPolicy(Qt::NoFocus);
        connect(title, &QLabel::linkActivated, toggle, &QToolButton::toggle);
        auto* row = new QHBoxLayout;
        row->addWidget(toggle, 0, Qt::AlignTop);
        row->addWidget(title, 1);
        layout->addLayout(row);

        QWidget* card = buildStepCard(question.key, question.title, question.text, column);
        // The toggle already shows the title.
        m_titles.last()->hide();
        if (question.key == QLatin1String("shift"))
            qobject_cast<QVBoxLayout*>(card->layout())->addWidget(buildShiftControls(card));
        card->setVisible(false);
        layout->addWidget(card);
        connect(toggle, &QToolButton::toggled, this, [toggle, card](bool open) {
            toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
            card->setVisible(open);
        });
        m_question_toggles.insert(question.key, toggle);
    }
    layout->addStretch(1);
    area->setWidget(column);
    return area;
}

QWidget* DerivationPage::buildShiftControls(QWidget* parent)
{
    auto* controls = new QWidget(parent);
    auto* form = new QFormLayout(controls);
    form->setContentsMargins(0, 0, 0, 0);
    const auto makeBox = [&](const QString& name, const QString& accessible, double value) {
        auto* box = new ExponentSpinBox(controls);
        box->setObjectName(name);
        box->setAccessibleName(accessible);
        box->setToolTip(tr("A number from -1e6 to 1e6, such as 5 or 2.5e3"));
        box->setRange(-kMaxShift, kMaxShift);
        box->setDecimals(12);
        // The value changes on Enter or leaving the box, so that a prefix such
        // as the 1e3 of 1e303 is never taken; out-of-range text reverts.
        box->setKeyboardTracking(false);
        box->setValue(value);
        return box;
    };
    m_teacher_shift = makeBox(QStringLiteral("teacherShift"), tr("Constant b added to every teacher logit"),
                              kDefaultTeacherShift);
    m_student_shift = makeBox(QStringLiteral("studentShift"), tr("Constant a added to every student logit"),
                              kDefaultStudentShift);
    form->addRow(tr("&b, added to every vⱼ"), m_teacher_shift);
    form->addRow(tr("&a, added to every zⱼ"), m_student_shift);

    m_shift_button = new QPushButton(tr("&Shift the logits"), controls);
    m_shift_button->setObjectName(QStringLiteral("shiftLogits"));
    m_shift_button->setToolTip(tr("Adds b to every teacher logit and a to every student logit, as "
                                  "an edit that Undo reverts"));
    connect(m_shift_button, &QPushButton::clicked, this, &DerivationPage::shiftLogits);
    form->addRow(m_shift_button);

    m_shift_status = new QLabel(controls);
    m_shift_status->setObjectName(QStringLiteral("shiftStatus"));
    m_shift_status->setWordWrap(true);
    form->addRow(m_shift_status);
    return controls;
}

bool DerivationPage::setView(const QString& view)
{
    QWidget* card = m_cards.value(view);
    if (!card)
        return false;
    if (QToolButton* toggle = m_question_toggles.value(view)) {
        toggle->setChecked(true);
        toggle->setFocus();
        return true;
    }
    // The column may not be laid out yet when the page was hidden.
    m_steps_area->widget()->adjustSize();
    m_steps_area->verticalScrollBar()->setValue(card->y());
    return true;
}

QLabel* DerivationPage::valueLabel(const QString& step, const QString& row) const
{
    return m_values.value(rowName(step, row));
}

QLabel* DerivationPage::beforeShiftLabel(const QString& row) const
{
    return m_before_values.value(rowName(QStringLiteral("shift"), row));
}

QList<EquationView*> DerivationPage::equationViews() const
{
    return findChildren<EquationView*>();
}

void DerivationPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void DerivationPage::syncClassBox()
{
    const QSignalBlocker blocker(m_class_box);
    const QStringList& names = m_window.logitModel()->names();
    bool same = m_class_box->count() == names.size();
    for (int i = 0; same && i < names.size(); ++i)
        same = m_class_box->itemText(i) == names[i];
    if (!same) {
        m_class_box->clear();
        m_class_box->addItems(names);
    }
    m_class_box->setCurrentIndex(int(m_window.followedClass()));
}

void DerivationPage::refresh()
{
    m_stale = false;
    syncClassBox();
    const Distillation& distillation = m_window.distillation();
    const Index followed = std::min(m_window.followedClass(), distillation.classes() - 1);
    m_numbers = deriveNumbers(distillation, m_window.quantities(), followed);
    qCDebug(lcDerivation) << "derivation page shows class" << followed << "at T" << m_window.temperature();

    m_state_label->setText(tr("N = %1   T = %2   class i = %3")
                               .arg(distillation.classes())
                               .arg(formatDerivationValue(m_window.temperature(), std::nullopt),
                                    m_class_box->currentText()));

    const auto keys = derivationSteps() + derivationQuestions();
    for (const DerivationStep& step : keys) {
        for (const NumberRow& row : numberRows(step.key, *m_numbers)) {
            if (QLabel* label = m_values.value(rowName(step.key, row.key)))
                label->setText(row.text);
        }
    }

    // A snapshot of another class would compare unlike numbers.
    if (m_before_shift && m_before_shift->class_index != followed)
        m_before_shift.reset();
    const QList<NumberRow> before = m_before_shift
        ? numberRows(QStringLiteral("shift"), *m_before_shift)
        : QList<NumberRow>{};
    for (auto it = m_before_values.cbegin(); it != m_before_values.cend(); ++it)
        it.value()->setText(QStringLiteral("–"));
    for (const NumberRow& row : before) {
        if (QLabel* label = beforeShiftLabel(row.key))
            label->setText(row.text);
    }
}

void DerivationPage::shiftLogits()
{
    const double teacher_shift = m_teacher_shift->value();
    const double student_shift = m_student_shift->value();
    const Distillation& distillation = m_window.distillation();
    const Index followed = std::min(m_window.followedClass(), distillation.classes() - 1);
    const DerivationNumbers before = deriveNumbers(distillation, m_window.quantities(), followed);

    LogitModel* model = m_window.logitModel();
    std::vector<double> teacher = model->teacher();
    std::vector<double> student = model->student();
    for (double& logit : teacher)
        logit += teacher_shift;
    for (double& logit : student)
        logit += student_shift;
    qCDebug(lcDerivation) << "shifting the logits by" << teacher_shift << "and" << student_shift;

    // The same path as the window's Center button: the model emits
    // logitsChanged, the window validates and refreshes, and the edit is
    // recorded for undo. Invalid logits are put back, with the reason shown
    // under the logit table.
    m_before_shift = before;
    const std::vector<double> shifted_teacher = teacher;
    m_shifting = true;
    model->setLogits(std::move(teacher), std::move(student), model->names());
    m_shifting = false;
    if (model->teacher() != shifted_teacher) {
        m_before_shift.reset();
        m_shift_status->setText(tr("The shifted logits are invalid, so the logits stay as they "
                                   "were; the logit table gives the reason."));
    } else {
        m_shift_status->setText(tr("Added %1 to every teacher logit and %2 to every student "
                                   "logit. Edit > Undo reverts the shift.")
                                    .arg(QLocale().toString(teacher_shift),
                                         QLocale().toString(student_shift)));
    }
    refresh();
}

void DerivationPage::restyle()
{
    const ThemeMode mode = theme().mode();
    FigureStyle colours;
    colours.theme = figureTheme();

    // In the light theme the page inherits the window's palette, so that it
    // follows the application's palette whenever that changes. In the dark
    // theme it takes the theme's dark palette with the figures' background,
    // also in a window that has no View menu to set the application's.
    QPalette palette;
    if (mode.dark) {
        palette = theme().windowPalette(QApplication::palette());
        palette.setColor(QPalette::Window, colours.background());
        palette.setColor(QPalette::Base, colours.background());
        palette.setColor(QPalette::WindowText, colours.foreground());
        palette.setColor(QPalette::Text, colours.foreground());
        palette.setColor(QPalette::ButtonText, colours.foreground());
        palette.setColor(QPalette::Button, kDarkButton);
        palette.setColor(QPalette::AlternateBase, kDarkButton);
    }
    setPalette(palette);

    // The question titles are links. QLabel kept Qt's pure blue on the dark
    // page, a contrast of about 2:1, so the colour is written into the text.
    const QColor link = mode.dark ? Theme::kSkyBlue : Theme::kBlue;
    for (QLabel* title : findChildren<QLabel*>()) {
        const QString plain = title->property("plainTitle").toString();
        if (!plain.isEmpty()) {
            title->setText(QStringLiteral("<a href=\"open\" style=\"color:%1\">%2</a>")
                               .arg(link.name(), plain.toHtmlEscaped()));
        }
    }
    setAutoFillBackground(mode.dark);
    for (QScrollArea* area : findChildren<QScrollArea*>()) {
        area->widget()->setAutoFillBackground(mode.dark);
        area->widget()->setPalette(palette);
    }

    QFont font = QApplication::font();
    font.setPointSizeF(font.pointSizeF() * theme().fontScale());
    setFont(font);

    const QColor text = colours.foreground();
    const double points = font.pointSizeF() * kEquationToTextRatio;
    double widest = 0.0;
    for (EquationView* view : equationViews()) {
        view->setStyle(text, points);
        if (m_steps_area->isAncestorOf(view))
            widest = std::max(widest, view->smallestSize().width());
    }
    // The steps column takes room from the questions until its widest
    // equation fits at the body text's size. The allowance covers the card's
    // frame and margins and the vertical scroll bar.
    const int allowance = 4 * style()->pixelMetric(QStyle::PM_LayoutLeftMargin)
        + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 8;
    m_steps_area->setMinimumWidth(int(std::ceil(widest)) + allowance);
}

} // namespace distillscope::ui
