#include "logentry.h"
#include "logexport.h"
#include "messagelogfilter.h"
#include "messagelogmodel.h"
#include "messagetrace.h"
#include "sequencediagram.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QIdentityProxyModel>
#include <QImage>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

namespace {

// 2024-03-01T12:34:56.789Z
constexpr qint64 someTimeMs = 1709296496789;

LogEntry makeEntry(int from, int to, const QString &pattern, const QString &channel,
                   const QByteArray &payload = "[]", qint64 size = -1, qint64 latencyNs = -1)
{
    LogEntry entry;
    entry.wallTimeMs = someTimeMs;
    entry.from = from;
    entry.to = to;
    entry.pattern = pattern;
    entry.channel = channel;
    entry.payload = payload;
    entry.size = size;
    entry.latencyNs = latencyNs;
    return entry;
}

bool sameEntry(const LogEntry &a, const LogEntry &b)
{
    return a.wallTimeMs == b.wallTimeMs && a.from == b.from && a.to == b.to
            && a.pattern == b.pattern && a.channel == b.channel && a.payload == b.payload
            && a.size == b.size && a.latencyNs == b.latencyNs;
}

QStringList channels(const QAbstractItemModel &model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row, MessageLogModel::ChannelColumn).data().toString());
    return result;
}

// RFC 4180 as a spreadsheet would read it, to check the export against something independent.
QList<QStringList> parseCsv(const QByteArray &utf8)
{
    const QString text = QString::fromUtf8(utf8);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QChar('"') && i + 1 < text.size() && text.at(i + 1) == QChar('"')) {
                field += QChar('"');
                ++i;
            } else if (c == QChar('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QChar('"')) {
            quoted = true;
        } else if (c == QChar(',')) {
            row.append(std::exchange(field, QString()));
        } else if (c == QChar('\r') && i + 1 < text.size() && text.at(i + 1) == QChar('\n')) {
            row.append(std::exchange(field, QString()));
            rows.append(std::exchange(row, QStringList()));
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

// Counts the entries a view reads, to tell "painted what is on screen" from "read everything".
class CountingProxy : public QIdentityProxyModel
{
public:
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == MessageLogModel::EntryRole)
            ++entryReads;
        return QIdentityProxyModel::data(index, role);
    }
    mutable int entryReads = 0;
};

// Every name the log can show: MessageTrace's, and main's own render-process-gone rows.
const QStringList knownPatterns = MessageTrace::patterns() + QStringList{"render-process-gone"};

} // namespace

class tst_LogModel : public QObject
{
    Q_OBJECT

private:
    // Five messages between main and renderers 1 and 2, for the filters and exports.
    static void fillSample(MessageLogModel *model)
    {
        model->append(makeEntry(0, 1, "send", "alpha", R"({"msg":"Hello, World"})"));
        model->append(makeEntry(1, 0, "invoke", "beta", R"(["x"])"));
        model->append(makeEntry(2, 0, "send", "gamma", R"("你好世界 ПРИВЕТ")"));
        model->append(makeEntry(0, 2, "webContents.send", "Delta", R"({"n":1})"));
        model->append(makeEntry(1, 2, "sendTo", "epsilon", R"("HELLO again")"));
        model->flush();
    }

private Q_SLOTS:
    // --- LogEntry

    void entryRoundTripsThroughJson_data()
    {
        QTest::addColumn<LogEntry>("entry");
        QTest::newRow("object payload, all known")
                << makeEntry(0, 3, "invoke", "ping", R"({"a":[1,2,{"b":null}]})", 120, 12345);
        QTest::newRow("array payload") << makeEntry(3, 0, "send", "c", R"([1,"two",false])", 9, 0);
        QTest::newRow("string payload, Chinese")
                << makeEntry(2, 1, "sendTo", "问候", "\"你好, \\\"世界\\\"\"", 30, 999999);
        QTest::newRow("number payload") << makeEntry(0, 0, "cancel", "n", "42");
        QTest::newRow("null payload, unknowns") << makeEntry(1, 0, "error", "e", "null");
        QTest::newRow("sub-microsecond latency") << makeEntry(1, 0, "send", "s", "[]", 2, 1);
        // 1.001 µs times 1000 is 1000.999… in binary floating point.
        QTest::newRow("latency inexact in binary") << makeEntry(1, 0, "send", "s", "[]", 2, 1001);
    }

