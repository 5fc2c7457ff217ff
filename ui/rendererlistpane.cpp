#include "rendererlistpane.h"

#include "messagelogmodel.h"
#include "monotonicclock.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QProcess>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

RendererListPane::RendererListPane(RendererLauncher *launcher, QWidget *parent)
    : QGroupBox(parent), m_launcher(launcher)
{
    m_windows = new QTreeWidget;
    m_windows->setObjectName(QStringLiteral("windows"));
    m_windows->setRootIsDecorated(false);
    m_windows->setColumnCount(3);
    m_windows->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_windows->header()->setStretchLastSection(true);
    m_windows->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_openButton = new QPushButton;
    m_openButton->setObjectName(QStringLiteral("openButton"));
    m_closeButton = new QPushButton;
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    m_killButton = new QPushButton;
    m_killButton->setObjectName(QStringLiteral("killButton"));
    connect(m_openButton, &QPushButton::clicked, this, &RendererListPane::openRequested);
    connect(m_closeButton, &QPushButton::clicked, this, [this] {
        if (WebContents *w = selectedWindow())
            w->close();
    });
    connect(m_killButton, &QPushButton::clicked, this, [this] {
        if (WebContents *w = selectedWindow())
            w->forcefullyCrashRenderer();
    });
    // Buttons beside the list, so that the catalogue above keeps the height on a small screen.
    auto *buttons = new QVBoxLayout;
    buttons->setSpacing(2);
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_closeButton);
    buttons->addWidget(m_killButton);
    buttons->addStretch(1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 6);
    layout->addWidget(m_windows, 1);
    layout->addLayout(buttons);
    m_windows->setMinimumHeight(m_windows->fontMetrics().height() * 4);
}

void RendererListPane::track(WebContents *webContents)
{
    auto *item = new QTreeWidgetItem(m_windows);
    item->setData(0, Qt::UserRole, webContents->id());
    m_items.insert(webContents, item);
    updateItem(webContents);
    connect(webContents, &WebContents::didFinishLoad, this, [this, webContents] {
        if (QProcess *process = webContents->process()) {
            connect(process, &QProcess::stateChanged, this, [this, webContents](QProcess::ProcessState state) {
                if (state == QProcess::NotRunning && !m_exitedAt.contains(webContents))
                    m_exitedAt.insert(webContents, monotonicNanoseconds());
            });
        }
        updateItem(webContents);
        emit windowsChanged();
    });
    connect(webContents, &WebContents::renderProcessGone, this,
            [this, webContents](const RenderProcessGoneDetails &details) {
                // A gone window leaves the list (its reason is in the log and the status bar),
                // so that the live ones stay in sight.
                delete m_items.take(webContents);
                emit processGone(webContents, details);
                emit windowsChanged();
            });
    connect(webContents, &QObject::destroyed, this, [this, webContents] {
        delete m_items.take(webContents);
        m_exitedAt.remove(webContents);
        emit windowDeleted(webContents);
        emit windowsChanged();
    });
    emit windowsChanged();
}

WebContents *RendererListPane::selectedWindow() const
{
    const QTreeWidgetItem *item = m_windows->currentItem();
    return item ? m_launcher->fromId(item->data(0, Qt::UserRole).toInt()) : nullptr;
}

void RendererListPane::updateItem(WebContents *webContents)
{
    QTreeWidgetItem *item = m_items.value(webContents);
    if (!item)
        return;
    item->setText(0, MessageLogModel::endpointDisplayName(webContents->id()));
    if (webContents->osProcessId())
        item->setText(1, QString::number(webContents->osProcessId()));
    else if (item->text(1).isEmpty())
        item->setText(1, QStringLiteral("—"));
    item->setText(2, webContents->isReady() ? tr("ready") : tr("starting"));
}

void RendererListPane::retranslateUi()
{
    setTitle(tr("Renderer windows"));
    m_windows->setHeaderLabels({tr("Window"), tr("PID"), tr("State")});
    m_openButton->setText(tr("New"));
    m_openButton->setToolTip(tr("Open a new renderer window (a new process)"));
    m_closeButton->setText(tr("Close"));
    m_closeButton->setToolTip(tr("Close the selected window: its process exits cleanly"));
    m_killButton->setText(tr("Kill"));
    m_killButton->setToolTip(tr("Kill the selected window's process (SIGKILL): watch render-process-gone"));
    for (auto it = m_items.begin(); it != m_items.end(); ++it)
        updateItem(it.key());
}
