#pragma once

#include "logentry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// One arrow a pattern's run should draw, from the catalogue's "expect" list: who sends it to
// whom, as which log kind on which channel, and the line of each snippet that sends it.
struct ExpectedArrow
{
    QString from;         // "main", "source" or "target" (the run's windows), "renderer" (any)
    QString to;
    QString kind;         // the log's pattern column: "invoke", "result", "webContents.send", ...
    QString channel;      // exact; a prefix if it ends with '*'; "*" any; "$channel" the run's own
    QString electronLine; // text on the line of the Electron snippet that sends it
    QString cppLine;      // the same in the C++ snippet
    QJsonObject note;     // {"en", "zh_CN"}: what to watch at this arrow; may be empty

    static QList<ExpectedArrow> fromJson(const QJsonArray &array);
};

// A run as its own trace: the expected arrows checked, in order, against the messages that
// crossed while it ran. Each expected arrow takes the first message after the previous match
// that fits it; an arrow with none is not (yet) seen.
class RunTrace
{
public:
    RunTrace() = default;
    RunTrace(const QList<ExpectedArrow> &expected, int sourceId, int targetId, const QString &channel);

    void match(const QList<LogEntry> &entries);

    const QList<ExpectedArrow> &expected() const { return m_expected; }
    const QList<LogEntry> &entries() const { return m_entries; }
    int matchedEntry(int arrow) const { return m_matched.value(arrow, -1); } // -1: not seen
    int arrowOf(int entry) const { return int(m_matched.indexOf(entry)); }  // -1: not expected
    int seenCount() const;
    bool isComplete() const { return seenCount() == m_expected.size(); }

    bool fits(const ExpectedArrow &arrow, const LogEntry &entry) const;
    int endpoint(const QString &role) const; // -1 for an unknown role
    bool isEndpoint(const QString &role, int id) const;

private:
    QList<ExpectedArrow> m_expected;
    QList<LogEntry> m_entries;
    QList<int> m_matched;
    int m_sourceId = -1;
    int m_targetId = -1;
    QString m_channel;
};
