#!/usr/bin/env python3
"""Writes the seed corpora and the dictionary of the fuzz targets in tests/fuzz.

  corpus/message/*.json     one frame body each, as fuzz_message reads it: JSON text
  corpus/framecodec/*.bin   what fuzz_framecodec reads: one control byte (how to cut the
                            stream, see fuzz_framecodec.cpp), then frames of shared/PROTOCOL.md
                            section 2: a 4-byte big-endian length and the compact JSON body,
                            or the frames with binary attachments
  ipclab.dict               the words of the protocol, for libFuzzer's -dict

Every message type of PROTOCOL.md sections 4 and 8 is there, valid, and a few broken ones; also
the welcome's channel policy (ChannelPolicy).
Run it again after changing the protocol; it replaces what it wrote before.
"""

import json
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent
TOKEN = "8c1f3e0b5a9d47c2a6e1f0b3d8c7e07a"
SECRET = "5f0c9a2e7b3d4e18a6c1f2d3e4b5a697"
PIPE = "/tmp/ipclab-pipe-Ab12Cd/peer.sock"


def port_id(owner, n):
    return (owner << 32) | n


RECORD = {"id": port_id(1, 1), "peer": port_id(1, 2), "peerAt": -1, "sendSeq": 1, "recvSeq": 1}
MOVED_RECORD = {
    "id": port_id(2, 3), "peer": port_id(2, 4), "peerAt": 3, "sendSeq": 4, "recvSeq": 3,
    "pending": [{"port": port_id(2, 3), "seq": 3, "data": {"n": 3}},
                {"port": port_id(2, 3), "seq": 4, "close": True}],
    "peerClosed": True,
}

# Valid messages: name -> body.
VALID = {
    "hello": {"type": "hello", "version": 2, "rendererId": 2, "token": TOKEN},
    "welcome": {"type": "welcome", "version": 2, "rendererId": 2},
    "welcome-policy": {"type": "welcome", "version": 2, "rendererId": 2, "policy": {
        "send": ["my_channel"], "invoke": [], "listen": ["messageToRenderer", "ipclab:global-*"]}},
    "refuse": {"type": "refuse", "reason": "unknown renderer id or token"},
    "send": {"type": "send", "channel": "my_channel", "args": ["my_data"]},
    "send-no-args": {"type": "send", "channel": "ping"},
    "send-sender-id": {"type": "send", "channel": "from-window-1", "args": [1, 2.5, None],
                       "senderId": 1},
    "send-ports": {"type": "send", "channel": "port", "args": [{"hello": "port"}],
                   "ports": [RECORD]},
    "send-ports-moved": {"type": "send", "channel": "port", "args": [None], "senderId": 3,
                         "ports": [RECORD, MOVED_RECORD]},
    "send-trace": {"type": "send", "channel": "ipclab:trace", "args": [[{
        "from": 2, "to": 0, "pattern": "invoke", "channel": "add", "payload": "[1,2]",
        "size": 61, "sentAt": 1000, "receivedAt": 1500}]]},
    "send-unicode": {"type": "send", "channel": "来自主进程", "args": ["反馈", {"age": 23},
                                                                  [True, False], "\u0000\ud7ff"]},
    "send-to": {"type": "sendTo", "to": 2, "channel": "hi", "args": ["from renderer 1"]},
    "invoke": {"type": "invoke", "id": 1, "channel": "my_channel", "args": ["my_data"]},
    "invoke-large-id": {"type": "invoke", "id": 9007199254740993, "channel": "c", "args": []},
    "send-sync": {"type": "sendSync", "id": 2, "channel": "ipclab:global-get:settings"},
    "send-sync-set": {"type": "sendSync", "id": 3, "channel": "ipclab:global-set:settings",
                      "args": ["theme", "dark"]},
    "result-value": {"type": "result", "id": 1, "value": "replay"},
    "result-value-null": {"type": "result", "id": 4, "value": None},
    "result-value-traced": {"type": "result", "id": 1, "value": {"sum": 3}, "channel": "add",
                            "ts": 123456789012},
    "result-error": {"type": "result", "id": 5,
                     "error": {"name": "TypeError", "message": "x is not a function"}},
    "result-error-traced": {"type": "result", "id": 6, "channel": "fail", "ts": 42,
                            "error": {"name": "Error", "message": "no", "data": {"code": 7}}},
    "cancel": {"type": "cancel", "id": 7},
    "error": {"type": "error",
              "error": {"name": "Error", "message": "sendTo: no WebContents with id 7"}},
    "port-message": {"type": "portMessage", "port": port_id(0, 1), "seq": 1,
                     "data": {"text": "hello"}},
    "port-message-ports": {"type": "portMessage", "port": port_id(2, 1), "seq": 2, "data": [1],
                           "ports": [RECORD]},
    "port-message-close": {"type": "portMessage", "port": port_id(1, 2), "seq": 3, "close": True},
    "port-message-gone": {"type": "portMessage", "port": port_id(1, 2), "seq": 0, "close": True},
    "port-route": {"type": "portRoute", "port": port_id(1, 1), "peerAt": 3},
    "pipe-listen": {"type": "pipeListen", "peer": 3, "secret": SECRET},
    "pipe-listening": {"type": "pipeListening", "peer": 3, "path": PIPE},
    "pipe-connect": {"type": "pipeConnect", "peer": 2, "path": PIPE, "secret": SECRET},
    "pipe-hello": {"type": "pipeHello", "peer": 3, "secret": SECRET},
    "pipe-welcome": {"type": "pipeWelcome", "peer": 2},
}

