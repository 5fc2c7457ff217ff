<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>IpcRenderer</name>
    <message>
        <location filename="../renderer/ipcrenderer.cpp" line="36"/>
        <source>Not started by an IPC Lab main process: %1, %2 and %3 must be set</source>
        <translation>Not started by an IPC Lab main process: %1, %2 and %3 must be set</translation>
    </message>
    <message>
        <location filename="../renderer/ipcrenderer.cpp" line="50"/>
        <source>Cannot connect to the main process at %1: %2</source>
        <translation>Cannot connect to the main process at %1: %2</translation>
    </message>
    <message>
        <location filename="../renderer/ipcrenderer.cpp" line="246"/>
        <source>The main process refused this renderer: %1</source>
        <translation>The main process refused this renderer: %1</translation>
    </message>
    <message>
        <location filename="../renderer/ipcrenderer.cpp" line="311"/>
        <source>The main process closed the connection</source>
        <translation>The main process closed the connection</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="22"/>
        <source>IPC Lab — main process</source>
        <translation>IPC Lab — main process</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="25"/>
        <source>Open renderer window</source>
        <translation>Open renderer window</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="26"/>
        <source>Run all patterns</source>
        <translation>Run all patterns</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="27"/>
        <source>Clear log</source>
        <translation>Clear log</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="35"/>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="35"/>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="35"/>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="35"/>
        <source>Pattern</source>
        <translation>Pattern</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="35"/>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="36"/>
        <source>Payload</source>
        <translation>Payload</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="36"/>
        <source>Latency (µs)</source>
        <translation>Latency (µs)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="49"/>
        <source>Renderer windows</source>
        <translation>Renderer windows</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="55"/>
        <source>Message log</source>
        <translation>Message log</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="68"/>
        <source>Press &quot;Run all patterns&quot; to send every message from the notes.</source>
        <translation>Press &quot;Run all patterns&quot; to send every message from the notes.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="100"/>
        <source>Running every pattern…</source>
        <translation>Running every pattern…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="102"/>
        <source>Every pattern ran as the notes describe.</source>
        <translation>Every pattern ran as the notes describe.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="103"/>
        <source>Some patterns failed: %1</source>
        <translation>Some patterns failed: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="109"/>
        <source>renderer %1: starting</source>
        <translation>renderer %1: starting</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="111"/>
        <source>renderer %1 (pid %2): ready</source>
        <translation>renderer %1 (pid %2): ready</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="115"/>
        <source>renderer %1: gone (%2, exit code %3)</source>
        <translation>renderer %1: gone (%2, exit code %3)</translation>
    </message>
</context>
<context>
    <name>RendererAgent</name>
    <message>
        <location filename="../renderer/rendereragent.cpp" line="48"/>
        <source>received %1 %2 from %3</source>
        <translation>received %1 %2 from %3</translation>
    </message>
    <message>
        <location filename="../renderer/rendereragent.cpp" line="50"/>
        <source>renderer %1</source>
        <translation>renderer %1</translation>
    </message>
    <message>
        <location filename="../renderer/rendereragent.cpp" line="51"/>
        <source>main</source>
        <translation>main</translation>
    </message>
    <message>
        <location filename="../renderer/rendereragent.cpp" line="125"/>
        <source>sendSync %1 %2: blocked until main answers</source>
        <translation>sendSync %1 %2: blocked until main answers</translation>
    </message>
</context>
<context>
    <name>RendererLauncher</name>
    <message>
        <location filename="../main/rendererlauncher.cpp" line="63"/>
        <source>Cannot create a private directory for the IPC socket: %1</source>
        <translation>Cannot create a private directory for the IPC socket: %1</translation>
    </message>
    <message>
        <location filename="../main/rendererlauncher.cpp" line="70"/>
        <source>Cannot listen for renderers: %1</source>
        <translation>Cannot listen for renderers: %1</translation>
    </message>
</context>
<context>
    <name>RendererWindow</name>
    <message>
        <location filename="../ui/rendererwindow.cpp" line="16"/>
        <source>IPC Lab — renderer %1 (pid %2)</source>
        <translation>IPC Lab — renderer %1 (pid %2)</translation>
    </message>
    <message>
        <location filename="../ui/rendererwindow.cpp" line="18"/>
        <source>Connecting to the main process…</source>
        <translation>Connecting to the main process…</translation>
    </message>
    <message>
        <location filename="../ui/rendererwindow.cpp" line="23"/>
        <source>Received and sent</source>
        <translation>Received and sent</translation>
    </message>
    <message>
        <location filename="../ui/rendererwindow.cpp" line="30"/>
        <source>Connected to the main process as renderer %1.</source>
        <translation>Connected to the main process as renderer %1.</translation>
    </message>
    <message>
        <location filename="../ui/rendererwindow.cpp" line="33"/>
        <source>The main process has gone.</source>
        <translation>The main process has gone.</translation>
    </message>
</context>
</TS>
