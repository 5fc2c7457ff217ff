#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

// One message in the main window's log, as its receiver saw it.
struct LogEntry
{
    qint64 wallTimeMs = 0;  // when it was received, ms since the epoch (UTC)
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
    static QString endpointName(int id); // "main", "renderer-3"
};
Q_DECLARE_METATYPE(LogEntry)