# Objects a peer could send that the validator must refuse.
REFUSED = {
    "bad-no-type": {"channel": "c"},
    "bad-unknown-type": {"type": "shout", "channel": "c"},
    "bad-type-number": {"type": 3},
    "bad-hello-no-token": {"type": "hello", "version": 2, "rendererId": 2},
    "bad-hello-version-negative": {"type": "hello", "version": -1, "rendererId": 2, "token": ""},
    "bad-hello-renderer-id-big": {"type": "hello", "version": 2, "rendererId": 2147483648,
                                  "token": TOKEN},
    "bad-welcome-policy-array": {"type": "welcome", "version": 2, "rendererId": 2,
                                 "policy": ["send"]},
    "bad-welcome-policy-not-strings": {"type": "welcome", "version": 2, "rendererId": 2,
                                       "policy": {"invoke": ["add", 1]}},
    "bad-send-empty-channel": {"type": "send", "channel": "", "args": []},
    "bad-send-args-object": {"type": "send", "channel": "c", "args": {"0": 1}},
    "bad-send-ports-object": {"type": "send", "channel": "c", "ports": RECORD},
    "bad-send-port-record": {"type": "send", "channel": "c", "ports": [{"id": 1}]},
    # A location is a renderer id: past 2147483647 it cannot be one (and toJson() would wrap it).
    "bad-send-port-peer-at-big": {"type": "send", "channel": "c",
                                  "ports": [dict(RECORD, peerAt=3000000000)]},
    "bad-send-port-pending": {"type": "send", "channel": "c",
                              "ports": [dict(RECORD, pending=[{"seq": 1}])]},
    "bad-send-to-zero": {"type": "sendTo", "to": 0, "channel": "c"},
    "bad-invoke-id-zero": {"type": "invoke", "id": 0, "channel": "c"},
    "bad-invoke-id-fraction": {"type": "invoke", "id": 1.5, "channel": "c"},
    "bad-invoke-id-string": {"type": "invoke", "id": "1", "channel": "c"},
    "bad-result-nothing": {"type": "result", "id": 1},
    "bad-result-error-no-message": {"type": "result", "id": 1, "error": {"name": "Error"}},
    "bad-result-ts-negative": {"type": "result", "id": 1, "value": 1, "ts": -1},
    "bad-port-message-seq": {"type": "portMessage", "port": 1, "seq": -1},
    "bad-port-route-port-zero": {"type": "portRoute", "port": 0, "peerAt": 1},
    "bad-pipe-hello-empty-secret": {"type": "pipeHello", "peer": 3, "secret": ""},
}

# JSON text that is not a message object at all.
BROKEN_TEXT = {
    "bad-truncated": b'{"type":"invoke","id":1,"chan',
    "bad-invalid-json": b'{"type":"send",channel:"c"}',
    "bad-array-body": b'[{"type":"send","channel":"c"}]',
    "bad-value-body": b'42',
    "bad-empty": b'',
    "bad-invalid-utf8": b'{"type":"send","channel":"\xff\xfe"}',
    "port-records-array": json.dumps([RECORD, MOVED_RECORD, 1, {}],
                                     separators=(",", ":")).encode(),
}


def body(message):
    # Qt writes object keys sorted, compactly, in UTF-8.
    return json.dumps(message, separators=(",", ":"), sort_keys=True,
                      ensure_ascii=False).encode("utf-8")


def frame(payload):
    return struct.pack(">I", len(payload)) + payload


def binary_frame(message, attachments):
    # Section 2, frames with binary attachments: the flag, the body length, the JSON length.
    payload = body(message)
    rest = struct.pack(">I", len(payload)) + payload + attachments
    return struct.pack(">I", 0x80000000 | len(rest)) + rest


def write(directory, files):
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.iterdir():
        old.unlink()
    for name, data in sorted(files.items()):
        (directory / name).write_bytes(data)


def message_corpus():
    files = {f"{name}.json": body(m) for name, m in {**VALID, **REFUSED}.items()}
    files.update({f"{name}.json": text for name, text in BROKEN_TEXT.items()})
    return files


# Control bytes for the codec target, used in turn, all with the 1 MiB limit: pieces of up to
# 128 bytes, byte by byte, up to 8 through readFrom(), up to 2, up to 32 through readFrom().
# The 64-byte limit has seeds of its own.
CONTROLS = [0x07, 0x00, 0x0B, 0x21, 0x2D]


