#include "ipcbinary.h"

namespace {
const QString binaryKey = QStringLiteral("$binary");
const QString byteLengthKey = QStringLiteral("byteLength");
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

QJsonValue pack(const QVariant &value, QList<QByteArray> *buffers)
{
    if (value.metaType().id() != QMetaType::QByteArray)
        return QJsonValue::fromVariant(value);
    const QByteArray bytes = value.toByteArray();
    buffers->append(bytes);
    return reference(buffers->size() - 1, bytes.size());
}

QJsonArray pack(const QVariantList &arguments, QList<QByteArray> *buffers)
{
    QJsonArray args;
    for (const QVariant &argument : arguments)
        args.append(pack(argument, buffers));
    return args;
}

IpcError checkReferences(const QJsonArray &args, const QList<QByteArray> &buffers)
{
    if (buffers.isEmpty())
        return {};
    qsizetype references = 0;
    for (const QJsonValue &value : args) {
        if (referenceIndex(value) != notAReference)
            ++references;
    }
    if (references == buffers.size())
        return {};
    return IpcError(QStringLiteral("DataCloneError"),
                    QStringLiteral("An object could not be cloned: an argument with a '$binary' key "
                                   "cannot travel beside binary arguments, which use that key"));
}

QVariant unpack(const QJsonValue &value, const QList<QByteArray> &buffers)
{
    const qsizetype index = referenceIndex(value);
    if (index >= 0 && index < buffers.size())
        return buffers.at(index);
    return value.toVariant();
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
