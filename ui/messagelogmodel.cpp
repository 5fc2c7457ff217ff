#include "messagelogmodel.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {

// Long enough to be read at a glance; a 30 ms batch is below what the eye notices, and keeps a
// flood of messages to about 33 insertions a second for every view and proxy listening.
constexpr int flushIntervalMs = 30;
// A table cell shows no more than this; decoding a megabyte payload for every repaint would not do.
constexpr qsizetype payloadDisplayChars = 200;
// Payloads up to this size are shown whole in the tooltip.
constexpr qsizetype payloadToolTipBytes = 2000;
// Channel and pattern names repeat endlessly; sharing one copy of each keeps 100k rows lean.
// Bounded, so that a sender inventing a channel per message cannot grow the table forever.
constexpr qsizetype maxInternedStrings = 4096;

const QString dash = QStringLiteral("—");

QString elidedPayload(const QByteArray &payload, qsizetype maxChars)
{
    // Four bytes per character at most, so the prefix decodes to at least maxChars characters
    // and a sequence cut at its end falls in the part dropped below.
    const qsizetype maxBytes = maxChars * 4;
    if (payload.size() <= maxChars)
        return QString::fromUtf8(payload);
    QString text = QString::fromUtf8(payload.left(maxBytes));
    if (text.size() <= maxChars && payload.size() <= maxBytes)
        return text;
    text.truncate(maxChars);
    return text + QChar(0x2026);
}

} // namespace

MessageLogModel::MessageLogModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &MessageLogModel::flush);
}

MessageLogModel::~MessageLogModel() = default;

int MessageLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int MessageLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogEntry &e = m_entries.at(index.row());
    switch (role) {
    case EntryRole:
        return QVariant::fromValue(e);
    case FromRole:
        return e.from;
    case ToRole:
        return e.to;
    case PatternRole:
        return e.pattern;
    case LatencyRole:
        return e.latencyNs;
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(e.wallTimeMs, Qt::LocalTime)
                    .time()
                    .toString(QStringLiteral("hh:mm:ss.zzz"));
        case RouteColumn:
            return tr("%1 → %2", "message log: sender → receiver")
                    .arg(endpointDisplayName(e.from), endpointDisplayName(e.to));
        case PatternColumn:
            return e.pattern;
        case ChannelColumn:
            return e.channel;
        case PayloadColumn:
            return elidedPayload(e.payload, payloadDisplayChars);
        case SizeColumn:
            return e.size < 0 ? dash : QString::number(e.size);
        case LatencyColumn:
            return e.latencyNs < 0 ? dash : QString::number(e.latencyNs / 1000.0, 'f', 1);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == PayloadColumn && !e.payload.isEmpty()) {
            if (e.payload.size() <= payloadToolTipBytes)
                return QString::fromUtf8(e.payload);
            return tr("%1\n(%2 bytes in all; export the log to see the whole payload)")
                    .arg(elidedPayload(e.payload, payloadToolTipBytes / 2))
                    .arg(e.payload.size());
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == PatternColumn)
            return patternColor(e.pattern);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == LatencyColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant MessageLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case RouteColumn:
        return tr("From → To");
    case PatternColumn:
        return tr("Pattern");
    case ChannelColumn:
        return tr("Channel");
    case PayloadColumn:
        return tr("Payload");
    case SizeColumn:
        return tr("Bytes");
    case LatencyColumn:
        return tr("Latency (µs)");
    }
    return {};
}

void MessageLogModel::append(const LogEntry &entry)
{
    LogEntry copy = entry;
    copy.pattern = intern(entry.pattern);
    copy.channel = intern(entry.channel);
    (m_paused ? m_held : m_pending).append(std::move(copy));
    if (m_held.size() > m_maxRows) { // a pause that lasts forever must not grow forever
        m_held.removeFirst();
        ++m_dropped;
    }
    // Not restarted by later appends: a steady stream must not postpone the batch forever.
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void MessageLogModel::flush()
{
    m_flushTimer.stop();
    if (m_reportedHeldCount != m_held.size()) {
        m_reportedHeldCount = int(m_held.size());
        emit heldCountChanged(m_reportedHeldCount);
    }
    if (m_pending.isEmpty())
        return;
    const int count = int(m_pending.size());
    QList<LogEntry> pending = std::move(m_pending);
    m_pending.clear();
    // Rows go in the order their senders sent them, which is not the order they arrive in: a
    // renderer reports what it received in batches, after main has logged its answer. Most
    // batches belong at the end, in one insertion; a late one goes where its send time puts it.
    qint64 last = m_latestSentAt;
    bool inOrder = true;
    for (const LogEntry &e : std::as_const(pending)) {
        if (e.sentAtNs > 0 && e.sentAtNs < last) {
            inOrder = false;
            break;
        }
        last = qMax(last, e.sentAtNs);
    }
    for (const LogEntry &e : std::as_const(pending))
        m_latestSentAt = qMax(m_latestSentAt, e.sentAtNs);
    if (inOrder) {
        const int first = int(m_entries.size());
        beginInsertRows({}, first, first + count - 1);
        m_entries.append(std::move(pending));
        endInsertRows();
    } else {
        insertByTime(std::move(pending));
    }
    emit entriesAppended(count);
    // Bounded: past maxRows the oldest tenth goes in one removal, not a row at a time.
    if (m_entries.size() > m_maxRows) {
        const int excess = int(m_entries.size()) - m_maxRows + m_maxRows / 10;
        beginRemoveRows({}, 0, excess - 1);
        m_entries.remove(0, excess);
        endRemoveRows();
        m_dropped += excess;
    }
}

void MessageLogModel::insertByTime(QList<LogEntry> &&pending)
{
    // In send-time order (rows of unknown time last, as they came), each row's place is found
    // from the end back past every later row and past rows of unknown time. Rows bound for the
    // same gap go in together: a flood from two senders inserts a few runs, not row by row,
    // since every insertion costs each view and proxy a pass over its rows.
    std::stable_sort(pending.begin(), pending.end(), [](const LogEntry &a, const LogEntry &b) {
        if ((a.sentAtNs > 0) != (b.sentAtNs > 0))
            return a.sentAtNs > 0;
        return a.sentAtNs < b.sentAtNs;
    });
    struct Run
    {
        int row;
        qsizetype first;
        qsizetype count;
    };
    QList<Run> runs;
    int previous = 0; // sorted, so each row's place is no earlier than the one before's
    for (qsizetype i = 0; i < pending.size(); ++i) {
        const qint64 sentAt = pending.at(i).sentAtNs;
        int place = int(m_entries.size());
        if (sentAt > 0) {
            while (place > previous
                   && (m_entries.at(place - 1).sentAtNs > sentAt || m_entries.at(place - 1).sentAtNs <= 0))
                --place;
        }
        previous = place;
        if (!runs.isEmpty() && runs.last().row == place)
            ++runs.last().count;
        else
            runs.append({place, i, 1});
    }
    // Earlier runs first: each shifts the places after it by its length.
    int shift = 0;
    for (const Run &run : std::as_const(runs)) {
        const int at = run.row + shift;
        beginInsertRows({}, at, at + int(run.count) - 1);
        m_entries.insert(at, run.count, LogEntry());
        std::move(pending.begin() + run.first, pending.begin() + run.first + run.count, m_entries.begin() + at);
        endInsertRows();
        shift += int(run.count);
    }
}

void MessageLogModel::setMaxRows(int rows)
{
    m_maxRows = qMax(10, rows);
}

void MessageLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_pending.clear();
    m_latestSentAt = 0;
    m_strings.clear();
    endResetModel();
}

void MessageLogModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    if (paused) {
        flush(); // what arrived before the pause is shown, not held
        m_paused = true;
        return;
    }
    m_paused = false;
    m_pending = std::move(m_held) + m_pending;
    m_held.clear();
    flush();
}

void MessageLogModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, RouteColumn), index(rowCount() - 1, RouteColumn),
                         {Qt::DisplayRole});
}

QColor MessageLogModel::patternColor(const QString &pattern)
{
    // Mid-tone hues that read on a light and a dark base alike; request and answer of a pair
    // sit next to each other on the wheel, failures are reds.
    static const QHash<QString, QColor> colors = {
            {QStringLiteral("send"), QColor(0x34, 0x78, 0xf6)},
            {QStringLiteral("invoke"), QColor(0x1e, 0x9e, 0x5a)},
            {QStringLiteral("result"), QColor(0x0e, 0xa5, 0xa5)},
            {QStringLiteral("result error"), QColor(0xd9, 0x3f, 0x6e)},
            {QStringLiteral("sendSync"), QColor(0xe8, 0x77, 0x2e)},
            {QStringLiteral("webContents.send"), QColor(0x8e, 0x5c, 0xd9)},
            {QStringLiteral("event.reply"), QColor(0x9f, 0x6b, 0xe0)},
            {QStringLiteral("event.sender.send"), QColor(0x7d, 0x4f, 0xc4)},
            {QStringLiteral("sendTo"), QColor(0xc0, 0x4f, 0xc0)},
            {QStringLiteral("postMessage"), QColor(0x5b, 0x5f, 0xd6)},
            {QStringLiteral("MessagePort"), QColor(0x7a, 0x9a, 0x1e)},
            {QStringLiteral("MessagePort close"), QColor(0x55, 0x6b, 0x2f)},
            {QStringLiteral("cancel"), QColor(0x8a, 0x8f, 0x98)},
            {QStringLiteral("error"), QColor(0xe5, 0x48, 0x4d)},
            {QStringLiteral("render-process-gone"), QColor(0xa4, 0x26, 0x2c)},
    };
    const auto it = colors.constFind(pattern);
    if (it != colors.constEnd())
        return *it;
    // qHash with an explicit seed, not QHash's per-process one: a pattern keeps its colour
    // from one run to the next.
    return QColor::fromHsv(int(qHash(pattern, 0) % 360), 150, 200);
}

QString MessageLogModel::endpointDisplayName(int id)
{
    return id == 0 ? tr("main") : tr("renderer %1").arg(id);
}

QString MessageLogModel::goneReasonText(const QByteArray &payload)
{
    const QJsonObject details = QJsonDocument::fromJson(payload).object();
    return goneReasonText(details.value(QLatin1String("reason")).toString(),
                          details.value(QLatin1String("exitCode")).toInt());
}

QString MessageLogModel::goneReasonText(const QString &reason, int exitCode)
{
    if (reason == QLatin1String("clean-exit"))
        return tr("closed cleanly");
    if (reason == QLatin1String("killed"))
        return tr("killed");
    if (reason == QLatin1String("crashed"))
        return tr("crashed");
    if (reason == QLatin1String("abnormal-exit"))
        return tr("exited with code %1").arg(exitCode);
    if (reason == QLatin1String("launch-failed"))
        return tr("failed to start");
    return reason;
}

QString MessageLogModel::intern(const QString &text)
{
    const auto it = m_strings.constFind(text);
    if (it != m_strings.constEnd())
        return *it;
    if (m_strings.size() < maxInternedStrings)
        m_strings.insert(text);
    return text;
}
