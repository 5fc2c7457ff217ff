#include "connection.h"

#include "jsonreader.h"
#include "jsonwriter.h"
#include "logging.h"
#include "messagetrace.h"
#include "monotonicclock.h"

#include <QAbstractEventDispatcher>
#include <QAbstractSocket>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#ifdef Q_OS_UNIX
#  include <cerrno>
#  include <sys/socket.h>
#  include <sys/uio.h>
#endif

namespace {

// A frame that still lacks this many bytes is read straight into place (Connection::readDirect()).
constexpr qsizetype directReadSize = 64 * 1024;

// The bytes of `bytes` from `offset` on, in the same block. This is what remove(0, offset) makes
// of an array nobody else holds; on a shared one (an attachment the caller still has) remove()
// would copy it, and Qt 6.4 has no sliced() that shares.
QByteArray sharedTail(const QByteArray &bytes, qsizetype offset)
{
    QByteArray::DataPointer tail = const_cast<QByteArray &>(bytes).data_ptr(); // one more ref
    tail.setBegin(tail.data() + offset);
    tail.size -= offset;
    return QByteArray(std::move(tail));
}

// One frame's JSON (and attachments) into a Message: the common kinds in their plain form read
// directly, everything else, and everything wrong, through Qt's parser and Message::fromJson().
// Touches nothing but its arguments, so any thread may run it.
bool decodeFrame(const QByteArray &json, const QByteArray &attachments, Message *message, QString *error)
{
    if (attachments.isEmpty() && JsonReader::readMessage(json, message))
        return true;
    QJsonObject object;
    if (!FrameCodec::parseJson(json, &object, error))
        return false;
    return Message::fromJson(object, message, error, attachments);
}

} // namespace

// A large frame on its way through a worker thread. The owner fills in the input and hands the
// job to the pool (whose mutex orders that before the worker reads it); the worker fills in the
// result under `mutex` and, if the owner is still there, queues takeDecoded() in its thread while
// still holding `mutex`: the owner's destructor takes `mutex` to clear `owner`, so it cannot be
// half gone while the call is posted, and QObject drops calls posted to an object it deletes.
// Only std:: synchronisation is used, which ThreadSanitizer sees (Qt's own is not instrumented).
struct DecodeJob
{
    QByteArray json;        // input: the owner's until submitted, then the worker's
    QByteArray attachments; // input
    qsizetype frameBytes = 0;

    std::mutex mutex;
    std::condition_variable finished;
    Connection *owner = nullptr; // under mutex
    bool done = false;           // under mutex, and the results below with it
    bool ok = false;
    Message message;
    QString error;
};

// The worker threads, started on first use and shared by every connection of the process, at
// most one job of each connection queued at a time: first come, first decoded, so a heavy sender
// has its frames decoded in turn with everyone else's.
class DecodePool
{
public:
    static DecodePool &instance()
    {
        static DecodePool pool;
        return pool;
    }

    std::atomic<qint64> decoded = 0;

    void submit(std::shared_ptr<DecodeJob> job)
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_threads.empty()) {
                // One core is left to the threads that own the connections.
                const int count = qBound(1, QThread::idealThreadCount() - 1, 4);
                for (int i = 0; i < count; ++i)
                    m_threads.emplace_back([this] { work(); });
            }
            m_queue.push_back(std::move(job));
        }
        m_wake.notify_one();
    }

private:
    DecodePool() = default;
    ~DecodePool()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
            m_queue.clear();
        }
        m_wake.notify_all();
        for (std::thread &thread : m_threads)
            thread.join();
    }

    void work()
    {
        for (;;) {
            std::shared_ptr<DecodeJob> job;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
                if (m_stopping)
                    return;
                job = std::move(m_queue.front());
                m_queue.pop_front();
            }
            Message message;
            QString error;
            const bool ok = decodeFrame(job->json, job->attachments, &message, &error);
            // The frame's bytes are freed here, not in the owner's thread.
            job->json = QByteArray();
            job->attachments = QByteArray();
            ++decoded;
            {
                std::lock_guard lock(job->mutex);
                job->ok = ok;
                job->message = std::move(message);
                job->error = std::move(error);
                job->done = true;
                // By name, so that the queued call is made by Qt alone and carries nothing of
                // ours from this thread to the owner's: the owner finds the result under `mutex`.
                if (job->owner)
                    QMetaObject::invokeMethod(job->owner, "takeDecoded", Qt::QueuedConnection);
            }
            job->finished.notify_all();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::shared_ptr<DecodeJob>> m_queue;
    std::vector<std::thread> m_threads;
    bool m_stopping = false;
};

