// Runs the real distillscope executable and checks its visible output: the exit
// status, the one-line error on stderr, and output that parses and reads back
// to the doubles the core computes.

#include "distillscope/distillation.h"
#include "distillscope/logits_text.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <clocale>
#include <cstring>
#include <optional>

namespace {

constexpr int kTimeoutMs = 60000;

struct Run {
    int exit_code = -1;
    QProcess::ExitStatus exit_status = QProcess::CrashExit;
    QByteArray out, err;
};

// The environment of the test without a display, so that no run starts the
// window by accident.
QProcessEnvironment headlessEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QLatin1String(name));
    return environment;
}

Run runDistillscope(const QStringList& arguments,
                    const QProcessEnvironment& environment = headlessEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(DISTILLSCOPE_EXECUTABLE), arguments);
    Run run;
    if (!process.waitForFinished(kTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exit_code = process.exitCode();
    run.exit_status = process.exitStatus();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

std::vector<double> doubles(const QJsonValue& value)
{
    std::vector<double> result;
    for (const QJsonValue& entry : value.toArray())
        result.push_back(entry.toDouble());
    return result;
}

std::vector<double> doubles(const distillscope::Vector& vector)
{
    return {vector.data(), vector.data() + vector.size()};
}

// Returns the first locale with a decimal comma that setlocale accepts here,
// leaving the C locale active.
std::optional<QByteArray> decimalCommaLocale()
{
    std::optional<QByteArray> found;
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"}) {
        if (std::setlocale(LC_ALL, name) && std::strcmp(std::localeconv()->decimal_point, ",") == 0) {
            found = QByteArray(name);
            break;
        }
    }
    std::setlocale(LC_ALL, "C");
    return found;
}

} // namespace

class CommandLineTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void badInput_data();
    void badInput();
    void windowRejectsOverflowingLogits();

    void computeJsonRoundTrips();
    void computeReportsTaylorPole();
    void computeVanishingGradient();
    void computeCsvHasRowPerClass();
    void computeReadsFileRow();
    void sampleSpec();
    void sweepCsvHeaderAndRows();
    void sweepJsonColumns();
    void decimalCommaLocale();
    void noDisplayComputesSample();
    void noDisplayComputesGivenLogits();
    void overviewHelp();
    void helpOfEachCommand_data();
    void helpOfEachCommand();
    void version();

private:
    QString path(const QString& name) const { return m_folder.filePath(name); }
    void write(const QString& name, const QByteArray& content);
    QJsonObject computeJson(const QStringList& arguments);

    QTemporaryDir m_folder;
};

void CommandLineTest::write(const QString& name, const QByteArray& content)
{
    QFile file(path(name));
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
    file.write(content);
}

void CommandLineTest::initTestCase()
{
    QVERIFY(m_folder.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(DISTILLSCOPE_EXECUTABLE)), DISTILLSCOPE_EXECUTABLE);

    write(QStringLiteral("empty.csv"), "");
    write(QStringLiteral("comments.csv"), "# only a comment\n\n");
    write(QStringLiteral("header.csv"), "cat,dog,bird\n");
    write(QStringLiteral("ragged.csv"), "1,2,3\n4,5\n");
    write(QStringLiteral("overflow.csv"), "1,2,1e999\n");
    write(QStringLiteral("text.csv"), "1,2,3\n4,x,6\n");
    write(QStringLiteral("nan.csv"), "1\tnan\t3\n");
    write(QStringLiteral("two_rows.csv"), "a,b,c\n1,0,-1\n0.5,0.25,0\n");
    QVERIFY(QDir(m_folder.path()).mkdir(QStringLiteral("folder")));
}