    void entryRoundTripsThroughJson()
    {
        QFETCH(LogEntry, entry);
        // Through text, as a JSON Lines file would carry it.
        const QByteArray line = QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact);
        const LogEntry back = LogEntry::fromJson(QJsonDocument::fromJson(line).object());
        QVERIFY2(sameEntry(back, entry), line.constData());
    }

    void entryJsonHasTheDocumentedShape()
    {
        const QJsonObject json
                = makeEntry(2, 0, "invoke", "ping", R"({"k":"v"})", 77, 12500).toJson();
        QCOMPARE(json.value("time").toString(), "2024-03-01T12:34:56.789Z");
        QCOMPARE(json.value("from").toString(), "renderer-2");
        QCOMPARE(json.value("to").toString(), "main");
        QCOMPARE(json.value("pattern").toString(), "invoke");
        QCOMPARE(json.value("channel").toString(), "ping");
        QCOMPARE(json.value("payload").toObject().value("k").toString(), "v");
        QCOMPARE(json.value("size").toInteger(), 77);
        QCOMPARE(json.value("latencyUs").toDouble(), 12.5);

        const QJsonObject unknown = makeEntry(0, 1, "send", "c").toJson();
        QVERIFY(unknown.value("size").isNull());
        QVERIFY(unknown.value("latencyUs").isNull());
    }

    // --- MessageLogModel

    void appendsAreBatched()
    {
        MessageLogModel model;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy appended(&model, &MessageLogModel::entriesAppended);
        for (int i = 0; i < 1000; ++i)
            model.append(makeEntry(0, 1, "send", QString::number(i)));
        QCOMPARE(model.rowCount(), 0); // queued, not yet inserted

        model.flush();
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 999);
        QCOMPARE(appended.count(), 1);
        QCOMPARE(appended.at(0).at(0).toInt(), 1000);
        QCOMPARE(model.entry(999).channel, "999");

        model.flush(); // nothing queued: nothing to announce
        QCOMPARE(inserted.count(), 1);
    }

    void queuedEntriesArriveWithoutAFlush()
    {
        MessageLogModel model;
        model.append(makeEntry(0, 1, "send", "c"));
        QTRY_COMPARE(model.rowCount(), 1);
    }

    void modelPassesTheItemModelTester()
    {
        MessageLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        fillSample(&model);
        model.setPaused(true);
        model.append(makeEntry(0, 1, "send", "held"));
        model.flush();
        model.setPaused(false);
        model.retranslate();
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void displayText_data()
    {
        QTest::addColumn<LogEntry>("entry");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("text");
        LogEntry local = makeEntry(1, 0, "send", "ping", R"({"a":1})", 42, 12345);
        local.wallTimeMs = QDateTime(QDate(2024, 3, 1), QTime(9, 8, 7, 65)).toMSecsSinceEpoch();
        const LogEntry unknown = makeEntry(0, 2, "webContents.send", "tick", R"([1, 2])");
        QTest::newRow("time, local") << local << int(MessageLogModel::TimeColumn) << "09:08:07.065";
        QTest::newRow("renderer to main")
                << local << int(MessageLogModel::RouteColumn) << "renderer 1 → main";
        QTest::newRow("main to renderer")
                << unknown << int(MessageLogModel::RouteColumn) << "main → renderer 2";
        QTest::newRow("pattern") << unknown << int(MessageLogModel::PatternColumn)
                                 << "webContents.send";
        QTest::newRow("channel") << local << int(MessageLogModel::ChannelColumn) << "ping";
        QTest::newRow("payload") << local << int(MessageLogModel::PayloadColumn) << R"({"a":1})";
        QTest::newRow("size") << local << int(MessageLogModel::SizeColumn) << "42";
        QTest::newRow("size unknown") << unknown << int(MessageLogModel::SizeColumn) << "—";
        QTest::newRow("latency, one decimal")
                << local << int(MessageLogModel::LatencyColumn) << "12.3";
        QTest::newRow("latency unknown") << unknown << int(MessageLogModel::LatencyColumn) << "—";
    }

    void displayText()
    {
        QFETCH(LogEntry, entry);
        QFETCH(int, column);
        QFETCH(QString, text);
        MessageLogModel model;
        model.append(entry);
        model.flush();
        QCOMPARE(model.index(0, column).data().toString(), text);
    }

    void headersNameEveryColumn()
    {
        MessageLogModel model;
        QCOMPARE(model.columnCount(), 7);
        const QStringList expected = {"Time",    "From → To",    "Pattern",     "Channel",
                                      "Payload", "Bytes", "Latency (µs)"};
        for (int column = 0; column < model.columnCount(); ++column)
            QCOMPARE(model.headerData(column, Qt::Horizontal).toString(), expected.at(column));
    }

    void longPayloadsAreElided()
    {
        MessageLogModel model;
        const QByteArray longPayload = '"' + QByteArray(10000, 'x') + '"';
        model.append(makeEntry(0, 1, "send", "long", longPayload));
        model.append(makeEntry(0, 1, "send", "short", R"({"s":"你好"})"));
        model.flush();

        const QModelIndex longCell = model.index(0, MessageLogModel::PayloadColumn);
        const QString shown = longCell.data().toString();
        QVERIFY(shown.size() < 300);
        QVERIFY(shown.endsWith(QChar(0x2026)));
        QVERIFY(longPayload.startsWith(shown.chopped(1).toUtf8()));
        QVERIFY(longCell.data(Qt::ToolTipRole).toString().size() < longPayload.size());

        const QModelIndex shortCell = model.index(1, MessageLogModel::PayloadColumn);
        QCOMPARE(shortCell.data().toString(), R"({"s":"你好"})");
        QCOMPARE(shortCell.data(Qt::ToolTipRole).toString(), R"({"s":"你好"})");
    }

    void customRolesAnswerForEveryColumn_data()
    {
        QTest::addColumn<int>("column");
        for (int column = 0; column < MessageLogModel::ColumnCount; ++column)
            QTest::addRow("column %d", column) << column;
    }

    void customRolesAnswerForEveryColumn()
    {
        QFETCH(int, column);
        MessageLogModel model;
        const LogEntry entry = makeEntry(3, 0, "invoke", "ask", R"({"q":1})", 12, 4567);
        model.append(entry);
        model.flush();
        const QModelIndex index = model.index(0, column);
        QVERIFY(sameEntry(index.data(MessageLogModel::EntryRole).value<LogEntry>(), entry));
        QCOMPARE(index.data(MessageLogModel::FromRole).toInt(), 3);
        QCOMPARE(index.data(MessageLogModel::ToRole).toInt(), 0);
        QCOMPARE(index.data(MessageLogModel::PatternRole).toString(), "invoke");
        QCOMPARE(index.data(MessageLogModel::LatencyRole).toLongLong(), 4567);
    }

    void patternColumnHasAColourSwatch()
    {
        MessageLogModel model;
        model.append(makeEntry(0, 1, "sendSync", "c"));
        model.flush();
        const QVariant swatch
                = model.index(0, MessageLogModel::PatternColumn).data(Qt::DecorationRole);
        QCOMPARE(swatch.value<QColor>(), MessageLogModel::patternColor("sendSync"));
        QVERIFY(!model.index(0, MessageLogModel::ChannelColumn).data(Qt::DecorationRole).isValid());
    }

    void oldestRowsGoPastTheLimit()
    {
        MessageLogModel model;
        model.setMaxRows(100);
        for (int i = 0; i < 250; ++i)
            model.append(makeEntry(0, 1, "send", QString::number(i)));
        model.flush();
        QVERIFY(model.rowCount() <= 100);
        QCOMPARE(model.droppedCount(), 250 - model.rowCount());
        QCOMPARE(model.entry(model.rowCount() - 1).channel, QStringLiteral("249")); // the newest stay
        QCOMPARE(model.entry(0).channel, QString::number(250 - model.rowCount()));

        model.setPaused(true);
        for (int i = 0; i < 150; ++i)
            model.append(makeEntry(0, 1, "send", QStringLiteral("held %1").arg(i)));
        QCOMPARE(model.heldCount(), 100);
    }

    void knownPatternsHaveDistinctColours()
    {
        QSet<QRgb> seen;
        for (const QString &pattern : knownPatterns) {
            const QColor color = MessageLogModel::patternColor(pattern);
            QVERIFY2(color.isValid(), qPrintable(pattern));
            QVERIFY2(!seen.contains(color.rgb()), qPrintable(pattern));
            seen.insert(color.rgb());
        }
        const QColor unknown = MessageLogModel::patternColor("somethingNew");
        QVERIFY(unknown.isValid());
        QCOMPARE(MessageLogModel::patternColor("somethingNew"), unknown);
        QVERIFY(MessageLogModel::patternColor("somethingElse") != unknown);
    }

    void retranslateAnnouncesHeadersAndRoutes()
    {
        MessageLogModel model;
        fillSample(&model);
        QSignalSpy headers(&model, &QAbstractItemModel::headerDataChanged);
        QSignalSpy data(&model, &QAbstractItemModel::dataChanged);
        model.retranslate();
        QCOMPARE(headers.count(), 1);
        QCOMPARE(headers.at(0).at(1).toInt(), 0);
        QCOMPARE(headers.at(0).at(2).toInt(), MessageLogModel::ColumnCount - 1);
        QCOMPARE(data.count(), 1);
        const auto topLeft = data.at(0).at(0).value<QModelIndex>();
        const auto bottomRight = data.at(0).at(1).value<QModelIndex>();
        QCOMPARE(topLeft, model.index(0, MessageLogModel::RouteColumn));
        QCOMPARE(bottomRight, model.index(model.rowCount() - 1, MessageLogModel::RouteColumn));
    }

    void pauseHoldsThenReleasesInOrder()
    {
        MessageLogModel model;
        QSignalSpy held(&model, &MessageLogModel::heldCountChanged);
        model.append(makeEntry(0, 1, "send", "before-1"));
        model.append(makeEntry(0, 1, "send", "before-2"));
        model.setPaused(true);
        QCOMPARE(model.rowCount(), 2); // what came before the pause is shown

        for (const char *channel : {"held-1", "held-2", "held-3"})
            model.append(makeEntry(1, 0, "send", channel));
        model.flush();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.heldCount(), 3);
        QCOMPARE(held.count(), 1);
        QCOMPARE(held.last().at(0).toInt(), 3);

        model.setPaused(false);
        QCOMPARE(model.heldCount(), 0);
        QCOMPARE(held.last().at(0).toInt(), 0);
        QCOMPARE(channels(model),
                 QStringList({"before-1", "before-2", "held-1", "held-2", "held-3"}));
    }

    // A renderer reports what it received in batches, after main has logged the answer it sent:
    // the row goes where its sender's send time puts it, so an answer is never above its request.
    void lateEntriesGoInSendOrder()
    {
        MessageLogModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        const auto stamped = [](const char *channel, qint64 sentAtNs) {
            LogEntry entry = makeEntry(0, 1, "send", channel);
            entry.sentAtNs = sentAtNs;
            return entry;
        };
        model.append(stamped("first", 100));
        model.append(stamped("answer", 300));
        model.flush();
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.append(stamped("request", 200)); // reported late
        model.append(stamped("later", 400));
        model.flush();
        QCOMPARE(channels(model), QStringList({"first", "request", "answer", "later"}));
        QCOMPARE(inserted.at(0).at(1).toInt(), 1);
        QCOMPARE(proxy.index(1, 0).data(MessageLogModel::EntryRole).value<LogEntry>().channel, "request");

        // Unstamped rows stay in arrival order, at the end; held rows are ordered when released.
        model.append(makeEntry(0, 1, "send", "unstamped"));
        model.setPaused(true);
        model.append(stamped("held late", 250));
        model.setPaused(false);
        QCOMPARE(channels(model), QStringList({"first", "request", "held late", "answer", "later", "unstamped"}));
    }

    void clearDropsShownAndQueuedButKeepsHeld()
    {
        MessageLogModel model;
        fillSample(&model);
        model.append(makeEntry(0, 1, "send", "queued"));
        model.setPaused(true); // flushes "queued" in
        model.append(makeEntry(0, 1, "send", "held"));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.clear();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.heldCount(), 1);
        model.setPaused(false);
        QCOMPARE(channels(model), QStringList({"held"}));

        model.append(makeEntry(0, 1, "send", "queued"));
        model.clear();
        model.flush();
        QCOMPARE(model.rowCount(), 0);
    }

    // --- MessageLogFilter

    void filters_data()
    {
        QTest::addColumn<int>("window");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("none") << -1 << ""
                              << "" << QStringList({"alpha", "beta", "gamma", "Delta", "epsilon"});
        QTest::newRow("window 1") << 1 << ""
                                  << "" << QStringList({"alpha", "beta", "epsilon"});
        QTest::newRow("window 2") << 2 << ""
                                  << "" << QStringList({"gamma", "Delta", "epsilon"});
        QTest::newRow("window main") << 0 << ""
                                     << "" << QStringList({"alpha", "beta", "gamma", "Delta"});
        QTest::newRow("window with no traffic") << 9 << ""
                                                << "" << QStringList();
        QTest::newRow("pattern, exact") << -1 << "send"
                                        << "" << QStringList({"alpha", "gamma"});
        QTest::newRow("text in channel, any case") << -1 << ""
                                                   << "dELTA" << QStringList({"Delta"});
        QTest::newRow("text in payload, any case") << -1 << ""
                                                   << "hello" << QStringList({"alpha", "epsilon"});
        QTest::newRow("text in payload, Chinese") << -1 << ""
                                                  << "世界" << QStringList({"gamma"});
        QTest::newRow("text in payload, Cyrillic, any case") << -1 << ""
                                                             << "привет" << QStringList({"gamma"});
        QTest::newRow("text in pattern") << -1 << ""
                                         << "SENDTO" << QStringList({"epsilon"});
        QTest::newRow("text with a comma") << -1 << ""
                                           << "hello, w" << QStringList({"alpha"});
        QTest::newRow("window and pattern") << 1 << "send"
                                            << "" << QStringList({"alpha"});
        QTest::newRow("window and text") << 2 << ""
                                         << "hello" << QStringList({"epsilon"});
        QTest::newRow("all three") << 1 << "sendTo"
                                   << "again" << QStringList({"epsilon"});
        QTest::newRow("all three, no match") << 2 << "invoke"
                                             << "" << QStringList();
    }

    void filters()
    {
        QFETCH(int, window);
        QFETCH(QString, pattern);
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        MessageLogModel model;
        fillSample(&model);
        MessageLogFilter filter;
        filter.setSourceModel(&model);
        filter.setWindowFilter(window);
        filter.setPatternFilter(pattern);
        filter.setTextFilter(text);
        QCOMPARE(channels(filter), expected);

        // And back: every filter off shows everything again.
        filter.setWindowFilter(-1);
        filter.setPatternFilter({});
        filter.setTextFilter({});
        QCOMPARE(filter.rowCount(), model.rowCount());
    }

    void filterChangeIsOneLayoutChange()
    {
        // Row by row, a filter change over 100k rows cost seconds in the views (see
        // MessageLogFilter::filterChanged); one layout change costs a pass.
        MessageLogModel model;
        for (int i = 0; i < 200; ++i)
            model.append(makeEntry(i % 3, 0, "send", i % 2 ? "odd" : "even"));
        model.flush();
        MessageLogFilter filter;
        filter.setSourceModel(&model);
        const QPersistentModelIndex kept = filter.index(1, 0); // "odd", from renderer 1
        QSignalSpy removed(&filter, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&filter, &QAbstractItemModel::rowsInserted);
        QSignalSpy layout(&filter, &QAbstractItemModel::layoutChanged);

        filter.setTextFilter("odd");
        QCOMPARE(filter.rowCount(), 100);
        filter.setTextFilter({});
        QCOMPARE(filter.rowCount(), 200);
        QCOMPARE(layout.count(), 2);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(kept.row(), 1);

        filter.setTextFilter({}); // no change, nothing to announce
        QCOMPARE(layout.count(), 2);
    }

    void filterAppliesToNewEntries()
    {
        MessageLogModel model;
        MessageLogFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setWindowFilter(2);
        fillSample(&model);
        model.append(makeEntry(2, 0, "invoke", "late-2"));
        model.append(makeEntry(1, 0, "invoke", "late-1"));
        model.flush();
        QCOMPARE(channels(filter), QStringList({"gamma", "Delta", "epsilon", "late-2"}));
        filter.setTextFilter("late");
        QCOMPARE(channels(filter), QStringList({"late-2"}));
    }

    // --- LogExport

    void jsonLinesExportReadsBack()
    {
        MessageLogModel model;
        fillSample(&model);
        model.append(makeEntry(2, 1, "sendTo", "逗号", "{\"t\":\"a, \\\"b\\\"\\nc\"}", 40, 1500));
        model.flush();
        MessageLogFilter filter;
        filter.setSourceModel(&model);
        filter.setWindowFilter(2); // only what the filter lets through is written

        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY2(LogExport::writeJsonLines(&buffer, &filter, &error), qPrintable(error));

        QByteArrayList lines = buffer.data().split('\n');
        QCOMPARE(lines.takeLast(), QByteArray()); // every line ends with a newline
        QCOMPARE(lines.size(), filter.rowCount());
        for (int row = 0; row < lines.size(); ++row) {
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(lines.at(row), &parseError);
            QVERIFY2(parseError.error == QJsonParseError::NoError, lines.at(row).constData());
            const LogEntry expected
                    = filter.index(row, 0).data(MessageLogModel::EntryRole).value<LogEntry>();
            QVERIFY2(sameEntry(LogEntry::fromJson(document.object()), expected),
                     lines.at(row).constData());
        }
    }

    void csvExportReadsBack()
    {
        MessageLogModel model;
        // Valid JSON, though not compact: a raw newline between members.
        const QByteArray awkward = "{\"text\":\"a, \\\"quoted\\\"\",\n\"greeting\":\"你好\"}";
        model.append(makeEntry(1, 0, "invoke", "问候, \"hi\"", awkward, 64, 12345));
        model.append(makeEntry(0, 2, "send", "plain", "[1]"));
        model.flush();

        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY2(LogExport::writeCsv(&buffer, &model, &error), qPrintable(error));
        QVERIFY(buffer.data().contains("\"\"greeting\"\":\"\"你好\"\"}\","));

        const QList<QStringList> rows = parseCsv(buffer.data());
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0),
                 QStringList({"time", "from", "to", "pattern", "channel", "payload", "size",
                              "latencyUs"}));
        QCOMPARE(rows.at(1),
                 QStringList({"2024-03-01T12:34:56.789Z", "renderer-1", "main", "invoke",
                              "问候, \"hi\"", QString::fromUtf8(awkward), "64", "12.345"}));
        QCOMPARE(rows.at(2),
                 QStringList({"2024-03-01T12:34:56.789Z", "main", "renderer-2", "send", "plain",
                              "[1]", "", ""}));
    }

    void exportReportsADeviceItCannotWrite_data()
    {
        QTest::addColumn<bool>("csv");
        QTest::newRow("JSON Lines") << false;
        QTest::newRow("CSV") << true;
    }

    void exportReportsADeviceItCannotWrite()
    {
        QFETCH(bool, csv);
        MessageLogModel model;
        fillSample(&model);
        QBuffer closed;
        QString error;
        const bool written = csv ? LogExport::writeCsv(&closed, &model, &error)
                                 : LogExport::writeJsonLines(&closed, &model, &error);
        QVERIFY(!written);
        QVERIFY(!error.isEmpty());
    }

    void lateRowsGoInAsOneInsertionPerGap()
    {
        MessageLogModel model;
        for (int i = 1; i <= 100; ++i) {
            LogEntry entry = makeEntry(1, 0, "send", QString::number(i * 10));
            entry.sentAtNs = i * 10;
            model.append(entry);
        }
        model.flush();
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        // A renderer's batch that belongs between rows 50 and 51 (times 501..509), arriving
        // after them, with two rows for the end.
        QList<qint64> times = {1003, 505, 501, 509, 1001, 503};
        for (qint64 time : times) {
            LogEntry entry = makeEntry(2, 0, "send", QString::number(time));
            entry.sentAtNs = time;
            model.append(entry);
        }
        model.flush();
        QCOMPARE(inserted.size(), 2); // one run into the gap, one at the end
        QCOMPARE(inserted.at(0).at(1).toInt(), 50);
        QCOMPARE(inserted.at(0).at(2).toInt(), 53);
        QCOMPARE(model.rowCount(), 106);
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY2(model.entry(row - 1).sentAtNs <= model.entry(row).sentAtNs, qPrintable(QString::number(row)));
        QCOMPARE(model.entry(50).channel, QStringLiteral("501"));
        QCOMPARE(model.entry(53).channel, QStringLiteral("509"));
        QCOMPARE(model.entry(54).channel, QStringLiteral("510"));
    }

    // --- SequenceDiagram

    // Rows that go back in the log shift what the diagram remembers instead of making it read
    // every row again: it must end where a diagram reading the finished log from scratch does.
    void diagramKeepsUpWithRowsThatGoBack()
    {
        QRandomGenerator random(1234);
        MessageLogModel model;
        MessageLogFilter filter;
        filter.setSourceModel(&model);
        SequenceDiagram diagram;
        diagram.setModel(&filter);
        diagram.resize(900, 400);
        qint64 clock = 1000;
        // Windows come and go: three at a time, the oldest gone every fifth batch, so that lanes
        // are handed on, which depends on each window's first, last and gone rows.
        for (int batch = 0; batch < 60; ++batch) {
            const int base = batch / 5;
            for (int i = 0; i < 8; ++i) {
                clock += 10;
                const int renderer = base + 1 + int(random.bounded(3));
                LogEntry entry = makeEntry(renderer, 0, "send", QString::number(clock));
                if (batch % 5 == 4 && i == 7) {
                    entry = makeEntry(base + 1, 0, "render-process-gone", QString::number(clock));
                }
                // A third of the rows were sent up to 40 rows earlier than they arrive.
                entry.sentAtNs = random.bounded(3) == 0 ? clock - 10 * random.bounded(1, 40) : clock;
                model.append(entry);
            }
            model.flush();
            diagram.lifelines(); // reads what is new now, as a paint would
            SequenceDiagram fresh;
            fresh.setModel(&filter);
            fresh.resize(diagram.size());
            QCOMPARE(diagram.lifelines(), fresh.lifelines());
            for (int row = 0; row < filter.rowCount(); ++row)
                QCOMPARE(diagram.arrowRect(row), fresh.arrowRect(row));
        }
    }

    void diagramLifelinesFollowTheRows()
    {
        MessageLogModel model;
        model.append(makeEntry(0, 3, "webContents.send", "a"));
        model.append(makeEntry(3, 0, "invoke", "b"));
        model.append(makeEntry(1, 0, "send", "c"));
        model.flush();
        MessageLogFilter filter;
        filter.setSourceModel(&model);
        SequenceDiagram diagram;
        diagram.setModel(&filter);
        QCOMPARE(diagram.lifelines(), QList<int>({0, 1, 3}));

        filter.setWindowFilter(3);
        QCOMPARE(diagram.lifelines(), QList<int>({0, 3}));
        diagram.setEndpoints({7, 3});
        QCOMPARE(diagram.lifelines(), QList<int>({0, 3, 7}));

        model.append(makeEntry(3, 12, "sendTo", "d"));
        model.flush();
        QCOMPARE(diagram.lifelines(), QList<int>({0, 3, 7, 12}));

        model.clear(); // the open windows stay
        QCOMPARE(diagram.lifelines(), QList<int>({0, 3, 7}));
        diagram.setEndpoints({});
        QCOMPARE(diagram.lifelines(), QList<int>({0}));
    }

    void clickingAnArrowReportsItsRow_data()
    {
        QTest::addColumn<int>("row");
        QTest::newRow("renderer to main") << 0;
        QTest::newRow("main to renderer") << 1;
        QTest::newRow("renderer to renderer") << 2;
        QTest::newRow("self") << 3;
        QTest::newRow("render-process-gone") << 4;
    }

    void clickingAnArrowReportsItsRow()
    {
        QFETCH(int, row);
        MessageLogModel model;
        model.append(makeEntry(2, 0, "invoke", "r2m"));
        model.append(makeEntry(0, 1, "webContents.send", "m2r"));
        model.append(makeEntry(1, 2, "sendTo", "r2r"));
        model.append(makeEntry(1, 1, "MessagePort", "self"));
        model.append(makeEntry(2, 0, "render-process-gone", ""));
        model.flush();
        SequenceDiagram diagram;
        diagram.setModel(&model);
        diagram.resize(700, 400);
        diagram.show();
        QVERIFY(QTest::qWaitForWindowExposed(&diagram));

        QSignalSpy clicked(&diagram, &SequenceDiagram::rowClicked);
        const QRect arrow = diagram.arrowRect(row);
        QVERIFY(!arrow.isEmpty());
        QCOMPARE(diagram.rowAt(arrow.center()), row);
        QTest::mouseClick(diagram.viewport(), Qt::LeftButton, {}, arrow.center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), row);
        QCOMPARE(diagram.currentRow(), row);

        // Beside the arrows and on the header nothing is clicked.
        QTest::mouseClick(diagram.viewport(), Qt::LeftButton, {}, QPoint(2, arrow.center().y()));
        QTest::mouseClick(diagram.viewport(), Qt::LeftButton, {}, QPoint(arrow.center().x(), 2));
        QCOMPARE(clicked.count(), 1);
    }

    void diagramDrawsArrowsInTheirPatternColour()
    {
        MessageLogModel model;
        model.append(makeEntry(0, 1, "invoke", "ping"));
        model.append(makeEntry(1, 0, "error", "pong"));
        model.flush();
        SequenceDiagram diagram;
        diagram.setModel(&model);
        diagram.resize(600, 300);
        diagram.show();
        QVERIFY(QTest::qWaitForWindowExposed(&diagram));

        const QImage image = diagram.viewport()->grab().toImage();
        QVERIFY(!image.isNull());
        const auto containsColour = [&image](const QRect &area, const QColor &color) {
            for (int y = area.top(); y <= area.bottom(); ++y) {
                for (int x = area.left(); x <= area.right(); ++x) {
                    if (image.pixelColor(x, y).rgb() == color.rgb())
                        return true;
                }
            }
            return false;
        };
        QVERIFY(containsColour(diagram.arrowRect(0), MessageLogModel::patternColor("invoke")));
        QVERIFY(containsColour(diagram.arrowRect(1), MessageLogModel::patternColor("error")));
        QVERIFY(!containsColour(diagram.arrowRect(0), MessageLogModel::patternColor("error")));
    }

    void diagramFollowsTheBottomOnlyWhenThere()
    {
        MessageLogModel model;
        for (int i = 0; i < 100; ++i)
            model.append(makeEntry(0, 1, "send", QString::number(i)));
        model.flush();
        SequenceDiagram diagram;
        diagram.setModel(&model);
        diagram.resize(500, 300);
        diagram.show();
        QVERIFY(QTest::qWaitForWindowExposed(&diagram));
        diagram.lifelines(); // lays out now rather than on the next event loop turn
        QScrollBar *bar = diagram.verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum());

        const int oldMaximum = bar->maximum();
        model.append(makeEntry(1, 0, "send", "more"));
        model.flush();
        diagram.lifelines();
        QVERIFY(bar->maximum() > oldMaximum);
        QCOMPARE(bar->value(), bar->maximum());

        bar->setValue(10);
        model.append(makeEntry(1, 0, "send", "even more"));
        model.flush();
        diagram.lifelines();
        QCOMPARE(bar->value(), 10);
    }

    void currentRowIsScrolledIntoView()
    {
        MessageLogModel model;
        for (int i = 0; i < 500; ++i)
            model.append(makeEntry(0, 1, "send", QString::number(i)));
        model.flush();
        SequenceDiagram diagram;
        diagram.setModel(&model);
        diagram.resize(500, 300);
        diagram.show();
        QVERIFY(QTest::qWaitForWindowExposed(&diagram));
        diagram.setCurrentRow(3);
        QCOMPARE(diagram.currentRow(), 3);
        QVERIFY(diagram.viewport()->rect().contains(diagram.arrowRect(3).center()));
        diagram.setCurrentRow(-1);
        QCOMPARE(diagram.currentRow(), -1);
    }

    void diagramReadsOnlyTheRowsOnScreen()
    {
        MessageLogModel model;
        for (int i = 0; i < 100000; ++i)
            model.append(makeEntry(i % 4, (i + 1) % 4, "send", QString::number(i)));
        model.flush();
        CountingProxy counter;
        counter.setSourceModel(&model);
        SequenceDiagram diagram;
        diagram.setModel(&counter);
        diagram.resize(600, 400);
        diagram.show();
        QVERIFY(QTest::qWaitForWindowExposed(&diagram));
        diagram.lifelines();
        diagram.verticalScrollBar()->setValue(diagram.verticalScrollBar()->maximum() / 2);
        counter.entryReads = 0;
        const QImage image = diagram.viewport()->grab().toImage();
        QVERIFY(counter.entryReads > 0);
        QVERIFY2(counter.entryReads < 100, qPrintable(QString::number(counter.entryReads)));
    }
};

QTEST_MAIN(tst_LogModel)
#include "tst_logmodel.moc"
