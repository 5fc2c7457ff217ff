#pragma once

#include "benchdriver.h"

#include <QJsonObject>
#include <QList>
#include <QString>

class IpcLabFixture;

// Round trip p50 against payload size (64 B to 16 MiB) for a few series. Each size runs its
// series in alternation, like the table, with fewer samples for big sizes (each size moves at
// most about bytesPerSize per series), then stops their peers before the next size.
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
    };
    struct Plan
    {
        QList<qint64> sizes;
        qint64 bytesPerSize = 0;
        int minSamples = 1;
        int maxSamples = 1;
        int rounds = 1;
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

    PayloadSweep(IpcLabFixture *fixture, const Plan &plan) : m_fixture(fixture), m_plan(plan) { }

    int samplesFor(qint64 bytes) const;
    void run();
    void print() const;
    QJsonObject toJson() const;

    static QString sizeLabel(qint64 bytes);
    static QString seriesKey(Series series);

private:
    IpcLabFixture *m_fixture;
    Plan m_plan;
    QList<SeriesResult> m_results;
};
