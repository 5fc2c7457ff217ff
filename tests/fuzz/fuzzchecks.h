#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

// The invariants both fuzz targets check on what a peer could send. A broken invariant prints
// what was compared and aborts, which libFuzzer reports as a crash, keeping the input.
//
// A message fromJson() accepts must come out of toJson() in a form that parses again, to a
// message whose toJson() is the same, and must survive a trip through the frame codec too.
// With IPCLAB_FUZZ_STRICT=1 in the environment they also check that toJson() keeps every field
// of the input it writes back (no silent truncation), apart from the documented defaults.

#define FUZZ_CHECK(condition, what) \
    do { \
        if (!(condition)) \
            fuzzFailure(what, __FILE__, __LINE__); \
    } while (false)

[[noreturn]] void fuzzFailure(const char *what, const char *file, int line);

// Message::fromJson(), and the round trips above when it accepts the object; attachments are the
// raw bytes its frame carried after the JSON.
void checkMessage(const QJsonObject &object, const QByteArray &attachments = {});
// JsonReader, Connection's fast path, against Qt's parser and Message::fromJson(): whatever it
// reads, they must accept, as the same message.
void checkFastReader(const QByteArray &text, const QJsonDocument &document);
// PortMessage::fromJson() on its own, as a portMessage body and a pending entry are read.
void checkPortMessage(const QJsonObject &object);
// PortRecord::fromJson() on its own, as an entry of "ports" is read.
void checkPortRecord(const QJsonValue &value);
