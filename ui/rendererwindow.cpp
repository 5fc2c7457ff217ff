#include "rendererwindow.h"

#include "ipcrenderer.h"
#include "rendereragent.h"

#include <QCoreApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTime>
#include <QVBoxLayout>

RendererWindow::RendererWindow(IpcRenderer *ipcRenderer, RendererAgent *agent, QWidget *parent)
    : QWidget(parent)
{
    const int id = ipcRenderer->id();
    setWindowTitle(tr("IPC Lab — renderer %1 (pid %2)").arg(id).arg(QCoreApplication::applicationPid()));
    setWindowIcon(QIcon(QStringLiteral(":/icons/ipclab.svg")));
    auto *state = new QLabel(tr("Connecting to the main process…"));
    m_log = new QPlainTextEdit;
    m_log->setReadOnly(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(state);
    layout->addWidget(new QLabel(tr("Received and sent")));
    layout->addWidget(m_log);
    resize(460, 320);
    // Cascade by id so that new windows do not cover each other.
    move(80 + 48 * (id % 10), 80 + 48 * (id % 10));

    connect(ipcRenderer, &IpcRenderer::connected, state, [state, id] {
        state->setText(tr("Connected to the main process as renderer %1.").arg(id));
    });
    connect(ipcRenderer, &IpcRenderer::disconnected, state,
            [state] { state->setText(tr("The main process has gone.")); });
    connect(agent, &RendererAgent::activity, m_log, [this](const QString &line) {
        m_log->appendPlainText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz  ")) + line);
    });
}
