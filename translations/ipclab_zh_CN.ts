<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConsolePane</name>
    <message>
        <source>Console (qDebug, console.log)</source>
        <translation>控制台（qDebug，即 console.log）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>What this process&apos;s code prints appears here.</source>
        <translation>此进程的代码打印的内容显示在这里。</translation>
    </message>
    <message>
        <source>warning: </source>
        <translation>警告：</translation>
    </message>
    <message>
        <source>error: </source>
        <translation>错误：</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>The payload is not valid JSON: %1 (at character %2).</source>
        <translation>载荷不是有效的 JSON：%1（第 %2 个字符处）。</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1：完成。</translation>
    </message>
    <message>
        <source>%1: failed: %2</source>
        <translation>%1：失败：%2</translation>
    </message>
    <message>
        <source>open a window first</source>
        <translation>请先打开一个窗口</translation>
    </message>
    <message>
        <source>Electron (from the notes)</source>
        <translation>Electron（来自笔记）</translation>
    </message>
    <message>
        <source>IPC Lab (C++)</source>
        <translation>IPC 实验室（C++）</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Payload (JSON)</source>
        <translation>载荷（JSON）</translation>
    </message>
    <message>
        <source>The arguments as a JSON array, e.g. [&quot;my_data&quot;, 42]; a single JSON value is one argument.</source>
        <translation>参数写成 JSON 数组，例如 [&quot;my_data&quot;, 42]；单个 JSON 值即一个参数。</translation>
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
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run the selected pattern between real processes (Ctrl+R or Ctrl+Return)</source>
        <translation>在真实进程之间运行所选模式（Ctrl+R 或 Ctrl+Return）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Back to the channel and payload from the notes</source>
        <translation>恢复笔记中的通道和载荷</translation>
    </message>
    <message>
        <source>No pattern selected</source>
        <translation>未选择模式</translation>
    </message>
    <message>
        <source>Pick a pattern under this heading to see its code and run it.</source>
        <translation>在此标题下选一个模式，查看它的代码并运行。</translation>
    </message>
    <message>
        <source>As expected: %1</source>
        <translation>符合预期：%1</translation>
    </message>
