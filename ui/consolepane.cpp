#include "consolepane.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTime>
#include <QVBoxLayout>

#include <cstring>

namespace {

// Lives in the main thread; a message from any thread reaches the panes through a queued call.
class ConsoleCapture : public QObject
{
    Q_OBJECT
public:
    static ConsoleCapture *instance()
    {
        static auto *capture = new ConsoleCapture(QCoreApplication::instance());
        return capture;
    }

Q_SIGNALS:
    void captured(int type, const QString &message);

private:
    using QObject::QObject;
};

QtMessageHandler previousHandler = nullptr;
bool capturing = false;

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (previousHandler)
        previousHandler(type, context, message);
    if (context.category && std::strcmp(context.category, "default") != 0)
        return;
    if (QCoreApplication::instance()) {
        QMetaObject::invokeMethod(ConsoleCapture::instance(), "captured", Qt::QueuedConnection,
                                  Q_ARG(int, int(type)), Q_ARG(QString, message));
    }
}

} // namespace

ConsolePane::ConsolePane(QWidget *parent) : QGroupBox(parent)
{
    setObjectName(QStringLiteral("consolePane"));
    m_text = new QPlainTextEdit;
    m_text->setObjectName(QStringLiteral("console"));
    m_text->setReadOnly(true);
    m_text->setMaximumBlockCount(2000);
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setFont(QFont(QStringLiteral("monospace")));
    m_text->setMinimumHeight(m_text->fontMetrics().lineSpacing() * 2 + 8);
    m_clear = new QPushButton;
    m_clear->setAutoDefault(false);
    connect(m_clear, &QPushButton::clicked, m_text, &QPlainTextEdit::clear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(2);
    layout->addWidget(m_text, 1);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_clear);
    layout->addLayout(row);
    captureProcessOutput();
    connect(ConsoleCapture::instance(), &ConsoleCapture::captured, this,
            [this](int type, const QString &message) { append(QtMsgType(type), message); });
    retranslateUi();
}

void ConsolePane::captureProcessOutput()
{
    if (capturing)
        return;
    capturing = true;
    ConsoleCapture::instance(); // created in the thread that owns the application
    previousHandler = qInstallMessageHandler(handler);
}

QString ConsolePane::text() const
{
    return m_text->toPlainText();
}

void ConsolePane::setCompact(bool compact)
{
    m_compact = compact;
    setFlat(compact);
    m_clear->setVisible(!compact);
    layout()->setContentsMargins(compact ? QMargins() : QMargins(4, 2, 4, 4));
    retranslateUi();
}

void ConsolePane::retranslateUi()
{
    setTitle(m_compact ? QString() : tr("Console (qDebug, console.log)"));
    m_clear->setText(tr("Clear"));
    m_text->setPlaceholderText(tr("What this process's code prints appears here."));
}

void ConsolePane::append(QtMsgType type, const QString &message)
{
    QString line = QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz  "));
    if (type == QtWarningMsg)
        line += tr("warning: ");
    else if (type == QtCriticalMsg || type == QtFatalMsg)
        line += tr("error: ");
    line += message;
    m_text->appendPlainText(line);
    Q_EMIT lineAdded(line);
}

#include "consolepane.moc"
