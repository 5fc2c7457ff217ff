#pragma once

#include "ipcbinary.h"
#include "ipcerror.h"
#include "ipcexception.h"
#include "ipcreply.h"
#include "ipcresult.h"

#include <QFuture>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPromise>
#include <QStringList>

#include <functional>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

// Typed calls: a handler's own C++ signature says what its arguments and result are, and
// IpcTyped converts them to and from the wire's JSON (and raw attachments).
//
//     ipcMain.handle("add", [](int a, int b) { return a + b; });
//     ipcRenderer.invoke<int>("add", 2, 3).then([](int sum) { qDebug() << sum; }); // 5
//
// Convertible types: int, qint64, double, bool, QString, QByteArray, QJsonValue, QJsonObject,
// QJsonArray, QVariant, QList<T> and QMap<QString, T> of convertible T, and Q_GADGET structs
// whose Q_PROPERTYs are convertible. A whole QByteArray argument or result travels as a raw
// attachment (IpcBinary); one nested in a list, map or gadget as a base64 string.
//
// A value that does not convert is refused, never read as a different one. A typed handler
// answers such a call with a TypeError (see ipctyped.cpp for the texts), a typed invoke()
// fails with one when the result does not convert.
namespace IpcTyped {

// The untyped forms IpcMain's and IpcRenderer's handle() and on() take (HandlerMap, ListenerList).
template <typename Event>
using Handler = std::function<IpcResult(Event &, const QJsonArray &)>;
template <typename Event>
using AsyncHandler = std::function<QFuture<IpcResult>(Event &, const QJsonArray &)>;
template <typename Event>
using Listener = std::function<void(Event &, const QJsonArray &)>;

// Where a conversion failed and why; turned into a TypeError's message by the caller.
struct Failure
{
    QString path;     // ".x", "[2]", "[\"key\"]", empty for the value itself
    QString found;    // "a string", "a number (2.5)", "missing", ...
    QString expected; // "int", "QList<QString>", "Point", ...
};

// The runtime half, in ipctyped.cpp: one function per basic type, used by the templates below
// and by gadget properties (whose types are only known at run time).
namespace Detail {
QString describe(const QJsonValue &value, const QList<QByteArray> *buffers);
bool read(const QJsonValue &json, int *out, Failure *failure);
bool read(const QJsonValue &json, qint64 *out, Failure *failure);
bool read(const QJsonValue &json, double *out, Failure *failure);
bool read(const QJsonValue &json, bool *out, Failure *failure);
bool read(const QJsonValue &json, QString *out, Failure *failure);
bool read(const QJsonValue &json, QJsonValue *out, Failure *failure);
bool read(const QJsonValue &json, QJsonObject *out, Failure *failure);
bool read(const QJsonValue &json, QJsonArray *out, Failure *failure);
bool read(const QJsonValue &json, QVariant *out, Failure *failure);
bool readBytes(const QJsonValue &json, const QList<QByteArray> *buffers, QByteArray *out,
               Failure *failure);
QJsonValue writeBytes(const QByteArray &bytes, QList<QByteArray> *buffers);
QJsonValue writeVariant(const QVariant &value);

QJsonValue writeGadget(const QMetaObject *metaObject, const void *gadget);
bool readGadget(const QJsonValue &json, const QMetaObject *metaObject, void *gadget,
                Failure *failure);

// Types a gadget property may have beyond the built-in ones (registerType()).
using WriteFunction = QJsonValue (*)(const void *value);
using ReadFunction = bool (*)(const QJsonValue &json, void *value, Failure *failure);
void registerConverter(QMetaType type, WriteFunction write, ReadFunction read);

void prefix(Failure *failure, const QString &step);
} // namespace Detail

// Convert<T>: typeName(), toJson(value, buffers) and fromJson(json, buffers, out, failure).
// buffers is the message's attachments for a whole argument or result, null for a nested value.
template <typename T, typename = void>
struct Convert;

#define IPCTYPED_SCALAR(Type, Name)                                                               \
    template <>                                                                                   \
    struct Convert<Type>                                                                          \
    {                                                                                             \
        static QString typeName() { return QStringLiteral(Name); }                                \
        static QJsonValue toJson(const Type &value, QList<QByteArray> *) { return QJsonValue(value); } \
        static bool fromJson(const QJsonValue &json, const QList<QByteArray> *, Type *out,       \
                             Failure *failure)                                                    \
        {                                                                                         \
            return Detail::read(json, out, failure);                                              \
        }                                                                                         \
    };

IPCTYPED_SCALAR(int, "int")
IPCTYPED_SCALAR(qint64, "qint64")
IPCTYPED_SCALAR(double, "double")
IPCTYPED_SCALAR(bool, "bool")
IPCTYPED_SCALAR(QString, "QString")
IPCTYPED_SCALAR(QJsonValue, "QJsonValue")
IPCTYPED_SCALAR(QJsonObject, "QJsonObject")
IPCTYPED_SCALAR(QJsonArray, "QJsonArray")
#undef IPCTYPED_SCALAR

template <>
struct Convert<QVariant>
{
    static QString typeName() { return QStringLiteral("QVariant"); }
    static QJsonValue toJson(const QVariant &value, QList<QByteArray> *buffers)
    {
        if (buffers && value.metaType() == QMetaType::fromType<QByteArray>())
            return Detail::writeBytes(value.toByteArray(), buffers);
        return Detail::writeVariant(value);
    }
    static bool fromJson(const QJsonValue &json, const QList<QByteArray> *buffers, QVariant *out,
                         Failure *failure)
    {
        if (buffers && IpcBinary::referenceIndex(json) != IpcBinary::notAReference)
            *out = IpcBinary::unpack(json, *buffers);
        else
            return Detail::read(json, out, failure);
        return true;
    }
};

template <>
struct Convert<QByteArray>
{
    static QString typeName() { return QStringLiteral("QByteArray"); }
    static QJsonValue toJson(const QByteArray &value, QList<QByteArray> *buffers)
    {
        return Detail::writeBytes(value, buffers);
    }
    static bool fromJson(const QJsonValue &json, const QList<QByteArray> *buffers, QByteArray *out,
                         Failure *failure)
    {
        return Detail::readBytes(json, buffers, out, failure);
    }
};

// Only ever sent: string literals as arguments.
template <>
struct Convert<const char *>
{
    static QString typeName() { return QStringLiteral("QString"); }
    static QJsonValue toJson(const char *value, QList<QByteArray> *)
    {
        return QJsonValue(QString::fromUtf8(value));
    }
};

template <>
struct Convert<char *> : Convert<const char *>
{
};

template <typename T>
concept Readable = requires(const QJsonValue &json, T *out, Failure *failure) {
    Convert<T>::fromJson(json, nullptr, out, failure);
};
template <typename T>
concept Writable = requires(const T &value) { Convert<T>::toJson(value, nullptr); };

template <typename T>
struct Convert<QList<T>, std::enable_if_t<Readable<T> || Writable<T>>>
{
    static QString typeName() { return QStringLiteral("QList<%1>").arg(Convert<T>::typeName()); }
    static QJsonValue toJson(const QList<T> &list, QList<QByteArray> *)
    {
        QJsonArray array;
        for (const T &item : list)
            array.append(Convert<T>::toJson(item, nullptr));
        return array;
    }
    static bool fromJson(const QJsonValue &json, const QList<QByteArray> *buffers, QList<T> *out,
                         Failure *failure)
    {
        if (!json.isArray()) {
            *failure = {QString(), Detail::describe(json, buffers), typeName()};
            return false;
        }
        const QJsonArray array = json.toArray();
        QList<T> list;
        list.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            T item{};
            if (!Convert<T>::fromJson(array.at(i), nullptr, &item, failure)) {
                Detail::prefix(failure, QStringLiteral("[%1]").arg(i));
                return false;
            }
            list.append(std::move(item));
        }
        *out = std::move(list);
        return true;
    }
};

