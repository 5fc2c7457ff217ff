// libFuzzer target for the message validator: the input is the JSON text of one frame body.
//
// An object goes through Message::fromJson() (which reaches PortMessage and PortRecord through
// "portMessage" and a "send" with "ports") and through PortMessage::fromJson() on its own; the
// elements of an array go through PortRecord::fromJson(), as the entries of "ports" do. Whatever
// is accepted must survive the round trips of fuzzchecks.cpp.

#include "fuzzchecks.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text
            = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument document = QJsonDocument::fromJson(text);
    checkFastReader(text, document);
    if (document.isObject()) {
        const QJsonObject object = document.object();
        checkMessage(object);
        checkPortMessage(object);
    } else if (document.isArray()) {
        for (const QJsonValue &value : document.array()) {
            checkPortRecord(value);
            if (value.isObject())
                checkMessage(value.toObject());
        }
    }
    return 0;
}
