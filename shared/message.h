#pragma once

#include "channelpolicy.h"
#include "ipcerror.h"
#include "portmessage.h"

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
    PortMessage,   // either way, and renderer <-> renderer on a pipe: a MessagePort message
    PortRoute,     // main -> renderer: the other end of one of your ports now lives at peerAt
    PipeListen,    // main -> renderer A: expect renderer `peer` with this secret; say where
    PipeListening, // renderer A -> main: the path renderer `peer` should connect to
    PipeConnect,   // main -> renderer B: connect to renderer `peer` at path with the secret
    PipeHello,     // renderer B -> A, first frame on a pipe: who it is and the secret
    PipeWelcome,   // renderer A -> B: the pipe is open
};

// One decoded frame. Which fields mean something depends on the kind; fromJson() checks
// that each present field has the type the kind needs.
struct Message
{
    MessageKind kind = MessageKind::Send;
    qint64 id = 0;        // Invoke, SendSync, Result, Cancel
    int peer = 0;         // SendTo: target renderer; Send from main: senderId (0 = main);
                          // Pipe*: the renderer at the other end of the pipe
    QString channel;      // Send, SendTo, Invoke, SendSync; Result, optionally, when tracing
    QJsonArray args;      // Send, SendTo, Invoke, SendSync
    QJsonValue value;     // Result on success
    IpcError error;       // Result on failure, Error
    int version = 0;      // Hello, Welcome
    int rendererId = 0;   // Hello, Welcome
    QString token;        // Hello
    QString reason;       // Refuse
    ChannelPolicy policy; // Welcome, optional: the channels this renderer may use
    QList<PortRecord> ports;  // Send: ports transferred with it (postMessage)
    bool posted = false;      // Send: made by postMessage (on the wire: a "ports" field, maybe empty)
    ::PortMessage port;       // PortMessage
    qint64 portId = 0;        // PortRoute
    int peerAt = 0;           // PortRoute
    qint64 resendFrom = 0;    // PortRoute, optional: send again what you sent from this seq on
    QString secret;           // PipeListen, PipeConnect, PipeHello
    QString path;             // PipeListening, PipeConnect
    qint64 sentAt = 0;        // any kind, optional "ts": the sender's trace stamp (MessageTrace)
    // Send, SendTo, Invoke, SendSync, Result: raw binary arguments (or result), carried after the
    // JSON as frame attachments and referenced from args/value by IpcBinary::reference().
    QList<QByteArray> buffers;

    static Message send(const QString &channel, const QJsonArray &args, int senderId = 0);
    static Message result(qint64 id, const QJsonValue &value);
    static Message failure(qint64 id, const IpcError &error);
    static Message request(MessageKind kind, qint64 id, const QString &channel, const QJsonArray &args);
    static Message cancel(qint64 id);

    // Returns false, with a reason in *errorString, when the object is not a valid message.
    // attachments: the raw bytes that came after the JSON in its frame, cut into buffers as the
    // object's "buffers" field says.
    static bool fromJson(const QJsonObject &object, Message *message, QString *errorString,
                         const QByteArray &attachments = {});
    QJsonObject toJson() const;

    static QString kindName(MessageKind kind);
};

// JSON carries neither `undefined` nor NaN and the infinities; Qt would quietly write them as
// null. Returns a DataCloneError naming the first such value in args, or a null IpcError.
IpcError checkCloneable(const QJsonArray &args);
// checkCloneable(), then IpcBinary::checkReferences() for the binary arguments beside args: what
// every call that sends arguments checks before anything goes.
IpcError checkArguments(const QJsonArray &args, const QList<QByteArray> &buffers);
// The same for one value (a handler's result, a port message, a shared value), named in the
// error as the only argument, args[0], with the same texts as checkCloneable(QJsonArray{value}).
IpcError checkCloneableValue(const QJsonValue &value);

// Electron's errors for a call made without a channel (IPC Lab's channels are non-empty strings,
// so an empty QString counts as missing, like a null one). webContents.send, event.reply and the
// other main-side sends check in JavaScript: a TypeError "Missing required channel argument".
// The renderer's calls and postMessage reach a native binding, whose conversion of the channel
// argument (at argumentIndex in that binding's own list) fails with gin's text.
IpcError checkChannelGiven(const QString &channel);
IpcError checkChannelConverts(const QString &channel, int argumentIndex);
