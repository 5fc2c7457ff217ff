#pragma once

#include "ipcerror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// Every kind of frame on the wire. shared/PROTOCOL.md describes each one.
enum class MessageKind : quint8 {
    Hello,    // renderer -> main: first frame; version, renderer id, one-time token
    Welcome,  // main -> renderer: the hello was accepted
    Refuse,   // main -> renderer: the hello was not accepted; a reason, then close
    Send,     // either way: one-way message on a channel
    SendTo,   // renderer -> main: deliver a Send to another renderer
    Invoke,   // either way: request; answered by exactly one Result with the same id
    SendSync, // renderer -> main: request that blocks the renderer until its Result
    Result,   // either way: the value or error for an Invoke or SendSync
    Cancel,   // either way: the caller no longer waits for this id
    Error,    // main -> renderer: a one-way call could not be carried out
};

// One decoded frame. Which fields mean something depends on the kind; fromJson() checks
// that each present field has the type the kind needs.
struct Message
{
    MessageKind kind = MessageKind::Send;
    qint64 id = 0;        // Invoke, SendSync, Result, Cancel
    int peer = 0;         // SendTo: target renderer; Send from main: senderId (0 = main)
    QString channel;      // Send, SendTo, Invoke, SendSync
    QJsonArray args;      // Send, SendTo, Invoke, SendSync
    QJsonValue value;     // Result on success
    IpcError error;       // Result on failure, Error
    int version = 0;      // Hello, Welcome
    int rendererId = 0;   // Hello, Welcome
    QString token;        // Hello
    QString reason;       // Refuse

    static Message send(const QString &channel, const QJsonArray &args, int senderId = 0);
    static Message result(qint64 id, const QJsonValue &value);
    static Message failure(qint64 id, const IpcError &error);

    // Returns false, with a reason in *errorString, when the object is not a valid message.
    static bool fromJson(const QJsonObject &object, Message *message, QString *errorString);
    QJsonObject toJson() const;

    static QString kindName(MessageKind kind);
};

// JSON carries neither `undefined` nor NaN and the infinities; Qt would quietly write them as
// null. Returns a DataCloneError naming the first such value in args, or a null IpcError.
IpcError checkCloneable(const QJsonArray &args);
