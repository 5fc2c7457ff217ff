<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ConsolePane</name>
    <message>
        <source>Console (qDebug, console.log)</source>
        <translation>Console (qDebug, console.log)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>What this process&apos;s code prints appears here.</source>
        <translation>What this process&apos;s code prints appears here.</translation>
    </message>
    <message>
        <source>warning: </source>
        <translation>warning: </translation>
    </message>
    <message>
        <source>error: </source>
        <translation>error: </translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>The payload is not valid JSON: %1 (at character %2).</source>
        <translation>The payload is not valid JSON: %1 (at character %2).</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Running…</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1: done.</translation>
    </message>
    <message>
        <source>%1: failed: %2</source>
        <translation>%1: failed: %2</translation>
    </message>
    <message>
        <source>open a window first</source>
        <translation>open a window first</translation>
    </message>
    <message>
        <source>Electron (from the notes)</source>
        <translation>Electron (from the notes)</translation>
    </message>
    <message>
        <source>IPC Lab (C++)</source>
        <translation>IPC Lab (C++)</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Payload (JSON)</source>
        <translation>Payload (JSON)</translation>
    </message>
    <message>
        <source>The arguments as a JSON array, e.g. [&quot;my_data&quot;, 42]; a single JSON value is one argument.</source>
        <translation>The arguments as a JSON array, e.g. [&quot;my_data&quot;, 42]; a single JSON value is one argument.</translation>
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
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Run the selected pattern between real processes (Ctrl+R or Ctrl+Return)</source>
        <translation>Run the selected pattern between real processes (Ctrl+R or Ctrl+Return)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>Back to the channel and payload from the notes</source>
        <translation>Back to the channel and payload from the notes</translation>
    </message>
    <message>
        <source>No pattern selected</source>
        <translation>No pattern selected</translation>
    </message>
    <message>
        <source>Pick a pattern under this heading to see its code and run it.</source>
        <translation>Pick a pattern under this heading to see its code and run it.</translation>
    </message>
    <message>
        <source>As expected: %1</source>
        <translation>As expected: %1</translation>
    </message>
</context>
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
    <name>LogExport</name>
    <message>
        <source>The log cannot be written: the file is not open for writing.</source>
        <translation>The log cannot be written: the file is not open for writing.</translation>
    </message>
    <message>
        <source>The log could not be written: %1</source>
        <translation>The log could not be written: %1</translation>
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
        <source>About IPC Lab</source>
        <translation>About IPC Lab</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;IPC Lab %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Electron&apos;s IPC patterns between a Qt main process and renderer processes: real processes, real sockets, every message in the log.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;IPC Lab %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Electron&apos;s IPC patterns between a Qt main process and renderer processes: real processes, real sockets, every message in the log.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Windows</source>
        <translation>&amp;Windows</translation>
    </message>
    <message>
        <source>Run every pattern of the notes</source>
        <translation>Run every pattern of the notes</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Pick a pattern, press Run, and watch the messages cross between processes.</source>
        <translation>Pick a pattern, press Run, and watch the messages cross between processes.</translation>
    </message>
    <message>
        <source>Closing when the tour is over…</source>
        <translation>Closing when the tour is over…</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>Getting started</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Pick&lt;/b&gt; a pattern in the catalogue on the left: its Electron code from the notes is shown beside the same thing in this project&apos;s C++.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Run&lt;/b&gt; it (Ctrl+R or Ctrl+Return) between the renderer windows you choose under From and To. The channel and payload can be edited; Reset brings back the notes&apos; ones.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Watch&lt;/b&gt; the messages in the log and the sequence diagram, ordered by when each was sent. Click a row or an arrow to see its payload.&lt;/p&gt;&lt;p&gt;Each renderer window has buttons for everything a renderer can start; hover over one to see the channel and payload it sends. New, Close and Kill open and end renderer processes: watch render-process-gone and its reason.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Pick&lt;/b&gt; a pattern in the catalogue on the left: its Electron code from the notes is shown beside the same thing in this project&apos;s C++.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Run&lt;/b&gt; it (Ctrl+R or Ctrl+Return) between the renderer windows you choose under From and To. The channel and payload can be edited; Reset brings back the notes&apos; ones.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Watch&lt;/b&gt; the messages in the log and the sequence diagram, ordered by when each was sent. Click a row or an arrow to see its payload.&lt;/p&gt;&lt;p&gt;Each renderer window has buttons for everything a renderer can start; hover over one to see the channel and payload it sends. New, Close and Kill open and end renderer processes: watch render-process-gone and its reason.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Run the selected pattern</source>
        <translation>Run the selected pattern</translation>
    </message>
    <message>
        <source>Electron&apos;s IPC tutorial (web)</source>
        <translation>Electron&apos;s IPC tutorial (web)</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>About Qt</translation>
    </message>
    <message>
        <source>%1 is gone: %2.</source>
        <translation>%1 is gone: %2.</translation>
    </message>
    <message>
        <source>Every pattern, %1 of %2: %3</source>
        <translation>Every pattern, %1 of %2: %3</translation>
    </message>
    <message>
        <source>README.md is not beside the program: see the project&apos;s sources.</source>
        <translation>README.md is not beside the program: see the project&apos;s sources.</translation>
    </message>
    <message>
        <source>README: the patterns, the library, the tests</source>
        <translation>README: the patterns, the library, the tests</translation>
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
(%2 bytes in all; export the log to see the whole payload)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>From → To</source>
        <translation>From → To</translation>
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
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Latency (µs)</source>
        <translation>Latency (µs)</translation>
    </message>
    <message>
        <source>main</source>
        <translation>main</translation>
    </message>
    <message>
        <source>renderer %1</source>
        <translation>renderer %1</translation>
    </message>
    <message>
        <source>closed cleanly</source>
        <translation>closed cleanly</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>killed</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>crashed</translation>
    </message>
    <message>
        <source>exited with code %1</source>
        <translation>exited with code %1</translation>
    </message>
    <message>
        <source>failed to start</source>
        <translation>failed to start</translation>
    </message>
