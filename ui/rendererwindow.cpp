#include "rendererwindow.h"

#include "agentsteps.h"
#include "consolepane.h"
#include "ipcrenderer.h"
#include "messagelogmodel.h"
#include "messageport.h"
#include "rendereragent.h"
#include "translations.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTextCursor>
#include <QTime>
#include <QVBoxLayout>

using AgentSteps::step;

RendererWindow::RendererWindow(IpcRenderer *ipcRenderer, RendererAgent *agent, QWidget *parent)
    : QWidget(parent), m_ipc(ipcRenderer), m_agent(agent)
{
    Translations::initResources();
    setWindowIcon(QIcon(QStringLiteral(":/icons/ipclab.svg")));
    m_state = new QLabel;
    m_state->setObjectName(QStringLiteral("state"));
    m_blocked = new QLabel;
    m_blocked->setObjectName(QStringLiteral("blocked"));
    m_blocked->setStyleSheet(QStringLiteral("QLabel { background: #ffe08a; color: #3a2a00; padding: 4px; border-radius: 3px; }"));
    m_blocked->setWordWrap(true); // a long channel name must not widen the window for good
    m_blocked->hide();

    // Buttons are found by name in tests; none is a default button (Return belongs to the fields).
    auto button = [](const char *name) {
        auto *b = new QPushButton;
        b->setObjectName(QLatin1String(name));
        b->setAutoDefault(false);
        return b;
    };
    m_send = button("send");
    m_invoke = button("invoke");
    m_sendSync = button("sendSync");
    m_sendReply = button("sendReply");
    m_sendTo = button("sendTo");
    m_sendToTarget = new QComboBox;
    m_portPost = button("portPost");
    m_portMessage = new QLineEdit(QStringLiteral("ping"));
    m_globalGet = button("globalGet");
    m_globalSet = button("globalSet");
    m_globalValue = new QLineEdit(QStringLiteral("new value"));

    // Each box is a grid of (widget, row, column).
    auto box = [](std::initializer_list<std::tuple<QWidget *, int, int>> cells) {
        auto *group = new QGroupBox;
        auto *grid = new QGridLayout(group);
        grid->setContentsMargins(6, 2, 6, 4); // compact: two windows fit one above the other at 768 px
        grid->setVerticalSpacing(3);
        for (const auto &[widget, row, column] : cells)
            grid->addWidget(widget, row, column);
        return group;
    };
    m_mainBox = box({{m_send, 0, 0}, {m_invoke, 0, 1}, {m_sendSync, 1, 0}, {m_sendReply, 1, 1}});
    m_windowsBox = box({{m_sendTo, 0, 0}, {m_sendToTarget, 0, 1}, {m_portPost, 1, 0}, {m_portMessage, 1, 1}});
    m_sharedBox = box({{m_globalGet, 0, 0}, {m_globalSet, 0, 1}, {m_globalValue, 0, 2}});

    m_log = new QPlainTextEdit;
    m_log->setObjectName(QStringLiteral("log"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap); // long lines must not stall the window
    m_log->setMinimumHeight(m_log->fontMetrics().lineSpacing() * 3 + 8);
    // What this process's code prints (the notes' console.log), beside what crossed.
    m_console = new ConsolePane;
    m_console->setCompact(true);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_log, QString());
    m_tabs->addTab(m_console, QString());
    connect(m_console, &ConsolePane::lineAdded, this, [this] {
        if (m_tabs->currentWidget() != m_console) {
            ++m_unseenConsoleLines;
            updateTabTitles();
        }
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_console && m_unseenConsoleLines > 0) {
            m_unseenConsoleLines = 0;
            updateTabTitles();
        }
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addWidget(m_state);
    layout->addWidget(m_blocked);
    layout->addWidget(m_mainBox);
    layout->addWidget(m_windowsBox);
    layout->addWidget(m_sharedBox);
    layout->addWidget(m_tabs, 1);
    resize(400, 520);

    const QJsonArray myData{QStringLiteral("my_data")};
    connect(m_send, &QPushButton::clicked, this, [this, myData] {
        run({step(QStringLiteral("send"), QStringLiteral("my_channel"), myData)});
    });
    connect(m_invoke, &QPushButton::clicked, this, [this, myData] {
        run({step(QStringLiteral("invoke"), QStringLiteral("my_channel"), myData)});
    });
    connect(m_sendSync, &QPushButton::clicked, this, [this] {
        run({step(QStringLiteral("sendSync"), QStringLiteral("synchronous-message"), {QStringLiteral("ping")})});
    });
    connect(m_sendReply, &QPushButton::clicked, this, [this] {
        run({step(QStringLiteral("send"), QStringLiteral("asynchronous-message"), {QStringLiteral("ping")})});
    });
    connect(m_sendTo, &QPushButton::clicked, this, [this] {
        QJsonObject s = step(QStringLiteral("sendTo"), QStringLiteral("ping"), {QStringLiteral("someThing")});
        s.insert(QStringLiteral("to"), m_sendToTarget->currentData().toInt());
        run({s});
    });
    connect(m_portPost, &QPushButton::clicked, this, [this] {
        run({step(QStringLiteral("portPost"), QString(), {m_portMessage->text()})});
    });
    connect(m_globalGet, &QPushButton::clicked, this, [this] {
        run({step(QStringLiteral("globalGet"), QString(), {QStringLiteral("someProperty")})});
    });
    connect(m_globalSet, &QPushButton::clicked, this, [this] {
        run({step(QStringLiteral("globalSet"), QString(), {QStringLiteral("someProperty"), m_globalValue->text()})});
    });

    connect(ipcRenderer, &IpcRenderer::connected, this, &RendererWindow::updateState);
    connect(ipcRenderer, &IpcRenderer::disconnected, this, [this] {
        m_mainGone = true;
        updateState();
    });
    connect(agent, &RendererAgent::portChanged, this, &RendererWindow::updateState);
    connect(agent, &RendererAgent::otherWindowsChanged, this, &RendererWindow::updateState);
    connect(agent, &RendererAgent::described, this, &RendererWindow::appendLine);
    connect(agent, &RendererAgent::sendSyncStarted, this, &RendererWindow::showBlocked);
    connect(agent, &RendererAgent::sendSyncFinished, m_blocked, &QWidget::hide);
    retranslateUi();
}

QString RendererWindow::logText() const
{
    return m_log->toPlainText();
}

QString RendererWindow::consoleText() const
{
    return m_console->text();
}

void RendererWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void RendererWindow::retranslateUi()
{
    setWindowTitle(tr("IPC Lab — renderer %1 (pid %2)").arg(m_ipc->id()).arg(QCoreApplication::applicationPid()));
    m_mainBox->setTitle(tr("To the main process"));
    m_windowsBox->setTitle(tr("To another window"));
    m_sharedBox->setTitle(tr("Shared object (sharedObject.someProperty)"));
    // Each button says what it sends: the channel, the payload, and the call from the notes.
    const auto callTip = [](const QString &what, const QString &call) {
        return QStringLiteral("%1\n%2").arg(what, call);
    };
    m_send->setText(tr("send"));
    m_send->setToolTip(callTip(tr("Sends \"my_data\" to main on channel \"my_channel\"; no answer."),
                               QStringLiteral("ipcRenderer.send('my_channel', 'my_data')")));
    m_invoke->setText(tr("invoke"));
    m_invoke->setToolTip(callTip(tr("Asks main on channel \"my_channel\" with \"my_data\" and waits for its answer."),
                                 QStringLiteral("ipcRenderer.invoke('my_channel', 'my_data')")));
    m_sendSync->setText(tr("sendSync"));
    m_sendSync->setToolTip(callTip(tr("Sends \"ping\" on channel \"synchronous-message\"; this window blocks until main answers."),
                                   QStringLiteral("ipcRenderer.sendSync('synchronous-message', 'ping')")));
    m_sendReply->setText(tr("send + reply"));
    m_sendReply->setToolTip(callTip(tr("Sends \"ping\" on channel \"asynchronous-message\"; main replies \"pong\" on \"asynchronous-reply\"."),
                                    QStringLiteral("ipcRenderer.send('asynchronous-message', 'ping')")));
    m_sendTo->setText(tr("sendTo"));
    m_sendTo->setToolTip(callTip(tr("Sends \"someThing\" on channel \"ping\" to the window chosen beside it, through main."),
                                 QStringLiteral("ipcRenderer.sendTo(id, 'ping', 'someThing')")));
    m_portPost->setText(tr("Post on MessagePort"));
    m_globalGet->setText(tr("Read"));
    m_globalGet->setToolTip(callTip(tr("Reads sharedObject.someProperty from main (a sendSync on \"ipclab:global-get:sharedObject\")."),
                                    QStringLiteral("remote.getGlobal('sharedObject').someProperty")));
    m_globalSet->setText(tr("Write"));
    m_globalSet->setToolTip(callTip(tr("Writes the text beside it to sharedObject.someProperty in main; every window is told."),
                                    QStringLiteral("remote.getGlobal('sharedObject').someProperty = value")));
    m_console->retranslateUi();
    updateTabTitles();
    if (!m_lines.isEmpty())
        rewordLog();
    updateState();
}

void RendererWindow::updateTabTitles()
{
    m_tabs->setTabText(0, tr("Received and sent"));
    m_tabs->setTabText(1, m_unseenConsoleLines > 0 ? tr("Console (%1 new)").arg(m_unseenConsoleLines) : tr("Console"));
}

void RendererWindow::updateState()
{
    const int id = m_ipc->id();
    if (m_mainGone)
        m_state->setText(tr("The main process has gone."));
    else if (m_ipc->isConnected())
        m_state->setText(tr("Connected to the main process as renderer %1.").arg(id));
    else
        m_state->setText(tr("Connecting to the main process…"));

    const QList<int> others = m_agent->otherWindows();
    const int chosen = m_sendToTarget->currentData().toInt();
    m_sendToTarget->clear();
    for (int other : others)
        m_sendToTarget->addItem(MessageLogModel::endpointDisplayName(other), other);
    // With a placeholder text set, QComboBox leaves nothing selected after clear().
    const int index = m_sendToTarget->findData(chosen);
    m_sendToTarget->setCurrentIndex(index >= 0 ? index : (others.isEmpty() ? -1 : 0));
    m_sendTo->setEnabled(!others.isEmpty());
    m_sendToTarget->setEnabled(!others.isEmpty());
    if (others.isEmpty())
        m_sendToTarget->setPlaceholderText(tr("no other window"));
    // A port whose other end has closed takes nothing more: a post would go nowhere.
    const bool portOpen = m_agent->port() != nullptr && !m_agent->isPortClosed();
    m_portPost->setEnabled(portOpen);
    if (portOpen)
        m_portPost->setToolTip(QStringLiteral("window.electronMessagePort.postMessage(...)"));
    else if (m_agent->port())
        m_portPost->setToolTip(tr("The other end closed this MessagePort: run the MessagePort pattern again for a new one."));
    else
        m_portPost->setToolTip(tr("This window has no MessagePort yet: run the MessagePort pattern in the main window."));
}

// The agent reports each step in the window's log as it starts and again with its answer.
void RendererWindow::run(const QJsonArray &steps)
{
    m_agent->perform(steps, [](const QJsonArray &) {});
}

void RendererWindow::appendLine(const std::function<QString()> &line)
{
    // Kept as wording functions, so that a language switch rewords what is already there.
    m_lines.append({QTime::currentTime(), line});
    if (m_lines.size() > m_log->maximumBlockCount())
        m_lines.removeFirst();
    m_log->appendPlainText(m_lines.last().at.toString(QStringLiteral("HH:mm:ss.zzz  ")) + line());
}

void RendererWindow::rewordLog()
{
    QStringList text;
    text.reserve(m_lines.size());
    for (const Line &line : std::as_const(m_lines))
        text.append(line.at.toString(QStringLiteral("HH:mm:ss.zzz  ")) + line.describe());
    m_log->setPlainText(text.join(QLatin1Char('\n')));
    m_log->moveCursor(QTextCursor::End);
}

void RendererWindow::showBlocked(const QString &channel)
{
    m_blocked->setText(tr("Blocked in sendSync('%1') until main answers: this window cannot respond.").arg(channel));
    m_blocked->show();
    layout()->activate();
    // The event loop will not run until sendSync returns: paint the sign now.
    repaint();
}
