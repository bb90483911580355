// The derivation page in the real window, offscreen: the numbers it shows
// against the core's, its shift button with undo, its equations, themes and
// exports. A failure means the page shows a number the core did not compute,
// lost an equation from the build, or exports something other than it shows.

#include "digits_scenario.h"

#include "distillscope/derivation.h"
#include "ui/derivation_content.h"
#include "ui/derivation_page.h"
#include "ui/figure_export.h"
#include "ui/file_actions.h"
#include "ui/lecture_actions.h"
#include "ui/logit_model.h"
#include "ui/main_window.h"
#include "ui/panel_data.h"
#include "ui/theme.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QApplication>
#include <QToolButton>
#include <QUndoStack>

#include <cmath>
#include <memory>

using namespace distillscope;
using namespace distillscope::ui;

namespace {

// Counts the pixels of `image` that differ from `background` and, when
// `ink` is valid, are closer to it than to the background.
int inkPixels(const QImage& image, const QColor& background, const QColor& ink = {})
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (pixel == background)
                continue;
            if (!ink.isValid()) {
                ++count;
                continue;
            }
            const auto distance = [&](const QColor& other) {
                return std::abs(pixel.red() - other.red()) + std::abs(pixel.green() - other.green())
                    + std::abs(pixel.blue() - other.blue());
            };
            if (distance(ink) < distance(background))
                ++count;
        }
    }
    return count;
}

QStringList allKeys()
{
    QStringList keys;
    for (const DerivationStep& step : derivationSteps() + derivationQuestions())
        keys.append(step.key);
    return keys;
}

QString readText(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class DerivationTest : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void stepsAndEquationsLoad();
    void equationsRecolour();
    void numbersMatchCore_data();
    void numbersMatchCore();
    void classBoxFollowsWindow();
    void hiddenPageCatchesUpWhenShown();
    void shiftKeepsEq2AndUndoes();
    void shiftBoxReadsExponents();
    void largeValuesUseExponents();
    void setViewOpensQuestion();
    void themeRestylesPage();
    void lightThemeFollowsWindowPalette();
    void exportPngSvgPdf();
    void csvHoldsNumbers();

private:
    DerivationPage* page() const;
    // Compares every value label of the page with the core's numbers for the
    // window's state, and returns the first mismatch or an empty string.
    QString mismatch() const;

    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;
};

void DerivationTest::init()
{
    const StartupScenario scenario = test::digitsScenario();
    QVERIFY2(!scenario.teacher.empty(), "the digits sample was not found");
    m_window = std::make_unique<MainWindow>(scenario);
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(page());
}

void DerivationTest::cleanup()
{
    m_window.reset();
    setThemeMode({});
}

DerivationPage* DerivationTest::page() const
{
    return m_window->findChild<DerivationPage*>();
}

QString DerivationTest::mismatch() const
{
    const Index followed = m_window->followedClass();
    // The page reuses the window's quantities; this evaluates afresh.
    auto expected = deriveNumbers(m_window->distillation(), m_window->temperature(), followed);
    if (!expected)
        return QStringLiteral("the core rejected the window's state");
    for (const QString& key : allKeys()) {
        for (const NumberRow& row : numberRows(key, *expected)) {
            const QLabel* label = page()->valueLabel(key, row.key);
            if (!label)
                return QStringLiteral("no label for %1/%2").arg(key, row.key);
            if (label->text() != row.text)
                return QStringLiteral("%1/%2 shows '%3', the core gives '%4'")
                    .arg(key, row.key, label->text(), row.text);
            // The text must also read back to the core's double at the 12
            // digits shown, so that formatting cannot hide a wrong number.
            if (row.value && std::isnormal(*row.value)) {
                bool ok = false;
                const double shown = QLocale().toDouble(label->text(), &ok);
                const double tolerance = 1e-11 * std::abs(*row.value);
                if (!ok || std::abs(shown - *row.value) > tolerance)
                    return QStringLiteral("%1/%2 shows '%3', which does not read back to %4")
                        .arg(key, row.key, label->text())
                        .arg(*row.value, 0, 'g', 17);
            }
        }
    }
    return {};
}