template <typename T>
struct Convert<QMap<QString, T>, std::enable_if_t<Readable<T> || Writable<T>>>
{
    static QString typeName()
    {
        return QStringLiteral("QMap<QString, %1>").arg(Convert<T>::typeName());
    }
    static QJsonValue toJson(const QMap<QString, T> &map, QList<QByteArray> *)
    {
        QJsonObject object;
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            object.insert(it.key(), Convert<T>::toJson(it.value(), nullptr));
        return object;
    }
    static bool fromJson(const QJsonValue &json, const QList<QByteArray> *buffers,
                         QMap<QString, T> *out, Failure *failure)
    {
        if (!json.isObject()) {
            *failure = {QString(), Detail::describe(json, buffers), typeName()};
            return false;
        }
        const QJsonObject object = json.toObject();
        QMap<QString, T> map;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            T item{};
            if (!Convert<T>::fromJson(it.value(), nullptr, &item, failure)) {
                Detail::prefix(failure, QStringLiteral("[\"%1\"]").arg(it.key()));
                return false;
            }
            map.insert(it.key(), std::move(item));
        }
        *out = std::move(map);
        return true;
    }
};

// A Q_GADGET: a JSON object with one member per Q_PROPERTY. Every property must be present and
// convert; members that are not properties are ignored.
template <typename T>
struct Convert<T, std::enable_if_t<QtPrivate::IsGadgetHelper<T>::IsRealGadget>>
{
    static QString typeName() { return QString::fromLatin1(T::staticMetaObject.className()); }
    static QJsonValue toJson(const T &value, QList<QByteArray> *)
    {
        return Detail::writeGadget(&T::staticMetaObject, &value);
    }
    static bool fromJson(const QJsonValue &json, const QList<QByteArray> *, T *out,
                         Failure *failure)
    {
        return Detail::readGadget(json, &T::staticMetaObject, out, failure);
    }
};

