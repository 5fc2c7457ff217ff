#pragma once

#include <QJsonArray>
#include <QTime>
#include <QWidget>

#include <functional>

class IpcRenderer;
class ConsolePane;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class RendererAgent;

// A renderer process's window: who it is, buttons for everything a renderer can start (with
// the seeds' channels and payloads), and what it sent and received.
class RendererWindow : public QWidget
{
    Q_OBJECT
public:
    RendererWindow(IpcRenderer *ipcRenderer, RendererAgent *agent, QWidget *parent = nullptr);

    // What its log (sent and received) and its console (what qDebug() printed) show.
    QString logText() const;
    QString consoleText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateState();
    void updateTabTitles();
    void run(const QJsonArray &steps);
    void appendLine(const std::function<QString()> &line);
    void rewordLog();
    void showBlocked(const QString &channel);

    IpcRenderer *m_ipc;
    RendererAgent *m_agent;
    QLabel *m_state;
    QLabel *m_blocked;
    QGroupBox *m_mainBox;
    QGroupBox *m_windowsBox;
    QGroupBox *m_sharedBox;
    QPushButton *m_send;
    QPushButton *m_invoke;
    QPushButton *m_sendSync;
    QPushButton *m_sendReply;
    QPushButton *m_sendTo;
    QComboBox *m_sendToTarget;
    QPushButton *m_portPost;
    QLineEdit *m_portMessage;
    QPushButton *m_globalGet;
    QPushButton *m_globalSet;
    QLineEdit *m_globalValue;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_log;
    ConsolePane *m_console;
    int m_unseenConsoleLines = 0; // printed while the log's tab was shown
    bool m_mainGone = false;
    struct Line
    {
        QTime at;
        std::function<QString()> describe;
    };
    QList<Line> m_lines; // what the log shows, worded in the current language

};
