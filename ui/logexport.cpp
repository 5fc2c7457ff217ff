#include "logexport.h"

#include "logentry.h"
#include "messagelogmodel.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QIODevice>
#include <QJsonDocument>

#include <functional>

namespace {

// Written in pieces of about this size: 100k rows in one buffer would be the whole file twice.
constexpr qsizetype chunkBytes = 64 * 1024;

QByteArray csvField(const QByteArray &field)
{
    if (!field.contains(',') && !field.contains('"') && !field.contains('\n')
        && !field.contains('\r'))
        return field;
    QByteArray quoted = field;
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

QByteArray csvRow(const LogEntry &entry)
{
    const QByteArrayList fields = {
            QDateTime::fromMSecsSinceEpoch(entry.wallTimeMs, Qt::UTC)
                    .toString(Qt::ISODateWithMs)
                    .toUtf8(),
            LogEntry::endpointName(entry.from).toUtf8(),
            LogEntry::endpointName(entry.to).toUtf8(),
            entry.pattern.toUtf8(),
            entry.channel.toUtf8(),
            entry.payload,
            entry.size < 0 ? QByteArray() : QByteArray::number(entry.size),
            // Three decimals: the nanoseconds, exactly, in the unit of the JSON Lines export.
            entry.latencyNs < 0 ? QByteArray()
                                : QByteArray::number(entry.latencyNs / 1000.0, 'f', 3),
    };
    QByteArray row;
    for (const QByteArray &field : fields) {
        if (!row.isEmpty())
            row += ',';
        row += csvField(field);
    }
    return row + "\r\n";
}

bool writeRows(QIODevice *device, const QAbstractItemModel *model, QString *error,
               QByteArray buffer, const std::function<QByteArray(const LogEntry &)> &format)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!device || !device->isWritable())
        return fail(LogExport::tr("The log cannot be written: the file is not open for writing."));
    const auto write = [device, &buffer] {
        const bool written = device->write(buffer) == buffer.size();
        buffer.clear();
        return written;
    };
    bool written = true;
    const int rows = model ? model->rowCount() : 0;
    for (int row = 0; row < rows && written; ++row) {
        const QModelIndex index = model->index(row, 0);
        buffer += format(index.data(MessageLogModel::EntryRole).value<LogEntry>());
        if (buffer.size() >= chunkBytes)
            written = write();
    }
    if (written && !buffer.isEmpty())
        written = write();
    if (!written)
        return fail(LogExport::tr("The log could not be written: %1").arg(device->errorString()));
    if (error)
        error->clear();
    return true;
}

} // namespace

bool LogExport::writeJsonLines(QIODevice *device, const QAbstractItemModel *model, QString *error)
{
    return writeRows(device, model, error, {}, [](const LogEntry &entry) {
        return QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';
    });
}

bool LogExport::writeCsv(QIODevice *device, const QAbstractItemModel *model, QString *error)
{
    return writeRows(device, model, error,
                     "time,from,to,pattern,channel,payload,size,latencyUs\r\n", csvRow);
}
