#pragma once

#include "ipcresult.h"
#include "message.h"

#include <QHash>

#include <functional>

class IpcReply;
class QObject;

// The calls one side has made and not yet had answered, by id: shared by IpcRenderer (its
// invokes to main) and WebContents (main's invokes to a renderer).
class PendingCalls
{
public:
    // How the owning side puts a message on its way (queued until connected, size-checked).
    using Post = std::function<IpcError(const Message &)>;

    PendingCalls(QObject *owner, Post post);
    ~PendingCalls();
    Q_DISABLE_COPY_MOVE(PendingCalls)

    qint64 allocateId() { return m_nextId++; }

    // Sends an invoke and returns its reply. A value JSON cannot carry or a frame over the limit
    // fails it as it is; a closed link fails it with Electron's invoke text.
    // buffers: the binary arguments args refers to (IpcBinary).
    IpcReply *invoke(const QString &channel, const QJsonArray &args, int timeout,
                     const QList<QByteArray> &buffers = {});

    // A reply waiting for the Result with this id; timeout in ms, <= 0 for none.
    IpcReply *add(qint64 id, const QString &channel, int timeout);

    // A reply that has already failed (finished() still comes from the event loop), for calls
    // that never left this process.
    IpcReply *failed(const QString &channel, const IpcError &error);

    // Finishes the call a Result answers. False if no call waits for that id.
    bool resolve(const Message &result);

    // True if id was handed out by allocateId(): a Result for it may arrive late (after a
    // timeout or cancel), while a Result for any other id was never asked for.
    bool wasIssued(qint64 id) const { return id > 0 && id < m_nextId; }

    // Fails one waiting call (from the event loop) with error as it is, e.g. when its frame
    // could not be sent.
    void fail(qint64 id, const IpcError &error);

    // Fails every waiting call with Electron's invoke text around cause.
    void failAll(const IpcError &cause);

    qsizetype count() const { return m_calls.size(); }

private:
    QObject *m_owner;
    Post m_post;
    QHash<qint64, IpcReply *> m_calls;
    qint64 m_nextId = 1;
};

// The other side of a call: answers request id (made on channel) with result through post. A
// value JSON cannot carry, or one too large for a frame, goes back as an error rather than not
// at all. The channel travels with the answer only while MessageTrace is on.
void postAnswer(qint64 id, const QString &channel, const IpcResult &result,
                const PendingCalls::Post &post);
