#pragma once

#include <QByteArray>

struct Message;

// The receiving half of JsonWriter: reads the common kinds (send, sendTo, invoke, sendSync,
// result with a value, cancel, a MessagePort's message without ports) straight from a frame's JSON text into a Message, without a
// QJsonObject for the envelope and a lookup per field. Only the arguments (and a result's
// value, when it is an array or object) go through Qt's parser.
//
// It is a fast path, not a second parser: it takes only the plain form (ASCII strings without
// escapes in the envelope, integers, known keys once each) and only what Message::fromJson()
// would accept, giving exactly the Message it would give. Anything else (an escape, a decimal,
// an unknown or repeated key, a value out of range, invalid JSON, attachments) returns false
// and the caller parses the frame with Qt as before, so errors keep their texts.
namespace JsonReader {

bool readMessage(const QByteArray &json, Message *message);

} // namespace JsonReader
