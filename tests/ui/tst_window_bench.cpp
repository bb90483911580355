// benchWindow on a small window: the figures exist and are ordered. The
// timing targets are checked by hand with `distillscope bench`, not here,
// because CI machines differ in speed.

#include "ui/window_bench.h"

#include <QTest>

#include <cmath>

using namespace distillscope::ui;

class WindowBenchTest : public QObject {
    Q_OBJECT

private slots:
    void figuresArePositiveAndOrdered();
};

void WindowBenchTest::figuresArePositiveAndOrdered()
{
    const WindowBenchResult result = benchWindow(10);
    for (const double figure : {result.update_ms_median, result.update_ms_p90,
                                result.edit_ms_median, result.edit_ms_p90}) {
        QVERIFY(std::isfinite(figure));
        QVERIFY(figure > 0.0);
    }
    QVERIFY(result.update_ms_p90 >= result.update_ms_median);
    QVERIFY(result.edit_ms_p90 >= result.edit_ms_median);
}

QTEST_MAIN(WindowBenchTest)
#include "tst_window_bench.moc"
