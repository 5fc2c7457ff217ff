#pragma once

#include <QtGlobal>

// Constants both sides of the wire agree on; shared/PROTOCOL.md is the prose version.
namespace Protocol {

inline constexpr int version = 2;

// A frame is a 4-byte big-endian length followed by that many bytes of compact UTF-8 JSON. When
// the length's top bit is set, the other 31 bits count a body made of a 4-byte big-endian JSON
// length, the JSON, and then raw attachments (the JSON's "buffers" says how long each is).
inline constexpr qsizetype headerSize = 4;
inline constexpr quint32 attachmentsFlag = 0x80000000u;
// The largest frame the length word can describe: a limit set above it is taken as this.
inline constexpr qsizetype maxFrameSizeLimit = 0x7fffffff;
inline constexpr qsizetype defaultMaxFrameSize = 64 * 1024 * 1024;

// What main holds for one renderer: bytes written to it and not yet taken by it. Past this main's
// sends to it fail; if it then takes nothing for unresponsiveTimeoutMs it is hung
// (WebContents::unresponsive()) and killed.
inline constexpr qint64 defaultMaxPendingWriteBytes = 2 * defaultMaxFrameSize;
inline constexpr int unresponsiveTimeoutMs = 5000;

// How long a fresh connection may take to present its hello before it is dropped.
inline constexpr int handshakeTimeoutMs = 5000;
// The first frame of a connection (the hello) may be at most this long; the frame limit
// applies from the second on.
inline constexpr qsizetype maxHelloFrameSize = 4096;
// Connections main holds that have not said hello yet; past it new ones are closed at once.
inline constexpr int maxUnauthenticatedConnections = 64;

// Limits no real app meets, so that no single frame costs the receiver out of all proportion
// to its size; a frame past one is a bad message. A channel name's length is counted in UTF-16
// code units (QString::size()).
inline constexpr qsizetype maxChannelLength = 4096;
inline constexpr qsizetype maxAttachmentsPerFrame = 1024;
// JSON values and object keys in one frame (FrameCodec::countJsonNodes()): parsing costs per
// node, far more than per byte (a million small keys in 12 MB took 0.3 s), so this bounds the
// time and memory one frame can cost.
inline constexpr qsizetype maxJsonNodesPerFrame = 250000;

// Bytes one renderer may have relayed through main (sendTo, port messages main routes) that
// their targets have not taken yet, over all targets: one sender cannot fill another window's
// queue. Past it a sendTo is refused with a RangeError; a port message is a bad message.
inline constexpr qint64 defaultMaxRelayedBytes = 1024 * 1024;

// Environment a spawned renderer finds its way home with. The token is never on the
// command line, where every user of the machine could read it from /proc.
inline constexpr char serverEnv[] = "IPCLAB_SERVER";
inline constexpr char rendererIdEnv[] = "IPCLAB_RENDERER_ID";
inline constexpr char tokenEnv[] = "IPCLAB_TOKEN";
// Set only for a renderer started by a reload: the first port number its MessagePorts use, so
// that its port ids differ from those of the renderer it replaces (which main may still know).
inline constexpr char portBaseEnv[] = "IPCLAB_PORT_BASE";

} // namespace Protocol
