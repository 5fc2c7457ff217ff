#include "ipcbinary.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QMetaType>

namespace {
const QString binaryKey = QStringLiteral("$binary");
const QString byteLengthKey = QStringLiteral("byteLength");
const QString dateKey = QStringLiteral("$date");
const QString bytesKey = QStringLiteral("$bytes");
const QString argsName = QStringLiteral("args");

// Where buffers go: attachments (with a list to append to) or inline base64 (without).
struct Packer
{
    QList<QByteArray> *buffers;
    IpcError *error;

    QJsonValue pack(const QVariant &value, const IpcBinary::ValuePath &path)
    {
        const QMetaType type = value.metaType();
        switch (type.id()) {
        case QMetaType::UnknownType:
        case QMetaType::Nullptr:
            return QJsonValue::Null;
        case QMetaType::QByteArray: {
            const QByteArray bytes = value.toByteArray();
            if (!buffers)
                return QJsonObject{{bytesKey, QString::fromLatin1(bytes.toBase64())}};
            buffers->append(bytes);
            return IpcBinary::reference(buffers->size() - 1, bytes.size());
        }
        case QMetaType::QDateTime: {
            const QDateTime when = value.toDateTime();
            return QJsonObject{{dateKey, when.isValid() ? QJsonValue(when.toUTC().toString(Qt::ISODateWithMs))
                                                        : QJsonValue(QJsonValue::Null)}};
        }
        case QMetaType::QVariantList:
        case QMetaType::QStringList:
            return packList(value.toList(), path);
        case QMetaType::QVariantMap:
            return packMap(value.toMap(), path);
        case QMetaType::QVariantHash: {
            const QVariantHash hash = value.toHash();
            QVariantMap map;
            for (auto it = hash.begin(); it != hash.end(); ++it)
                map.insert(it.key(), it.value());
            return packMap(map, path);
        }
        case QMetaType::QJsonValue:
        case QMetaType::QJsonArray:
        case QMetaType::QJsonObject:
        case QMetaType::QJsonDocument:
        case QMetaType::QCborValue:
            return QJsonValue::fromVariant(value);
        default:
            break;
        }
        // Pointers (a QObject*, a void*) have no value to copy, whatever Qt could make of them.
        if (!(type.flags() & (QMetaType::IsPointer | QMetaType::PointerToQObject | QMetaType::PointerToGadget))) {
            if (QMetaType::canConvert(type, QMetaType::fromType<QVariantList>())
                && !QMetaType::canConvert(type, QMetaType::fromType<QString>()))
                return packList(value.toList(), path);
            if (QMetaType::canConvert(type, QMetaType::fromType<QVariantMap>()))
                return packMap(value.toMap(), path);
            const QJsonValue json = QJsonValue::fromVariant(value);
            if (!json.isNull() && !json.isUndefined())
                return json;
        }
        if (error->isNull())
            *error = IpcBinary::cloneError(path.toString(), QString::fromLatin1(type.name()));
        return QJsonValue::Null;
    }

    QJsonArray packList(const QVariantList &list, const IpcBinary::ValuePath &path)
    {
        QJsonArray array;
        for (qsizetype i = 0; i < list.size() && error->isNull(); ++i)
            array.append(pack(list.at(i), IpcBinary::ValuePath(path, i)));
        return array;
    }

    QJsonObject packMap(const QVariantMap &map, const IpcBinary::ValuePath &path)
    {
        QJsonObject object;
        for (auto it = map.begin(); it != map.end() && error->isNull(); ++it)
            object.insert(it.key(), pack(it.value(), IpcBinary::ValuePath(path, it.key())));
        return object;
    }
};

// The one key of a marker object ({"$date": ...}, {"$bytes": ...}), or an empty string.
QString markerKey(const QJsonObject &object)
{
    if (object.size() == 1 && (object.contains(dateKey) || object.contains(bytesKey)))
        return object.begin().key();
    return {};
}
} // namespace

