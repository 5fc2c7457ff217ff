#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <functional>

struct Message;

// One message as its receiver saw it: who sent it to whom, which Electron API carried it, and
// how long it took. Ids: 0 is main, N is renderer N.
struct TraceRecord
{
    int from = 0;
    int to = 0;
    QString pattern;     // "send", "invoke", "result", "sendSync", "webContents.send", ...
    QString channel;
    QJsonValue payload;
    qint64 size = 0;     // frame bytes on the wire, header included
    qint64 sentAt = 0;   // the sender's stamp (monotonic ns), 0 if it did not stamp
    qint64 receivedAt = 0;

    qint64 latency() const { return sentAt > 0 ? receivedAt - sentAt : -1; }
    // Replaces a payload whose compact JSON is longer than maxBytes with a string of its start
    // and its full length: "[\"xxxx… (1048590 bytes)".
    void shortenPayload(qsizetype maxBytes);

    QJsonObject toJson() const;
    static TraceRecord fromJson(const QJsonObject &object);
};

// Message tracing, for IPC Lab's log and sequence diagram. Off by default, and then it costs
// one branch per frame. When on, every frame a process sends carries its send time ("ts", on
// the shared monotonic clock) and every answer its request's channel, and every message the
// process receives is described to the observer: each message is traced once, by its receiver.
// Main turns it on in its renderers through the environment (IPCLAB_TRACE=1).
//
// Channels under the reserved "ipclab:" prefix (the lab's own plumbing, except the shared-object
// channels "ipclab:global-*") and handshake and pipe set-up frames are not traced.
namespace MessageTrace {

inline constexpr char environmentVariable[] = "IPCLAB_TRACE";

bool isEnabled();
void setEnabled(bool enabled);
// Turns tracing on if the environment asks for it.
void enableFromEnvironment();

using Observer = std::function<void(const TraceRecord &)>;
// The process's one observer (an empty function for none). Called from inside the socket's
// read handler, possibly while a sendSync waits: queue, do not send from it.
void setObserver(Observer observer);

// Called by Connection for every frame it decodes, from the peer `from` to `to`.
void received(const Message &message, qint64 frameBytes, int from, int to);

// Every pattern name describe() gives, in the order a filter menu should offer them.
QStringList patterns();

// The record for a message, or one with an empty pattern if it is not traced.
TraceRecord describe(const Message &message, int from, int to);

} // namespace MessageTrace
