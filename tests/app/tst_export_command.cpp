// Runs `distillscope export` as a user would, with DISPLAY, WAYLAND_DISPLAY
// and QT_QPA_PLATFORM removed from its environment, so the program has to
// pick the offscreen platform itself.

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exit_code = -1;
    QString out, err;
};

// Runs `distillscope export` on the bundled sample, or on the logits that
// `arguments` give when `sample` is false.
Run runExport(const QStringList& arguments, bool sample = true)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QLatin1String(name));
    QProcess process;
    process.setProcessEnvironment(environment);
    const QStringList logits = sample ? QStringList{QStringLiteral("--teacher"), QStringLiteral("sample"),
                                                    QStringLiteral("--student"), QStringLiteral("sample")}
                                      : QStringList();
    process.start(QStringLiteral(DISTILLSCOPE_EXECUTABLE),
                  QStringList{QStringLiteral("export")} + logits + arguments);
    Run run;
    if (!process.waitForFinished(120000))
        return run;
    run.exit_code = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class ExportCommandTest : public QObject {
    Q_OBJECT

private slots:
    void pngWithoutDisplay();
    void unwritablePath();
    void invalidOptions_data();
    void invalidOptions();
    void csvOfPanel();
    void beyondViews();
    void hardLabelFollowsSampleRow();
    void derivationPanel();
    void overflowingLogitsRejected_data();
    void overflowingLogitsRejected();

private:
    QTemporaryDir m_dir;
};

void ExportCommandTest::pngWithoutDisplay()
{
    const QString path = m_dir.filePath(QStringLiteral("sweep.png"));
    const Run run = runExport({QStringLiteral("--panel"), QStringLiteral("sweep"),
                               QStringLiteral("--size"), QStringLiteral("640x400"),
                               QStringLiteral("--scale"), QStringLiteral("2"),
                               QStringLiteral("--dpi"), QStringLiteral("150"),
                               QStringLiteral("--out"), path});
    QCOMPARE(run.exit_code, 0);
    QCOMPARE(run.out, path + u'\n');
    const QImage image(path);
    QCOMPARE(image.size(), QSize(1280, 800));
    QCOMPARE(image.dotsPerMeterX(), int(std::lround(300.0 / 0.0254)));
}

void ExportCommandTest::unwritablePath()
{
    const QString path = m_dir.filePath(QStringLiteral("no-such-folder/figure.pdf"));
    const Run run = runExport({QStringLiteral("--out"), path});
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.startsWith(QLatin1String("distillscope: ")), qPrintable(run.err));
    QVERIFY2(run.err.contains(path), qPrintable(run.err));
    QCOMPARE(run.err.count(u'\n'), 1);
    QVERIFY(!QFile::exists(path));
}

void ExportCommandTest::invalidOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    const QString out = QStringLiteral("--out");
    QTest::newRow("unknown suffix") << QStringList{out, QStringLiteral("x.bmp")}
                                    << QStringLiteral("expected a file name ending in .png");
    QTest::newRow("gif without frames") << QStringList{out, QStringLiteral("x.gif")}
                                        << QStringLiteral("add --animate FRAMES");
    QTest::newRow("tiny size") << QStringList{out, QStringLiteral("x.png"), QStringLiteral("--size"),
                                              QStringLiteral("10x10")}
                               << QStringLiteral("--size '10x10' is out of range");
    QTest::newRow("unknown panel") << QStringList{out, QStringLiteral("x.png"), QStringLiteral("--panel"),
                                                  QStringLiteral("legend")}
                                   << QStringLiteral("invalid --panel 'legend'");
    QTest::newRow("transparent jpeg") << QStringList{out, QStringLiteral("x.jpg"),
                                                     QStringLiteral("--transparent")}
                                      << QStringLiteral("--transparent applies only to PNG and SVG");
    QTest::newRow("dashboard csv") << QStringList{out, QStringLiteral("x.csv")}
                                   << QStringLiteral("the dashboard has no single table");
    QTest::newRow("delay without animation")
        << QStringList{out, QStringLiteral("x.png"), QStringLiteral("--delay"), QStringLiteral("50")}
        << QStringLiteral("--delay applies only to an animation");
    QTest::newRow("unknown view") << QStringList{out, QStringLiteral("x.png"), QStringLiteral("--panel"),
                                                 QStringLiteral("beyond"), QStringLiteral("--view"),
                                                 QStringLiteral("hard_targets")}
                                  << QStringLiteral("invalid --view 'hard_targets'; expected hard-targets,");
    QTest::newRow("view without beyond")
        << QStringList{out, QStringLiteral("x.png"), QStringLiteral("--panel"), QStringLiteral("sweep"),
                       QStringLiteral("--view"), QStringLiteral("limits")}
        << QStringLiteral("--view applies only to --panel beyond, but the panel is sweep");
    QTest::newRow("view without panel")
        << QStringList{out, QStringLiteral("x.png"), QStringLiteral("--view"), QStringLiteral("limits")}
        << QStringLiteral("--view applies only to --panel beyond, but the panel is dashboard");
    QTest::newRow("zero start temperature")
        << QStringList{out, QStringLiteral("x.gif"), QStringLiteral("--animate"), QStringLiteral("3"),
                       QStringLiteral("--from"), QStringLiteral("0")}
        << QStringLiteral("--from");
}

void ExportCommandTest::invalidOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    for (QString& argument : arguments) {
        if (argument.startsWith(QLatin1String("x.")))
            argument = m_dir.filePath(argument);
    }
    const Run run = runExport(arguments);
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.startsWith(QLatin1String("distillscope: ")), qPrintable(run.err));
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QCOMPARE(run.err.count(u'\n'), 1);
}

