#pragma once

#include "ipcerror.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QVariant>

#include <type_traits>

// Binary arguments and results: QByteArray values that travel as raw frame attachments (no
// base64, no JSON escaping) and are referenced from the JSON by an object
//
//     {"$binary": 0, "byteLength": 1048576}
//
// naming the message's buffer 0. Only whole arguments (and a whole result) can be binary; a
// QByteArray nested inside a QVariantMap or QVariantList goes the way QJsonValue::fromVariant()
// takes it. shared/PROTOCOL.md, sections 2 and 7, describes the wire form.
namespace IpcBinary {

inline constexpr qsizetype notAReference = -1;
inline constexpr qsizetype invalidReference = -2;

// The JSON that stands for buffer `index`, of `size` bytes.
QJsonObject reference(qsizetype index, qsizetype size);

// The buffer index value refers to; notAReference when it is not an object with "$binary",
// invalidReference when its "$binary" is not an integer >= 0.
qsizetype referenceIndex(const QJsonValue &value);

// QVariant arguments as JSON: each QByteArray becomes a reference and is appended to *buffers,
// everything else goes through QJsonValue::fromVariant().
QJsonValue pack(const QVariant &value, QList<QByteArray> *buffers);
QJsonArray pack(const QVariantList &arguments, QList<QByteArray> *buffers);

// Refuses (DataCloneError) arguments that would be misread: when a message carries bytes, an
// argument of its own that is an object with a "$binary" key would read as a reference to them.
// pack() adds one buffer per reference it writes, so any other reference makes one too many.
IpcError checkReferences(const QJsonArray &args, const QList<QByteArray> &buffers);

// The other way: references become the QByteArray they name, everything else
// QJsonValue::toVariant().
QVariant unpack(const QJsonValue &value, const QList<QByteArray> &buffers);
QVariantList unpack(const QJsonArray &args, const QList<QByteArray> &buffers);

// For the QVariantList overloads of send/invoke/sendSync: a template parameter, so that a braced
// list such as {"ping"} still picks the QJsonArray overload instead of being ambiguous.
template <typename List>
using IfVariantList = std::enable_if_t<std::is_same_v<std::decay_t<List>, QVariantList>, bool>;

} // namespace IpcBinary