// Each row: the arguments, the offending value as the error line must quote
// it, and a second part the line must contain (where the value came from).
void CommandLineTest::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("offending");
    QTest::addColumn<QString>("place");

    const QStringList logits = {QStringLiteral("compute"), QStringLiteral("--teacher"),
                                QStringLiteral("1,0,-1"), QStringLiteral("--student"),
                                QStringLiteral("0,0.5,0")};
    const auto compute = [&logits](const QStringList& more) { return logits + more; };
    const auto with = [](const QString& teacher, const QStringList& more = {}) {
        return QStringList{QStringLiteral("compute"), QStringLiteral("--teacher"), teacher,
                           QStringLiteral("--student"), QStringLiteral("0,0,0"),
                           QStringLiteral("--temperature"), QStringLiteral("1")}
            + more;
    };
    const QStringList sweep = {QStringLiteral("sweep"), QStringLiteral("--teacher"),
                               QStringLiteral("1,0,-1"), QStringLiteral("--student"),
                               QStringLiteral("0,0.5,0")};

    QTest::newRow("temperature zero") << compute({"--temperature", "0"}) << "'0'" << "--temperature";
    QTest::newRow("temperature negative") << compute({"--temperature", "-1"}) << "'-1'"
                                          << "--temperature";
    QTest::newRow("temperature nan") << compute({"--temperature", "nan"}) << "'nan'"
                                     << "--temperature";
    QTest::newRow("temperature inf") << compute({"--temperature", "inf"}) << "'inf'"
                                     << "--temperature";
    QTest::newRow("temperature text") << compute({"--temperature", "warm"}) << "'warm'"
                                      << "--temperature";
    QTest::newRow("temperature decimal comma") << compute({"--temperature", "1,5"}) << "'1,5'"
                                               << "--temperature";
    QTest::newRow("temperature underflows to zero") << compute({"--temperature", "1e-400"})
                                                    << "'1e-400'" << "--temperature";
    QTest::newRow("temperature without value") << compute({"--temperature"}) << "--temperature"
                                               << "no value";
    QTest::newRow("temperature missing") << compute({}) << "--temperature" << "compute";
    QTest::newRow("unknown option") << compute({"--temperature", "1", "--colour", "red"})
                                    << "'--colour'" << "compute";
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << "'frobnicate'" << "export";
    QTest::newRow("value after help") << QStringList{"--help=1"} << "'--help=1'" << "--help alone";
    QTest::newRow("unknown top-level option") << QStringList{"--verbose"} << "'--verbose'"
                                              << "option";
    QTest::newRow("option given twice") << compute({"--temperature", "1", "--temperature", "2"})
                                        << "--temperature" << "2 times";
    QTest::newRow("unexpected argument") << compute({"--temperature", "1", "extra"}) << "'extra'"
                                         << "compute";
    QTest::newRow("value after flag") << QStringList{"bench", "--core=yes"} << "'--core=yes'"
                                      << "--core";
    QTest::newRow("scaled logit overflow")
        << QStringList{"compute", "--teacher", "1e303,0", "--student", "0,0", "--temperature", "1e-6"}
        << "1e+303" << "column 1";
    QTest::newRow("result overflow")
        << QStringList{"compute", "--teacher", "1e302,0", "--student", "0,1", "--temperature", "1e-5"}
        << "grad_zero_mean" << "--temperature";
    QTest::newRow("temperature above range") << compute({"--temperature", "1e17"}) << "'1e17'"
                                             << "1e16";
    QTest::newRow("temperature below range") << compute({"--temperature", "1e-7"}) << "'1e-7'"
                                             << "1e-6";
    QTest::newRow("different lengths")
        << QStringList{"compute", "--teacher", "1,0,-1", "--student", "0,0", "--temperature", "1"}
        << "'0,0'" << "3 classes";
    QTest::newRow("one class")
        << QStringList{"compute", "--teacher", "1", "--student", "0", "--temperature", "1"}
        << "'1'" << "1 class";
    QTest::newRow("empty list") << with(QString()) << "''" << "--teacher";
    QTest::newRow("empty field") << with(QStringLiteral("1,,2")) << "'1,,2'" << "column 3";
    QTest::newRow("trailing comma") << with(QStringLiteral("1,2,")) << "'1,2,'" << "column 5";
    QTest::newRow("text among logits") << with(QStringLiteral("1,abc,2")) << "'abc'" << "column 3";
    QTest::newRow("nan among logits") << with(QStringLiteral("1,nan,2")) << "'nan'" << "column 3";
    QTest::newRow("inf among logits") << with(QStringLiteral("-inf,0,2")) << "'-inf'"
                                      << "column 1";
    QTest::newRow("logit overflows double") << with(QStringLiteral("1,2,-1e999")) << "'-1e999'"
                                            << "column 5";
    QTest::newRow("missing file") << with(path(QStringLiteral("absent.csv"))) << "absent.csv"
                                  << "not found";
    QTest::newRow("missing file named like a number") << with(QStringLiteral("1.csv")) << "'1.csv'"
                                                      << "not found";
    QTest::newRow("nan alone") << with(QStringLiteral("nan")) << "'nan'" << "column 1";
    QTest::newRow("folder as file") << with(path(QStringLiteral("folder"))) << "folder"
                                    << "is a folder";
    QTest::newRow("empty file") << with(path(QStringLiteral("empty.csv"))) << "empty.csv"
                                << "no logits";
    QTest::newRow("only comments") << with(path(QStringLiteral("comments.csv")))
                                   << "comments.csv" << "no logits";
    QTest::newRow("header without data") << with(path(QStringLiteral("header.csv")))
                                         << "header.csv" << "line 1, column 1";
    QTest::newRow("ragged rows") << with(path(QStringLiteral("ragged.csv"))) << "ragged.csv"
                                 << "line 2, column 4";
    QTest::newRow("value overflows double") << with(path(QStringLiteral("overflow.csv")))
                                            << "'1e999'" << "line 1, column 5";
    QTest::newRow("text in file") << with(path(QStringLiteral("text.csv"))) << "'x'"
                                  << "line 2, column 3";
    QTest::newRow("nan in file") << with(path(QStringLiteral("nan.csv"))) << "'nan'"
                                 << "line 1, column 3";
    QTest::newRow("row out of range")
        << QStringList{"compute", "--teacher", path(QStringLiteral("two_rows.csv")), "--student",
                       path(QStringLiteral("two_rows.csv")), "--temperature", "1", "--row", "2"}
        << "'2'" << "2 data rows";
    QTest::newRow("row negative") << compute({"--temperature", "1", "--row", "-1"}) << "'-1'"
                                  << "--row";
    QTest::newRow("row out of range of list") << compute({"--temperature", "1", "--row", "1"})
                                              << "'1'" << "1 data row";
    QTest::newRow("tolerance zero") << compute({"--temperature", "1", "--tolerance", "0"})
                                    << "'0'" << "--tolerance";
    QTest::newRow("tolerance negative") << compute({"--temperature", "1", "--tolerance", "-0.1"})
                                        << "'-0.1'" << "--tolerance";
    QTest::newRow("tolerance nan") << compute({"--temperature", "1", "--tolerance", "nan"})
                                   << "'nan'" << "--tolerance";
    QTest::newRow("unknown format") << compute({"--temperature", "1", "--format", "xml"})
                                    << "'xml'" << "--format";
    QTest::newRow("sweep from zero") << sweep + QStringList{"--from", "0", "--to", "10", "--points", "5"}
                                     << "'0'" << "--from";
    QTest::newRow("sweep to below from")
        << sweep + QStringList{"--from", "10", "--to", "1", "--points", "5"} << "'1'" << "--to";
    QTest::newRow("sweep zero points")
        << sweep + QStringList{"--from", "1", "--to", "10", "--points", "0"} << "'0'" << "--points";
    QTest::newRow("sweep fractional points")
        << sweep + QStringList{"--from", "1", "--to", "10", "--points", "2.5"} << "'2.5'"
        << "--points";
    QTest::newRow("sweep class out of range")
        << sweep + QStringList{"--from", "1", "--to", "10", "--points", "5", "--class", "3"}
        << "'3'" << "3 classes";
    QTest::newRow("sweep points missing") << sweep + QStringList{"--from", "1", "--to", "10"}
                                          << "--points" << "sweep";
    QTest::newRow("sweep repeats one temperature")
        << sweep + QStringList{"--from", "2", "--to", "2", "--points", "5"} << "--points is 5"
        << "--points 1";
    QTest::newRow("sweep scaled logit overflow")
        << QStringList{"sweep", "--teacher", "1e303,0", "--student", "0,0", "--from", "1e-6",
                       "--to", "1", "--points", "3"}
        << "1e+303" << "sweep temperature";
    QTest::newRow("bench without mode") << QStringList{"bench"} << "--core" << "bench";
    QTest::newRow("bench both modes") << QStringList{"bench", "--core", "--window"} << "--core"
                                      << "--window";
    QTest::newRow("bench zero runs") << QStringList{"bench", "--core", "--runs", "0"} << "'0'"
                                     << "--runs";
    QTest::newRow("bench core with classes") << QStringList{"bench", "--core", "--classes", "10"}
                                             << "--classes" << "--core";
    QTest::newRow("bench unknown page") << QStringList{"bench", "--page", "slides"} << "'slides'"
                                        << "--page";
    QTest::newRow("bench view without beyond") << QStringList{"bench", "--view", "limits"}
                                               << "--view" << "--page beyond";
    QTest::newRow("bench unknown view")
        << QStringList{"bench", "--page", "beyond", "--view", "sideways"} << "'sideways'" << "--view";
    QTest::newRow("bench core with projector") << QStringList{"bench", "--core", "--projector"}
                                               << "--projector" << "--core";
    QTest::newRow("start different lengths")
        << QStringList{"--teacher", "1,0,-1", "--student", "0,0"} << "'0,0'" << "3 classes";
    QTest::newRow("start temperature zero") << QStringList{"--temperature", "0"} << "'0'"
                                            << "--temperature";
    QTest::newRow("start overflowing logits")
        << QStringList{"--teacher", "1e200,0,0", "--student", "0,0,0", "--temperature", "1"}
        << "grad_second_order" << "--temperature '1'";
    QTest::newRow("start unexpected argument") << QStringList{"--teacher", "sample", "extra"}
                                               << "'extra'" << "distillscope";
}