// When frames reach the kernel. Left to itself, QLocalSocket writes its buffer only when its
// write notifier fires, one loop pass later: a small message then costs an extra poll and
// wake-up at each end (and, under glib, eventfd writes to arm and disarm the notifier). So the
// first frame a Connection sends in a pass of the event loop is written to the socket at once
// (Connection::writeDirect), and the frames after it in the same pass wait in QLocalSocket's
// buffer until just before the thread waits for more events (aboutToBlock()), when they go out
// together: a reply leaves at once, a burst in one write. Qt's notifier stays armed for what is
// buffered, so a loop that never blocks (a busy processEvents()) still gets everything written.
class WriteFlusher : public QObject
{
public:
    static WriteFlusher *forCurrentThread()
    {
        thread_local QPointer<WriteFlusher> flusher;
        if (!flusher) {
            QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
            if (!dispatcher)
                return nullptr;
            flusher = new WriteFlusher(dispatcher);
        }
        return flusher;
    }

    void schedule(Connection *connection)
    {
        if (!m_pending.contains(connection))
            m_pending.append(connection);
    }
    void cancel(Connection *connection) { m_pending.removeOne(connection); }

private:
    explicit WriteFlusher(QAbstractEventDispatcher *dispatcher) : QObject(dispatcher)
    {
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, &WriteFlusher::flushAll);
    }

    void flushAll()
    {
        // A flush can end in a disconnect whose handlers write to, or delete, other connections.
        while (!m_pending.isEmpty())
            m_pending.takeFirst()->flushNow();
    }

    QList<Connection *> m_pending;
};

Connection::Connection(QLocalSocket *socket, QObject *parent) : QObject(parent), m_socket(socket)
{
    m_socket->setParent(this);
    m_unixSocket = m_socket->findChild<QAbstractSocket *>(QString(), Qt::FindDirectChildrenOnly);
    connect(m_socket, &QLocalSocket::readyRead, this, &Connection::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &Connection::onDisconnected);
    connect(m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError) {
        // A peer that vanishes shows up here as PeerClosedError before disconnected().
        if (m_errorString.isEmpty())
            m_errorString = m_socket->errorString();
        qCDebug(lcConnection) << "socket error:" << m_socket->errorString();
    });
}

Connection::~Connection()
{
    if (m_decoding) {
        std::lock_guard lock(m_decoding->mutex);
        m_decoding->owner = nullptr;
    }
    if (m_flushScheduled && m_flusher)
        m_flusher->cancel(this);
    // Do not emit from a destructor: the owner is tearing us down on purpose. Do hand the
    // kernel what was written, so that a process that exits right after a send is still heard.
    m_socket->disconnect(this);
    if (m_socket->state() == QLocalSocket::ConnectedState)
        m_socket->flush();
}

qsizetype Connection::defaultOffThreadDecodeSize()
{
    static const qsizetype size = [] {
        bool ok = false;
        const qsizetype fromEnvironment = qEnvironmentVariableIntValue("IPCLAB_OFFTHREAD_DECODE_BYTES", &ok);
        return ok ? fromEnvironment : qsizetype(64 * 1024);
    }();
    return size;
}

qint64 Connection::framesDecodedOffThread()
{
    return DecodePool::instance().decoded;
}

bool Connection::isOpen() const
{
    return m_socket->state() == QLocalSocket::ConnectedState && !m_aborted;
}

