#include "ipctyped.h"

#include "logging.h"

#include <QHash>
#include <QMetaProperty>
#include <QReadWriteLock>

#include <cmath>
#include <limits>

// The TypeError texts, one format for every typed call:
//
//     argument <n>[ (<name>)][ at <path>] is <what it is>, expected <type>
//     expected <n> argument(s)[ (<names>)], got <m>
//     the result[ at <path>] is <what it is>, expected <type>
//
// n counts from 1; the names are the ones given to handle()/on(), if any; the path leads into a
// list ("[2]"), a map ("[\"key\"]") or a gadget (".x"). Electron's invoke wraps them as usual:
// "Error invoking remote method 'add': TypeError: argument 2 (b) is a string, expected int".

namespace IpcTyped {
namespace Detail {

namespace {

bool fail(const QJsonValue &json, const QList<QByteArray> *buffers, const char *expected,
          Failure *failure)
{
    *failure = {QString(), describe(json, buffers), QString::fromLatin1(expected)};
    return false;
}

struct RuntimeConverter
{
    WriteFunction write;
    ReadFunction read;
};

QReadWriteLock converterLock;

template <typename T>
RuntimeConverter converterFor()
{
    return {[](const void *value) { return Convert<T>::toJson(*static_cast<const T *>(value), nullptr); },
            [](const QJsonValue &json, void *value, Failure *failure) {
                return Convert<T>::fromJson(json, nullptr, static_cast<T *>(value), failure);
            }};
}

QHash<int, RuntimeConverter> &converters()
{
    static QHash<int, RuntimeConverter> table = [] {
        QHash<int, RuntimeConverter> builtIn;
        auto add = [&builtIn]<typename T>(T *) {
            builtIn.insert(QMetaType::fromType<T>().id(), converterFor<T>());
        };
        add(static_cast<int *>(nullptr));
        add(static_cast<qint64 *>(nullptr));
        add(static_cast<double *>(nullptr));
        add(static_cast<bool *>(nullptr));
        add(static_cast<QString *>(nullptr));
        add(static_cast<QByteArray *>(nullptr));
        add(static_cast<QJsonValue *>(nullptr));
        add(static_cast<QJsonObject *>(nullptr));
        add(static_cast<QJsonArray *>(nullptr));
        add(static_cast<QVariant *>(nullptr));
        add(static_cast<QList<int> *>(nullptr));
        add(static_cast<QList<qint64> *>(nullptr));
        add(static_cast<QList<double> *>(nullptr));
        add(static_cast<QList<bool> *>(nullptr));
        add(static_cast<QList<QString> *>(nullptr));
        add(static_cast<QMap<QString, int> *>(nullptr));
        add(static_cast<QMap<QString, qint64> *>(nullptr));
        add(static_cast<QMap<QString, double> *>(nullptr));
        add(static_cast<QMap<QString, bool> *>(nullptr));
        add(static_cast<QMap<QString, QString> *>(nullptr));
        return builtIn;
    }();
    return table;
}

bool lookUp(QMetaType type, RuntimeConverter *converter)
{
    QReadLocker locker(&converterLock);
    const auto it = converters().constFind(type.id());
    if (it == converters().constEnd())
        return false;
    *converter = *it;
    return true;
}

bool isGadget(QMetaType type)
{
    return (type.flags() & QMetaType::IsGadget) && type.metaObject();
}

} // namespace

void registerConverter(QMetaType type, WriteFunction write, ReadFunction read)
{
    QWriteLocker locker(&converterLock);
    converters().insert(type.id(), RuntimeConverter{write, read});
}

void prefix(Failure *failure, const QString &step)
{
    failure->path.prepend(step);
}

QString describe(const QJsonValue &value, const QList<QByteArray> *buffers)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number (%1)").arg(value.toDouble(), 0, 'g', 17);
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        if (buffers && IpcBinary::referenceIndex(value) >= 0)
            return QStringLiteral("binary data");
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        return QStringLiteral("missing");
    }
    return QString();
}