</context>
<context>
    <name>MessageLogPane</name>
    <message>
        <source>Export log as JSON Lines</source>
        <translation>Export log as JSON Lines</translation>
    </message>
    <message>
        <source>Export log as CSV</source>
        <translation>Export log as CSV</translation>
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
            <numerusform>Wrote %n message to %1.</numerusform>
            <numerusform>Wrote %n messages to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Could not write %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Resume (%n held)</source>
        <translation>
            <numerusform>Resume (%n held)</numerusform>
            <numerusform>Resume (%n held)</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>All processes</source>
        <translation>All processes</translation>
    </message>
    <message>
        <source>All patterns</source>
        <translation>All patterns</translation>
    </message>
    <message>
        <source>Filter by channel, payload or pattern</source>
        <translation>Filter by channel, payload or pattern</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Export log as JSON Lines…</source>
        <translation>Export log as JSON Lines…</translation>
    </message>
    <message>
        <source>Export log as CSV…</source>
        <translation>Export log as CSV…</translation>
    </message>
    <message>
        <source>Last run only</source>
        <translation>Last run only</translation>
    </message>
    <message>
        <source>Show only the messages of the pattern run last</source>
        <translation>Show only the messages of the pattern run last</translation>
    </message>
</context>
<context>
    <name>PatternRunner</name>
    <message>
        <source>A pattern is still running.</source>
        <translation>A pattern is still running.</translation>
    </message>
    <message>
        <source>Unknown pattern &apos;%1&apos;.</source>
        <translation>Unknown pattern &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Choose a source window that is open and ready.</source>
        <translation>Choose a source window that is open and ready.</translation>
    </message>
    <message>
        <source>Choose a target window that is open and ready.</source>
        <translation>Choose a target window that is open and ready.</translation>
    </message>
    <message>
        <source>Choose two different windows.</source>
        <translation>Choose two different windows.</translation>
    </message>
    <message>
        <source>No answer within %1 s.</source>
        <translation>No answer within %1 s.</translation>
    </message>
    <message>
        <source>Sent.</source>
        <translation>Sent.</translation>
    </message>
    <message>
        <source>Answer: %1</source>
        <translation>Answer: %1</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Rejected: %1</translation>
    </message>
    <message>
        <source>Unexpected answer: %1</source>
        <translation>Unexpected answer: %1</translation>
    </message>
    <message>
        <source>Posted straight to the other window.</source>
        <translation>Posted straight to the other window.</translation>
    </message>
    <message>
        <source>Posted (through main: the direct pipe was not ready).</source>
        <translation>Posted (through main: the direct pipe was not ready).</translation>
    </message>
    <message>
        <source>The target reads: %1</source>
        <translation>The target reads: %1</translation>
    </message>
    <message>
        <source>render-process-gone: reason &apos;%1&apos;, exit code %2</source>
        <translation>render-process-gone: reason &apos;%1&apos;, exit code %2</translation>
    </message>
    <message>
        <source>Main already handles &apos;%1&apos;: choose another channel.</source>
        <translation>Main already handles &apos;%1&apos;: choose another channel.</translation>
    </message>
    <message>
        <source>The window went away.</source>
        <translation>The window went away.</translation>
    </message>
    <message>
        <source>First call: %1; second call: %2</source>
        <translation>First call: %1; second call: %2</translation>
    </message>
    <message>
        <source>Its own window: %1; the other window: %2</source>
        <translation>Its own window: %1; the other window: %2</translation>
    </message>
    <message>
        <source>Main answered on its end of the window&apos;s channel.</source>
        <translation>Main answered on its end of the window&apos;s channel.</translation>
    </message>
    <message>
        <source>Refused at the call: %1; the plain data was sent.</source>
        <translation>Refused at the call: %1; the plain data was sent.</translation>
    </message>
    <message>
        <source>The policy refused it, as it should: %1</source>
        <translation>The policy refused it, as it should: %1</translation>
    </message>
    <message>
        <source>The error arrived whole: %1, data %2</source>
        <translation>The error arrived whole: %1, data %2</translation>
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
    <message>
        <source>main invoked a slow task: answering %1 in %2 ms</source>
        <translation>main invoked a slow task: answering %1 in %2 ms</translation>
    </message>
    <message>
        <source>answered the slow task with %1 (if main still waits)</source>
        <translation>answered the slow task with %1 (if main still waits)</translation>
    </message>
    <message>
        <source>main invoked %1 %2 → answered %3</source>
        <translation>main invoked %1 %2 → answered %3</translation>
    </message>
    <message>
        <source>port post %1: not delivered, the other end closed this port</source>
        <translation>port post %1: not delivered, the other end closed this port</translation>
    </message>
    <message>
        <source>port post %1</source>
        <translation>port post %1</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <source>invoke %1 %2: waiting for main&apos;s answer</source>
        <translation>invoke %1 %2: waiting for main&apos;s answer</translation>
    </message>
    <message>
        <source>reading sharedObject.%1</source>
        <translation>reading sharedObject.%1</translation>
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
        <translation>%1 failed: %2</translation>
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
        <translation>Cannot create a private directory for the IPC socket: %1</translation>
    </message>
    <message>
        <source>Cannot listen for renderers: %1</source>
        <translation>Cannot listen for renderers: %1</translation>
    </message>
