// The temperature control alone: exact typed values, multiplicative steps,
// the log slider and the guard against slider-field feedback.

#include "ui/input_feedback.h"
#include "ui/temperature_control.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

#include <cmath>

using namespace distillscope::ui;

class TemperatureControlTest : public QObject {
    Q_OBJECT

private slots:
    void typedValueIsKeptExactly_data();
    void typedValueIsKeptExactly();
    void keysStepMultiplicatively_data();
    void keysStepMultiplicatively();
    void invalidEndRestoresValue();
    void sliderTakesKeyboardFocus();
    void wheelStepsFinely();
    void sliderEmitsRoundedTemperature();
    void sliderFollowsWithoutFeedback();
    void rangeRejectsReversedEnds();
    void decimalCommaIsRead();
};

void TemperatureControlTest::typedValueIsKeptExactly_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("expected");
    QTest::newRow("integer") << QStringLiteral("4") << 4.0;
    QTest::newRow("decimal") << QStringLiteral("0.0123456789") << 0.0123456789;
    QTest::newRow("exponent") << QStringLiteral("1e-3") << 1e-3;
    QTest::newRow("outside the slider range") << QStringLiteral("5e5") << 5e5;
}

void TemperatureControlTest::typedValueIsKeptExactly()
{
    QFETCH(QString, text);
    QFETCH(double, expected);
    TemperatureControl control;
    QSignalSpy changes(&control, &TemperatureControl::temperatureChanged);
    control.field()->lineEdit()->selectAll();
    QTest::keyClicks(control.field()->lineEdit(), text);
    QTest::keyClick(control.field()->lineEdit(), Qt::Key_Return);

    QCOMPARE(control.temperature(), expected);
    QVERIFY(!changes.isEmpty());
    QCOMPARE(changes.last().at(0).toDouble(), expected);
    QVERIFY(inputProblem(control.field()).isEmpty());
}

// Typing "1e300" passes the valid prefix "1e3" on its way. The invalid end
// must return to the temperature from before the typing, not stay at 1000.
void TemperatureControlTest::invalidEndRestoresValue()
{
    TemperatureControl control;
    control.setTemperature(4.0);
    QSignalSpy changes(&control, &TemperatureControl::temperatureChanged);
    control.field()->lineEdit()->selectAll();
    QTest::keyClicks(control.field()->lineEdit(), QStringLiteral("1e300"));
    QTest::keyClick(control.field()->lineEdit(), Qt::Key_Return);

    QCOMPARE(control.temperature(), 4.0);
    QVERIFY(!changes.isEmpty());
    QCOMPARE(changes.last().at(0).toDouble(), 4.0);
    QVERIFY(!inputProblem(control.field()).isEmpty());
}

void TemperatureControlTest::sliderTakesKeyboardFocus()
{
    TemperatureControl control;
    QCOMPARE(control.slider()->focusPolicy(), Qt::StrongFocus);
}

void TemperatureControlTest::keysStepMultiplicatively_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<double>("decades");
    QTest::newRow("arrow up") << int(Qt::Key_Up) << 0.01;
    QTest::newRow("arrow down") << int(Qt::Key_Down) << -0.01;
    QTest::newRow("page up") << int(Qt::Key_PageUp) << 0.1;
    QTest::newRow("page down") << int(Qt::Key_PageDown) << -0.1;
}

void TemperatureControlTest::keysStepMultiplicatively()
{
    QFETCH(int, key);
    QFETCH(double, decades);
    TemperatureControl control;
    control.setTemperature(10.0);
    QTest::keyClick(control.field(), Qt::Key(key));
    // Steps round to four significant digits, a relative change below 1e-3.
    const double expected = 10.0 * std::pow(10.0, decades);
    QVERIFY2(std::abs(control.temperature() / expected - 1.0) < 1e-3,
             qPrintable(QStringLiteral("T = %1, expected about %2").arg(control.temperature()).arg(expected)));
}

void TemperatureControlTest::wheelStepsFinely()
{
    TemperatureControl control;
    control.setTemperature(10.0);
    control.show();
    QVERIFY(QTest::qWaitForWindowExposed(&control));
    const QPoint center = control.field()->rect().center();
    QWheelEvent wheel(center, control.field()->mapToGlobal(center), QPoint(), QPoint(0, 120),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(control.field(), &wheel);
    QVERIFY2(std::abs(control.temperature() / (10.0 * std::pow(10.0, 0.01)) - 1.0) < 1e-3,
             qPrintable(QStringLiteral("T = %1 after one wheel notch").arg(control.temperature())));
}

void TemperatureControlTest::sliderEmitsRoundedTemperature()
{
    TemperatureControl control;
    QSignalSpy changes(&control, &TemperatureControl::temperatureChanged);
    control.slider()->setValue(1301);
    QCOMPARE(changes.size(), 1);
    // 10^1.301 = 19.9986..., shown and used as 20.00 to four digits.
    QCOMPARE(control.temperature(), 20.0);
    QCOMPARE(changes.first().at(0).toDouble(), 20.0);
}

void TemperatureControlTest::sliderFollowsWithoutFeedback()
{
    TemperatureControl control;
    QSignalSpy changes(&control, &TemperatureControl::temperatureChanged);
    control.field()->lineEdit()->selectAll();
    QTest::keyClicks(control.field()->lineEdit(), QStringLiteral("4"));
    QTest::keyClick(control.field()->lineEdit(), Qt::Key_Return);

    QCOMPARE(control.slider()->value(), 602);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(control.temperature(), 4.0);
}

void TemperatureControlTest::rangeRejectsReversedEnds()
{
    TemperatureControl control;
    QSignalSpy ranges(&control, &TemperatureControl::rangeChanged);
    auto* max_edit = control.findChild<QLineEdit*>(QStringLiteral("temperatureRangeMax"));
    QVERIFY(max_edit);
    max_edit->setText(QStringLiteral("0.001"));
    emit max_edit->editingFinished();
    QCOMPARE(ranges.size(), 0);
    QCOMPARE(control.rangeMax(), 1e4);
    QVERIFY(!inputProblem(max_edit).isEmpty());

    max_edit->setText(QStringLiteral("100"));
    emit max_edit->editingFinished();
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(control.rangeMax(), 100.0);
    QVERIFY(inputProblem(max_edit).isEmpty());
}

void TemperatureControlTest::decimalCommaIsRead()
{
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    double value = 0.0;
    QVERIFY(parseNumber(QStringLiteral("0,5"), &value));
    QCOMPARE(value, 0.5);
    QVERIFY(parseNumber(QStringLiteral("2.5e-3"), &value));
    QCOMPARE(value, 2.5e-3);
    QLocale::setDefault(previous);
}

QTEST_MAIN(TemperatureControlTest)
#include "tst_temperature_control.moc"
