#pragma once

#include <QWidget>

class IpcRenderer;
class QPlainTextEdit;
class RendererAgent;

// A renderer process's window: who it is, and what it sent and received.
class RendererWindow : public QWidget
{
    Q_OBJECT
public:
    RendererWindow(IpcRenderer *ipcRenderer, RendererAgent *agent, QWidget *parent = nullptr);

private:
    QPlainTextEdit *m_log;
};