</context>
<context>
    <name>IpcRenderer</name>
    <message>
        <source>Not started by an IPC Lab main process: %1, %2 and %3 must be set</source>
        <translation>不是由 IPC 实验室主进程启动的：必须设置 %1、%2 和 %3</translation>
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
    <name>LogExport</name>
    <message>
        <source>The log cannot be written: the file is not open for writing.</source>
        <translation>无法写入日志：文件未以写入方式打开。</translation>
    </message>
    <message>
        <source>The log could not be written: %1</source>
        <translation>日志写入失败：%1</translation>
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
        <source>Running every pattern…</source>
        <translation>正在逐个运行所有模式…</translation>
    </message>
    <message>
        <source>Every pattern ran as the notes describe.</source>
        <translation>所有模式均按笔记所述运行。</translation>
    </message>
    <message>
        <source>Some patterns failed: %1</source>
        <translation>部分模式失败：%1</translation>
    </message>
    <message>
        <source>About IPC Lab</source>
        <translation>关于 IPC 实验室</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;IPC Lab %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Electron&apos;s IPC patterns between a Qt main process and renderer processes: real processes, real sockets, every message in the log.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;IPC 实验室 %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;在 Qt 主进程与渲染进程之间演示 Electron 的 IPC 模式：真实的进程、真实的套接字，每条消息都记录在日志中。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Windows</source>
        <translation>窗口(&amp;W)</translation>
    </message>
    <message>
        <source>Run every pattern of the notes</source>
        <translation>运行笔记中的所有模式</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Pick a pattern, press Run, and watch the messages cross between processes.</source>
        <translation>选择一个模式，点击“运行”，观察消息在进程之间往来。</translation>
    </message>
    <message>
        <source>Closing when the tour is over…</source>
        <translation>所有模式运行完毕后关闭…</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>入门</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Pick&lt;/b&gt; a pattern in the catalogue on the left: its Electron code from the notes is shown beside the same thing in this project&apos;s C++.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Run&lt;/b&gt; it (Ctrl+R or Ctrl+Return) between the renderer windows you choose under From and To. The channel and payload can be edited; Reset brings back the notes&apos; ones.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Watch&lt;/b&gt; the messages in the log and the sequence diagram, ordered by when each was sent. Click a row or an arrow to see its payload.&lt;/p&gt;&lt;p&gt;Each renderer window has buttons for everything a renderer can start; hover over one to see the channel and payload it sends. New, Close and Kill open and end renderer processes: watch render-process-gone and its reason.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;选择&lt;/b&gt;左侧目录中的一个模式：笔记中的 Electron 代码与本项目中等价的 C++ 代码并排显示。&lt;/p&gt;&lt;p&gt;在“来源”和“目标”中选好渲染进程窗口后&lt;b&gt;运行&lt;/b&gt;它（Ctrl+R 或 Ctrl+Return）。通道和载荷可以编辑；“还原”恢复笔记中的值。&lt;/p&gt;&lt;p&gt;在日志和时序图中&lt;b&gt;观察&lt;/b&gt;消息，按发送时间排列。点击一行或一个箭头可查看其载荷。&lt;/p&gt;&lt;p&gt;每个渲染进程窗口都有按钮，可发起渲染进程能做的一切；把鼠标停在按钮上可看到它发送的通道和载荷。“新建”“关闭”“终止”用来打开和结束渲染进程：观察 render-process-gone 及其原因。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Run the selected pattern</source>
        <translation>运行所选模式</translation>
    </message>
    <message>
        <source>Electron&apos;s IPC tutorial (web)</source>
        <translation>Electron 的 IPC 教程（网页）</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>关于 Qt</translation>
    </message>
    <message>
        <source>%1 is gone: %2.</source>
        <translation>%1 已退出：%2。</translation>
    </message>
    <message>
        <source>Every pattern, %1 of %2: %3</source>
        <translation>所有模式，第 %1 个（共 %2 个）：%3</translation>
    </message>
    <message>
        <source>README.md is not beside the program: see the project&apos;s sources.</source>
        <translation>程序旁没有 README.md：请查看项目源码。</translation>
    </message>
    <message>
        <source>README: the patterns, the library, the tests</source>
        <translation>README：模式、库与测试</translation>
    </message>
</context>
<context>
    <name>MessageLogModel</name>
    <message>
        <source>%1 → %2</source>
        <comment>message log: sender → receiver</comment>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1
(%2 bytes in all; export the log to see the whole payload)</source>
        <translation>%1
（共 %2 字节；导出日志可查看完整载荷）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>From → To</source>
        <translation>来源 → 目标</translation>
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
        <translation>载荷</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Latency (µs)</source>
        <translation>延迟（微秒）</translation>
    </message>
    <message>
        <source>main</source>
        <translation>主进程</translation>
    </message>
    <message>
        <source>renderer %1</source>
        <translation>渲染进程 %1</translation>
    </message>
    <message>
        <source>closed cleanly</source>
        <translation>正常关闭</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>被终止</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>崩溃</translation>
    </message>
    <message>
        <source>exited with code %1</source>
        <translation>以退出码 %1 退出</translation>
    </message>
    <message>
        <source>failed to start</source>
        <translation>启动失败</translation>
    </message>