def codec_corpus():
    streams = {name: frame(body(m)) for name, m in {**VALID, **REFUSED}.items()}
    # PROTOCOL.md section 10, byte for byte.
    session = [dict(VALID["hello"], rendererId=1), {"type": "welcome", "version": 2, "rendererId": 1},
               VALID["send"], VALID["invoke"], VALID["result-value"]]
    streams["session"] = b"".join(frame(body(m)) for m in session)
    streams["all-valid"] = b"".join(frame(body(m)) for m in VALID.values())
    good = frame(body(VALID["send"]))
    streams.update({
        "bad-truncated-header": b"\x00\x00",
        "bad-truncated-body": good[:-5],
        "bad-good-then-truncated": good + good[:7],
        "bad-length-max": b"\xff\xff\xff\xff" + body(VALID["send"]),
        "bad-length-over-limit": struct.pack(">I", 1024 * 1024 + 1) + b"{}",
        "bad-length-at-limit": struct.pack(">I", 1024 * 1024) + b'{"type":"send"',
        "bad-invalid-json": frame(b'{"type":"send",channel:"c"}'),
        "bad-array-body": frame(b'[{"type":"send","channel":"c"}]'),
        "bad-value-body": frame(b'"send"'),
        "bad-empty-body": frame(b""),
        "bad-invalid-utf8": frame(b'{"type":"send","channel":"\xff"}'),
        "bad-good-bad-good": good + frame(b"[1]") + good,
        "bad-trailing-garbage": frame(b'{"type":"cancel","id":1} x'),
        # Binary attachments (section 2): good ones, then each way of getting them wrong.
        "binary-invoke": binary_frame({"type": "invoke", "id": 3, "channel": "echo-binary",
                                       "args": [{"$binary": 0, "byteLength": 5}, "text",
                                                {"$binary": 1, "byteLength": 3}],
                                       "buffers": [5, 3]}, b"\x00\x01\xfe\xffAxyz"),
        "binary-result": binary_frame({"type": "result", "id": 3,
                                       "value": {"$binary": 0, "byteLength": 4},
                                       "buffers": [4]}, b"\x80\x00\x00\x04"),
        "binary-send-empty-buffer": binary_frame({"type": "send", "channel": "c",
                                                  "args": [{"$binary": 0}], "buffers": [0]}, b"")
                                    + good,
        "bad-binary-no-buffers": binary_frame({"type": "send", "channel": "c"}, b"abc"),
        "bad-binary-sizes": binary_frame({"type": "send", "channel": "c", "buffers": [2, 2]}, b"abc"),
        "bad-binary-reference": binary_frame({"type": "sendSync", "id": 1, "channel": "c",
                                              "args": [{"$binary": 1}], "buffers": [3]}, b"abc"),
        "bad-binary-on-cancel": binary_frame({"type": "cancel", "id": 1, "buffers": [1]}, b"x"),
        "bad-binary-json-length": b"\x80\x00\x00\x08\x00\x00\x00\x09{}\x00\x00",
    })
    files = {}
    for index, (name, stream) in enumerate(sorted(streams.items())):
        files[f"{name}.bin"] = bytes([CONTROLS[index % len(CONTROLS)]]) + stream
    # The over-the-limit frame with the small limit, and a body of exactly 64 bytes under it.
    files["bad-small-limit.bin"] = bytes([0x10]) + frame(b'{"type":"send","channel":"' + b"c" * 37 + b'"}')
    files["small-limit-exact.bin"] = bytes([0x10]) + frame(b'{"type":"send","channel":"' + b"c" * 36 + b'"}')
    return files


def dictionary():
    words = set()

    def collect(value):
        if isinstance(value, dict):
            for key, item in value.items():
                words.add(json.dumps(key))
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, str) and len(value) < 24:
            words.add(json.dumps(value, ensure_ascii=False))

    for message in {**VALID, **REFUSED}.values():
        collect(message)
    words.update(['"$binary"', '"buffers"', '"byteLength"'])
    words.update(["true", "false", "null", "[]", "{}", "-1", "0", "1.5", "1e308", "-0",
                  "2147483647", "2147483648", "4294967296", "9223372036854775807",
                  "9223372036854775808", '"\\ud800"', '"\\u0000"'])
    lines = ["# libFuzzer dictionary for tests/fuzz (written by make-corpus.py)"]
    for word in sorted(words):
        escaped = "".join("\\" + c if c in '"\\' else c if 0x20 <= ord(c) < 0x7f else
                          "".join(f"\\x{b:02x}" for b in c.encode("utf-8")) for c in word)
        lines.append(f'"{escaped}"')
    # Frame headers: empty, small, the 64-byte and 1 MiB limits, and the largest length.
    for length in (0, 2, 64, 65, 1024 * 1024, 1024 * 1024 + 1, 0xFFFFFFFF, 0x80000000, 0x80000010):
        lines.append('"' + "".join(f"\\x{b:02x}" for b in struct.pack(">I", length)) + '"')
    return "\n".join(lines) + "\n"


def main():
    write(HERE / "corpus" / "message", message_corpus())
    write(HERE / "corpus" / "framecodec", codec_corpus())
    (HERE / "ipclab.dict").write_text(dictionary(), encoding="utf-8")


if __name__ == "__main__":
    main()
