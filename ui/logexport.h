#pragma once

#include <QCoreApplication>

class QAbstractItemModel;
class QIODevice;

// Writes the message log, or whatever rows of it a filter lets through, to a file. Each row is
// read through MessageLogModel::EntryRole, so any proxy of the log will do as the model.
class LogExport
{
    Q_DECLARE_TR_FUNCTIONS(LogExport)
public:
    // One compact LogEntry::toJson() object per line.
    static bool writeJsonLines(QIODevice *device, const QAbstractItemModel *model,
                               QString *error = nullptr);
    // RFC 4180, UTF-8: a header row time,from,to,pattern,channel,payload,size,latencyUs.
    static bool writeCsv(QIODevice *device, const QAbstractItemModel *model,
                         QString *error = nullptr);
};