EncodedFrame Connection::encode(const Message &message, qsizetype maxFrameSize, IpcError *error)
{
    maxFrameSize = qMin(maxFrameSize, Protocol::maxFrameSizeLimit); // what the length word can say
    const qint64 stamp = MessageTrace::isEnabled() ? monotonicNanoseconds() : message.sentAt;
    QByteArray head = FrameCodec::beginFrame(!message.buffers.isEmpty(), 256);
    if (!JsonWriter::writeMessage(head, message, stamp)) {
        QJsonObject object = message.toJson();
        if (stamp > 0)
            object.insert(QStringLiteral("ts"), stamp);
        head += QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    // What the peer would refuse as a bad message is refused here, as a RangeError.
    const qsizetype jsonBegin = Protocol::headerSize * (message.buffers.isEmpty() ? 1 : 2);
    if (head.size() - jsonBegin > Protocol::maxJsonNodesPerFrame
        && FrameCodec::countJsonNodes(QByteArrayView(head).sliced(jsonBegin), Protocol::maxJsonNodesPerFrame)
                > Protocol::maxJsonNodesPerFrame) {
        *error = IpcError(QStringLiteral("RangeError"),
                          QStringLiteral("A %1 message holds more than %2 JSON values and keys, the limit for a frame")
                                  .arg(Message::kindName(message.kind))
                                  .arg(Protocol::maxJsonNodesPerFrame));
        return {};
    }
    EncodedFrame frame = FrameCodec::endFrame(std::move(head), message.buffers);
    const qsizetype size = frame.size();
    if (size - Protocol::headerSize > maxFrameSize) {
        *error = IpcError(QStringLiteral("RangeError"),
                          QStringLiteral("A %1 message of %2 bytes is over the frame limit of %3 bytes")
                                  .arg(Message::kindName(message.kind))
                                  .arg(size - Protocol::headerSize)
                                  .arg(maxFrameSize));
        return {};
    }
    return frame;
}

bool Connection::send(const Message &message)
{
    IpcError error;
    const EncodedFrame frame = encode(message, m_codec.maxFrameSize(), &error);
    if (!error.isNull()) {
        qCWarning(lcProtocol).noquote() << "not sent:" << loggable(error.message(), 1024);
        return false;
    }
    return sendFrame(frame);
}

qint64 Connection::pendingWriteBytes() const
{
    return m_socket->bytesToWrite();
}

void Connection::setWriteLimit(qint64 bytes, int stallTimeout)
{
    m_maxPendingWriteBytes = bytes;
    m_stallTimeout = stallTimeout;
}

IpcError Connection::writeLimitError() const
{
    return IpcError(QStringLiteral("RangeError"),
                    QStringLiteral("%1 bytes are already waiting for the peer to read them (limit %2)")
                            .arg(m_socket->bytesToWrite())
                            .arg(m_maxPendingWriteBytes));
}

bool Connection::sendFrame(const EncodedFrame &frame)
{
    if (!isOpen())
        return false;
    const qsizetype size = frame.size();
    if (m_socket->bytesToWrite() + size <= m_maxPendingWriteBytes) {
        // The first frame of a loop pass goes to the kernel at once; the ones after it wait in
        // the socket's buffer and go out together at aboutToBlock().
        const qsizetype direct = m_flushScheduled || m_socket->bytesToWrite() > 0 ? 0 : writeDirect(frame);
        if (direct < size && !bufferFrame(frame, direct))
            return false;
        m_bytesQueued += size;
        scheduleFlush();
        return true;
    }
    // Refused, so that we never hold more than the limit. Whether the peer is hung or only
    // slower than this burst, the next stallTimeout ms tell: a peer that takes nothing is hung.
    if (!m_stallTimer) {
        m_stallTimer = new QTimer(this);
        m_stallTimer->setSingleShot(true);
        connect(m_socket, &QIODevice::bytesWritten, this, [this] { m_wroteSinceStall = true; });
        connect(m_stallTimer, &QTimer::timeout, this, [this] {
            const qint64 pending = m_socket->bytesToWrite();
            if (m_wroteSinceStall || pending == 0 || !isOpen())
                return;
            qCWarning(lcConnection) << "peer not reading:" << pending << "bytes waiting for"
                                    << m_stallTimeout << "ms, limit" << m_maxPendingWriteBytes;
            Q_EMIT peerNotReading(pending);
        });
    }
    if (!m_stallTimer->isActive()) {
        m_wroteSinceStall = false;
        m_stallTimer->start(m_stallTimeout);
    }
    return false;
}

void Connection::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    if (!m_flusher)
        m_flusher = WriteFlusher::forCurrentThread();
    if (!m_flusher)
        return; // no event loop here: Qt's write notifier, or a wait, writes it
    m_flushScheduled = true;
    m_flusher->schedule(this);
}

