#pragma once

#include "ipcerror.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QVariant>

#include <functional>
#include <type_traits>

// QVariant values on the wire: what Electron's structured clone keeps that JSON does not.
//
// A QByteArray, at any depth (an argument, an element of a QVariantList, a value in a
// QVariantMap), travels as a raw frame attachment (no base64, no JSON escaping), referenced from
// the JSON by
//
//     {"$binary": 0, "byteLength": 1048576}
//
// naming the message's buffer 0. A QDateTime travels as {"$date": "2026-12-06T01:02:03.456Z"}
// and comes back as a QDateTime (UTC). A value with no JSON or bytes form (a QObject*, a void*,
// a type Qt cannot turn into JSON) is refused at the call with Electron's DataCloneError text
// rather than sent as null. shared/PROTOCOL.md, sections 2 and 7, describes the wire form.
namespace IpcBinary {

inline constexpr qsizetype notAReference = -1;
inline constexpr qsizetype invalidReference = -2;

// The JSON that stands for buffer `index`, of `size` bytes.
QJsonObject reference(qsizetype index, qsizetype size);

// The buffer index value refers to; notAReference when it is not an object with "$binary",
// invalidReference when its "$binary" is not an integer >= 0.
qsizetype referenceIndex(const QJsonValue &value);

// Where a value stands in a message ("args[0].image"), spelled only when asked: each level of a
// walk is one node on the stack, so walking a large value builds no strings.
class ValuePath
{
public:
    explicit ValuePath(const QString &root) : m_root(&root) { }
    ValuePath(const ValuePath &parent, qsizetype index) : m_parent(&parent), m_index(index) { }
    ValuePath(const ValuePath &parent, const QString &key) : m_parent(&parent), m_key(&key) { }
    ValuePath(const ValuePath &parent, QJsonObject::const_iterator member)
        : m_parent(&parent), m_member(member), m_isMember(true)
    {
    }
    QString toString() const;

private:
    const ValuePath *m_parent = nullptr;
    const QString *m_root = nullptr;
    const QString *m_key = nullptr;
    QJsonObject::const_iterator m_member;
    bool m_isMember = false;
    qsizetype m_index = -1;
};

// Calls visit(reference, path) for every object with a "$binary" key in value, at any depth.
// Stops early, returning false, when visit does.
bool forEachReference(const QJsonValue &value, const ValuePath &path,
                      const std::function<bool(const QJsonValue &, const ValuePath &)> &visit);

// QVariant arguments as JSON: each QByteArray becomes a reference and is appended to *buffers,
// a QDateTime a date, containers are walked, everything else goes through
// QJsonValue::fromVariant(). A value that cannot travel sets *error (a DataCloneError whose
// data names where it is and what it is) and makes the result meaningless.
QJsonValue pack(const QVariant &value, QList<QByteArray> *buffers, IpcError *error);
QJsonArray pack(const QVariantList &arguments, QList<QByteArray> *buffers, IpcError *error);
// For a MessagePort message, which has no attachments: bytes go inline, as
// {"$bytes": "<base64>"}, and still come back as a QByteArray from unpack().
QJsonValue packInline(const QVariant &value, IpcError *error);

// Refuses (DataCloneError) arguments that would be misread: when a message carries bytes, an
// argument of its own that is an object with a "$binary" key would read as a reference to them.
// pack() adds one buffer per reference it writes, so any other reference makes one too many.
IpcError checkReferences(const QJsonArray &args, const QList<QByteArray> &buffers);

// Electron's text for a value that cannot be cloned; data says where and what.
IpcError cloneError(const QString &path, const QString &what);

// The other way: references become the QByteArray they name (at any depth), dates QDateTime,
// objects QVariantMap, arrays QVariantList, everything else QJsonValue::toVariant().
QVariant unpack(const QJsonValue &value, const QList<QByteArray> &buffers = {});
QVariantList unpack(const QJsonArray &args, const QList<QByteArray> &buffers);

// For the QVariantList overloads of send/invoke/sendSync: a template parameter, so that a braced
// list such as {"ping"} still picks the QJsonArray overload instead of being ambiguous.
template <typename List>
using IfVariantList = std::enable_if_t<std::is_same_v<std::decay_t<List>, QVariantList>, bool>;
template <typename Value>
using IfVariant = std::enable_if_t<std::is_same_v<std::decay_t<Value>, QVariant>, bool>;

} // namespace IpcBinary