</context>
<context>
    <name>RendererListPane</name>
    <message>
        <source>ready</source>
        <translation>ready</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>starting</translation>
    </message>
    <message>
        <source>Renderer windows</source>
        <translation>Renderer windows</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Open a new renderer window (a new process)</source>
        <translation>Open a new renderer window (a new process)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Close the selected window: its process exits cleanly</source>
        <translation>Close the selected window: its process exits cleanly</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>Kill</translation>
    </message>
    <message>
        <source>Kill the selected window&apos;s process (SIGKILL): watch render-process-gone</source>
        <translation>Kill the selected window&apos;s process (SIGKILL): watch render-process-gone</translation>
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
    <message>
        <source>To the main process</source>
        <translation>To the main process</translation>
    </message>
    <message>
        <source>To another window</source>
        <translation>To another window</translation>
    </message>
    <message>
        <source>Shared object (sharedObject.someProperty)</source>
        <translation>Shared object (sharedObject.someProperty)</translation>
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
        <translation>Post on MessagePort</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Read</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Write</translation>
    </message>
    <message>
        <source>no other window</source>
        <translation>no other window</translation>
    </message>
    <message>
        <source>This window has no MessagePort yet: run the MessagePort pattern in the main window.</source>
        <translation>This window has no MessagePort yet: run the MessagePort pattern in the main window.</translation>
    </message>
    <message>
        <source>Blocked in sendSync(&apos;%1&apos;) until main answers: this window cannot respond.</source>
        <translation>Blocked in sendSync(&apos;%1&apos;) until main answers: this window cannot respond.</translation>
    </message>
    <message>
        <source>Sends &quot;my_data&quot; to main on channel &quot;my_channel&quot;; no answer.</source>
        <translation>Sends &quot;my_data&quot; to main on channel &quot;my_channel&quot;; no answer.</translation>
    </message>
    <message>
        <source>Asks main on channel &quot;my_channel&quot; with &quot;my_data&quot; and waits for its answer.</source>
        <translation>Asks main on channel &quot;my_channel&quot; with &quot;my_data&quot; and waits for its answer.</translation>
    </message>
    <message>
        <source>Sends &quot;ping&quot; on channel &quot;synchronous-message&quot;; this window blocks until main answers.</source>
        <translation>Sends &quot;ping&quot; on channel &quot;synchronous-message&quot;; this window blocks until main answers.</translation>
    </message>
    <message>
        <source>Sends &quot;ping&quot; on channel &quot;asynchronous-message&quot;; main replies &quot;pong&quot; on &quot;asynchronous-reply&quot;.</source>
        <translation>Sends &quot;ping&quot; on channel &quot;asynchronous-message&quot;; main replies &quot;pong&quot; on &quot;asynchronous-reply&quot;.</translation>
    </message>
    <message>
        <source>Sends &quot;someThing&quot; on channel &quot;ping&quot; to the window chosen beside it, through main.</source>
        <translation>Sends &quot;someThing&quot; on channel &quot;ping&quot; to the window chosen beside it, through main.</translation>
    </message>
    <message>
        <source>Reads sharedObject.someProperty from main (a sendSync on &quot;ipclab:global-get:sharedObject&quot;).</source>
        <translation>Reads sharedObject.someProperty from main (a sendSync on &quot;ipclab:global-get:sharedObject&quot;).</translation>
    </message>
    <message>
        <source>Writes the text beside it to sharedObject.someProperty in main; every window is told.</source>
        <translation>Writes the text beside it to sharedObject.someProperty in main; every window is told.</translation>
    </message>
    <message>
        <source>The other end closed this MessagePort: run the MessagePort pattern again for a new one.</source>
        <translation>The other end closed this MessagePort: run the MessagePort pattern again for a new one.</translation>
    </message>
    <message>
        <source>Console (%1 new)</source>
        <translation>Console (%1 new)</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Console</translation>
    </message>
