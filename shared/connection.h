#pragma once

#include "framecodec.h"
#include "message.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>

#include <deque>
#include <limits>
#include <memory>
#include <optional>

class QAbstractSocket;
class QLocalSocket;
class QTimer;
class WriteFlusher;
struct DecodeJob;

// One end of a renderer <-> main link: frames in and out of a QLocalSocket.
//
// Incoming frames are decoded and validated here; a frame that is too large, cut short, not
// JSON, or not a well-formed message is a protocol error: it is logged with its reason, this
// connection (only this one) is closed, and protocolError() is emitted once the good frames
// that came before it have been delivered, just before disconnected().
//
// A frame whose JSON is offThreadDecodeSize() bytes or more and dear to decode (more than 4096
// values and keys, or 4 MiB or more) is decoded on a worker thread (shared by every connection
// of the process), so that one peer's heavy frame does not hold up the others' messages: the socket itself, the small frames and every signal stay in the
// connection's own thread, and the order of what is delivered is the order on the wire (nothing
// after a large frame is read until it is decoded).
//
// Owners must delete a Connection with deleteLater(): its signals can be emitted from inside
// waitForResult().
class Connection : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of the socket, which must already be connected (or connecting).
    explicit Connection(QLocalSocket *socket, QObject *parent = nullptr);
    ~Connection() override;

    void setMaxFrameSize(qsizetype bytes) { m_codec.setMaxFrameSize(bytes); }
    qsizetype maxFrameSize() const { return m_codec.maxFrameSize(); }
    // A lower limit for the first frame only (a hello), until it has arrived.
    void setFirstFrameLimit(qsizetype bytes) { m_codec.setFirstFrameLimit(bytes); }

    // JSON of at least this many bytes, if dear to decode (see above), is decoded on a worker
    // thread; -1: never, 0: every frame, dear or not.
    // The default is defaultOffThreadDecodeSize(): 64 KiB, or IPCLAB_OFFTHREAD_DECODE_BYTES.
    void setOffThreadDecodeSize(qsizetype bytes) { m_offThreadDecodeSize = bytes; }
    qsizetype offThreadDecodeSize() const { return m_offThreadDecodeSize; }
    static qsizetype defaultOffThreadDecodeSize();
    // A frame of this connection is with a worker now (nothing after it is read meanwhile).
    bool isDecodingOffThread() const { return bool(m_decoding); }
    // Frames the workers have decoded in this process, for every connection (for tests).
    static qint64 framesDecodedOffThread();

    // At most `bytes` written bytes may wait for the peer to take them (default: no limit).
    // Past it sendFrame() refuses frames (writeLimitError() says why) and, if the peer then
    // takes nothing for stallTimeout ms, peerNotReading() is emitted: it is hung. A peer that is
    // merely slower than a burst keeps its connection.
    void setWriteLimit(qint64 bytes, int stallTimeout);
    qint64 pendingWriteBytes() const;
    // Bytes of every frame sendFrame() accepted, and of those the ones the kernel has taken: a
    // position in the stream of written bytes, for telling when a given frame has gone out.
    qint64 bytesQueued() const { return m_bytesQueued; }
    qint64 bytesTaken() const { return m_bytesQueued - pendingWriteBytes(); }
    // The RangeError for a frame refused because the write limit was reached.
    IpcError writeLimitError() const;

    bool isOpen() const;
    bool send(const Message &message);
    // A frame encoded beforehand (see encode()); false if the connection is closed.
    bool sendFrame(const EncodedFrame &frame);
    // Encodes message, or says why it cannot go: a frame over maxFrameSize (as a RangeError).
    static EncodedFrame encode(const Message &message, qsizetype maxFrameSize, IpcError *error);

    // Blocks the calling thread (no event loop) until the Result for id arrives, the deadline
    // passes, or the peer goes away. Whatever else arrives meanwhile, the peer's going away
    // included, is held back and delivered afterwards, in order, from the event loop: never
    // re-entrantly.
    std::optional<Message> waitForResult(qint64 id, QDeadlineTimer deadline);

    // Reads and delivers whatever the peer has already written, without waiting.
    void processPendingData();

    // Closes the link because the peer broke the protocol at a level above framing: the
    // message being handled was bad, so nothing after it is delivered.
    void abortWithProtocolError(const QString &reason);
    void close();
    // Closes at once, dropping whatever was not written yet.
    void abort();
    // Closes after everything written so far has gone out (waiting up to timeout ms).
    void closeAndFlush(int timeout);

    QString errorString() const { return m_errorString; }

    // Its owner is being destroyed: close, hand the kernel what was written, and go. From inside
    // one of this connection's own signals (an owner deleted by its listener) the socket is still
    // in the middle of emitting readyRead(), so the connection, and the socket with it, is deleted
    // from the event loop instead of at once.
    void closeForOwnerDestroyed(int flushTimeout);

    // The process at the other end, as the kernel saw it connect (SO_PEERCRED); 0 if unknown.
    qint64 peerProcessId() const;

    // Who is at each end (0: main, N: renderer N), for MessageTrace; nothing is traced on a
    // connection whose ends are not known yet (a handshake in progress).
    void setTraceEndpoints(int from, int to)
    {
        m_traceFrom = from;
        m_traceTo = to;
    }

