#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

struct TraceRecord;

// One message in the main window's log, as its receiver saw it.
struct LogEntry
{
    qint64 wallTimeMs = 0;  // when it was sent (received, if the sender did not stamp it),
                            // ms since the epoch (UTC)
    qint64 sentAtNs = 0;    // the same on the shared monotonic clock, which orders the log: an
                            // answer is never above its request. 0: unknown, goes last. Not exported.
    int from = 0;           // 0: main; N: renderer N
    int to = 0;             // 0: main; N: renderer N
    QString pattern;        // the Electron API that carried it: one of MessageTrace::patterns()
                            // ("send", "invoke", "result", ...) or "render-process-gone"
    QString channel;
    QByteArray payload;     // compact JSON text
    qint64 size = -1;       // bytes on the wire, -1 if unknown
    qint64 latencyNs = -1;  // one-way, sender's stamp to receipt, -1 if unknown

    // {"time": ISO 8601 UTC with ms, "from": "main"|"renderer-N", "to", "pattern", "channel",
    //  "payload": <the JSON value>, "size": bytes|null, "latencyUs": µs|null}
    QJsonObject toJson() const;
    static LogEntry fromJson(const QJsonObject &object);
    // The row for a traced message; nowNs and nowWallMs are the same instant on the monotonic
    // clock and the wall clock, to date it by.
    static LogEntry fromTrace(const TraceRecord &record, qint64 nowNs, qint64 nowWallMs);
    static QString endpointName(int id); // "main", "renderer-3"
};
// Moved as bytes: a row that goes back in the log shifts the rows after it by memmove.
Q_DECLARE_TYPEINFO(LogEntry, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(LogEntry)