</context>
<context>
    <name>RunTracePane</name>
    <message>
        <source>any renderer</source>
        <translation>any renderer</translation>
    </message>
    <message>
        <source>Run a pattern: each arrow it should draw is checked here.</source>
        <translation>Run a pattern: each arrow it should draw is checked here.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) in this run.</source>
        <translation>
            <numerusform>%n message in this run.</numerusform>
            <numerusform>%n messages in this run.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 expected arrows seen; %n message(s) in this run.</source>
        <translation>
            <numerusform>%1 of %2 expected arrows seen; %n message in this run.</numerusform>
            <numerusform>%1 of %2 expected arrows seen; %n messages in this run.</numerusform>
        </translation>
    </message>
    <message>
        <source>Replay over: Step or Replay shows it again.</source>
        <translation>Replay over: Step or Replay shows it again.</translation>
    </message>
    <message>
        <source>Not one of the arrows this pattern expects.</source>
        <translation>Not one of the arrows this pattern expects.</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>blocked</translation>
    </message>
    <message>
        <source>gave up</source>
        <translation>gave up</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>hands over a port</source>
        <translation>hands over a port</translation>
    </message>
    <message>
        <source>direct</source>
        <translation>direct</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Replay</translation>
    </message>
    <message>
        <source>This run, arrow by arrow</source>
        <translation>This run, arrow by arrow</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Delay</source>
        <translation>Delay</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>How long each message stays on screen during a replay</source>
        <translation>How long each message stays on screen during a replay</translation>
    </message>
    <message>
        <source>Replay the run&apos;s messages in slow motion, one every so many milliseconds (F9)</source>
        <translation>Replay the run&apos;s messages in slow motion, one every so many milliseconds (F9)</translation>
    </message>
    <message>
        <source>Show the run&apos;s next message: its arrow in the diagram, its line in both snippets (F10)</source>
        <translation>Show the run&apos;s next message: its arrow in the diagram, its line in both snippets (F10)</translation>
    </message>
    <message>
        <source>%1 → %2, %3 &apos;%4&apos;.</source>
        <translation>%1 → %2, %3 &apos;%4&apos;.</translation>
    </message>
    <message>
        <source>%1/%2: %3</source>
        <translation>%1/%2: %3</translation>
    </message>
</context>
<context>
    <name>SequenceDiagram</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
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
        <translation>%1 gone: %2</translation>
    </message>
</context>
</TS>
