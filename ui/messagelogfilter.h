#pragma once

#include <QPointer>
#include <QSortFilterProxyModel>

class MessageLogModel;
struct LogEntry;

// Narrows the message log to one window, one pattern and a piece of text, all at once. Reads
// the entries of a MessageLogModel directly: a filter runs over every row each time it changes.
class MessageLogFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit MessageLogFilter(QObject *parent = nullptr);
    ~MessageLogFilter() override;

    void setSourceModel(QAbstractItemModel *model) override;

    void setWindowFilter(int id); // -1: any; otherwise messages from or to that endpoint
    int windowFilter() const { return m_windowId; }
    void setPatternFilter(const QString &pattern); // empty: any
    QString patternFilter() const { return m_pattern; }
    void setTextFilter(const QString &text); // case-insensitive, in channel, payload or pattern
    QString textFilter() const { return m_text; }
    // Only what was sent from then on (monotonic ns, as LogEntry::sentAtNs); 0: any time.
    void setSentSince(qint64 monotonicNs);
    qint64 sentSince() const { return m_since; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void filterChanged();
    bool accepts(const LogEntry &entry) const;

    QPointer<MessageLogModel> m_log;
    int m_windowId = -1;
    QString m_pattern;
    QString m_text;
    qint64 m_since = 0;
    QByteArray m_textLatin1; // m_text when it is plain ASCII, for a search without decoding
};