void DerivationTest::stepsAndEquationsLoad()
{
    QCOMPARE(derivationSteps().size(), 7);
    QCOMPARE(derivationQuestions().size(), 3);
    for (const QString& key : allKeys()) {
        const QByteArray svg = equationSvg(key, Qt::black);
        QVERIFY2(!svg.isEmpty(), qPrintable(key));
        QSvgRenderer renderer(svg);
        QVERIFY2(renderer.isValid(), qPrintable(key));
        QVERIFY2(!renderer.viewBoxF().isEmpty(), qPrintable(key));

        QImage image(renderer.viewBoxF().size().toSize() * 4, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        renderer.render(&painter);
        painter.end();
        // A typeset equation covers a few percent of its box in ink.
        QVERIFY2(inkPixels(image, Qt::white) > image.width() * image.height() / 50, qPrintable(key));
    }
    QCOMPARE(page()->equationViews().size(), allKeys().size());
    for (const EquationView* view : page()->equationViews())
        QVERIFY2(view->isValid(), qPrintable(view->key()));
}

void DerivationTest::equationsRecolour()
{
    const QColor red(0xd0, 0x10, 0x10);
    QSvgRenderer renderer(equationSvg(QStringLiteral("eq4"), red));
    QVERIFY(renderer.isValid());
    QImage image(renderer.viewBoxF().size().toSize() * 4, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    renderer.render(&painter);
    painter.end();
    // Black glyphs would leave dark grey pixels. Red ones leave pixels whose
    // red channel exceeds the others.
    int reddish = 0;
    int grey = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (pixel.red() - pixel.green() > 60)
                ++reddish;
            else if (pixel.red() < 200 && std::abs(pixel.red() - pixel.green()) < 8)
                ++grey;
        }
    }
    QVERIFY2(reddish > 100, qPrintable(QString::number(reddish)));
    QCOMPARE(grey, 0);
}

void DerivationTest::numbersMatchCore_data()
{
    QTest::addColumn<double>("temperature");
    QTest::addColumn<int>("followed");
    QTest::newRow("sample T, class 0") << 4.0 << 0;
    QTest::newRow("T = 0.01, class 3, soft targets underflow") << 0.01 << 3;
    QTest::newRow("T = 1e-6, class 9, e^x overflows") << 1e-6 << 9;
    QTest::newRow("T = 1e3, class 1") << 1e3 << 1;
    QTest::newRow("T = 1e16, class 5, e^x - 1 - x underflows") << 1e16 << 5;
}

