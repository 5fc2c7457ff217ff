#pragma once

#include "logentry.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QList>
#include <QSet>
#include <QTimer>

// The main window's message log as a table. Messages can arrive thousands of times a second, so
// append() queues them and the model inserts them in batches; while paused it holds them back
// without losing any.
class MessageLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        RouteColumn, // "renderer 1 → main"
        PatternColumn,
        ChannelColumn,
        PayloadColumn,
        SizeColumn,
        LatencyColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    // Every column answers these.
    enum Role {
        EntryRole = Qt::UserRole + 1, // LogEntry
        FromRole, // int: 0 main, N renderer N
        ToRole, // int
        PatternRole, // QString
        LatencyRole // qint64 nanoseconds, -1 if unknown
    };
    Q_ENUM(Role)

    explicit MessageLogModel(QObject *parent = nullptr);
    ~MessageLogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void append(const LogEntry &entry);
    void flush(); // inserts what append() queued now rather than on the next timer tick
    void clear(); // what is shown and queued; held entries stay held
    const LogEntry &entry(int row) const { return m_entries.at(row); }

    // At most this many rows are kept (default 200,000), and as many held while paused: past
    // it the oldest go, counted in droppedCount().
    void setMaxRows(int rows);
    int maxRows() const { return m_maxRows; }
    qint64 droppedCount() const { return m_dropped; }

    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    int heldCount() const { return int(m_held.size()); }

    void retranslate();

    static QColor patternColor(const QString &pattern);
    static QString endpointDisplayName(int id); // tr("main"), tr("renderer %1")
    // Why a renderer went, from a render-process-gone row's payload: "closed cleanly", "killed"...
    static QString goneReasonText(const QByteArray &payload);
    static QString goneReasonText(const QString &reason, int exitCode);

Q_SIGNALS:
    void entriesAppended(int count);
    void heldCountChanged(int count); // at most once per batch

private:
    void insertByTime(QList<LogEntry> &&pending);
    QString intern(const QString &text);

    QList<LogEntry> m_entries;
    QList<LogEntry> m_pending;
    QList<LogEntry> m_held;
    QSet<QString> m_strings;
    QTimer m_flushTimer;
    int m_reportedHeldCount = 0;
    bool m_paused = false;
    int m_maxRows = 200000;
    qint64 m_dropped = 0;
    qint64 m_latestSentAt = 0; // the latest send time among the rows: later ones simply append
};