void ExportCommandTest::csvOfPanel()
{
    const QString path = m_dir.filePath(QStringLiteral("sweep.csv"));
    const Run run = runExport({QStringLiteral("--panel"), QStringLiteral("sweep"),
                               QStringLiteral("--out"), path});
    QCOMPARE(run.exit_code, 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    QVERIFY(csv.contains(QLatin1String("\ntemperature [dimensionless],abs_eq2_class [dimensionless],")));
    // 320 log-spaced temperatures, less any the core rejects.
    QVERIFY(csv.count(u'\n') > 300);
}

void ExportCommandTest::beyondViews()
{
    for (const char* view : {"hard-targets", "low-temperature", "two-classes", "standardization", "limits"}) {
        const QString name = QLatin1String(view);
        const QString png = m_dir.filePath(name + QStringLiteral(".png"));
        const Run figure = runExport({QStringLiteral("--panel"), QStringLiteral("beyond"),
                                      QStringLiteral("--view"), name, QStringLiteral("--out"), png});
        QCOMPARE(figure.exit_code, 0);
        const QImage image(png);
        QCOMPARE(image.size(), QSize(800, 500));
        // Curves are drawn: far more than the axes' few hundred dark pixels.
        int dark = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                dark += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
        }
        QVERIFY2(dark > 2000, qPrintable(name + u' ' + QString::number(dark)));

        const QString csv_path = m_dir.filePath(name + QStringLiteral(".csv"));
        const Run data = runExport({QStringLiteral("--panel"), QStringLiteral("beyond"),
                                    QStringLiteral("--view"), name, QStringLiteral("--out"), csv_path});
        QCOMPARE(data.exit_code, 0);
        QFile file(csv_path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString csv = QString::fromUtf8(file.readAll());
        QVERIFY2(csv.contains(QStringLiteral("# view: ") + name + u'\n'), qPrintable(csv.left(300)));
        QVERIFY2(!csv.contains(QLatin1String("nan"), Qt::CaseInsensitive), qPrintable(name));
    }
}

void ExportCommandTest::hardLabelFollowsSampleRow()
{
    // Row 1 of the digits sample is an 8 that the teacher calls a 1, and
    // row 76 is a 1 that the teacher calls a 1 too.
    for (const auto& [row, label] : {std::pair{"1", "8"}, std::pair{"76", "1"}}) {
        const QString path = m_dir.filePath(QStringLiteral("row%1.csv").arg(QLatin1String(row)));
        const Run run = runExport({QStringLiteral("--row"), QLatin1String(row), QStringLiteral("--panel"),
                                   QStringLiteral("beyond"), QStringLiteral("--view"),
                                   QStringLiteral("hard-targets"), QStringLiteral("--out"), path});
        QCOMPARE(run.exit_code, 0);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString csv = QString::fromUtf8(file.readAll());
        QVERIFY2(csv.contains(QStringLiteral("# hard_label: %1\n").arg(QLatin1String(label))),
                 qPrintable(csv.left(400)));
    }
}

void ExportCommandTest::derivationPanel()
{
    const QString png = m_dir.filePath(QStringLiteral("derivation.png"));
    Run run = runExport({QStringLiteral("--panel"), QStringLiteral("derivation"),
                         QStringLiteral("--size"), QStringLiteral("700x1000"),
                         QStringLiteral("--out"), png});
    QCOMPARE(run.exit_code, 0);
    QCOMPARE(run.out, png + u'\n');
    QCOMPARE(QImage(png).size(), QSize(700, 1000));

    const QString csv_path = m_dir.filePath(QStringLiteral("derivation.csv"));
    run = runExport({QStringLiteral("--panel"), QStringLiteral("derivation"),
                     QStringLiteral("--out"), csv_path});
    QCOMPARE(run.exit_code, 0);
    QFile file(csv_path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    QVERIFY(csv.contains(QLatin1String("\nstep,row,label,value,log10_magnitude\n")));
    QVERIFY(csv.contains(QLatin1String("\neq5,step-size,")));
}

void ExportCommandTest::overflowingLogitsRejected_data()
{
    QTest::addColumn<QStringList>("panel");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("dashboard") << QStringList() << QStringLiteral("png");
    QTest::newRow("derivation") << QStringList{QStringLiteral("--panel"), QStringLiteral("derivation")}
                                << QStringLiteral("png");
    QTest::newRow("derivation csv")
        << QStringList{QStringLiteral("--panel"), QStringLiteral("derivation")} << QStringLiteral("csv");
    for (const char* view : {"hard-targets", "low-temperature", "two-classes", "standardization", "limits"}) {
        QTest::newRow(view) << QStringList{QStringLiteral("--panel"), QStringLiteral("beyond"),
                                           QStringLiteral("--view"), QLatin1String(view)}
                            << QStringLiteral("png");
    }
}

void ExportCommandTest::overflowingLogitsRejected()
{
    // Logits whose second-order gradient exceeds the double range at T = 1:
    // compute rejects them, and so must export, whatever the panel.
    QFETCH(QStringList, panel);
    QFETCH(QString, suffix);
    const QString path = m_dir.filePath(QStringLiteral("huge.") + suffix);
    const Run run = runExport(QStringList{QStringLiteral("--teacher"), QStringLiteral("1e200,0,0"),
                                          QStringLiteral("--student"), QStringLiteral("0,0,0"),
                                          QStringLiteral("--temperature"), QStringLiteral("1"),
                                          QStringLiteral("--out"), path}
                                  + panel,
                              false);
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.startsWith(QLatin1String("distillscope: ")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QLatin1String("exceeds the double range")), qPrintable(run.err));
    QCOMPARE(run.err.count(u'\n'), 1);
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(ExportCommandTest)
#include "tst_export_command.moc"