void CommandLineTest::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, offending);
    QFETCH(QString, place);

    const Run run = runDistillscope(arguments);
    const QString err = QString::fromUtf8(run.err);

    QCOMPARE(run.exit_status, QProcess::NormalExit);
    QCOMPARE(run.exit_code, 2);
    QCOMPARE(run.out, QByteArray());
    QVERIFY2(err.startsWith(QLatin1String("distillscope: ")), qPrintable(err));
    QVERIFY2(err.endsWith(u'\n'), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1);
    QVERIFY2(err.contains(offending), qPrintable(QStringLiteral("no %1 in: %2").arg(offending, err)));
    QVERIFY2(err.contains(place), qPrintable(QStringLiteral("no %1 in: %2").arg(place, err)));
    QVERIFY2(err.contains(QLatin1String("expected")), qPrintable(err));
    QVERIFY2(!err.contains(QLatin1String("NaN")), qPrintable(err));
}

void CommandLineTest::windowRejectsOverflowingLogits()
{
    // On the window's start path too: with logits whose gradients overflow
    // at the start temperature there is nothing to draw, so the run must end
    // with the same message as compute instead of opening a window.
    QProcessEnvironment environment = headlessEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QTemporaryDir home;
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    const Run run = runDistillscope({QStringLiteral("--teacher"), QStringLiteral("1e200,0,0"),
                                     QStringLiteral("--student"), QStringLiteral("0,0,0"),
                                     QStringLiteral("--temperature"), QStringLiteral("1")},
                                    environment);
    QCOMPARE(run.exit_status, QProcess::NormalExit);
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains("grad_second_order exceeds the double range"), run.err.constData());
}

