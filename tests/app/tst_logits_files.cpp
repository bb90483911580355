// Runs `distillscope compute` on the .npy, JSON and text files that
// tools/make_io_fixtures.py writes, as a user would: the values that reach
// the output, the one-line error for each malformed file, and the warning for
// probabilities saved in place of logits.

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <vector>

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

Run runProgram(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.setProcessEnvironment(headlessEnvironment());
    process.start(program, arguments);
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

QString fixture(const char* name)
{
    return QDir(QStringLiteral(DISTILLSCOPE_IO_FIXTURES)).filePath(QLatin1String(name));
}

// `compute` of one teacher file against a student list of 5 logits.
QStringList computeTeacher(const QString& teacher)
{
    return QStringList{QStringLiteral("compute"), QStringLiteral("--teacher"), teacher,
                       QStringLiteral("--student"), QStringLiteral("0,0.5,0,-0.5,1"),
                       QStringLiteral("--temperature"), QStringLiteral("2")};
}

std::vector<double> doubles(const QJsonValue& value)
{
    std::vector<double> result;
    for (const QJsonValue& entry : value.toArray())
        result.push_back(entry.toDouble());
    return result;
}

// Row r of the fixtures' table, (5 r + c - 7) / 8 at class c.
std::vector<double> fixtureRow(int r)
{
    std::vector<double> row;
    for (int c = 0; c < 5; ++c)
        row.push_back((5.0 * r + c - 7.0) / 8.0);
    return row;
}

} // namespace

class LogitsFilesTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void readsRow_data();
    void readsRow();
    void malformedFile_data();
    void malformedFile();
    void hugeClaimUnder4GiB();
    void probabilitiesWarning();
    void inlineListIsNotWarned();

private:
    Run compute(const QStringList& arguments)
    {
        return runProgram(QStringLiteral(DISTILLSCOPE_EXECUTABLE), arguments);
    }
};

void LogitsFilesTest::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(DISTILLSCOPE_EXECUTABLE)), DISTILLSCOPE_EXECUTABLE);
    QVERIFY2(QFile::exists(fixture("rows.json")), DISTILLSCOPE_IO_FIXTURES);
}

void LogitsFilesTest::readsRow_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("class_names");

    const QStringList animals = {"cat", "dog", "bird", "fish", "frog"};
    QTest::newRow("npy float32") << fixture("sample_major_f32.npy") << QStringList();
    QTest::newRow("npy class-major") << fixture("class_major_f32.npy") << QStringList();
    QTest::newRow("npy fortran float64") << fixture("fortran_f64.npy") << QStringList();
    QTest::newRow("npy big-endian") << fixture("big_endian_f64.npy") << QStringList();
    QTest::newRow("npy version 3") << fixture("version3_f32.npy") << QStringList();
    QTest::newRow("json rows") << fixture("rows.json") << QStringList();
    QTest::newRow("json object") << fixture("object.json") << animals;
    QTest::newRow("savetxt") << fixture("savetxt_default.txt") << QStringList();
    QTest::newRow("pandas to_csv") << fixture("pandas_named.csv") << animals;
}

void LogitsFilesTest::readsRow()
{
    QFETCH(QString, file);
    QFETCH(QStringList, class_names);

    // --row applies to both files, so the student is the same file.
    const Run run = compute({QStringLiteral("compute"), QStringLiteral("--teacher"), file,
                             QStringLiteral("--student"), file, QStringLiteral("--row"),
                             QStringLiteral("3"), QStringLiteral("--temperature"),
                             QStringLiteral("2")});

    QCOMPARE(run.exit_code, 0);
    QCOMPARE(run.err, QByteArray());
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(doubles(json.value(QLatin1String("teacher"))), fixtureRow(3));
    QStringList names;
    for (const QJsonValue& name : json.value(QLatin1String("class_names")).toArray())
        names.append(name.toString());
    QCOMPARE(names, class_names);
}