template <typename T>
concept Convertible = Readable<T> && Writable<T>;

// Makes T usable as a gadget property (built in: the scalar types above, QStringList, and
// QList/QMap of int, qint64, double, bool and QString).
template <typename T>
void registerType()
{
    Detail::registerConverter(
            QMetaType::fromType<T>(),
            [](const void *value) { return Convert<T>::toJson(*static_cast<const T *>(value), nullptr); },
            [](const QJsonValue &json, void *value, Failure *failure) {
                return Convert<T>::fromJson(json, nullptr, static_cast<T *>(value), failure);
            });
}

// "argument 2 (b) is a string, expected int", "the result is ..." (ipctyped.cpp).
IpcError argumentError(qsizetype index, const QStringList &names, const Failure &failure);
IpcError countError(qsizetype expected, qsizetype got, const QStringList &names);
IpcError resultError(const Failure &failure);

// Sending: each argument as JSON, whole QByteArrays as attachments in *buffers.
template <typename... Args>
QJsonArray pack([[maybe_unused]] QList<QByteArray> *buffers, const Args &...args)
{
    QJsonArray array;
    (array.append(Convert<std::decay_t<Args>>::toJson(args, buffers)), ...);
    return array;
}

// For the variadic send/sendSync on IpcRenderer and WebContents: one or more sendable values,
// but never a lone QJsonArray or QVariantList, which keeps its old meaning (the whole argument
// list) there. A braced list ({"a"}) cannot be deduced, so it still picks the QJsonArray overload.
template <typename T>
concept ArgumentList = std::is_same_v<std::decay_t<T>, QJsonArray>
        || std::is_same_v<std::decay_t<T>, QVariantList>;
template <typename... Args>
concept Sendable = (Writable<std::decay_t<Args>> && ...);
template <typename... Args>
concept VariadicArguments = sizeof...(Args) >= 1 && Sendable<Args...>
        && !(sizeof...(Args) == 1 && (ArgumentList<Args> && ...));

// Reading a result into T (void: any value). A null IpcError on success.
template <typename T>
IpcError read(const IpcResult &result, T *out)
{
    if (result.isError())
        return result.error();
    Failure failure;
    const QList<QByteArray> buffers = result.buffers();
    if (!Convert<T>::fromJson(result.value(), &buffers, out, &failure))
        return resultError(failure);
    return {};
}

template <typename T>
IpcResult toResult(T &&value)
{
    using Value = std::decay_t<T>;
    if constexpr (std::is_same_v<Value, IpcResult> || std::is_same_v<Value, IpcError>) {
        return IpcResult(value);
    } else {
        QList<QByteArray> buffers;
        const QJsonValue json = Convert<Value>::toJson(value, &buffers);
        return IpcResult(json, buffers);
    }
}

// An invoke's reply as a QFuture<T>: the reply deletes itself when it finishes; an error, or a
// result that does not convert to T, arrives as an IpcException.
template <typename T>
QFuture<T> future(IpcReply *reply)
{
    // Settles the promise even if the reply is deleted before it finishes.
    struct Settle
    {
        QString channel;
        QPromise<T> promise;
        bool settled = false;
        void fail(const IpcError &error)
        {
            promise.setException(IpcException(error));
            promise.finish();
            settled = true;
        }
        ~Settle()
        {
            if (!settled)
                fail(IpcError::invokeFailed(channel, IpcError(QStringLiteral("AbortError"),
                                                              QStringLiteral("The reply was deleted before it finished"))));
        }
    };
    auto settle = std::make_shared<Settle>();
    settle->channel = reply->channel();
    settle->promise.start();
    QFuture<T> result = settle->promise.future();
    reply->then(reply, [settle](const IpcResult &outcome) {
        if constexpr (std::is_void_v<T>) {
            if (outcome.isError())
                return settle->fail(outcome.error());
        } else {
            T value{};
            const IpcError error = read(outcome, &value);
            if (!error.isNull())
                return settle->fail(outcome.isError() ? error : IpcError::invokeFailed(settle->channel, error));
            settle->promise.addResult(std::move(value));
        }
        settle->promise.finish();
        settle->settled = true;
    });
    return result;
}