Q_SIGNALS:
    void messageReceived(const Message &message);
    void protocolError(const QString &reason);
    void disconnected();
    void peerNotReading(qint64 pendingBytes);

private Q_SLOTS:
    void takeDecoded(); // queued by a decode worker

private:
    friend class WriteFlusher;
    friend class DecodePool;
    void scheduleFlush();
    void flushNow();
    qsizetype writeDirect(const EncodedFrame &frame);
    bool bufferFrame(const EncodedFrame &frame, qsizetype from);
    void readFrames();
    bool worthDecodingOffThread(const QByteArray &json) const;
    void accept(Message &&message, qsizetype frameBytes);
    void startDecode(QByteArray json, QByteArray attachments, qsizetype frameBytes);
    bool finishDecode(const std::shared_ptr<DecodeJob> &job);
    void finishDecodeNow();
    qsizetype readDirect();
    void boundReadBuffer();
    void setReadBufferBounded(bool bound);
    void onReadyRead();
    void deliver();
    void onDisconnected();
    void failFraming(const QString &reason);
    void emitDisconnected();

    QLocalSocket *m_socket;
    QAbstractSocket *m_unixSocket = nullptr; // the one inside m_socket, see bufferFrame()
    FrameCodec m_codec;
    std::deque<Message> m_inbox;
    int m_holdDelivery = 0;       // >0 while sendSync waits
    int m_delivering = 0;         // >0 while messageReceived() handlers run
    bool m_disconnectPending = false; // the peer went while delivery could not go on
    bool m_peerGone = false;          // the socket said so; what came before may still be decoding
    std::shared_ptr<DecodeJob> m_decoding; // the large frame a worker is decoding, if any
    qsizetype m_offThreadDecodeSize = defaultOffThreadDecodeSize();
    bool m_disconnectedEmitted = false;
    bool m_aborted = false;
    bool m_readBufferBounded = false; // see boundReadBuffer()
    bool m_readQueued = false;        // onReadyRead() queued for bytes nobody announced
    bool m_protocolErrorPending = false; // protocolError() waits behind the frames before it
    qint64 m_maxPendingWriteBytes = std::numeric_limits<qint64>::max();
    qint64 m_bytesQueued = 0;
    int m_stallTimeout = 0;
    QTimer *m_stallTimer = nullptr; // runs while frames are refused for the write limit
    bool m_wroteSinceStall = false;
    QString m_errorString;
    int m_traceFrom = -1;
    int m_traceTo = -1;
    mutable qint64 m_peerProcessId = 0;
    QPointer<WriteFlusher> m_flusher; // this thread's, once a frame was written
    bool m_flushScheduled = false;
};