QJsonObject CommandLineTest::computeJson(const QStringList& arguments)
{
    const Run run = runDistillscope(QStringList{QStringLiteral("compute")} + arguments);
    [&] {
        QCOMPARE(run.exit_code, 0);
        QCOMPARE(run.err, QByteArray());
    }();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    [&] { QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString())); }();
    return document.object();
}

void CommandLineTest::computeJsonRoundTrips()
{
    // Values with long decimal expansions, so that a printf-style %g would lose digits.
    const std::vector<double> teacher = {2.5, -1.0 / 3.0, 0.1, 7.123456789012345};
    const std::vector<double> student = {0.5, 1.0, -2.0 / 7.0, 3.0};
    const double temperature = 3.7;
    const QString teacher_text = QStringLiteral("2.5,-0.3333333333333333,0.1,7.123456789012345");
    const QString student_text = QStringLiteral("0.5,1,-0.2857142857142857,3");
    const QJsonObject json = computeJson({QStringLiteral("--teacher"), teacher_text,
                                          QStringLiteral("--student"), student_text,
                                          QStringLiteral("--temperature"), QStringLiteral("3.7")});
    if (QTest::currentTestFailed())
        return;

    const auto distillation = distillscope::Distillation::create(teacher, student);
    QVERIFY(distillation);
    const auto expected = distillation->evaluate(temperature);
    QVERIFY(expected);

    for (const char* field :
         {"n", "temperature", "p", "q", "log_p", "log_q", "grad_exact", "grad_taylor",
          "grad_zero_mean", "grad_centered", "grad_second_order", "cross_entropy", "kl",
          "kl_scaled", "quadratic_loss", "match_temperature", "match_temperature_status",
          "match_temperature_predicted", "match_temperature_order", "relative_error", "cosine"})
        QVERIFY2(json.contains(QLatin1String(field)), field);

    QCOMPARE(json.value(QLatin1String("n")).toInt(), 4);
    QCOMPARE(json.value(QLatin1String("temperature")).toDouble(), temperature);
    // Exact equality: the printed digits must read back to the very same doubles.
    QCOMPARE(doubles(json.value(QLatin1String("p"))), doubles(expected->p));
    QCOMPARE(doubles(json.value(QLatin1String("q"))), doubles(expected->q));
    QCOMPARE(doubles(json.value(QLatin1String("log_p"))), doubles(expected->log_p));
    QCOMPARE(doubles(json.value(QLatin1String("log_q"))), doubles(expected->log_q));
    QCOMPARE(doubles(json.value(QLatin1String("grad_exact"))), doubles(expected->grad_exact));
    QVERIFY(expected->grad_taylor);
    QCOMPARE(doubles(json.value(QLatin1String("grad_taylor"))), doubles(*expected->grad_taylor));
    QCOMPARE(doubles(json.value(QLatin1String("grad_zero_mean"))), doubles(expected->grad_zero_mean));
    QCOMPARE(doubles(json.value(QLatin1String("grad_centered"))), doubles(expected->grad_centered));
    QCOMPARE(doubles(json.value(QLatin1String("grad_second_order"))),
             doubles(expected->grad_second_order));
    QCOMPARE(json.value(QLatin1String("cross_entropy")).toDouble(), expected->cross_entropy);
    QCOMPARE(json.value(QLatin1String("kl")).toDouble(), expected->kl);
    QCOMPARE(json.value(QLatin1String("kl_scaled")).toDouble(), expected->kl_scaled);
    QCOMPARE(json.value(QLatin1String("quadratic_loss")).toDouble(), expected->quadratic_loss);
    QCOMPARE(json.value(QLatin1String("relative_error")).toDouble(),
             *expected->centered_vs_exact.max_relative_error);
    QCOMPARE(json.value(QLatin1String("cosine")).toDouble(), *expected->centered_vs_exact.cosine);
    QCOMPARE(doubles(json.value(QLatin1String("teacher"))), teacher);
    QCOMPARE(json.value(QLatin1String("match_temperature_status")).toString(),
             QStringLiteral("found"));
    QVERIFY(json.value(QLatin1String("match_temperature")).toDouble() > 0.0);
}

