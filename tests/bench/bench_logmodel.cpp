// How the message log copes with 100,000 rows: appending, filtering, exporting and painting
// the sequence diagram. A benchmark to run by hand, not a test: the figures depend on the
// machine. Run with QT_QPA_PLATFORM=offscreen for the numbers without a screen.

#include "logentry.h"
#include "logexport.h"
#include "messagelogfilter.h"
#include "messagelogmodel.h"
#include "sequencediagram.h"

#include <QApplication>
#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTableView>

#include <cstdio>
#include <functional>

namespace {

constexpr int rowCount = 100000;
constexpr int batchSize = 1000; // about what arrives in one 30 ms batch under a heavy flood

// A mix like the demo's: mostly send and invoke between main and eight renderers, payloads of a
// few dozen to a few hundred bytes, some of them Chinese.
QList<LogEntry> realisticEntries(int count)
{
    QRandomGenerator random(20240301);
    const QStringList patterns = {"send",
                                  "send",
                                  "send",
                                  "invoke",
                                  "result",
                                  "webContents.send",
                                  "webContents.send",
                                  "sendSync",
                                  "result error",
                                  "sendTo",
                                  "MessagePort",
                                  "cancel",
                                  "error"};
    const QStringList channels = {"ping",         "get-user",        "app:ready",
                                  "counter:tick", "file:read",       "progress",
                                  "log",          "window:resize",   "settings:changed",
                                  "问候",         "clipboard:write", "db:query"};
    const QStringList words
            = {"alpha", "beta",  "gamma", "你好", "世界",          "value", "status",
               "ok",    "retry", "user",  "path", "/tmp/file.txt", "delta"};
    QList<LogEntry> entries;
    entries.reserve(count);
    qint64 time = 1709296496789;
    for (int i = 0; i < count; ++i) {
        LogEntry entry;
        time += random.bounded(1, 40);
        entry.wallTimeMs = time;
        entry.sentAtNs = time * 1'000'000; // traced rows carry their send time
        const int renderer = random.bounded(1, 9);
        entry.pattern = patterns.at(random.bounded(int(patterns.size())));
        const bool fromMain = entry.pattern == QLatin1String("webContents.send")
                || entry.pattern.endsWith(QLatin1String("result"))
                || entry.pattern.endsWith(QLatin1String("return"));
        entry.from = fromMain ? 0 : renderer;
        entry.to = fromMain ? renderer
                            : (entry.pattern == QLatin1String("sendTo") ? random.bounded(1, 9) : 0);
        entry.channel = channels.at(random.bounded(int(channels.size())));
        QJsonObject payload;
        const int fields = random.bounded(1, 12);
        for (int f = 0; f < fields; ++f)
            payload.insert(
                    words.at(random.bounded(int(words.size()))) + QString::number(f),
                    words.at(random.bounded(int(words.size()))).repeated(random.bounded(1, 4)));
        entry.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        entry.size = entry.payload.size() + 60;
        entry.latencyNs = random.bounded(30000, 3000000);
        entries.append(entry);
    }
    return entries;
}

struct Timing
{
    QString what;
    double milliseconds;
    QString note;
};

QList<Timing> timings;

double measure(const QString &what, const std::function<QString()> &work)
{
    QElapsedTimer timer;
    timer.start();
    const QString note = work();
    const double ms = timer.nsecsElapsed() / 1e6;
    timings.append({what, ms, note});
    return ms;
}

// The mean of several paints, each of the whole viewport; a paint is far below a millisecond.
QString paintDiagram(SequenceDiagram *diagram, int runs, const std::function<void(int)> &before)
{
    QImage image(diagram->viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QElapsedTimer timer;
    qint64 total = 0;
    for (int run = 0; run < runs; ++run) {
        before(run);
        timer.start();
        diagram->viewport()->render(&image);
        total += timer.nsecsElapsed();
    }
    return QStringLiteral("%1 ms a paint, mean of %2").arg(total / 1e6 / runs, 0, 'f', 3).arg(runs);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QList<LogEntry> entries = realisticEntries(rowCount);

    {
        MessageLogModel model;
        measure(QStringLiteral("append 100k, one flush, no view"), [&] {
            for (const LogEntry &entry : entries)
                model.append(entry);
            model.flush();
            return QStringLiteral("%1 rows").arg(model.rowCount());
        });
    }

    MessageLogModel model;
    MessageLogFilter filter;
    filter.setSourceModel(&model);
    QTableView table;
    table.setModel(&filter);
    table.resize(1000, 500);
    table.show();
    SequenceDiagram diagram;
    diagram.setModel(&filter);
    diagram.resize(1000, 700);
    diagram.show();
    app.processEvents();

    measure(QStringLiteral("append 100k in 1000-row batches, filter + table + diagram"), [&] {
        for (int first = 0; first < rowCount; first += batchSize) {
            for (int i = first; i < first + batchSize; ++i)
                model.append(entries.at(i));
            model.flush();
            app.processEvents(); // what the views do with each batch, painting included
        }
        return QStringLiteral("%1 batches").arg(rowCount / batchSize);
    });

    // Two senders whose records arrive interleaved: a renderer's batch of what it received
    // lands after main's own later rows, so each flush has rows that go back in the log (it is
    // ordered by send time). 300 flushes of 30 rows, a third of them late, onto the 100k rows.
    measure(QStringLiteral("300 late-row batches of 30 onto 100k rows, filter + table + diagram"), [&] {
        qint64 clock = entries.last().sentAtNs;
        const QList<LogEntry> more = realisticEntries(300 * 30);
        int next = 0;
        qint64 flushNs = 0;
        qint64 eventsNs = 0;
        for (int batch = 0; batch < 300; ++batch) {
            for (int i = 0; i < 30; ++i) {
                LogEntry entry = more.at(next++);
                clock += 1000;
                entry.sentAtNs = i % 3 == 2 ? clock - 25'000 : clock; // sent 25 rows earlier
                model.append(entry);
            }
            QElapsedTimer t;
            t.start();
            model.flush();
            flushNs += t.nsecsElapsed();
            t.start();
            app.processEvents();
            eventsNs += t.nsecsElapsed();
        }
        return QStringLiteral("%1 rows; flush %2 ms, views %3 ms").arg(model.rowCount()).arg(flushNs / 1e6, 0, 'f', 0).arg(eventsNs / 1e6, 0, 'f', 0);
    });

    const auto filtered = [&](const std::function<void()> &change) {
        return [&, change] {
            change();
            diagram.lifelines(); // the diagram's rescan of the filtered rows, which a filter causes
            return QStringLiteral("%1 rows shown").arg(filter.rowCount());
        };
    };
    measure(QStringLiteral("text filter \"progress\" (ASCII)"),
            filtered([&] { filter.setTextFilter(QStringLiteral("progress")); }));
    measure(QStringLiteral("text filter, Chinese (decodes payloads)"),
            filtered([&] { filter.setTextFilter(QStringLiteral("你好")); }));
    measure(QStringLiteral("clear text filter"), filtered([&] { filter.setTextFilter({}); }));
    measure(QStringLiteral("window filter 3"), filtered([&] { filter.setWindowFilter(3); }));
    measure(QStringLiteral("pattern filter \"invoke\" (and window 3)"),
            filtered([&] { filter.setPatternFilter(QStringLiteral("invoke")); }));
    measure(QStringLiteral("clear every filter"), filtered([&] {
                filter.setWindowFilter(-1);
                filter.setPatternFilter({});
            }));

    app.processEvents();
    QScrollBar *bar = diagram.verticalScrollBar();
    measure(QStringLiteral("diagram paint, bottom of the view"), [&] {
        return paintDiagram(&diagram, 50, [&](int) { bar->setValue(bar->maximum()); });
    });
    measure(QStringLiteral("diagram scroll to the middle + paint"), [&] {
        return paintDiagram(&diagram, 50, [&](int run) {
            bar->setValue(bar->maximum() / 2 + (run % 2 ? 1 : -1) * run * bar->pageStep());
        });
    });

    measure(QStringLiteral("export JSON Lines, 100k rows"), [&] {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        LogExport::writeJsonLines(&buffer, &filter);
        return QStringLiteral("%1 MB").arg(buffer.size() / 1e6, 0, 'f', 1);
    });
    measure(QStringLiteral("export CSV, 100k rows"), [&] {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        LogExport::writeCsv(&buffer, &filter);
        return QStringLiteral("%1 MB").arg(buffer.size() / 1e6, 0, 'f', 1);
    });

    int width = 0;
    for (const Timing &timing : std::as_const(timings))
        width = std::max(width, int(timing.what.size()));
    std::printf("%-*s  %10s  %s\n", width, "measurement", "ms", "");
    for (const Timing &timing : std::as_const(timings)) {
        std::printf("%-*s  %10.2f  %s\n", width, qPrintable(timing.what), timing.milliseconds,
                    qPrintable(timing.note));
    }
    return 0;
}
