// benchWindow on a small window: the figures exist and are ordered. The
// timing targets are checked by hand with `distillscope bench`, not here,
// because CI machines differ in speed.

#include "ui/theme.h"
#include "ui/window_bench.h"

#include <QTest>

#include <cmath>

using namespace distillscope::ui;

class WindowBenchTest : public QObject {
    Q_OBJECT

private slots:
    void figuresArePositiveAndOrdered();
    void pagesAndProjector_data();
    void pagesAndProjector();
    void unknownPageRejected();
};

void WindowBenchTest::figuresArePositiveAndOrdered()
{
    WindowBenchOptions options;
    options.classes = 10;
    const auto timed = benchWindow(options);
    QVERIFY(timed);
    const WindowBenchResult& result = *timed;
    for (const double figure : {result.update_ms_median, result.update_ms_p90,
                                result.edit_ms_median, result.edit_ms_p90}) {
        QVERIFY(std::isfinite(figure));
        QVERIFY(figure > 0.0);
    }
    QVERIFY(result.update_ms_p90 >= result.update_ms_median);
    QVERIFY(result.edit_ms_p90 >= result.edit_ms_median);
}

void WindowBenchTest::pagesAndProjector_data()
{
    QTest::addColumn<QString>("page");
    QTest::addColumn<QString>("view");
    QTest::addColumn<bool>("projector");
    QTest::newRow("derivation") << QStringLiteral("derivation") << QString() << false;
    QTest::newRow("beyond limits") << QStringLiteral("beyond") << QStringLiteral("limits") << false;
    QTest::newRow("projector plots") << QStringLiteral("plots") << QString() << true;
}

void WindowBenchTest::pagesAndProjector()
{
    QFETCH(QString, page);
    QFETCH(QString, view);
    QFETCH(bool, projector);
    WindowBenchOptions options;
    options.classes = 5;
    options.page = page;
    options.view = view;
    options.projector = projector;
    const auto timed = benchWindow(options);
    QVERIFY(timed);
    QVERIFY(timed->update_ms_median > 0.0);
    QVERIFY(timed->edit_ms_median > 0.0);
    // The bench leaves the theme as it found it.
    QVERIFY(!theme().mode().projector);
}

void WindowBenchTest::unknownPageRejected()
{
    WindowBenchOptions options;
    options.classes = 5;
    options.page = QStringLiteral("beyond");
    options.view = QStringLiteral("no-such-view");
    QVERIFY(!benchWindow(options));
}

QTEST_MAIN(WindowBenchTest)
#include "tst_window_bench.moc"