void CommandLineTest::computeReportsTaylorPole()
{
    // N T + sum z = 2 * 1 + (-1 - 1) = 0, the pole of Eq. 3 for the student.
    const QJsonObject json = computeJson({QStringLiteral("--teacher"), QStringLiteral("1,0"),
                                          QStringLiteral("--student"), QStringLiteral("-1,-1"),
                                          QStringLiteral("--temperature"), QStringLiteral("1")});
    if (QTest::currentTestFailed())
        return;

    QVERIFY(json.contains(QLatin1String("grad_taylor")));
    QVERIFY(json.value(QLatin1String("grad_taylor")).isNull());
    QCOMPARE(json.value(QLatin1String("grad_exact")).toArray().size(), 2);
}

void CommandLineTest::computeVanishingGradient()
{
    // v - z is constant, so p = q, Eq. 2 is zero and the match temperature is undefined.
    const QJsonObject json = computeJson({QStringLiteral("--teacher"), QStringLiteral("1,2,3"),
                                          QStringLiteral("--student"), QStringLiteral("2,3,4"),
                                          QStringLiteral("--temperature"), QStringLiteral("2")});
    if (QTest::currentTestFailed())
        return;

    QVERIFY(json.value(QLatin1String("match_temperature")).isNull());
    QCOMPARE(json.value(QLatin1String("match_temperature_status")).toString(),
             QStringLiteral("gradient_vanishes"));
    QVERIFY(json.value(QLatin1String("relative_error")).isNull());
    QCOMPARE(json.value(QLatin1String("kl")).toDouble(), 0.0);
}