</context>
<context>
    <name>MessageLogPane</name>
    <message>
        <source>Export log as JSON Lines</source>
        <translation>将日志导出为 JSON Lines</translation>
    </message>
    <message>
        <source>Export log as CSV</source>
        <translation>将日志导出为 CSV</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n message(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 条消息写入 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Resume (%n held)</source>
        <translation>
            <numerusform>继续（暂存 %n 条）</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>All processes</source>
        <translation>所有进程</translation>
    </message>
    <message>
        <source>All patterns</source>
        <translation>所有模式</translation>
    </message>
    <message>
        <source>Filter by channel, payload or pattern</source>
        <translation>按通道、载荷或模式筛选</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export log as JSON Lines…</source>
        <translation>将日志导出为 JSON Lines…</translation>
    </message>
    <message>
        <source>Export log as CSV…</source>
        <translation>将日志导出为 CSV…</translation>
    </message>
    <message>
        <source>Last run only</source>
        <translation>仅最近一次运行</translation>
    </message>
    <message>
        <source>Show only the messages of the pattern run last</source>
        <translation>只显示最近一次运行的模式所产生的消息</translation>
    </message>
</context>
<context>
    <name>PatternRunner</name>
    <message>
        <source>A pattern is still running.</source>
        <translation>还有一个模式正在运行。</translation>
    </message>
    <message>
        <source>Unknown pattern &apos;%1&apos;.</source>
        <translation>未知的模式“%1”。</translation>
    </message>
    <message>
        <source>Choose a source window that is open and ready.</source>
        <translation>请选择一个已打开并就绪的来源窗口。</translation>
    </message>
    <message>
        <source>Choose a target window that is open and ready.</source>
        <translation>请选择一个已打开并就绪的目标窗口。</translation>
    </message>
    <message>
        <source>Choose two different windows.</source>
        <translation>请选择两个不同的窗口。</translation>
    </message>
    <message>
        <source>No answer within %1 s.</source>
        <translation>%1 秒内没有回应。</translation>
    </message>
    <message>
        <source>Sent.</source>
        <translation>已发送。</translation>
    </message>
    <message>
        <source>Answer: %1</source>
        <translation>回应：%1</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>被拒绝：%1</translation>
    </message>
    <message>
        <source>Unexpected answer: %1</source>
        <translation>意外的回应：%1</translation>
    </message>
    <message>
        <source>Posted straight to the other window.</source>
        <translation>已直接发送到另一个窗口。</translation>
    </message>
    <message>
        <source>Posted (through main: the direct pipe was not ready).</source>
        <translation>已发送（经由主进程：直连管道尚未就绪）。</translation>
    </message>
    <message>
        <source>The target reads: %1</source>
        <translation>目标窗口读到：%1</translation>
    </message>
    <message>
        <source>render-process-gone: reason &apos;%1&apos;, exit code %2</source>
        <translation>render-process-gone：原因“%1”，退出码 %2</translation>
    </message>
    <message>
        <source>Main already handles &apos;%1&apos;: choose another channel.</source>
        <translation>主进程已经处理 &apos;%1&apos;：请换一个通道。</translation>
    </message>
    <message>
        <source>The window went away.</source>
        <translation>窗口已经关闭。</translation>
    </message>
    <message>
        <source>First call: %1; second call: %2</source>
        <translation>第一次调用：%1；第二次调用：%2</translation>
    </message>
    <message>
        <source>Its own window: %1; the other window: %2</source>
        <translation>它自己的窗口：%1；另一个窗口：%2</translation>
    </message>
    <message>
        <source>Main answered on its end of the window&apos;s channel.</source>
        <translation>主进程在窗口通道的它那一端作出了回复。</translation>
    </message>
    <message>
        <source>Refused at the call: %1; the plain data was sent.</source>
        <translation>在调用处即被拒绝：%1；随后普通数据已发送。</translation>
    </message>
    <message>
        <source>The policy refused it, as it should: %1</source>
        <translation>策略按预期拒绝了它：%1</translation>
    </message>
    <message>
        <source>The error arrived whole: %1, data %2</source>
        <translation>错误完整送达：%1，数据 %2</translation>
    </message>
</context>
<context>
    <name>RendererAgent</name>
    <message>
        <source>received %1 %2 from %3</source>
        <translation>收到来自 %3 的 %1 %2</translation>
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
    <message>
        <source>main invoked a slow task: answering %1 in %2 ms</source>
        <translation>主进程调用了一个慢任务：%2 毫秒后回复 %1</translation>
    </message>
    <message>
        <source>answered the slow task with %1 (if main still waits)</source>
        <translation>已用 %1 回复慢任务（若主进程仍在等待）</translation>
    </message>
    <message>
        <source>main invoked %1 %2 → answered %3</source>
        <translation>主进程调用 %1 %2 → 已回复 %3</translation>
    </message>
    <message>
        <source>port post %1: not delivered, the other end closed this port</source>
        <translation>端口发送 %1：未送达，另一端已关闭此端口</translation>
    </message>
    <message>
        <source>port post %1</source>
        <translation>端口发送 %1</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <source>invoke %1 %2: waiting for main&apos;s answer</source>
        <translation>invoke %1 %2：等待主进程回复</translation>
    </message>
    <message>
        <source>reading sharedObject.%1</source>
        <translation>读取 sharedObject.%1</translation>
    </message>
    <message>
        <source>sharedObject.%1 = %2</source>
        <translation>sharedObject.%1 = %2</translation>
    </message>
    <message>
        <source>flood %1</source>
        <translation>flood %1</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
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
    <name>RendererListPane</name>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>Renderer windows</source>
        <translation>渲染进程窗口</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Open a new renderer window (a new process)</source>
        <translation>打开一个新的渲染进程窗口（一个新进程）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close the selected window: its process exits cleanly</source>
        <translation>关闭选中的窗口：其进程正常退出</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>强制结束</translation>
    </message>
    <message>
        <source>Kill the selected window&apos;s process (SIGKILL): watch render-process-gone</source>
        <translation>强制结束选中窗口的进程（SIGKILL）：观察 render-process-gone</translation>
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
    <message>
        <source>To the main process</source>
        <translation>发往主进程</translation>
    </message>
    <message>
        <source>To another window</source>
        <translation>发往其他窗口</translation>
    </message>
    <message>
        <source>Shared object (sharedObject.someProperty)</source>
        <translation>共享对象（sharedObject.someProperty）</translation>
    </message>
    <message>
        <source>send</source>
        <translation>send</translation>
    </message>
    <message>
        <source>invoke</source>
        <translation>invoke</translation>
    </message>
    <message>
        <source>sendSync</source>
        <translation>sendSync</translation>
    </message>
    <message>
        <source>send + reply</source>
        <translation>send + reply</translation>
    </message>
    <message>
        <source>sendTo</source>
        <translation>sendTo</translation>
    </message>
    <message>
        <source>Post on MessagePort</source>
        <translation>通过 MessagePort 发送</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>no other window</source>
        <translation>没有其他窗口</translation>
    </message>
    <message>
        <source>This window has no MessagePort yet: run the MessagePort pattern in the main window.</source>
        <translation>这个窗口还没有 MessagePort：请在主窗口中运行 MessagePort 模式。</translation>
    </message>
    <message>
        <source>Blocked in sendSync(&apos;%1&apos;) until main answers: this window cannot respond.</source>
        <translation>sendSync(&apos;%1&apos;) 阻塞中，等待主进程回复：此窗口暂时无法响应。</translation>
    </message>
    <message>
        <source>Sends &quot;my_data&quot; to main on channel &quot;my_channel&quot;; no answer.</source>
        <translation>在通道 &quot;my_channel&quot; 上向主进程发送 &quot;my_data&quot;；没有回答。</translation>
    </message>
    <message>
        <source>Asks main on channel &quot;my_channel&quot; with &quot;my_data&quot; and waits for its answer.</source>
        <translation>在通道 &quot;my_channel&quot; 上带着 &quot;my_data&quot; 询问主进程，并等待回答。</translation>
    </message>
    <message>
        <source>Sends &quot;ping&quot; on channel &quot;synchronous-message&quot;; this window blocks until main answers.</source>
        <translation>在通道 &quot;synchronous-message&quot; 上发送 &quot;ping&quot;；本窗口阻塞，直到主进程回答。</translation>
    </message>
    <message>
        <source>Sends &quot;ping&quot; on channel &quot;asynchronous-message&quot;; main replies &quot;pong&quot; on &quot;asynchronous-reply&quot;.</source>
        <translation>在通道 &quot;asynchronous-message&quot; 上发送 &quot;ping&quot;；主进程在 &quot;asynchronous-reply&quot; 上回复 &quot;pong&quot;。</translation>
    </message>
    <message>
        <source>Sends &quot;someThing&quot; on channel &quot;ping&quot; to the window chosen beside it, through main.</source>
        <translation>经主进程，在通道 &quot;ping&quot; 上向旁边选中的窗口发送 &quot;someThing&quot;。</translation>
    </message>
    <message>
        <source>Reads sharedObject.someProperty from main (a sendSync on &quot;ipclab:global-get:sharedObject&quot;).</source>
        <translation>从主进程读取 sharedObject.someProperty（在 &quot;ipclab:global-get:sharedObject&quot; 上的一次 sendSync）。</translation>
    </message>
    <message>
        <source>Writes the text beside it to sharedObject.someProperty in main; every window is told.</source>
        <translation>把旁边的文字写入主进程的 sharedObject.someProperty；每个窗口都会收到通知。</translation>
    </message>
    <message>
        <source>The other end closed this MessagePort: run the MessagePort pattern again for a new one.</source>
        <translation>另一端已关闭这个 MessagePort：请再次运行 MessagePort 模式以获得新的端口。</translation>
    </message>
    <message>
        <source>Console (%1 new)</source>
        <translation>控制台（%1 条新）</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
</context>
<context>
    <name>RunTracePane</name>
    <message>
        <source>any renderer</source>
        <translation>任一渲染进程</translation>
    </message>
    <message>
        <source>Run a pattern: each arrow it should draw is checked here.</source>
        <translation>运行一个模式：它应画出的每条箭头都在这里核对。</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) in this run.</source>
        <translation>
            <numerusform>本次运行共 %n 条消息。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 expected arrows seen; %n message(s) in this run.</source>
        <translation>
            <numerusform>预期的 %2 条箭头已出现 %1 条；本次运行共 %n 条消息。</numerusform>
        </translation>
    </message>
    <message>
        <source>Replay over: Step or Replay shows it again.</source>
        <translation>回放结束：按“单步”或“回放”可再看一遍。</translation>
    </message>
    <message>
        <source>Not one of the arrows this pattern expects.</source>
        <translation>不在本模式预期的箭头之中。</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>已阻塞</translation>
    </message>
    <message>
        <source>gave up</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>hands over a port</source>
        <translation>移交端口</translation>
    </message>
    <message>
        <source>direct</source>
        <translation>直连</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>This run, arrow by arrow</source>
        <translation>本次运行，逐条箭头</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Delay</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>How long each message stays on screen during a replay</source>
        <translation>回放时每条消息在屏幕上停留多久</translation>
    </message>
    <message>
        <source>Replay the run&apos;s messages in slow motion, one every so many milliseconds (F9)</source>
        <translation>慢速回放本次运行的消息，每隔设定的毫秒数显示一条（F9）</translation>
    </message>
    <message>
        <source>Show the run&apos;s next message: its arrow in the diagram, its line in both snippets (F10)</source>
        <translation>显示本次运行的下一条消息：时序图中的箭头，以及两段代码中对应的行（F10）</translation>
    </message>
    <message>
        <source>%1 → %2, %3 &apos;%4&apos;.</source>
        <translation>%1 → %2，%3 &apos;%4&apos;。</translation>
    </message>
    <message>
        <source>%1/%2: %3</source>
        <translation>%1/%2：%3</translation>
    </message>
</context>
<context>
    <name>SequenceDiagram</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>%1 %2
%3 → %4
%5</source>
        <translation>%1 %2
%3 → %4
%5</translation>
    </message>
    <message>
        <source>%1 gone: %2</source>
        <comment>diagram: renderer 2 gone: killed</comment>
        <translation>%1 已退出：%2</translation>
    </message>
</context>
</TS>
