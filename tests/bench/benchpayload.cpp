#include "benchpayload.h"

#include <QJsonObject>

QJsonArray benchRecords(int count)
{
    QJsonArray records;
    for (int i = 0; i < count; ++i) {
        const QString number = QString::number(i).rightJustified(4, QLatin1Char('0'));
        records.append(QJsonObject{
                {QStringLiteral("id"), i},
                {QStringLiteral("name"), QStringLiteral("Record %1").arg(number)},
                {QStringLiteral("kind"), QStringLiteral("type%1").arg(i % 7)},
                {QStringLiteral("score"), i * 0.25 + 0.5},
                {QStringLiteral("active"), i % 3 != 0},
                {QStringLiteral("count"), i * 37 % 1000},
                {QStringLiteral("date"),
                 QStringLiteral("2026-11-%1").arg(1 + i % 28, 2, 10, QLatin1Char('0'))},
                {QStringLiteral("tags"),
                 QJsonArray{QStringLiteral("t%1").arg(i % 5), QStringLiteral("g%1").arg(i % 3)}},
        });
    }
    return records;
}
