#include "framecodec.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QtEndian>

#include <cstring>

namespace {

// The bytes of a QByteArray::fromRawData() belong to the caller, who could always reuse them once
// the call that sent them returned (the frame was a copy). They have no block of their own: a
// capacity of 0.
bool ownsItsBytes(const QByteArray &bytes)
{
    return bytes.isEmpty() || bytes.capacity() > 0;
}

} // namespace

QByteArray FrameCodec::encode(const QJsonObject &object)
{
    return encode(object, {});
}

QByteArray FrameCodec::encode(const QJsonObject &object, const QList<QByteArray> &attachments)
{
    QByteArray frame = beginFrame(!attachments.isEmpty(), 0);
    frame += QJsonDocument(object).toJson(QJsonDocument::Compact);
    return endFrame(std::move(frame), attachments).joined();
}

void FrameCodec::append(const QByteArray &data)
{
    m_buffer.append(data);
}

qint64 FrameCodec::readFrom(QIODevice *device)
{
    const qint64 available = device->bytesAvailable();
    if (available <= 0)
        return 0;
    const qsizetype oldSize = m_buffer.size();
    m_buffer.resize(oldSize + available);
    const qint64 got = device->read(m_buffer.data() + oldSize, available);
    m_buffer.resize(oldSize + qMax<qint64>(got, 0));
    return got;
}

qsizetype FrameCodec::missingBytes() const
{
    const qsizetype available = m_buffer.size() - m_offset;
    if (m_failed || available < Protocol::headerSize)
        return 0;
    const quint32 length =
            qFromBigEndian<quint32>(m_buffer.constData() + m_offset) & ~Protocol::attachmentsFlag;
    if (qsizetype(length) > frameLimit())
        return 0; // nextBody() refuses it
    return qMax<qsizetype>(0, Protocol::headerSize + qsizetype(length) - available);
}

char *FrameCodec::prepareAppend(qsizetype bytes)
{
    Q_ASSERT(m_appendAt < 0);
    m_appendAt = m_buffer.size();
    m_buffer.resize(m_appendAt + bytes); // within what nextBody() reserved for the frame
    return m_buffer.data() + m_appendAt;
}

void FrameCodec::commitAppend(qsizetype filled)
{
    Q_ASSERT(m_appendAt >= 0 && filled >= 0 && m_appendAt + filled <= m_buffer.size());
    m_buffer.resize(m_appendAt + filled);
    m_appendAt = -1;
}

QByteArray FrameCodec::beginFrame(bool withAttachments, qsizetype sizeHint)
{
    QByteArray frame;
    frame.reserve(2 * Protocol::headerSize + sizeHint);
    frame.resize(withAttachments ? 2 * Protocol::headerSize : Protocol::headerSize);
    return frame;
}

EncodedFrame FrameCodec::endFrame(QByteArray frame, const QList<QByteArray> &attachments)
{
    EncodedFrame encoded;
    if (attachments.isEmpty()) {
        qToBigEndian(quint32(frame.size() - Protocol::headerSize), frame.data());
        encoded.head = std::move(frame);
        return encoded;
    }
    const qsizetype json = frame.size() - 2 * Protocol::headerSize;
    // A small attachment costs less copied than written as a piece of its own; a large one is
    // written from where it is (unless it is only borrowed). The pieces are in wire order, so
    // once one attachment is a piece, the ones after it are too.
    qsizetype shared = 0;
    while (shared < attachments.size() && attachments.at(shared).size() < sharedAttachmentSize)
        ++shared;
    qsizetype copiedBytes = 0;
    qsizetype sharedBytes = 0;
    for (qsizetype i = 0; i < attachments.size(); ++i)
        (i < shared ? copiedBytes : sharedBytes) += attachments.at(i).size();
    frame.reserve(frame.size() + copiedBytes);
    for (qsizetype i = 0; i < shared; ++i)
        frame.append(attachments.at(i));
    encoded.attachments.reserve(attachments.size() - shared);
    for (qsizetype i = shared; i < attachments.size(); ++i) {
        const QByteArray &attachment = attachments.at(i);
        encoded.attachments.append(ownsItsBytes(attachment)
                                           ? attachment
                                           : QByteArray(attachment.constData(), attachment.size()));
    }
    const qsizetype body = frame.size() + sharedBytes - Protocol::headerSize;
    // A length over 31 bits cannot be written; Connection::encode() refuses such a frame.
    const quint32 length = quint32(qMin(body, Protocol::maxFrameSizeLimit));
    qToBigEndian(length | Protocol::attachmentsFlag, frame.data());
    qToBigEndian(quint32(json), frame.data() + Protocol::headerSize);
    encoded.head = std::move(frame);
    return encoded;
}