void CommandLineTest::computeCsvHasRowPerClass()
{
    const Run run = runDistillscope({"compute", "--teacher", "1,0,-1", "--student", "0,0.5,0",
                                     "--temperature", "2", "--format", "csv"});
    QCOMPARE(run.exit_code, 0);

    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    QStringList table;
    for (const QString& line : lines) {
        if (!line.startsWith(u'#'))
            table.append(line);
    }
    QCOMPARE(table.size(), 4);
    QVERIFY2(table.first().startsWith(QLatin1String("class,name,teacher,student,p,q,")),
             qPrintable(table.first()));
    QVERIFY(lines.contains(QStringLiteral("# temperature: 2")));
}

void CommandLineTest::computeReadsFileRow()
{
    const QString file = path(QStringLiteral("two_rows.csv"));
    const QJsonObject json = computeJson({QStringLiteral("--teacher"), file,
                                          QStringLiteral("--student"), file,
                                          QStringLiteral("--row"), QStringLiteral("1"),
                                          QStringLiteral("--temperature"), QStringLiteral("1")});
    if (QTest::currentTestFailed())
        return;

    QCOMPARE(doubles(json.value(QLatin1String("teacher"))), (std::vector<double>{0.5, 0.25, 0.0}));
    const QJsonArray names = json.value(QLatin1String("class_names")).toArray();
    QCOMPARE(names.size(), 3);
    QCOMPARE(names.at(0).toString(), QStringLiteral("a"));
}

void CommandLineTest::sampleSpec()
{
    const QJsonObject json = computeJson({QStringLiteral("--teacher"), QStringLiteral("sample"),
                                          QStringLiteral("--student"), QStringLiteral("sample"),
                                          QStringLiteral("--temperature"), QStringLiteral("4")});
    if (QTest::currentTestFailed())
        return;

    QCOMPARE(json.value(QLatin1String("n")).toInt(), 10);
    QCOMPARE(json.value(QLatin1String("class_names")).toArray().size(), 10);
}

void CommandLineTest::sweepCsvHeaderAndRows()
{
    const Run run = runDistillscope({"sweep", "--teacher", "1,0,-1", "--student", "0,0.5,0",
                                     "--from", "0.1", "--to", "1000", "--points", "9"});
    QCOMPARE(run.exit_code, 0);
    QCOMPARE(run.err, QByteArray());

    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    const QStringList header = {
        "temperature",   "cross_entropy",   "kl",           "kl_scaled",
        "quadratic_loss", "exact_max",      "exact_class",  "taylor_max",
        "taylor_class",  "zero_mean_max",   "zero_mean_class", "centered_max",
        "centered_class", "second_order_max", "second_order_class", "relative_error",
        "cosine"};
    QCOMPARE(lines.size(), 1 + 9);
    QCOMPARE(lines.first().split(u','), header);
    for (qsizetype i = 1; i < lines.size(); ++i)
        QCOMPARE(lines.at(i).split(u',').size(), header.size());
    QCOMPARE(lines.at(1).split(u',').first().toDouble(), 0.1);
    QCOMPARE(lines.last().split(u',').first().toDouble(), 1000.0);
}

void CommandLineTest::sweepJsonColumns()
{
    const Run run = runDistillscope({"sweep", "--teacher", "1,0,-1", "--student", "0,0.5,0",
                                     "--from", "1", "--to", "100", "--points", "5", "--class", "2",
                                     "--format", "json"});
    QCOMPARE(run.exit_code, 0);

    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json.value(QLatin1String("class")).toInt(), 2);
    QCOMPARE(json.value(QLatin1String("points")).toInt(), 5);
    for (const char* column : {"temperature", "kl_scaled", "exact_max", "exact_class",
                               "centered_class", "relative_error", "cosine"})
        QCOMPARE(json.value(QLatin1String(column)).toArray().size(), 5);
}