bool read(const QJsonValue &json, int *out, Failure *failure)
{
    qint64 value = 0;
    if (!read(json, &value, failure)
        || value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
        return fail(json, nullptr, "int", failure);
    *out = int(value);
    return true;
}

bool read(const QJsonValue &json, qint64 *out, Failure *failure)
{
    if (!json.isDouble())
        return fail(json, nullptr, "qint64", failure);
    // An integer that came as one keeps every bit; a double must be a whole number in range.
    constexpr qint64 sentinel = std::numeric_limits<qint64>::min();
    const qint64 value = json.toInteger(sentinel);
    if (value == sentinel) {
        const double d = json.toDouble();
        if (d != double(sentinel))
            return fail(json, nullptr, "qint64", failure);
    }
    *out = value;
    return true;
}

bool read(const QJsonValue &json, double *out, Failure *failure)
{
    if (!json.isDouble())
        return fail(json, nullptr, "double", failure);
    *out = json.toDouble();
    return true;
}

bool read(const QJsonValue &json, bool *out, Failure *failure)
{
    if (!json.isBool())
        return fail(json, nullptr, "bool", failure);
    *out = json.toBool();
    return true;
}

bool read(const QJsonValue &json, QString *out, Failure *failure)
{
    if (!json.isString())
        return fail(json, nullptr, "QString", failure);
    *out = json.toString();
    return true;
}

bool read(const QJsonValue &json, QJsonValue *out, Failure *failure)
{
    if (json.isUndefined())
        return fail(json, nullptr, "QJsonValue", failure);
    *out = json;
    return true;
}

bool read(const QJsonValue &json, QJsonObject *out, Failure *failure)
{
    if (!json.isObject())
        return fail(json, nullptr, "QJsonObject", failure);
    *out = json.toObject();
    return true;
}

bool read(const QJsonValue &json, QJsonArray *out, Failure *failure)
{
    if (!json.isArray())
        return fail(json, nullptr, "QJsonArray", failure);
    *out = json.toArray();
    return true;
}

bool read(const QJsonValue &json, QVariant *out, Failure *failure)
{
    if (json.isUndefined())
        return fail(json, nullptr, "QVariant", failure);
    *out = json.toVariant();
    return true;
}

bool readBytes(const QJsonValue &json, const QList<QByteArray> *buffers, QByteArray *out,
               Failure *failure)
{
    if (buffers) {
        // A whole argument or result: an attachment of the message.
        const qsizetype index = IpcBinary::referenceIndex(json);
        if (index < 0 || index >= buffers->size())
            return fail(json, buffers, "QByteArray", failure);
        *out = buffers->at(index);
        return true;
    }
    // Nested: base64, and nothing that is not exactly that.
    if (!json.isString())
        return fail(json, nullptr, "QByteArray (base64)", failure);
    auto decoded = QByteArray::fromBase64Encoding(json.toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return fail(json, nullptr, "QByteArray (base64)", failure);
    *out = *decoded;
    return true;
}

QJsonValue writeBytes(const QByteArray &bytes, QList<QByteArray> *buffers)
{
    if (!buffers)
        return QString::fromLatin1(bytes.toBase64());
    buffers->append(bytes);
    return IpcBinary::reference(buffers->size() - 1, bytes.size());
}

QJsonValue writeVariant(const QVariant &value)
{
    return QJsonValue::fromVariant(value);
}

QJsonValue writeGadget(const QMetaObject *metaObject, const void *gadget)
{
    QJsonObject object;
    for (int i = metaObject->propertyOffset(); i < metaObject->propertyCount(); ++i) {
        const QMetaProperty property = metaObject->property(i);
        const QVariant value = property.readOnGadget(gadget);
        const QMetaType type = property.metaType();
        RuntimeConverter converter;
        QJsonValue json;
        if (isGadget(type))
            json = writeGadget(type.metaObject(), value.constData());
        else if (lookUp(type, &converter))
            json = converter.write(value.constData());
        else
            json = QJsonValue::fromVariant(value);
        object.insert(QString::fromLatin1(property.name()), json);
    }
    return object;
}

bool readGadget(const QJsonValue &json, const QMetaObject *metaObject, void *gadget,
                Failure *failure)
{
    if (!json.isObject())
        return fail(json, nullptr, metaObject->className(), failure);
    const QJsonObject object = json.toObject();
    for (int i = metaObject->propertyOffset(); i < metaObject->propertyCount(); ++i) {
        const QMetaProperty property = metaObject->property(i);
        const QString name = QString::fromLatin1(property.name());
        const QJsonValue member = object.value(name);
        const QMetaType type = property.metaType();
        QVariant value(type);
        bool ok = false;
        RuntimeConverter converter;
        if (isGadget(type)) {
            ok = readGadget(member, type.metaObject(), value.data(), failure);
        } else if (lookUp(type, &converter)) {
            ok = converter.read(member, value.data(), failure);
        } else {
            *failure = {QString(), QString(),
                        QStringLiteral("%1 (not a type IpcTyped converts: IpcTyped::registerType())")
                                .arg(QString::fromLatin1(type.name()))};
        }
        if (!ok) {
            prefix(failure, QLatin1Char('.') + name);
            if (failure->found.isEmpty())
                failure->found = describe(member, nullptr);
            return false;
        }
        property.writeOnGadget(gadget, std::move(value));
    }
    return true;
}

} // namespace Detail

namespace {

QString located(const Failure &failure)
{
    QString text;
    if (!failure.path.isEmpty())
        text += QStringLiteral(" at ") + failure.path;
    return text + QStringLiteral(" is %1, expected %2").arg(failure.found, failure.expected);
}

} // namespace

IpcError argumentError(qsizetype index, const QStringList &names, const Failure &failure)
{
    QString text = QStringLiteral("argument %1").arg(index + 1);
    if (index < names.size())
        text += QStringLiteral(" (%1)").arg(names.at(index));
    return IpcError(QStringLiteral("TypeError"), text + located(failure));
}

IpcError countError(qsizetype expected, qsizetype got, const QStringList &names)
{
    QString text = expected == 1 ? QStringLiteral("expected 1 argument")
                                 : QStringLiteral("expected %1 arguments").arg(expected);
    if (!names.isEmpty())
        text += QStringLiteral(" (%1)").arg(names.join(QStringLiteral(", ")));
    return IpcError(QStringLiteral("TypeError"), text + QStringLiteral(", got %1").arg(got));
}

IpcError resultError(const Failure &failure)
{
    return IpcError(QStringLiteral("TypeError"), QStringLiteral("the result") + located(failure));
}

void reportListenerError(const QString &channel, const IpcError &error)
{
    qCWarning(lcProtocol).noquote() << "A typed listener on" << channel << "was not called:"
                                    << error.toString();
}

} // namespace IpcTyped
