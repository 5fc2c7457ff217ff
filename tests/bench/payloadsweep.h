#pragma once

#include "benchdriver.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

class Contender;
class IpcLabFixture;

// Round trip p50 against payload size (64 B to 16 MiB) for a few series. Each size runs its
// series in alternation, like the table, with fewer samples for big sizes (each size moves at
// most about bytesPerSize per series), then stops their peers before the next size. Then the
// object payload (benchRecords(), an array of records), the same way: IPC Lab's invoke, the
// floor of its frame, Node.js and Qt Remote Objects (a QVariantList of QVariantMaps).
class PayloadSweep
{
public:
    enum class Series {
        Floor, // raw C socketpair ping-pong of the invoke frame of that size
        LocalSocket, // raw QLocalSocket ping-pong of the same bytes
        IpcLabJson, // renderer A invokes main's echo handler with a JSON string argument
        // Renderer A invokes with a QByteArray argument, which travels as a raw attachment
        // after the JSON (shared/PROTOCOL.md section 2), and main's handler returns it.
        IpcLabBinary,
        RemoteObjects, // Qt Remote Objects: echo(QString), or echoList(QVariantList) for records
        NodeJson, // Node.js fork IPC, serialization json
        NodeAdvanced, // the same, serialization advanced (structured clone): the object payload
    };
    struct Plan
    {
        QList<qint64> sizes;
        qint64 bytesPerSize = 0;
        int minSamples = 1;
        int maxSamples = 1;
        int rounds = 1;
        int records = 0; // the object payload's record count; 0: none
        QStringList series; // seriesKey()s to run; empty: all
    };
    struct Point
    {
        qint64 bytes = 0;
        qint64 samples = 0;
        Figures figures{};
        double ratioToFloor = 0;
        QString skipped;
    };
    struct SeriesResult
    {
        Series kind;
        QString name;
        QList<Point> points;
    };

    PayloadSweep(IpcLabFixture *fixture, const Plan &plan, const QString &nodeScript)
        : m_fixture(fixture), m_plan(plan), m_nodeScript(nodeScript)
    {
    }

    int samplesFor(qint64 bytes) const;
    void run();
    void print() const;
    QJsonObject toJson() const;

    static QString sizeLabel(qint64 bytes);
    static QString seriesKey(Series series);

private:
    struct Payload;
    std::unique_ptr<Contender> makeContender(Series series, const Payload &payload) const;
    QList<Series> seriesToRun(const QList<Series> &all) const;
    QList<SeriesResult> runPoint(const QList<Series> &series, const Payload &payload);

    IpcLabFixture *m_fixture;
    Plan m_plan;
    QString m_nodeScript;
    QList<SeriesResult> m_results;
    QList<SeriesResult> m_objectResults; // one point each, the object payload
    qint64 m_objectBytes = 0; // its JSON text
};