void CommandLineTest::decimalCommaLocale()
{
    const auto locale = ::decimalCommaLocale();
    if (!locale)
        QSKIP("no locale with a decimal comma is installed (bash tools/dev.sh generates "
              "de_DE.UTF-8), so the run under such a locale is skipped");

    // The parser itself, in this process, under the comma locale.
    std::setlocale(LC_ALL, locale->constData());
    const auto in_process = distillscope::parseNumber("1.5");
    std::setlocale(LC_ALL, "C");
    QVERIFY(in_process);
    QCOMPARE(*in_process, 1.5);

    // The executable, which installs the environment's locale through QCoreApplication.
    QProcessEnvironment environment = headlessEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QString::fromLatin1(*locale));
    environment.insert(QStringLiteral("LANG"), QString::fromLatin1(*locale));
    const Run run = runDistillscope({"compute", "--teacher", "1.5,0,-1", "--student", "0,0.5,0",
                                     "--temperature", "2.5", "--tolerance", "0.05"},
                                    environment);
    QCOMPARE(run.exit_code, 0);

    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(run.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(json.value(QLatin1String("temperature")).toDouble(), 2.5);
    QCOMPARE(json.value(QLatin1String("tolerance")).toDouble(), 0.05);
    QCOMPARE(doubles(json.value(QLatin1String("teacher"))), (std::vector<double>{1.5, 0.0, -1.0}));
}

void CommandLineTest::noDisplayComputesSample()
{
    const Run run = runDistillscope({});

    QCOMPARE(run.exit_code, 0);
    const QString err = QString::fromUtf8(run.err);
    QCOMPARE(err.count(u'\n'), 1);
    QVERIFY2(err.contains(QLatin1String("no display")), qPrintable(err));

    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json.value(QLatin1String("n")).toInt(), 10);
    QVERIFY(json.value(QLatin1String("temperature")).toDouble() > 0.0);
    QCOMPARE(json.value(QLatin1String("p")).toArray().size(), 10);
}

void CommandLineTest::noDisplayComputesGivenLogits()
{
    const Run run = runDistillscope({"--teacher", "1,2", "--student", "2,1", "--temperature", "3"});

    QCOMPARE(run.exit_code, 0);
    QVERIFY2(run.err.contains("no display"), run.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json.value(QLatin1String("n")).toInt(), 2);
    QCOMPARE(json.value(QLatin1String("temperature")).toDouble(), 3.0);
}

void CommandLineTest::overviewHelp()
{
    const Run run = runDistillscope({QStringLiteral("--help")});
    const QString help = QString::fromUtf8(run.out);

    QCOMPARE(run.exit_code, 0);
    QCOMPARE(run.err, QByteArray());
    QVERIFY2(help.startsWith(QLatin1String("Usage: distillscope [COMMAND]")), qPrintable(help));
    for (const char* word : {"compute", "sweep", "bench", "--teacher", "--temperature", "--version"})
        QVERIFY2(help.contains(QLatin1String(word)), word);
}

void CommandLineTest::helpOfEachCommand_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("options");

    QTest::newRow("compute") << "compute"
                             << QStringList{"--teacher", "--student", "--temperature", "--row",
                                            "--tolerance", "--format"};
    QTest::newRow("sweep") << "sweep"
                           << QStringList{"--teacher", "--student", "--from", "--to", "--points",
                                          "--class", "--format"};
    QTest::newRow("bench") << "bench"
                           << QStringList{"--core", "--runs", "--window", "--classes", "--page",
                                          "--view", "--projector"};
}

void CommandLineTest::helpOfEachCommand()
{
    QFETCH(QString, command);
    QFETCH(QStringList, options);

    const Run run = runDistillscope({command, QStringLiteral("--help")});
    const QString help = QString::fromUtf8(run.out);

    QCOMPARE(run.exit_code, 0);
    QCOMPARE(run.err, QByteArray());
    QVERIFY2(help.startsWith(QStringLiteral("Usage: distillscope ") + command), qPrintable(help));
    for (const QString& option : options)
        QVERIFY2(help.contains(QStringLiteral("  ") + option), qPrintable(option));
}

void CommandLineTest::version()
{
    const Run run = runDistillscope({QStringLiteral("--version")});

    QCOMPARE(run.exit_code, 0);
    QVERIFY2(run.out.startsWith("distillscope "), run.out.constData());
}

QTEST_GUILESS_MAIN(CommandLineTest)
#include "tst_command_line.moc"
