#include "messagelogfilter.h"

#include "logentry.h"
#include "messagelogmodel.h"

namespace {

bool isAscii(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

} // namespace

MessageLogFilter::MessageLogFilter(QObject *parent) : QSortFilterProxyModel(parent) { }

MessageLogFilter::~MessageLogFilter() = default;

void MessageLogFilter::setSourceModel(QAbstractItemModel *model)
{
    m_log = qobject_cast<MessageLogModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

void MessageLogFilter::setWindowFilter(int id)
{
    if (id < 0)
        id = -1;
    if (id == m_windowId)
        return;
    m_windowId = id;
    filterChanged();
}

void MessageLogFilter::setPatternFilter(const QString &pattern)
{
    if (pattern == m_pattern)
        return;
    m_pattern = pattern;
    filterChanged();
}

void MessageLogFilter::setTextFilter(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_textLatin1 = isAscii(text) ? text.toLatin1() : QByteArray();
    filterChanged();
}

void MessageLogFilter::setSentSince(qint64 monotonicNs)
{
    monotonicNs = qMax<qint64>(0, monotonicNs);
    if (monotonicNs == m_since)
        return;
    m_since = monotonicNs;
    filterChanged();
}

void MessageLogFilter::filterChanged()
{
    // Not invalidateRowsFilter(): that announces every contiguous run of rows that comes or
    // goes on its own, and the proxy and each view's header then do work proportional to the
    // whole log for each run; at 100k rows a keystroke in the search field took a second or
    // more. One layout change costs a single pass, and persistent indexes (the selection, the
    // diagram's current row) are carried over all the same.
    invalidate();
}

bool MessageLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_windowId < 0 && m_pattern.isEmpty() && m_text.isEmpty() && m_since == 0)
        return true;
    if (m_log)
        return accepts(m_log->entry(sourceRow));
    // Some other model: slower, through the role every such model is asked to provide.
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return accepts(index.data(MessageLogModel::EntryRole).value<LogEntry>());
}

bool MessageLogFilter::accepts(const LogEntry &entry) const
{
    if (m_windowId >= 0 && entry.from != m_windowId && entry.to != m_windowId)
        return false;
    if (m_since > 0 && entry.sentAtNs > 0 && entry.sentAtNs < m_since)
        return false;
    if (!m_pattern.isEmpty() && entry.pattern != m_pattern)
        return false;
    if (m_text.isEmpty())
        return true;
    if (entry.channel.contains(m_text, Qt::CaseInsensitive)
        || entry.pattern.contains(m_text, Qt::CaseInsensitive))
        return true;
    // The payload is UTF-8. An ASCII needle can be searched for in the raw bytes: read as
    // Latin-1, every byte of a multi-byte sequence is >= 0x80 and never folds onto ASCII, so
    // there are no false matches, and no decoding of every payload on every keystroke.
    if (!m_textLatin1.isEmpty())
        return QLatin1StringView(entry.payload)
                .contains(QLatin1StringView(m_textLatin1), Qt::CaseInsensitive);
    return QString::fromUtf8(entry.payload).contains(m_text, Qt::CaseInsensitive);
}