qsizetype EncodedFrame::size() const
{
    qsizetype size = head.size();
    for (const QByteArray &attachment : attachments)
        size += attachment.size();
    return size;
}

QByteArray EncodedFrame::joined() const
{
    QByteArray frame;
    frame.reserve(size());
    frame.append(head);
    for (const QByteArray &attachment : attachments)
        frame.append(attachment);
    return frame;
}

FrameCodec::Status FrameCodec::next(QJsonObject *object, QByteArray *attachments)
{
    QByteArray json;
    QByteArray taken;
    const Status status = nextBody(&json, &taken);
    if (status != Status::Frame)
        return status;
    if (attachments)
        *attachments = taken;
    return parseBody(json, object);
}

FrameCodec::Status FrameCodec::nextBody(QByteArray *json, QByteArray *attachments)
{
    if (m_failed)
        return Status::Error;
    const qsizetype available = m_buffer.size() - m_offset;
    if (available < Protocol::headerSize) {
        compact();
        return Status::NeedMore;
    }
    const char *header = m_buffer.constData() + m_offset;
    const quint32 word = qFromBigEndian<quint32>(header);
    const bool hasAttachments = word & Protocol::attachmentsFlag;
    const quint32 length = word & ~Protocol::attachmentsFlag;
    if (qsizetype(length) > frameLimit())
        return fail(QStringLiteral("frame of %1 bytes exceeds the limit of %2 bytes")
                            .arg(length)
                            .arg(frameLimit()));
    if (available - Protocol::headerSize < qsizetype(length)) {
        compact();
        // Room for the frame grows with what has arrived, doubling, up to the whole frame: a
        // peer that announces a large frame and sends nothing more reserves nothing. Growing a
        // large block is a remap, not a copy (glibc's realloc of an mmap'ed block).
        // Once grown, it at least doubles, so that a frame arriving in small reads is not
        // copied again at nearly every one past half the room (still at most 4x what arrived).
        constexpr qsizetype initialRoom = 64 * 1024;
        const qsizetype frameTotal = Protocol::headerSize + qsizetype(length);
        const qsizetype wanted = qMax(2 * available, initialRoom);
        if (m_buffer.capacity() < qMin(frameTotal, wanted))
            m_buffer.reserve(qMin(frameTotal, qMax(wanted, 2 * m_buffer.capacity())));
        return Status::NeedMore;
    }
    m_firstFrameLimit = -1; // a whole frame is in: the usual limit from the next one on

    const qsizetype frameBegin = m_offset;
    const qsizetype frameEnd = m_offset + Protocol::headerSize + qsizetype(length);
    const char *body = header + Protocol::headerSize;
    qsizetype jsonLength = qsizetype(length);
    if (hasAttachments) {
        jsonLength = length < Protocol::headerSize
                ? -1
                : qsizetype(qFromBigEndian<quint32>(body));
        if (jsonLength < 0 || jsonLength > qsizetype(length) - Protocol::headerSize)
            return fail(QStringLiteral("frame of %1 bytes with attachments has no room for its "
                                       "JSON header")
                                .arg(length));
        body += Protocol::headerSize;
    }
    // A frame cheap to send and dear to parse (a million one-letter keys) is refused before Qt's
    // parser sees it. Each node takes at least a byte, so a short frame needs no count.
    m_lastNodeCount = jsonLength > Protocol::maxJsonNodesPerFrame
            ? countJsonNodes(QByteArrayView(body, jsonLength), Protocol::maxJsonNodesPerFrame)
            : -1;
    if (m_lastNodeCount > Protocol::maxJsonNodesPerFrame)
        return fail(QStringLiteral("frame of %1 bytes holds more than %2 JSON values and keys, the limit")
                            .arg(length)
                            .arg(Protocol::maxJsonNodesPerFrame));
    // A view: the bytes stay where they are (in the buffer, or in *attachments' block when that
    // was handed over) until the next call.
    *json = QByteArray::fromRawData(body, jsonLength);
    m_offset = frameEnd;
    m_lastFrameSize = frameEnd - frameBegin;
    if (hasAttachments)
        *attachments = takeAttachments(frameBegin + 2 * Protocol::headerSize + jsonLength, frameEnd);
    else
        attachments->clear();
    return Status::Frame;
}

