#pragma once

#include <QGroupBox>

class QPlainTextEdit;
class QPushButton;

// What this process's code prints with qDebug() (the notes' console.log), in its own window:
// main's "receive message from render: my_data" is seen where the messages are, not only on a
// terminal. Only the default logging category is shown (what a snippet's qDebug() writes), not
// the library's own categories; everything still reaches the terminal as before.
class ConsolePane : public QGroupBox
{
    Q_OBJECT
public:
    explicit ConsolePane(QWidget *parent = nullptr);

    QString text() const;
    void retranslateUi();
    // Without its title and Clear button, for a tab in a small window.
    void setCompact(bool compact);

    // Routes this process's default-category messages to every ConsolePane as well (once per
    // process; the handler before it keeps getting everything).
    static void captureProcessOutput();

Q_SIGNALS:
    void lineAdded(const QString &line);

private:
    void append(QtMsgType type, const QString &message);

    QPlainTextEdit *m_text;
    QPushButton *m_clear;
    bool m_compact = false;
};