// Each row: the file, and two parts the one-line error must contain, such as
// the offending value and its place.
void LogitsFilesTest::malformedFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");

    QTest::newRow("object array") << fixture("object_array.npy") << "object_array.npy"
                                  << "pickle";
    QTest::newRow("bool array") << fixture("bool.npy") << "'|b1'" << "float32";
    QTest::newRow("three dimensions") << fixture("three_d_f32.npy") << "(2, 3, 4)"
                                      << "(samples, N)";
    QTest::newRow("zero rows") << fixture("zero_rows_f32.npy") << "(0, 10)" << "at least one row";
    QTest::newRow("truncated data") << fixture("truncated_data_f32.npy") << "74 bytes"
                                    << "80 bytes";
    QTest::newRow("header claims 8 GB") << fixture("claims_8gb_f64.npy") << "8000000000 bytes"
                                        << "(1000000, 1000)";
    QTest::newRow("shape overflow") << fixture("shape_overflow_f64.npy") << "2^64" << "shape";
    QTest::newRow("bad magic") << fixture("bad_magic.npy") << "'\\x93NUMPZ'" << "numpy.save";
    QTest::newRow("truncated header") << fixture("truncated_header.npy") << "40 bytes"
                                      << "byte 128";
    QTest::newRow("version 4") << fixture("version4.npy") << "4.0" << "1.0, 2.0 or 3.0";
    QTest::newRow("nan in npy") << fixture("nan_f32.npy") << "'nan'" << "value [2, 3]";
    QTest::newRow("inf in fortran npy") << fixture("negative_inf_fortran_f64.npy") << "'-inf'"
                                        << "value [1, 4]";
    QTest::newRow("nan in json") << fixture("python_nan.json") << "'NaN'" << "$[0][1]";
    QTest::newRow("text among numbers") << fixture("text_among_numbers.json") << "'2.5'"
                                        << "$.logits[1][2]";
    QTest::newRow("ragged json") << fixture("ragged.json") << "$[1]" << "first row has 5";
    QTest::newRow("too few labels") << fixture("labels_count.json") << "$.labels" << "2 labels";
    QTest::newRow("trailing comma") << fixture("trailing_comma.json") << "line 3, column 1"
                                    << "byte 26";
}

void LogitsFilesTest::malformedFile()
{
    QFETCH(QString, file);
    QFETCH(QString, first);
    QFETCH(QString, second);

    const Run run = compute(computeTeacher(file));
    const QString err = QString::fromUtf8(run.err);

    QCOMPARE(run.exit_status, QProcess::NormalExit);
    QCOMPARE(run.exit_code, 2);
    QCOMPARE(run.out, QByteArray());
    QVERIFY2(err.startsWith(QLatin1String("distillscope: --teacher file ")), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1);
    QVERIFY2(err.contains(first), qPrintable(QStringLiteral("no %1 in: %2").arg(first, err)));
    QVERIFY2(err.contains(second), qPrintable(QStringLiteral("no %1 in: %2").arg(second, err)));
    QVERIFY2(err.contains(QLatin1String("expected")), qPrintable(err));
}

void LogitsFilesTest::hugeClaimUnder4GiB()
{
    // A reader that allocated the 2^62 bytes the header claims would abort
    // here; the limit is the one the core's malformed-file suites run under.
    const QString command = QStringLiteral("ulimit -v 4194304 && exec \"$0\" \"$@\"");
    const Run run = runProgram(QStringLiteral("sh"),
                               QStringList{QStringLiteral("-c"), command,
                                           QStringLiteral(DISTILLSCOPE_EXECUTABLE)}
                                   + computeTeacher(fixture("claims_2pow62_f32.npy")));
    const QString err = QString::fromUtf8(run.err);

    QCOMPARE(run.exit_status, QProcess::NormalExit);
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(err.contains(QLatin1String("4611686018427387904 bytes")), qPrintable(err));
}

void LogitsFilesTest::probabilitiesWarning()
{
    const Run run = compute({QStringLiteral("compute"), QStringLiteral("--teacher"),
                             fixture("probabilities_f64.npy"), QStringLiteral("--student"),
                             fixture("sample_major_f32.npy"), QStringLiteral("--row"),
                             QStringLiteral("1"), QStringLiteral("--temperature"),
                             QStringLiteral("2")});
    const QString err = QString::fromUtf8(run.err);

    QCOMPARE(run.exit_code, 0);
    QCOMPARE(err.count(u'\n'), 1);
    QVERIFY2(err.startsWith(QLatin1String("distillscope: warning: --teacher file ")),
             qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("(row 1) looks like probabilities, not logits")),
             qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("take the logarithm first")), qPrintable(err));
    QVERIFY(QJsonDocument::fromJson(run.out).isObject());
}

void LogitsFilesTest::inlineListIsNotWarned()
{
    // A list typed on the command line, such as 1,0, is taken as meant.
    const Run run = compute({QStringLiteral("compute"), QStringLiteral("--teacher"),
                             QStringLiteral("0.25,0.75"), QStringLiteral("--student"),
                             QStringLiteral("1,0"), QStringLiteral("--temperature"),
                             QStringLiteral("1")});

    QCOMPARE(run.exit_code, 0);
    QCOMPARE(run.err, QByteArray());
}

QTEST_GUILESS_MAIN(LogitsFilesTest)
#include "tst_logits_files.moc"