qsizetype Connection::writeDirect(const EncodedFrame &frame)
{
#ifdef Q_OS_UNIX
    // Nothing is queued in QLocalSocket (the caller checked), so writing to its descriptor keeps
    // the order. Whatever the kernel does not take now, and any error, is left to QLocalSocket's
    // own write, which reports errors the usual way.
    const qintptr fd = m_socket->socketDescriptor();
    if (fd < 0)
        return 0;
    // One system call for all the pieces, as if the frame were one array. A frame of more pieces
    // than this (many large attachments) has the rest written by QLocalSocket.
    constexpr int maxPieces = 16;
    iovec pieces[maxPieces];
    int count = 0;
    const auto add = [&](const QByteArray &piece) {
        if (!piece.isEmpty() && count < maxPieces)
            pieces[count++] = {const_cast<char *>(piece.constData()), size_t(piece.size())};
    };
    add(frame.head);
    for (const QByteArray &attachment : frame.attachments)
        add(attachment);
    msghdr message = {};
    message.msg_iov = pieces;
    message.msg_iovlen = size_t(count);
    ssize_t n;
    do {
        n = ::sendmsg(int(fd), &message, MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? 0 : qsizetype(n);
#else
    Q_UNUSED(frame);
    return 0;
#endif
}

// Hands the frame from byte `from` on to QLocalSocket, whose write notifier (or a flush) writes
// it. QLocalSocket copies whatever it is given into its buffer, which for a large frame costs
// as much again as the write itself. The QAbstractSocket it is made of on Unix (its child)
// instead keeps a QByteArray of 4 KiB or more by reference (QIODevice::write(QByteArray)), so
// the pieces go there: a large attachment is not copied at all, however long the peer takes to
// read it. All the rest is left as it was, QLocalSocket's business: the order, the write
// notifier, bytesToWrite() (and so the write limit), flush(), and disconnectFromServer()
// waiting for the buffer to empty. Where there is no such child, QLocalSocket copies as ever.
bool Connection::bufferFrame(const EncodedFrame &frame, qsizetype from)
{
    QIODevice *device = m_socket;
    if (m_unixSocket && m_unixSocket->socketDescriptor() == m_socket->socketDescriptor())
        device = m_unixSocket;
    const auto write = [&](const QByteArray &piece) {
        if (from >= piece.size()) { // written already (or empty)
            from -= piece.size();
            return true;
        }
        const QByteArray rest = from > 0 ? sharedTail(piece, from) : piece;
        from = 0;
        return device->write(rest) == rest.size();
    };
    if (!write(frame.head))
        return false;
    for (const QByteArray &attachment : frame.attachments) {
        if (!write(attachment))
            return false;
    }
    return true;
}

void Connection::flushNow()
{
    m_flushScheduled = false;
    if (m_socket->state() == QLocalSocket::ConnectedState && m_socket->bytesToWrite() > 0)
        m_socket->flush();
}

std::optional<Message> Connection::waitForResult(qint64 id, QDeadlineTimer deadline)
{
    QPointer<Connection> guard(this);
    ++m_holdDelivery;
    m_socket->flush();
    // A large frame before the answer: finish it here, and read what QLocalSocket took in
    // meanwhile, which no readyRead() will announce again.
    finishDecodeNow();
    readFrames();

    std::optional<Message> found;
    size_t scanned = 0; // what was already looked at, so a flood while blocked stays linear
    for (;;) {
        for (auto it = m_inbox.begin() + qsizetype(scanned); it != m_inbox.end(); ++it) {
            if (it->kind == MessageKind::Result && it->id == id) {
                found = std::move(*it);
                m_inbox.erase(it);
                break;
            }
        }
        scanned = m_inbox.size();
        if (found || !isOpen() || m_disconnectPending || deadline.hasExpired())
            break;
        // waitForReadyRead() emits readyRead(), which decodes into m_inbox; with delivery held,
        // nothing is dispatched from inside this loop, not even a disconnect.
        m_socket->waitForReadyRead(int(qMin<qint64>(deadline.remainingTime(), INT_MAX)));
        if (!guard)
            return found;
        readFrames();
    }

    --m_holdDelivery;
    if (!m_inbox.empty() || m_disconnectPending)
        QMetaObject::invokeMethod(this, &Connection::deliver, Qt::QueuedConnection);
    return found;
}

qint64 Connection::peerProcessId() const
{
#ifdef Q_OS_LINUX
    if (m_peerProcessId == 0 && m_socket->socketDescriptor() >= 0) {
        ucred credentials = {};
        socklen_t size = sizeof credentials;
        if (::getsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0)
            m_peerProcessId = credentials.pid;
    }
#endif
    return m_peerProcessId;
}

void Connection::processPendingData()
{
    if (m_socket->bytesAvailable() == 0)
        m_socket->waitForReadyRead(0);
    readFrames();
    deliver();
}

void Connection::abortWithProtocolError(const QString &reason)
{
    m_inbox.clear(); // nothing after the bad message counts
    failFraming(reason);
}

void Connection::failFraming(const QString &reason)
{
    if (m_aborted)
        return;
    m_aborted = true;
    qCWarning(lcProtocol).noquote() << "closing connection: protocol error:" << loggable(reason, 1024);
    m_errorString = reason;
    m_protocolErrorPending = true; // announced by deliver(), after the good frames before it
    m_socket->abort();
    onDisconnected(); // abort() on an already-closing socket may not emit disconnected()
}

void Connection::close()
{
    m_socket->disconnectFromServer();
}

void Connection::abort()
{
    m_socket->abort();
    onDisconnected(); // abort() may not emit disconnected()
}

void Connection::closeForOwnerDestroyed(int flushTimeout)
{
    closeAndFlush(flushTimeout);
    if (m_delivering > 0) {
        setParent(nullptr);
        deleteLater();
    }
}

void Connection::closeAndFlush(int timeout)
{
    if (m_socket->state() != QLocalSocket::ConnectedState)
        return;
    m_socket->disconnectFromServer();
    if (m_socket->state() != QLocalSocket::UnconnectedState)
        m_socket->waitForDisconnected(timeout);
}

void Connection::readFrames()
{
    // While a large frame is being decoded nothing after it is read: the order stays the wire's,
    // and a peer that sends faster than its frames can be decoded finds the socket full.
    if (m_aborted || m_decoding)
        return;
    if (m_socket->bytesAvailable() > 0 && m_codec.readFrom(m_socket) < 0) {
        qCWarning(lcConnection) << "read failed:" << m_socket->errorString();
        return;
    }
    QByteArray json;
    QByteArray attachments;
    for (;;) {
        switch (m_codec.nextBody(&json, &attachments)) {
        case FrameCodec::Status::NeedMore:
            if (readDirect() > 0)
                continue;
            boundReadBuffer();
            return;
        case FrameCodec::Status::Error:
            // The good frames before the bad one stay in the inbox and are still delivered.
            failFraming(m_codec.errorString());
            return;
        case FrameCodec::Status::Frame: {
            const qsizetype frameBytes = m_codec.lastFrameSize();
            // Not while sendSync waits: the answer it waits for may come after this frame.
            if (m_holdDelivery == 0 && worthDecodingOffThread(json)) {
                startDecode(m_codec.takeBody(json), std::move(attachments), frameBytes);
                return;
            }
            Message message;
            QString problem;
            if (!decodeFrame(json, attachments, &message, &problem)) {
                failFraming(problem);
                return;
            }
            accept(std::move(message), frameBytes);
            break;
        }
        }
    }
}

// What a frame costs to decode is mostly its values and keys, not its bytes: a 1 MiB string
// takes a fraction of a millisecond (one pass), 120,000 keys in 2.8 MB ten milliseconds or more.
// The hand-over to a worker and back costs a few tens of microseconds and the caches, so a frame
// goes there only if it is large and dear: more than 4096 values and keys (counted without
// parsing, and the count stops there), or 4 MiB or more of anything.
bool Connection::worthDecodingOffThread(const QByteArray &json) const
{
    if (m_offThreadDecodeSize < 0 || json.size() < m_offThreadDecodeSize)
        return false;
    if (m_offThreadDecodeSize == 0) // every frame (for tests and measurements)
        return true;
    constexpr qsizetype dearNodes = 4096;
    constexpr qsizetype dearBytes = 4 * 1024 * 1024;
    if (json.size() >= dearBytes)
        return true;
    // A frame long enough for the node limit was counted already, in full.
    const qsizetype counted = m_codec.lastNodeCount();
    return (counted >= 0 ? counted : FrameCodec::countJsonNodes(json, dearNodes)) > dearNodes;
}

void Connection::accept(Message &&message, qsizetype frameBytes)
{
    qCDebug(lcProtocol).noquote() << "received" << Message::kindName(message.kind) << loggable(message.channel)
                                  << message.id;
    if (m_traceFrom >= 0)
        MessageTrace::received(message, frameBytes, m_traceFrom, m_traceTo);
    m_inbox.push_back(std::move(message));
}

void Connection::startDecode(QByteArray json, QByteArray attachments, qsizetype frameBytes)
{
    auto job = std::make_shared<DecodeJob>();
    job->json = std::move(json);
    job->attachments = std::move(attachments);
    job->frameBytes = frameBytes;
    job->owner = this;
    m_decoding = job;
    setReadBufferBounded(true); // QLocalSocket takes no more than a few KiB meanwhile
    DecodePool::instance().submit(std::move(job));
}

// Takes the decoded frame into the inbox (or fails the connection with the decoder's reason).
// False if the job is not this connection's current one or the connection has failed since.
bool Connection::finishDecode(const std::shared_ptr<DecodeJob> &job)
{
    if (!job || job != m_decoding)
        return false;
    m_decoding.reset();
    Message message;
    QString error;
    bool ok;
    {
        std::lock_guard lock(job->mutex);
        Q_ASSERT(job->done);
        job->owner = nullptr;
        ok = job->ok;
        message = std::move(job->message);
        error = std::move(job->error);
    }
    if (m_aborted)
        return false;
    if (!ok) {
        failFraming(error);
        return false;
    }
    accept(std::move(message), job->frameBytes);
    return true;
}

// For a thread that must not return to its event loop first (sendSync's wait).
void Connection::finishDecodeNow()
{
    const std::shared_ptr<DecodeJob> job = m_decoding;
    if (!job)
        return;
    {
        std::unique_lock lock(job->mutex);
        job->finished.wait(lock, [&job] { return job->done; });
    }
    finishDecode(job);
}

// A worker is done with this connection's frame: deliver it, then read on as readyRead() would
// have. The call may be late (finishDecodeNow() took that frame, and another is on its way).
void Connection::takeDecoded()
{
    const std::shared_ptr<DecodeJob> job = m_decoding;
    if (!job)
        return;
    {
        std::lock_guard lock(job->mutex);
        if (!job->done)
            return; // its own call is still to come
    }
    finishDecode(job);
    if (m_peerGone) {
        onDisconnected(); // reads what is left, then announces the end after it
        return;
    }
    if (m_aborted) {
        deliver();
        return;
    }
    onReadyRead();
}

// The rest of a large frame, read from the socket straight into the codec's buffer, which
// grows as the frame arrives (never ahead of it). Left to QLocalSocket, the bytes would be read into its
// buffer and copied from there into the codec's: a second pass over every byte of the frame.
// Only once QLocalSocket's buffer is empty, as its bytes come first, and never past the frame's
// end, so that whatever follows is QLocalSocket's to read as usual. The end of the stream and
// errors are left to QLocalSocket too: recv() returning 0 consumes nothing, and QLocalSocket's
// notifier, still armed, sees the same and reports it as ever (ECONNRESET reads as the end of
// the stream in Qt as well).
qsizetype Connection::readDirect()
{
#ifdef Q_OS_UNIX
    const qsizetype missing = m_codec.missingBytes();
    if (missing < directReadSize || m_socket->bytesAvailable() > 0
        || m_socket->state() != QLocalSocket::ConnectedState)
        return 0;
    const qintptr fd = m_socket->socketDescriptor();
    if (fd < 0)
        return 0;
    // No more than is held already: room for the frame grows with what arrives (FrameCodec).
    const qsizetype room = qMin(missing, qMax(directReadSize, m_codec.pendingBytes()));
    char *into = m_codec.prepareAppend(room);
    ssize_t n;
    do {
        n = ::recv(int(fd), into, size_t(room), MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    m_codec.commitAppend(n > 0 ? qsizetype(n) : 0);
    return n > 0 ? qsizetype(n) : 0;
#else
    return 0;
#endif
}

// While a large frame comes in, QLocalSocket is told to read at most a few KiB into its buffer
// at each notification, so that nearly all of the frame is read by readDirect() instead. Large
// frames tend to come in runs (a renderer echoing images), so the bound stays after one, until a
// small frame shows up: the first read of the next frame is then bounded too. Otherwise
// QLocalSocket reads all there is, as before: a burst of small frames in one read.
void Connection::boundReadBuffer()
{
    const qsizetype missing = m_codec.missingBytes(); // 0: no frame begun
    setReadBufferBounded(m_decoding || missing >= directReadSize
                         || (missing == 0 && m_codec.lastFrameSize() >= directReadSize));
}

void Connection::setReadBufferBounded(bool bound)
{
#ifdef Q_OS_UNIX
    if (bound == m_readBufferBounded)
        return;
    m_readBufferBounded = bound;
    m_socket->setReadBufferSize(bound ? 4096 : 0);
#else
    Q_UNUSED(bound);
#endif
}

void Connection::onReadyRead()
{
    QPointer<Connection> guard(this);
    readFrames();
    // The handlers run inside QLocalSocket's readyRead(), which it does not emit again until
    // they return. A handler that spins an event loop of its own (waitForFinished(), a dialog)
    // would otherwise let a bounded buffer fill up, after which QLocalSocket stops reading.
    if (!m_inbox.empty() && !m_decoding)
        setReadBufferBounded(false);
    deliver();
    if (!guard || m_aborted)
        return;
    boundReadBuffer();
    // What QLocalSocket read while a handler ran an event loop was never announced: take it now,
    // rather than when the peer happens to write again.
    if (m_socket->bytesAvailable() > 0 && !m_readQueued && !m_decoding) {
        m_readQueued = true;
        QMetaObject::invokeMethod(
                this,
                [this] {
                    m_readQueued = false;
                    onReadyRead();
                },
                Qt::QueuedConnection);
    }
}

void Connection::deliver()
{
    QPointer<Connection> guard(this);
    ++m_delivering;
    while (guard && m_holdDelivery == 0 && !m_inbox.empty()) {
        Message message = std::move(m_inbox.front());
        m_inbox.pop_front();
        Q_EMIT messageReceived(message);
    }
    if (!guard)
        return;
    --m_delivering;
    if (m_delivering != 0 || m_holdDelivery != 0 || !m_inbox.empty())
        return;
    // A protocol error, like the peer's going away, is news in order: whoever receives the
    // frames that came before it (a renderer's WebContents, once the hello has been handled)
    // hears of it.
    if (m_protocolErrorPending) {
        m_protocolErrorPending = false;
        Q_EMIT protocolError(m_errorString);
        if (!guard)
            return;
    }
    if (m_disconnectPending)
        emitDisconnected();
}

void Connection::onDisconnected()
{
    if (m_disconnectedEmitted)
        return;
    m_peerGone = true;
    readFrames();
    if (m_decoding && !m_aborted)
        return; // onDecoded() comes back here, and reads on
    if (m_codec.pendingBytes() > 0 && !m_aborted) {
        m_aborted = true;
        m_errorString = m_codec.truncationError();
        qCWarning(lcProtocol).noquote() << "protocol error:" << loggable(m_errorString, 1024);
        m_protocolErrorPending = true;
    }
    // The peer's going away is news like any other: it waits behind the frames that came first,
    // and is not announced from inside a handler that is still running.
    m_disconnectPending = true;
    if (m_holdDelivery == 0 && m_delivering == 0)
        deliver();
}

void Connection::emitDisconnected()
{
    if (m_disconnectedEmitted)
        return;
    m_disconnectedEmitted = true;
    qCDebug(lcConnection).noquote() << "disconnected" << loggable(m_errorString, 1024);
    Q_EMIT disconnected();
}
