#include "runtrace.h"

QList<ExpectedArrow> ExpectedArrow::fromJson(const QJsonArray &array)
{
    QList<ExpectedArrow> arrows;
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        arrows.append({o.value(QLatin1String("from")).toString(), o.value(QLatin1String("to")).toString(),
                       o.value(QLatin1String("kind")).toString(), o.value(QLatin1String("channel")).toString(),
                       o.value(QLatin1String("electron")).toString(), o.value(QLatin1String("cpp")).toString(),
                       o.value(QLatin1String("note")).toObject()});
    }
    return arrows;
}

RunTrace::RunTrace(const QList<ExpectedArrow> &expected, int sourceId, int targetId, const QString &channel)
    : m_expected(expected), m_sourceId(sourceId), m_targetId(targetId), m_channel(channel)
{
    m_matched.fill(-1, m_expected.size());
}

int RunTrace::endpoint(const QString &role) const
{
    if (role == QLatin1String("main"))
        return 0;
    if (role == QLatin1String("source"))
        return m_sourceId;
    if (role == QLatin1String("target"))
        return m_targetId;
    return -1;
}

bool RunTrace::isEndpoint(const QString &role, int id) const
{
    // "renderer": any window, for what main sends to all of them.
    return role == QLatin1String("renderer") ? id > 0 : id == endpoint(role);
}

bool RunTrace::fits(const ExpectedArrow &arrow, const LogEntry &entry) const
{
    if (!isEndpoint(arrow.from, entry.from) || !isEndpoint(arrow.to, entry.to) || entry.pattern != arrow.kind)
        return false;
    if (arrow.channel == QLatin1String("*"))
        return true; // a cancel names no channel
    if (arrow.channel == QLatin1String("$channel"))
        return entry.channel == m_channel;
    if (arrow.channel.endsWith(QLatin1Char('*')))
        return entry.channel.startsWith(arrow.channel.chopped(1));
    return entry.channel == arrow.channel;
}

void RunTrace::match(const QList<LogEntry> &entries)
{
    m_entries = entries;
    m_matched.fill(-1, m_expected.size());
    // In order, so that a second invoke on the same channel is the second arrow, not the first;
    // an arrow that is missing does not hold up the ones after it, and one that came out of
    // order (two windows answered in either order) still counts.
    int from = 0;
    for (int arrow = 0; arrow < m_expected.size(); ++arrow) {
        for (int pass = 0; pass < 2 && m_matched.at(arrow) < 0; ++pass) {
            for (int entry = pass == 0 ? from : 0; entry < m_entries.size(); ++entry) {
                if (!m_matched.contains(entry) && fits(m_expected.at(arrow), m_entries.at(entry))) {
                    m_matched[arrow] = entry;
                    from = entry + 1;
                    break;
                }
            }
        }
    }
}

int RunTrace::seenCount() const
{
    return int(std::count_if(m_matched.cbegin(), m_matched.cend(), [](int entry) { return entry >= 0; }));
}
