<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>IpcRenderer</name>
    <message>
        <source>Not started by an IPC Lab main process: %1, %2 and %3 must be set</source>
        <translation>Not started by an IPC Lab main process: %1, %2 and %3 must be set</translation>
    </message>
    <message>
        <source>Cannot connect to the main process at %1: %2</source>
        <translation>Cannot connect to the main process at %1: %2</translation>
    </message>
    <message>
        <source>The main process refused this renderer: %1</source>
        <translation>The main process refused this renderer: %1</translation>
    </message>
    <message>
        <source>The main process closed the connection</source>
        <translation>The main process closed the connection</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>IPC Lab — main process</source>
        <translation>IPC Lab — main process</translation>
    </message>
    <message>
        <source>Open renderer window</source>
        <translation>Open renderer window</translation>
    </message>
    <message>
        <source>Run all patterns</source>
        <translation>Run all patterns</translation>
    </message>
    <message>
        <source>Clear log</source>
        <translation>Clear log</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>Pattern</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Payload</translation>
    </message>
    <message>
        <source>Latency (µs)</source>
        <translation>Latency (µs)</translation>
    </message>
    <message>
        <source>Renderer windows</source>
        <translation>Renderer windows</translation>
    </message>
    <message>
        <source>Message log</source>
        <translation>Message log</translation>
    </message>
    <message>
        <source>Press &quot;Run all patterns&quot; to send every message from the notes.</source>
        <translation>Press &quot;Run all patterns&quot; to send every message from the notes.</translation>
    </message>
    <message>
        <source>Running every pattern…</source>
        <translation>Running every pattern…</translation>
    </message>
    <message>
        <source>Every pattern ran as the notes describe.</source>
        <translation>Every pattern ran as the notes describe.</translation>
    </message>
    <message>
        <source>Some patterns failed: %1</source>
        <translation>Some patterns failed: %1</translation>
    </message>
    <message>
        <source>renderer %1: starting</source>
        <translation>renderer %1: starting</translation>
    </message>
    <message>
        <source>renderer %1 (pid %2): ready</source>
        <translation>renderer %1 (pid %2): ready</translation>
    </message>
    <message>
        <source>renderer %1: gone (%2, exit code %3)</source>
        <translation>renderer %1: gone (%2, exit code %3)</translation>
    </message>
</context>
<context>
    <name>RendererAgent</name>
    <message>
        <source>received %1 %2 from %3</source>
        <translation>received %1 %2 from %3</translation>
    </message>
    <message>
        <source>renderer %1</source>
        <translation>renderer %1</translation>
    </message>
    <message>
        <source>main</source>
        <translation>main</translation>
    </message>
    <message>
        <source>sendSync %1 %2: blocked until main answers</source>
        <translation>sendSync %1 %2: blocked until main answers</translation>
    </message>
    <message>
        <source>sharedObject.%1 is now %2</source>
        <translation>sharedObject.%1 is now %2</translation>
    </message>
    <message>
        <source>port message %1</source>
        <translation>port message %1</translation>
    </message>
    <message>
        <source>port closed by the other end</source>
        <translation>port closed by the other end</translation>
    </message>
    <message>
        <source>received a MessagePort</source>
        <translation>received a MessagePort</translation>
    </message>
</context>
<context>
    <name>RendererLauncher</name>
    <message>
        <source>Cannot create a private directory for the IPC socket: %1</source>
        <translation>Cannot create a private directory for the IPC socket: %1</translation>
    </message>
    <message>
        <source>Cannot listen for renderers: %1</source>
        <translation>Cannot listen for renderers: %1</translation>
    </message>
</context>
<context>
    <name>RendererWindow</name>
    <message>
        <source>IPC Lab — renderer %1 (pid %2)</source>
        <translation>IPC Lab — renderer %1 (pid %2)</translation>
    </message>
    <message>
        <source>Connecting to the main process…</source>
        <translation>Connecting to the main process…</translation>
    </message>
    <message>
        <source>Received and sent</source>
        <translation>Received and sent</translation>
    </message>
    <message>
        <source>Connected to the main process as renderer %1.</source>
        <translation>Connected to the main process as renderer %1.</translation>
    </message>
    <message>
        <source>The main process has gone.</source>
        <translation>The main process has gone.</translation>
    </message>
</context>
</TS>
