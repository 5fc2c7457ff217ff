// libFuzzer target for FrameCodec: the bytes a peer could write on the socket.
//
// The first input byte says how to cut the stream; the rest is the stream. It is decoded twice,
// once appended whole and once in pieces, and the two codecs must agree frame for frame and on
// the error: how the bytes happen to arrive must never change what they mean. Every frame then
// goes through Message::fromJson() and, when valid, the round trips of fuzzchecks.cpp.
//
// The control byte: bits 0-2, pieces of 1 to 2^n bytes; bit 3, pieces go in through readFrom()
// from a QBuffer instead of append(); bit 4, a frame limit of 64 bytes instead of 1 MiB (small
// either way, so a length field never makes the codec wait for gigabytes); bits 5-7 vary the
// piece sizes.

#include "framecodec.h"
#include "fuzzchecks.h"

#include <QBuffer>
#include <QList>
#include <QtEndian>

#include <cstdint>

namespace {

constexpr qsizetype largeLimit = 1024 * 1024;
constexpr qsizetype smallLimit = 64;

// A FrameCodec and what it must add up to.
class CheckedCodec
{
public:
    CheckedCodec(const QByteArray &stream, qsizetype limit) : m_stream(stream), m_limit(limit)
    {
        m_codec.setMaxFrameSize(limit);
    }

    void feed(const QByteArray &piece, bool throughDevice)
    {
        if (throughDevice) {
            QByteArray bytes = piece;
            QBuffer device(&bytes);
            device.open(QIODevice::ReadOnly);
            FUZZ_CHECK(m_codec.readFrom(&device) == piece.size(),
                       "readFrom() read less than there was");
        } else {
            m_codec.append(piece);
        }
        m_appended += piece.size();
        if (m_failed)
            m_appendedAfterFailure += piece.size();
        checkPending();
        drain();
    }

    // Calls next() until it stops, checking each answer.
    void drain()
    {
        for (;;) {
            QJsonObject object;
            QByteArray attachments;
            const FrameCodec::Status status = m_codec.next(&object, &attachments);
            if (m_failed) {
                FUZZ_CHECK(status == FrameCodec::Status::Error, "an error was not sticky");
                FUZZ_CHECK(m_codec.errorString() == m_errorString, "the error text changed");
                return;
            }
            switch (status) {
            case FrameCodec::Status::Frame: {
                const qsizetype size = m_codec.lastFrameSize();
                FUZZ_CHECK(size >= 4, "a frame shorter than its header");
                FUZZ_CHECK(size - 4 <= m_limit, "a frame over the limit was returned");
                m_consumed += size;
                FUZZ_CHECK(m_consumed <= m_appended, "frames add up to more than was appended");
                m_frames.append(object);
                m_attachments.append(attachments);
                m_sizes.append(size);
                checkPending();
                break;
            }
            case FrameCodec::Status::NeedMore:
                checkPending();
                FUZZ_CHECK(m_codec.pendingBytes() == m_appended - m_consumed,
                           "NeedMore with bytes unaccounted for");
                if (m_codec.pendingBytes() >= 4) {
                    const quint32 length = qFromBigEndian<quint32>(m_stream.constData() + m_consumed)
                            & ~Protocol::attachmentsFlag;
                    FUZZ_CHECK(qsizetype(length) <= m_limit, "waiting for a frame over the limit");
                }
                return;
            case FrameCodec::Status::Error:
                FUZZ_CHECK(!m_codec.errorString().isEmpty(), "an error without a text");
                FUZZ_CHECK(m_codec.pendingBytes() == 0, "an error kept its buffer");
                m_failed = true;
                m_errorString = m_codec.errorString();
                break; // the next round checks it is sticky
            }
        }
    }

    void finish()
    {
        if (!m_failed && m_codec.pendingBytes() > 0)
            FUZZ_CHECK(m_codec.truncationError().startsWith(QLatin1String("truncated frame: ")),
                       "truncationError() does not say truncated");
    }

    const QList<QJsonObject> &frames() const { return m_frames; }
    const QList<QByteArray> &attachments() const { return m_attachments; }
    const QList<qsizetype> &sizes() const { return m_sizes; }
    bool failed() const { return m_failed; }
    QString errorString() const { return m_errorString; }
    qsizetype pendingBytes() const { return m_codec.pendingBytes(); }
    QString truncationError() const { return m_codec.truncationError(); }

private:
    void checkPending() const
    {
        FUZZ_CHECK(m_codec.pendingBytes() >= 0, "negative pendingBytes()");
        FUZZ_CHECK(m_codec.pendingBytes() <= m_appended - m_consumed,
                   "pendingBytes() exceeds what was appended");
        if (m_failed)
            FUZZ_CHECK(m_codec.pendingBytes() == m_appendedAfterFailure,
                       "a failed codec holds bytes from before its error");
    }

    const QByteArray m_stream; // everything fed in, in order: the header of a waiting frame
    const qsizetype m_limit;
    FrameCodec m_codec;
    qsizetype m_appended = 0;
    qsizetype m_appendedAfterFailure = 0;
    qsizetype m_consumed = 0;
    bool m_failed = false;
    QString m_errorString;
    QList<QJsonObject> m_frames;
    QList<QByteArray> m_attachments;
    QList<qsizetype> m_sizes;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const quint8 control = data[0];
    const QByteArray stream(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const qsizetype limit = (control & 0x10) ? smallLimit : largeLimit;

    CheckedCodec whole(stream, limit);
    whole.feed(stream, false);
    whole.finish();
    for (qsizetype i = 0; i < whole.frames().size(); ++i)
        checkMessage(whole.frames().at(i), whole.attachments().at(i));

    CheckedCodec pieces(stream, limit);
    const qsizetype maxPiece = qsizetype(1) << (control & 0x07);
    const bool throughDevice = control & 0x08;
    quint32 state = 0x9e3779b9u ^ (quint32(control) * 0x85ebca6bu);
    for (qsizetype at = 0; at < stream.size();) {
        state ^= state << 13; // xorshift32
        state ^= state >> 17;
        state ^= state << 5;
        const qsizetype piece = qMin(1 + qsizetype(state % quint32(maxPiece)), stream.size() - at);
        pieces.feed(stream.mid(at, piece), throughDevice);
        at += piece;
    }
    // Bytes after an error change nothing: the stream is never resynchronised.
    if (pieces.failed())
        pieces.feed(QByteArray("\0\0\0\2{}", 6), throughDevice);
    pieces.finish();

    FUZZ_CHECK(pieces.failed() == whole.failed(), "pieces and the whole disagree on failing");
    FUZZ_CHECK(pieces.errorString() == whole.errorString(),
               "pieces and the whole fail differently");
    FUZZ_CHECK(pieces.frames() == whole.frames(), "pieces and the whole decode different frames");
    FUZZ_CHECK(pieces.attachments() == whole.attachments(),
               "pieces and the whole decode different attachments");
    FUZZ_CHECK(pieces.sizes() == whole.sizes(), "pieces and the whole see different frame sizes");
    if (!whole.failed()) {
        FUZZ_CHECK(pieces.pendingBytes() == whole.pendingBytes(),
                   "pieces and the whole keep different bytes");
        if (whole.pendingBytes() > 0)
            FUZZ_CHECK(pieces.truncationError() == whole.truncationError(),
                       "pieces and the whole report the truncation differently");
    }
    return 0;
}
