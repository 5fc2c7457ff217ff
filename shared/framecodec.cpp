#include "framecodec.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QtEndian>

QByteArray FrameCodec::encode(const QJsonObject &object)
{
    const QByteArray body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    QByteArray frame(Protocol::headerSize + body.size(), Qt::Uninitialized);
    qToBigEndian(quint32(body.size()), frame.data());
    memcpy(frame.data() + Protocol::headerSize, body.constData(), size_t(body.size()));
    return frame;
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

FrameCodec::Status FrameCodec::next(QJsonObject *object)
{
    if (m_failed)
        return Status::Error;
    const qsizetype available = m_buffer.size() - m_offset;
    if (available < Protocol::headerSize) {
        compact();
        return Status::NeedMore;
    }
    const char *header = m_buffer.constData() + m_offset;
    const quint32 length = qFromBigEndian<quint32>(header);
    if (qsizetype(length) > m_maxFrameSize)
        return fail(QStringLiteral("frame of %1 bytes exceeds the limit of %2 bytes")
                            .arg(length)
                            .arg(m_maxFrameSize));
    if (available - Protocol::headerSize < qsizetype(length)) {
        compact(); // the buffer grows geometrically as the rest arrives
        return Status::NeedMore;
    }

    const QByteArray body =
            QByteArray::fromRawData(header + Protocol::headerSize, qsizetype(length));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    m_offset += Protocol::headerSize + qsizetype(length);
    m_lastFrameSize = Protocol::headerSize + qsizetype(length);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("invalid JSON in a frame of %1 bytes: %2 at offset %3")
                            .arg(length)
                            .arg(parseError.errorString())
                            .arg(parseError.offset));
    if (!document.isObject())
        return fail(QStringLiteral("frame body is a JSON %1, not an object")
                            .arg(document.isArray() ? QStringLiteral("array")
                                                    : QStringLiteral("value")));
    *object = document.object();
    return Status::Frame;
}

QString FrameCodec::truncationError() const
{
    const qsizetype pending = pendingBytes();
    if (pending < Protocol::headerSize)
        return QStringLiteral("truncated frame: connection closed after %1 of 4 header bytes")
                .arg(pending);
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + m_offset);
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
