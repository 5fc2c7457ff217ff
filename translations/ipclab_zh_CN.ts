<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>IpcRenderer</name>
    <message>
        <source>Not started by an IPC Lab main process: %1, %2 and %3 must be set</source>
        <translation>不是由 IPC Lab 主进程启动的：必须设置 %1、%2 和 %3</translation>
    </message>
    <message>
        <source>Cannot connect to the main process at %1: %2</source>
        <translation>无法连接到位于 %1 的主进程：%2</translation>
    </message>
    <message>
        <source>The main process refused this renderer: %1</source>
        <translation>主进程拒绝了这个渲染进程：%1</translation>
    </message>
    <message>
        <source>The main process closed the connection</source>
        <translation>主进程关闭了连接</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>IPC Lab — main process</source>
        <translation>IPC 实验室 — 主进程</translation>
    </message>
    <message>
        <source>Open renderer window</source>
        <translation>打开渲染进程窗口</translation>
    </message>
    <message>
        <source>Run all patterns</source>
        <translation>运行全部模式</translation>
    </message>
    <message>
        <source>Clear log</source>
        <translation>清空日志</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>To</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Latency (µs)</source>
        <translation>延迟（微秒）</translation>
    </message>
    <message>
        <source>Renderer windows</source>
        <translation>渲染进程窗口</translation>
    </message>
    <message>
        <source>Message log</source>
        <translation>消息日志</translation>
    </message>
    <message>
        <source>Press &quot;Run all patterns&quot; to send every message from the notes.</source>
        <translation>点击“运行全部模式”，发送笔记中的每一条消息。</translation>
    </message>
    <message>
        <source>Running every pattern…</source>
        <translation>正在运行全部模式…</translation>
    </message>
    <message>
        <source>Every pattern ran as the notes describe.</source>
        <translation>全部模式均按笔记所述运行。</translation>
    </message>
    <message>
        <source>Some patterns failed: %1</source>
        <translation>部分模式失败：%1</translation>
    </message>
    <message>
        <source>renderer %1: starting</source>
        <translation>渲染进程 %1：正在启动</translation>
    </message>
    <message>
        <source>renderer %1 (pid %2): ready</source>
        <translation>渲染进程 %1（pid %2）：就绪</translation>
    </message>
    <message>
        <source>renderer %1: gone (%2, exit code %3)</source>
        <translation>渲染进程 %1：已退出（%2，退出码 %3）</translation>
    </message>
</context>
<context>
    <name>RendererAgent</name>
    <message>
        <source>received %1 %2 from %3</source>
        <translation>收到来自%3的 %1 %2</translation>
    </message>
    <message>
        <source>renderer %1</source>
        <translation>渲染进程 %1</translation>
    </message>
    <message>
        <source>main</source>
        <translation>主进程</translation>
    </message>
    <message>
        <source>sendSync %1 %2: blocked until main answers</source>
        <translation>sendSync %1 %2：阻塞中，等待主进程回复</translation>
    </message>
    <message>
        <source>sharedObject.%1 is now %2</source>
        <translation>sharedObject.%1 现在是 %2</translation>
    </message>
    <message>
        <source>port message %1</source>
        <translation>端口消息 %1</translation>
    </message>
    <message>
        <source>port closed by the other end</source>
        <translation>端口已被另一端关闭</translation>
    </message>
    <message>
        <source>received a MessagePort</source>
        <translation>收到一个 MessagePort</translation>
    </message>
</context>
<context>
    <name>RendererLauncher</name>
    <message>
        <source>Cannot create a private directory for the IPC socket: %1</source>
        <translation>无法为 IPC 套接字创建私有目录：%1</translation>
    </message>
    <message>
        <source>Cannot listen for renderers: %1</source>
        <translation>无法监听渲染进程连接：%1</translation>
    </message>
</context>
<context>
    <name>RendererWindow</name>
    <message>
        <source>IPC Lab — renderer %1 (pid %2)</source>
        <translation>IPC 实验室 — 渲染进程 %1（pid %2）</translation>
    </message>
    <message>
        <source>Connecting to the main process…</source>
        <translation>正在连接主进程…</translation>
    </message>
    <message>
        <source>Received and sent</source>
        <translation>收发记录</translation>
    </message>
    <message>
        <source>Connected to the main process as renderer %1.</source>
        <translation>已作为渲染进程 %1 连接到主进程。</translation>
    </message>
    <message>
        <source>The main process has gone.</source>
        <translation>主进程已退出。</translation>
    </message>
</context>
</TS>