// What a callable's signature is: its result and its parameters.
template <typename F, typename = void>
struct Signature
{
    static constexpr bool known = false;
};
template <typename R, typename... A>
struct Signature<R (*)(A...)>
{
    static constexpr bool known = true;
    using Result = R;
    using Parameters = std::tuple<A...>;
};
template <typename R, typename... A>
struct Signature<R(A...)> : Signature<R (*)(A...)> { };
template <typename C, typename R, typename... A>
struct Signature<R (C::*)(A...)> : Signature<R (*)(A...)> { };
template <typename C, typename R, typename... A>
struct Signature<R (C::*)(A...) const> : Signature<R (*)(A...)> { };
template <typename C, typename R, typename... A>
struct Signature<R (C::*)(A...) noexcept> : Signature<R (*)(A...)> { };
template <typename C, typename R, typename... A>
struct Signature<R (C::*)(A...) const noexcept> : Signature<R (*)(A...)> { };
template <typename F>
struct Signature<F, std::void_t<decltype(&F::operator())>> : Signature<decltype(&F::operator())> { };
template <typename R, typename... A>
struct Signature<R (*)(A...) noexcept> : Signature<R (*)(A...)> { };

template <typename T>
struct IsFuture : std::false_type { };
template <typename T>
struct IsFuture<QFuture<T>> : std::true_type
{
    using Value = T;
};

// The parameters that come off the wire: all of them, less a leading Event &.
template <bool DropFirst, typename... A>
struct WireValues
{
    using Type = std::tuple<std::remove_cvref_t<A>...>;
};
template <typename First, typename... A>
struct WireValues<true, First, A...>
{
    using Type = std::tuple<std::remove_cvref_t<A>...>;
};

template <typename Event, typename Tuple>
struct TypedParameters;
template <typename Event, typename... A>
struct TypedParameters<Event, std::tuple<A...>>
{
    static constexpr bool takesEvent = [] {
        if constexpr (sizeof...(A) == 0)
            return false;
        else
            return std::is_same_v<std::remove_cvref_t<std::tuple_element_t<0, std::tuple<A...>>>, Event>;
    }();
    using Values = typename WireValues<takesEvent, A...>::Type;
    static constexpr bool readable = [] {
        return []<std::size_t... I>(std::index_sequence<I...>) {
            return (Readable<std::tuple_element_t<I, Values>> && ...);
        }(std::make_index_sequence<std::tuple_size_v<Values>>());
    }();
};

template <typename Event, typename F>
using ParametersOf = TypedParameters<Event, typename Signature<std::decay_t<F>>::Parameters>;
template <typename F>
using ResultOf = std::remove_cvref_t<typename Signature<std::decay_t<F>>::Result>;

template <typename R>
concept TypedResult = std::is_void_v<R> || std::is_same_v<R, IpcResult> || std::is_same_v<R, IpcError>
        || Writable<R>
        || (IsFuture<R>::value
            && (std::is_void_v<typename IsFuture<R>::Value> || Writable<typename IsFuture<R>::Value>));

// A callable the typed handle()/on() overloads take: a known signature of convertible types,
// and not one the untyped overloads already take (Event &, const QJsonArray &).
template <typename F, typename Event>
concept TypedCallable = Signature<std::decay_t<F>>::known
        && !std::is_convertible_v<F, Handler<Event>>
        && !std::is_convertible_v<F, AsyncHandler<Event>>
        && !std::is_convertible_v<F, Listener<Event>>
        && ParametersOf<Event, F>::readable;

template <typename F, typename Event>
concept TypedHandler = TypedCallable<F, Event> && TypedResult<ResultOf<F>>;

