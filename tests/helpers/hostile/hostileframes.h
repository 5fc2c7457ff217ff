#pragma once

// Frames too large to pass on a command line, made by ipclab-test-hostile itself from a short
// spec (--generate SPEC), and by the tests that need to know their exact sizes:
//
//     keys:N                   a send whose argument is an object of N keys "k0", "k1", ...
//     attachments:N            a send listing N attachments of 0 bytes
//     nested:N                 a send whose argument is N arrays, each inside the one before
//     sendto:TO:COUNT:BYTES    COUNT sendTo frames to renderer TO on channel "flood", each with
//                              its index and a string of BYTES characters
//     invoke:CHANNEL:COUNT:BYTES  COUNT invokes of CHANNEL (ids from 1000001), each with a
//                              string of BYTES characters
//     send:CHANNEL:COUNT:BYTES COUNT sends of CHANNEL, each with a string of BYTES characters

#include "protocol.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtEndian>

namespace HostileFrames {

inline QByteArray rawFrame(const QByteArray &json)
{
    QByteArray frame(4, '\0');
    qToBigEndian<quint32>(quint32(json.size()), frame.data());
    return frame + json;
}

// The frames of spec, concatenated; empty for a spec it does not know.
inline QByteArray generate(const QString &spec)
{
    const QStringList parts = spec.split(QLatin1Char(':'));
    const QString kind = parts.value(0);
    const auto number = [&parts](int at) { return parts.value(at).toLongLong(); };
    QByteArray out;
    if (kind == QLatin1String("keys")) {
        QByteArray json = R"({"type":"send","channel":"keys","args":[{)";
        for (qint64 i = 0; i < number(1); ++i) {
            json += (i > 0 ? ",\"k" : "\"k") + QByteArray::number(i) + "\":0";
        }
        return rawFrame(json + "}]}");
    }
    if (kind == QLatin1String("attachments")) {
        QByteArray json = R"({"type":"send","channel":"attachments","args":[],"buffers":[)";
        for (qint64 i = 0; i < number(1); ++i)
            json += i > 0 ? ",0" : "0";
        json += "]}";
        QByteArray frame(8, '\0');
        qToBigEndian<quint32>(quint32(json.size() + 4) | Protocol::attachmentsFlag, frame.data());
        qToBigEndian<quint32>(quint32(json.size()), frame.data() + 4);
        return frame + json;
    }
    if (kind == QLatin1String("nested")) {
        return rawFrame(R"({"type":"send","channel":"nested","args":[)" + QByteArray(number(1), '[')
                        + QByteArray(number(1), ']') + "]}");
    }
    const QByteArray filler(number(3), 'x');
    for (qint64 i = 0; i < number(2); ++i) {
        if (kind == QLatin1String("sendto")) {
            out += rawFrame(R"({"type":"sendTo","to":)" + parts.value(1).toLatin1() + R"(,"channel":"flood","args":[)"
                            + QByteArray::number(i) + ",\"" + filler + "\"]}");
        } else if (kind == QLatin1String("invoke")) {
            out += rawFrame(R"({"type":"invoke","id":)" + QByteArray::number(1000001 + i) + R"(,"channel":")"
                            + parts.value(1).toLatin1() + R"(","args":[")" + filler + "\"]}");
        } else if (kind == QLatin1String("send")) {
            out += rawFrame(R"({"type":"send","channel":")" + parts.value(1).toLatin1() + R"(","args":[")" + filler
                            + "\"]}");
        }
    }
    return out;
}

} // namespace HostileFrames
