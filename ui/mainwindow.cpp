#include "mainwindow.h"

#include "demorunner.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTreeWidget>
#include <QVBoxLayout>

MainWindow::MainWindow(RendererLauncher *launcher, DemoRunner *demo, QWidget *parent)
    : QMainWindow(parent), m_launcher(launcher), m_demo(demo)
{
    setWindowTitle(tr("IPC Lab — main process"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/ipclab.svg")));

    auto *openButton = new QPushButton(tr("Open renderer window"));
    m_runButton = new QPushButton(tr("Run all patterns"));
    auto *clearButton = new QPushButton(tr("Clear log"));
    connect(openButton, &QPushButton::clicked, this, &MainWindow::openRenderer);
    connect(m_runButton, &QPushButton::clicked, this, &MainWindow::runAllPatterns);

    m_renderers = new QListWidget;
    m_log = new QTreeWidget;
    m_log->setRootIsDecorated(false);
    m_log->setAlternatingRowColors(true);
    m_log->setHeaderLabels({tr("Time"), tr("From"), tr("To"), tr("Pattern"), tr("Channel"),
                            tr("Payload"), tr("Latency (µs)")});
    m_log->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(clearButton, &QPushButton::clicked, m_log, &QTreeWidget::clear);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(openButton);
    buttons->addWidget(m_runButton);
    buttons->addWidget(clearButton);
    buttons->addStretch();

    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(new QLabel(tr("Renderer windows")));
    sideLayout->addWidget(m_renderers);

    auto *logPane = new QWidget;
    auto *logLayout = new QVBoxLayout(logPane);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->addWidget(new QLabel(tr("Message log")));
    logLayout->addWidget(m_log);

    auto *splitter = new QSplitter;
    splitter->addWidget(side);
    splitter->addWidget(logPane);
    splitter->setStretchFactor(1, 3);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addLayout(buttons);
    layout->addWidget(splitter);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Press \"Run all patterns\" to send every message from the notes."));
    resize(1100, 650);

    connect(m_launcher, &RendererLauncher::webContentsCreated, this, &MainWindow::track);
    connect(m_demo, &DemoRunner::logged, this, &MainWindow::appendLogEntry);
}

void MainWindow::appendLogEntry(const QJsonObject &entry)
{
    const QJsonValue payload = entry.value(QLatin1String("payload"));
    const QJsonValue latency = entry.value(QLatin1String("latencyUs"));
    const QString payloadText = payload.isString()
            ? payload.toString()
            : QString::fromUtf8(QJsonDocument::fromVariant(payload.toVariant()).toJson(QJsonDocument::Compact));
    auto *item = new QTreeWidgetItem(
            {entry.value(QLatin1String("time")).toString().mid(11, 12),
             entry.value(QLatin1String("from")).toString(), entry.value(QLatin1String("to")).toString(),
             entry.value(QLatin1String("pattern")).toString(),
             entry.value(QLatin1String("channel")).toString(), payloadText,
             latency.isDouble() ? QString::number(latency.toDouble(), 'f', 1) : QStringLiteral("—")});
    m_log->addTopLevelItem(item);
    m_log->scrollToItem(item);
}

void MainWindow::openRenderer()
{
    if (!m_launcher->launch())
        statusBar()->showMessage(m_launcher->errorString());
}

void MainWindow::runAllPatterns()
{
    m_runButton->setEnabled(false);
    statusBar()->showMessage(tr("Running every pattern…"));
    const bool ok = m_demo->run();
    statusBar()->showMessage(ok ? tr("Every pattern ran as the notes describe.")
                                : tr("Some patterns failed: %1").arg(m_demo->failures().join(QLatin1String("; "))));
    m_runButton->setEnabled(true);
}

void MainWindow::track(WebContents *webContents)
{
    auto *item = new QListWidgetItem(tr("renderer %1: starting").arg(webContents->id()), m_renderers);
    connect(webContents, &WebContents::didFinishLoad, this, [item, webContents] {
        item->setText(tr("renderer %1 (pid %2): ready").arg(webContents->id()).arg(webContents->osProcessId()));
    });
    connect(webContents, &WebContents::renderProcessGone, this,
            [item, webContents](const RenderProcessGoneDetails &details) {
                item->setText(tr("renderer %1: gone (%2, exit code %3)")
                                      .arg(webContents->id())
                                      .arg(details.reason)
                                      .arg(details.exitCode));
            });
    connect(webContents, &QObject::destroyed, this, [this, item] { delete m_renderers->takeItem(m_renderers->row(item)); });
}
