#pragma once

#include <QMainWindow>

class DemoRunner;
class IpcMain;
class QListWidget;
class QPushButton;
class QTreeWidget;
class RendererLauncher;
class WebContents;

// The main process's window: open renderer windows, run the tour of every pattern, and watch
// each message in the log.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(RendererLauncher *launcher, DemoRunner *demo, QWidget *parent = nullptr);

    void appendLogEntry(const QJsonObject &entry);

private:
    void openRenderer();
    void runAllPatterns();
    void track(WebContents *webContents);

    RendererLauncher *m_launcher;
    DemoRunner *m_demo;
    QPushButton *m_runButton;
    QListWidget *m_renderers;
    QTreeWidget *m_log;
};