qsizetype FrameCodec::countJsonNodes(QByteArrayView json, qsizetype limit)
{
    // The root, then one for every element or key: the first after an opening bracket (unless
    // it closes at once), one after each comma, and a value after each colon. Strings are
    // skipped whole with memchr(), so a long string costs next to nothing.
    qsizetype nodes = 1;
    bool afterOpen = false;
    const char *at = json.data();
    const char *const end = at + json.size();
    while (at < end && nodes <= limit) {
        const char c = *at++;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        if (afterOpen) {
            afterOpen = false;
            if (c != ']' && c != '}')
                ++nodes;
        }
        switch (c) {
        case '[':
        case '{':
            afterOpen = true;
            break;
        case ',':
        case ':':
            ++nodes;
            break;
        case '"':
            for (;;) {
                const auto *quote = static_cast<const char *>(std::memchr(at, '"', size_t(end - at)));
                if (!quote)
                    return nodes; // unterminated: the parser will say so
                qsizetype backslashes = 0;
                while (quote - backslashes > at && quote[-1 - backslashes] == '\\')
                    ++backslashes;
                at = quote + 1;
                if (backslashes % 2 == 0)
                    break;
            }
            break;
        default:
            break;
        }
    }
    return nodes;
}

FrameCodec::Status FrameCodec::parseBody(const QByteArray &json, QJsonObject *object)
{
    QString error;
    return parseJson(json, object, &error) ? Status::Frame : fail(error);
}

bool FrameCodec::parseJson(const QByteArray &json, QJsonObject *object, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("invalid JSON in a frame of %1 bytes: %2 at offset %3")
                         .arg(json.size())
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
        return false;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("frame body is a JSON %1, not an object")
                         .arg(document.isArray() ? QStringLiteral("array") : QStringLiteral("value"));
        return false;
    }
    *object = document.object();
    return true;
}

QByteArray FrameCodec::takeBody(const QByteArray &json)
{
    const char *bufferEnd = m_buffer.constData() + m_buffer.size();
    if (m_offset != m_buffer.size() || json.constData() + json.size() != bufferEnd
        || json.constData() < m_buffer.constData())
        return QByteArray(json.constData(), json.size());
    // As takeAttachments() does: dropping bytes from the front only moves the array's start.
    QByteArray taken = std::move(m_buffer);
    m_buffer = QByteArray();
    m_offset = 0;
    taken.remove(0, json.constData() - taken.constData());
    return taken;
}

QByteArray FrameCodec::takeAttachments(qsizetype begin, qsizetype end)
{
    constexpr qsizetype worthMoving = 64 * 1024;
    if (end != m_buffer.size() || end - begin < worthMoving)
        return QByteArray(m_buffer.constData() + begin, end - begin);
    // The attachments end the buffered data: hand the buffer itself over. Dropping bytes from
    // the front of a QByteArray only moves its start, so nothing is copied.
    QByteArray taken = std::move(m_buffer);
    m_buffer = QByteArray();
    m_offset = 0;
    taken.remove(0, begin);
    return taken;
}

QString FrameCodec::truncationError() const
{
    const qsizetype pending = pendingBytes();
    if (pending < Protocol::headerSize)
        return QStringLiteral("truncated frame: connection closed after %1 of 4 header bytes")
                .arg(pending);
    const quint32 length =
            qFromBigEndian<quint32>(m_buffer.constData() + m_offset) & ~Protocol::attachmentsFlag;
    return QStringLiteral("truncated frame: connection closed after %1 of %2 body bytes")
            .arg(pending - Protocol::headerSize)
            .arg(length);
}

FrameCodec::Status FrameCodec::fail(const QString &reason)
{
    m_failed = true;
    m_errorString = reason;
    m_buffer.clear();
    m_offset = 0;
    return Status::Error;
}

void FrameCodec::compact()
{
    if (m_offset == 0)
        return;
    if (m_offset == m_buffer.size())
        m_buffer.resize(0); // keeps the allocation for the next read
    else
        m_buffer.remove(0, m_offset);
    m_offset = 0;
}
