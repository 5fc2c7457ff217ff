#pragma once

// The reserved channel UtilityProcess and ParentPort speak on: main's postMessage() arrives as
// a send with [message] and the transferred ports; the child's postMessage() goes as a send
// with [message].
namespace ParentPortChannel {
inline constexpr char name[] = "ipclab:parent-port";
} // namespace ParentPortChannel