// The arguments as the values a typed callable takes: a TypeError when their count is wrong or
// one does not convert.
template <typename Values>
IpcError readArguments(const QJsonArray &args, const QList<QByteArray> &buffers,
                       const QStringList &names, Values *values)
{
    constexpr std::size_t count = std::tuple_size_v<Values>;
    if (std::size_t(args.size()) != count)
        return countError(qsizetype(count), args.size(), names);
    Failure failure;
    qsizetype failed = -1;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (void)((Convert<std::tuple_element_t<I, Values>>::fromJson(args.at(I), &buffers,
                                                                  &std::get<I>(*values), &failure)
                || (failed = qsizetype(I), false))
               && ...);
    }(std::make_index_sequence<count>());
    if (failed >= 0)
        return argumentError(failed, names, failure);
    return {};
}

template <typename Params, typename F, typename Event>
decltype(auto) callWith(F &f, Event &event, typename Params::Values &values)
{
    return std::apply(
            [&](auto &...value) -> decltype(auto) {
                if constexpr (Params::takesEvent)
                    return f(event, std::move(value)...);
                else
                    return f(std::move(value)...);
            },
            values);
}

// The untyped handler HandlerMap stores, made from a typed callable: a Handler, or an
// AsyncHandler for one that returns a QFuture.
template <typename Event, typename F>
auto handler(F &&f, const QStringList &names)
{
    using R = ResultOf<F>;
    using Params = ParametersOf<Event, F>;
    if constexpr (IsFuture<R>::value) {
        using Value = typename IsFuture<R>::Value;
        return AsyncHandler<Event>(
                [f = std::forward<F>(f), names](Event &event, const QJsonArray &args) mutable {
                    typename Params::Values values;
                    const IpcError error = readArguments(args, event.buffers(), names, &values);
                    if (!error.isNull())
                        return QtFuture::makeReadyFuture(IpcResult(error));
                    R future = callWith<Params>(f, event, values);
                    if constexpr (std::is_void_v<Value>)
                        return future.then([] { return IpcResult(); });
                    else
                        return future.then([](const Value &value) { return toResult(value); });
                });
    } else {
        return Handler<Event>(
                [f = std::forward<F>(f), names](Event &event, const QJsonArray &args) mutable {
                    typename Params::Values values;
                    const IpcError error = readArguments(args, event.buffers(), names, &values);
                    if (!error.isNull())
                        return IpcResult(error);
                    if constexpr (std::is_void_v<R>) {
                        callWith<Params>(f, event, values);
                        return IpcResult();
                    } else {
                        return toResult(callWith<Params>(f, event, values));
                    }
                });
    }
}

// A listener's arguments that do not convert have nobody to answer: logged (ipclab.main or
// ipclab.renderer), and the listener is not called.
void reportListenerError(const QString &channel, const IpcError &error);

// The untyped listener ListenerList stores, made from a typed callable.
template <typename Event, typename F>
Listener<Event> listener(F &&f, const QStringList &names = {})
{
    using Params = ParametersOf<Event, F>;
    return [f = std::forward<F>(f), names](Event &event, const QJsonArray &args) mutable {
        typename Params::Values values;
        const IpcError error = readArguments(args, event.buffers(), names, &values);
        if (!error.isNull())
            return reportListenerError(event.channel(), error);
        callWith<Params>(f, event, values);
    };
}

// For the uniform module (IpcManager, IpcService): the arguments as the QVariantList the
// public send/invoke overloads take, whole QByteArrays as bytes and everything else as its JSON.
template <typename... Args>
QVariantList variantList(const Args &...args)
{
    QList<QByteArray> buffers;
    const QJsonArray json = pack(&buffers, args...);
    QVariantList list;
    list.reserve(json.size());
    for (const QJsonValue &value : json) {
        const qsizetype index = IpcBinary::referenceIndex(value);
        list.append(index >= 0 ? QVariant(buffers.at(index)) : QVariant::fromValue(value));
    }
    return list;
}

// A listener as given, untyped or typed.
template <typename Event, typename F>
Listener<Event> anyListener(F &&f)
{
    if constexpr (std::is_convertible_v<F, Listener<Event>>)
        return std::forward<F>(f);
    else
        return listener<Event>(std::forward<F>(f));
}

template <typename F, typename Event>
concept AnyListener = std::is_convertible_v<F, Listener<Event>>
        || TypedCallable<F, Event>;
template <typename F, typename Event>
concept AnyHandler = std::is_convertible_v<F, Handler<Event>>
        || std::is_convertible_v<F, AsyncHandler<Event>> || TypedHandler<F, Event>;

// A QFuture that has already failed with error.
template <typename T>
QFuture<T> failed(const IpcError &error)
{
    QPromise<T> promise;
    promise.start();
    promise.setException(IpcException(error));
    promise.finish();
    return promise.future();
}

} // namespace IpcTyped