void DerivationTest::numbersMatchCore()
{
    QFETCH(double, temperature);
    QFETCH(int, followed);
    QVERIFY(m_window->showPage(QStringLiteral("derivation")));
    m_window->setTemperature(temperature);
    page()->classBox()->setCurrentIndex(followed);

    QCOMPARE(m_window->temperature(), temperature);
    QCOMPARE(m_window->followedClass(), Index(followed));
    QVERIFY(page()->numbers().has_value());
    QCOMPARE(page()->numbers()->class_index, Index(followed));
    const QString problem = mismatch();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void DerivationTest::classBoxFollowsWindow()
{
    QVERIFY(m_window->showPage(QStringLiteral("derivation")));
    m_window->followedClassBox()->setCurrentIndex(7);
    QCOMPARE(page()->classBox()->currentIndex(), 7);
    QCOMPARE(page()->numbers()->class_index, Index(7));
    page()->classBox()->setCurrentIndex(2);
    QCOMPARE(m_window->followedClassBox()->currentIndex(), 2);
}

void DerivationTest::hiddenPageCatchesUpWhenShown()
{
    QVERIFY(m_window->showPage(QStringLiteral("derivation")));
    QVERIFY(m_window->showPage(QStringLiteral("plots")));
    QVERIFY(!page()->isVisible());
    const double before = page()->numbers()->temperature;
    m_window->setTemperature(before * 3.0);
    // Hidden, the page has not read the new state.
    QCOMPARE(page()->numbers()->temperature, before);

    QVERIFY(m_window->showPage(QStringLiteral("derivation")));
    QCOMPARE(page()->numbers()->temperature, before * 3.0);
    const QString problem = mismatch();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void DerivationTest::shiftKeepsEq2AndUndoes()
{
    auto* files = new FileActions(*m_window, {});
    QVERIFY(m_window->showPage(QStringLiteral("derivation"), QStringLiteral("shift")));
    const std::vector<double> teacher = m_window->logitModel()->teacher();
    const std::vector<double> student = m_window->logitModel()->student();
    const DerivationNumbers before = *page()->numbers();
    const QString eq3_before = page()->valueLabel(QStringLiteral("shift"), QStringLiteral("eq3"))->text();

    page()->teacherShiftBox()->setValue(5.0);
    page()->studentShiftBox()->setValue(2.0);
    QTest::mouseClick(page()->shiftButton(), Qt::LeftButton);

    for (std::size_t i = 0; i < teacher.size(); ++i) {
        QCOMPARE(m_window->logitModel()->teacher()[i], teacher[i] + 5.0);
        QCOMPARE(m_window->logitModel()->student()[i], student[i] + 2.0);
    }
    QString problem = mismatch();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const DerivationNumbers& after = *page()->numbers();
    // Softmax ignores the shift, up to the rounding of the shifted logits.
    QVERIFY2(std::abs(after.grad_exact - before.grad_exact) <= 1e-14 * std::abs(before.grad_exact),
             qPrintable(QString::number(after.grad_exact - before.grad_exact)));
    QVERIFY(after.grad_taylor.has_value());
    QVERIFY(before.grad_taylor.has_value());
    QVERIFY(std::abs(*after.grad_taylor - *before.grad_taylor) > 1e-6);
    QVERIFY(std::abs(after.grad_raw - before.grad_raw) > 1e-6);
    QVERIFY(page()->valueLabel(QStringLiteral("shift"), QStringLiteral("eq3"))->text() != eq3_before);
    QCOMPARE(page()->beforeShiftLabel(QStringLiteral("eq3"))->text(), eq3_before);
    QCOMPARE(page()->beforeShiftLabel(QStringLiteral("eq2"))->text(),
             numberRows(QStringLiteral("shift"), before).first().text);

    QVERIFY(files->undoStack()->canUndo());
    QCOMPARE(files->undoStack()->undoText(), QStringLiteral("Edit Logits"));
    auto* status = page()->findChild<QLabel*>(QStringLiteral("shiftStatus"));
    QVERIFY(status);
    QVERIFY(status->text().startsWith(QStringLiteral("Added 5")));
    files->undoStack()->undo();
    QCOMPARE(m_window->logitModel()->teacher(), teacher);
    QCOMPARE(m_window->logitModel()->student(), student);
    QCOMPARE(page()->numbers()->grad_raw, before.grad_raw);
    // The note about the shift no longer describes the screen.
    QCOMPARE(status->text(), QString());
    problem = mismatch();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    files->undoStack()->redo();
    QCOMPARE(m_window->logitModel()->teacher()[0], teacher[0] + 5.0);
    problem = mismatch();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void DerivationTest::shiftBoxReadsExponents()
{
    QDoubleSpinBox* box = page()->teacherShiftBox();
    box->clear();
    QTest::keyClicks(box, QStringLiteral("2.5e3"));
    box->interpretText();
    QCOMPARE(box->value(), 2500.0);
    // Beyond the range the typed text is not taken, instead of losing its e.
    box->clear();
    QTest::keyClicks(box, QStringLiteral("1e303"));
    box->interpretText();
    QCOMPARE(box->value(), 2500.0);
}

void DerivationTest::largeValuesUseExponents()
{
    QCOMPARE(formatDerivationValue(-4e11, std::nullopt), QStringLiteral("-4e+11"));
    QCOMPARE(formatDerivationValue(-2.606e14, std::nullopt), QStringLiteral("-2.606e+14"));
    QCOMPARE(formatDerivationValue(1234567.0, std::nullopt), QStringLiteral("1234567"));
    QCOMPARE(formatDerivationValue(0.0, 1e150 / 2.0), QStringLiteral("0 (underflows; about 10^5e+149)"));
}

void DerivationTest::setViewOpensQuestion()
{
    auto* toggle = page()->findChild<QToolButton*>(QStringLiteral("question.t-squared"));
    QVERIFY(toggle);
    QVERIFY(!toggle->isChecked());
    QVERIFY(m_window->showPage(QStringLiteral("derivation"), QStringLiteral("t-squared")));
    QCOMPARE(m_window->currentPageKey(), QStringLiteral("derivation"));
    QVERIFY(toggle->isChecked());
    QVERIFY(page()->valueLabel(QStringLiteral("t-squared"), QStringLiteral("eq2-scaled"))->isVisible());
    QVERIFY(m_window->showPage(QStringLiteral("derivation"), QStringLiteral("eq4")));
    QVERIFY(!m_window->showPage(QStringLiteral("derivation"), QStringLiteral("no-such-step")));
    // Questions are reachable from the keyboard.
    QCOMPARE(toggle->focusPolicy(), Qt::StrongFocus);
    QVERIFY(!toggle->accessibleName().isEmpty());
}

void DerivationTest::themeRestylesPage()
{
    QVERIFY(m_window->showPage(QStringLiteral("derivation")));
    EquationView* view = page()->findChild<EquationView*>(QStringLiteral("equation.eq4"));
    QVERIFY(view);
    const QSize light_size = view->sizeHint();

    auto* question = page()->findChild<QLabel*>(QStringLiteral("questionTitle.t-squared"));
    QVERIFY(question);
    QVERIFY2(question->text().contains(Theme::kBlue.name()), qPrintable(question->text()));
    setThemeMode({true, true});
    QVERIFY(page()->palette().color(QPalette::Window).lightness() < 64);
    // Links readable on the dark page: sky blue, not Qt's pure blue.
    QVERIFY2(question->text().contains(Theme::kSkyBlue.name()), qPrintable(question->text()));
    QVERIFY(view->sizeHint().height() > light_size.height());
    QImage image = view->grab().toImage();
    QVERIFY(!image.isNull());
    // Light glyphs on the dark page.
    QVERIFY(inkPixels(image, page()->palette().color(QPalette::Window), QColor(0xe8, 0xe8, 0xe8)) > 50);

    setThemeMode({});
    QCOMPARE(view->sizeHint(), light_size);
    // Back in the light theme the page follows the application's palette
    // again, also when that changes after the page restyled.
    const QPalette before = QApplication::palette();
    QPalette cream = before;
    cream.setColor(QPalette::Window, QColor(0xfa, 0xf0, 0xc8));
    QApplication::setPalette(cream);
    QCoreApplication::processEvents();
    QCOMPARE(page()->palette().color(QPalette::Window), QColor(0xfa, 0xf0, 0xc8));
    QApplication::setPalette(before);
}

void DerivationTest::lightThemeFollowsWindowPalette()
{
    // The View menu's actions set the application's palette after the page
    // restyled, so the page must not keep the palette it saw then.
    QStandardPaths::setTestModeEnabled(true);
    new LectureActions(*m_window);
    QVERIFY(m_window->showPage(QStringLiteral("derivation")));
    setThemeMode({true, false});
    QCoreApplication::processEvents();
    QVERIFY(page()->palette().color(QPalette::Window).lightness() < 64);
    setThemeMode({});
    QCoreApplication::processEvents();
    QVERIFY(page()->palette().color(QPalette::Window).lightness() > 192);
    QVERIFY(page()->palette().color(QPalette::WindowText).lightness() < 64);
}

void DerivationTest::exportPngSvgPdf()
{
    m_window->setTemperature(2.0);
    const QString q_text = formatDerivationValue(m_window->quantities().q[0], std::nullopt);

    FigureOptions options;
    options.panel = FigurePanel::Derivation;
    options.size = QSize(900, 1200);
    const QString png = m_dir.filePath(QStringLiteral("derivation.png"));
    QVERIFY(writeFigure(*m_window, options, FigureFormat::Png, png));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(900, 1200));
    QVERIFY(inkPixels(image.convertToFormat(QImage::Format_RGB32), Qt::white) > 10000);

    const QString svg = m_dir.filePath(QStringLiteral("derivation.svg"));
    QVERIFY(writeFigure(*m_window, options, FigureFormat::Svg, svg));
    const QString svg_text = readText(svg);
    // Seven equations of dozens of glyph paths each, and the numbers as text.
    QVERIFY2(svg_text.count(QLatin1String("<path")) > 200, qPrintable(QString::number(svg_text.count(QLatin1String("<path")))));
    QVERIFY2(svg_text.contains(q_text), qPrintable(q_text));

    const QString pdf = m_dir.filePath(QStringLiteral("derivation.pdf"));
    QVERIFY(writeFigure(*m_window, options, FigureFormat::Pdf, pdf));
    QVERIFY(readText(pdf).startsWith(QLatin1String("%PDF")));
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (pdftotext.isEmpty())
        QSKIP("pdftotext (Debian: poppler-utils) is not installed, so the PDF's text is not checked");
    QProcess text;
    text.start(pdftotext, {pdf, QStringLiteral("-")});
    QVERIFY(text.waitForFinished());
    const QString words = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY2(words.contains(q_text), qPrintable(words));
    QVERIFY2(words.contains(QLatin1String("Eq. 3: the linearised gradient")), qPrintable(words));
}

void DerivationTest::csvHoldsNumbers()
{
    m_window->setTemperature(3.0);
    m_window->followedClassBox()->setCurrentIndex(4);
    const QString csv = panelDataCsv(*m_window, FigurePanel::Derivation);
    QVERIFY(csv.contains(QLatin1String("\nstep,row,label,value,log10_magnitude\n")));
    const double q = m_window->quantities().q[4];
    QVERIFY2(csv.contains(QStringLiteral("\nsoft-targets,q,qᵢ (student),%1,\n").arg(q, 0, 'g', 17)),
             qPrintable(csv));
    const double eq2 = m_window->quantities().grad_exact[4];
    QVERIFY(csv.contains(QStringLiteral("\nchain-rule,eq2,")));
    QVERIFY(csv.contains(QStringLiteral(",%1,\n").arg(eq2, 0, 'g', 17)));

    // At T = 1e-3 the soft targets of the sample's class 0 underflow, and
    // so does Eq. 2; the last column keeps its size.
    m_window->setTemperature(1e-3);
    m_window->followedClassBox()->setCurrentIndex(0);
    auto numbers = deriveNumbers(m_window->distillation(), 1e-3, 0);
    QVERIFY(numbers.has_value());
    QCOMPARE(numbers->grad_exact, 0.0);
    QVERIFY(numbers->grad_exact_log10.has_value());
    const QString underflow = panelDataCsv(*m_window, FigurePanel::Derivation);
    QVERIFY2(underflow.contains(QStringLiteral("\nchain-rule,eq2,\"Eq. 2, (qᵢ − pᵢ)/T\",0,%1\n")
                                    .arg(*numbers->grad_exact_log10, 0, 'g', 17)),
             qPrintable(underflow));
    // The page shows the sign and the size of the underflowed value.
    QVERIFY(m_window->showPage(QStringLiteral("derivation")));
    const QString shown = page()->valueLabel(QStringLiteral("chain-rule"), QStringLiteral("eq2"))->text();
    QVERIFY2(shown.startsWith(QStringLiteral("0 (underflows; about ")), qPrintable(shown));
    QCOMPARE(shown.contains(QStringLiteral("about −")), numbers->grad_exact_negative);
}

QTEST_MAIN(DerivationTest)
#include "tst_derivation.moc"
