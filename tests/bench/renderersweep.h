#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

class IpcLabFixture;

// How main copes with many renderers at once: 1, 2, 4 ... 32 bench renderers each loop
// invoke -> await -> invoke against main's echo handler at the same time. The renderers are
// started for the sweep, one after another as the count grows (which also times a renderer's
// start to ready and reads an idle renderer's resident memory), and closed after it. Only the
// renderers of the count are connected while it runs (besides A and B, idle): idle connections
// cost main CPU too, which the last point shows, one renderer invoking with all the others idle.
// Each count runs its rounds in a row: alternating counts would keep all 32 connected.
class RendererSweep
{
public:
    struct Plan
    {
        QList<int> counts;
        int roundTripsPerCount = 1; // over all rounds and renderers
        int rounds = 1;
    };
    struct Point
    {
        int renderers = 0; // invoking
        int connected = 0; // sweep renderers connected meanwhile
        qint64 roundTrips = 0;
        double roundTripsPerSecond = 0;
        double p50Us = 0;
        double p99Us = 0;
        double mainCpuUsPerMessage = 0;
        QString failed;
    };

    RendererSweep(IpcLabFixture *fixture, const Plan &plan) : m_fixture(fixture), m_plan(plan) { }

    void run();
    void print() const;
    QJsonObject toJson() const;

private:
    int perRenderer(int renderers) const;
    Point measure(int renderers);

    IpcLabFixture *m_fixture;
    Plan m_plan;
    QString m_skipped;
    QList<Point> m_points;
    QList<double> m_startupMs;
    QList<double> m_idleRssKiB;
};
