#pragma once

#include "protocol.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

class QIODevice;

// A frame ready to be written, in pieces that go on the wire one after the other: the length
// header and the JSON (and any small attachments, copied in), then the large attachments as
// the caller gave them, implicitly shared rather than copied. A frame without attachments is
// all head.
struct EncodedFrame
{
    QByteArray head;
    QList<QByteArray> attachments;

    qsizetype size() const;
    // The pieces as one QByteArray, copied together.
    QByteArray joined() const;
};

// Length-prefixed JSON frames: a 4-byte big-endian length, then one compact JSON object, or,
// when the length's top bit is set, a JSON header followed by raw binary attachments (see
// shared/PROTOCOL.md, section 2).
//
// Encoding is stateless. Decoding is incremental: feed bytes as they arrive (append() or
// readFrom()), then call next() until it stops returning Frame. Bytes are copied into the
// codec's buffer once and parsed in place; consumed frames are dropped from the front in one
// move per batch, so many small frames or one large frame in many reads cost O(n) in total.
class FrameCodec
{
public:
    enum class Status { NeedMore, Frame, Error };

    static QByteArray encode(const QJsonObject &object);
    // A frame whose JSON header is followed by these bytes, written as they are: no base64,
    // no escaping. The header must describe them (Message's "buffers" field does).
    static QByteArray encode(const QJsonObject &object, const QList<QByteArray> &attachments);

    // A frame whose JSON is written in place (JsonWriter): beginFrame() returns an empty frame
    // with room for the header, the caller appends the JSON, endFrame() fills in the header and
    // adds the attachments: the small ones copied after the JSON, the rest (from the first one
    // of sharedAttachmentSize bytes or more on) as pieces of their own.
    static QByteArray beginFrame(bool withAttachments, qsizetype sizeHint);
    static EncodedFrame endFrame(QByteArray frame, const QList<QByteArray> &attachments);
    static constexpr qsizetype sharedAttachmentSize = 16 * 1024;

    qsizetype maxFrameSize() const { return m_maxFrameSize; }
    void setMaxFrameSize(qsizetype bytes) { m_maxFrameSize = qMin(bytes, Protocol::maxFrameSizeLimit); }
    // A lower limit for the next frame only (a hello), or -1 for none.
    void setFirstFrameLimit(qsizetype bytes) { m_firstFrameLimit = bytes; }

    void append(const QByteArray &data);
    qint64 readFrom(QIODevice *device); // returns bytes read, -1 on a read error

    // Bytes the frame begun in the buffer still lacks (0 if no frame's header is in yet).
    qsizetype missingBytes() const;
    // For reading the rest of a frame straight into place: room for up to `bytes` more at the
    // end of the buffer, to be filled and then committed with commitAppend(bytes filled).
    char *prepareAppend(qsizetype bytes);
    void commitAppend(qsizetype filled);

    // The next frame's JSON object, and in *attachments the raw bytes after its header (empty
    // for a JSON-only frame). A large attachment that ends the buffered data is handed over
    // without being copied.
    Status next(QJsonObject *object, QByteArray *attachments = nullptr);

    // next() in two steps, for a reader with a faster way to read some frames: the next frame's
    // JSON text as a view (valid until the next call, and while *attachments lives), then, if
    // wanted, Qt's parse of it. A parse that fails fails the codec as next() does.
    Status nextBody(QByteArray *json, QByteArray *attachments);
    Status parseBody(const QByteArray &json, QJsonObject *object);
    // parseBody() without the codec: the same texts in *error, and nothing failed. Thread-safe.
    static bool parseJson(const QByteArray &json, QJsonObject *object, QString *error);
    // The body nextBody() last returned in *json, as an array of its own (for decoding it
    // elsewhere, after the codec has moved on): the buffer itself when the frame ends it, as a
    // large frame read straight into place does, so nothing is copied; else a copy.
    QByteArray takeBody(const QByteArray &json);
    // JSON values and object keys in json, counting stops once past limit (a frame's cost to
    // parse; Protocol::maxJsonNodesPerFrame). Exact for valid JSON; a quick scan, not a parse.
    static qsizetype countJsonNodes(QByteArrayView json, qsizetype limit);

    // JSON values and keys of the frame next() last returned, as counted for the limit (only a
    // frame of more bytes than Protocol::maxJsonNodesPerFrame is), or -1 if it was not counted.
    qsizetype lastNodeCount() const { return m_lastNodeCount; }

    // Bytes of the frame next() last returned, header included.
    qsizetype lastFrameSize() const { return m_lastFrameSize; }

    // Bytes of an incomplete frame still held: nonzero when the peer went away mid-frame.
    qsizetype pendingBytes() const { return m_buffer.size() - m_offset; }
    QString errorString() const { return m_errorString; }

    // "truncated frame: ..." for a connection that closed with pendingBytes() left.
    QString truncationError() const;

private:
    Status fail(const QString &reason);
    qsizetype frameLimit() const
    {
        return m_firstFrameLimit >= 0 ? qMin(m_firstFrameLimit, m_maxFrameSize) : m_maxFrameSize;
    }
    void compact();
    QByteArray takeAttachments(qsizetype begin, qsizetype end);

    QByteArray m_buffer;
    qsizetype m_offset = 0;
    qsizetype m_appendAt = -1; // where prepareAppend()'s room begins, until commitAppend()
    qsizetype m_lastFrameSize = 0;
    qsizetype m_lastNodeCount = -1;
    qsizetype m_maxFrameSize = Protocol::defaultMaxFrameSize;
    qsizetype m_firstFrameLimit = -1;
    QString m_errorString;
    bool m_failed = false;
};