namespace IpcBinary {

QJsonObject reference(qsizetype index, qsizetype size)
{
    return QJsonObject{{binaryKey, index}, {byteLengthKey, size}};
}

qsizetype referenceIndex(const QJsonValue &value)
{
    if (!value.isObject())
        return notAReference;
    const QJsonObject object = value.toObject();
    const auto it = object.constFind(binaryKey);
    if (it == object.constEnd())
        return notAReference;
    const qint64 index = it->toInteger(-1);
    return index >= 0 ? qsizetype(index) : invalidReference;
}

QString ValuePath::toString() const
{
    if (!m_parent)
        return *m_root;
    if (m_isMember)
        return m_parent->toString() + QLatin1Char('.') + m_member.key();
    if (m_key)
        return m_parent->toString() + QLatin1Char('.') + *m_key;
    return m_parent->toString() + QLatin1Char('[') + QString::number(m_index) + QLatin1Char(']');
}

bool forEachReference(const QJsonValue &value, const ValuePath &path,
                      const std::function<bool(const QJsonValue &, const ValuePath &)> &visit)
{
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!forEachReference(array.at(i), ValuePath(path, i), visit))
                return false;
        }
        return true;
    }
    if (!value.isObject())
        return true;
    const QJsonObject object = value.toObject();
    if (object.contains(binaryKey))
        return visit(value, path);
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!forEachReference(it.value(), ValuePath(path, it), visit))
            return false;
    }
    return true;
}

QJsonValue pack(const QVariant &value, QList<QByteArray> *buffers, IpcError *error)
{
    return Packer{buffers, error}.pack(value, ValuePath(ValuePath(argsName), 0));
}

QJsonArray pack(const QVariantList &arguments, QList<QByteArray> *buffers, IpcError *error)
{
    return Packer{buffers, error}.packList(arguments, ValuePath(argsName));
}

QJsonValue packInline(const QVariant &value, IpcError *error)
{
    return Packer{nullptr, error}.pack(value, ValuePath(ValuePath(argsName), 0));
}

IpcError cloneError(const QString &path, const QString &what)
{
    return IpcError(QStringLiteral("DataCloneError"), QStringLiteral("An object could not be cloned."),
                    QJsonObject{{QStringLiteral("path"), path}, {QStringLiteral("value"), what}});
}

IpcError checkReferences(const QJsonArray &args, const QList<QByteArray> &buffers)
{
    if (buffers.isEmpty())
        return {};
    qsizetype references = 0;
    QString where;
    forEachReference(args, ValuePath(argsName), [&](const QJsonValue &, const ValuePath &path) {
        if (where.isEmpty())
            where = path.toString();
        ++references;
        return true;
    });
    if (references == buffers.size())
        return {};
    // One that pack() did not write: a user's own object with a '$binary' key beside real bytes.
    return cloneError(where, QStringLiteral("an object with a '$binary' key beside binary arguments, which use that key"));
}

QVariant unpack(const QJsonValue &value, const QList<QByteArray> &buffers)
{
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        QVariantList list;
        list.reserve(array.size());
        for (const QJsonValue &element : array)
            list.append(unpack(element, buffers));
        return list;
    }
    if (!value.isObject())
        return value.toVariant();
    const qsizetype index = referenceIndex(value);
    if (index >= 0 && index < buffers.size())
        return buffers.at(index);
    const QJsonObject object = value.toObject();
    const QString marker = markerKey(object);
    if (marker == dateKey) {
        const QJsonValue when = object.value(dateKey);
        return when.isString() ? QDateTime::fromString(when.toString(), Qt::ISODateWithMs) : QDateTime();
    }
    if (marker == bytesKey)
        return QByteArray::fromBase64(object.value(bytesKey).toString().toLatin1());
    QVariantMap map;
    for (auto it = object.begin(); it != object.end(); ++it)
        map.insert(it.key(), unpack(it.value(), buffers));
    return map;
}

QVariantList unpack(const QJsonArray &args, const QList<QByteArray> &buffers)
{
    QVariantList arguments;
    arguments.reserve(args.size());
    for (const QJsonValue &value : args)
        arguments.append(unpack(value, buffers));
    return arguments;
}

} // namespace IpcBinary
