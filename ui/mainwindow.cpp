#include "mainwindow.h"

#include "cataloguepane.h"
#include "consolepane.h"
#include "demorunner.h"
#include "detailspane.h"
#include "ipcmain.h"
#include "logentry.h"
#include "messagelogfilter.h"
#include "messagelogmodel.h"
#include "messagetrace.h"
#include "monotonicclock.h"
#include "patternrunner.h"
#include "rendererlauncher.h"
#include "rendererlistpane.h"
#include "runtracepane.h"
#include "sharedobject.h"
#include "translations.h"
#include "webcontents.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QUrl>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QShowEvent>
#include <QStatusBar>
#include <QTimer>

MainWindow::MainWindow(RendererLauncher *launcher, DemoRunner *demo, QWidget *parent)
    : QMainWindow(parent), m_launcher(launcher), m_demo(demo), m_runner(new PatternRunner(launcher, demo, this))
{
    Translations::initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/ipclab.svg")));
    QString catalogueError;
    m_catalogue = PatternCatalogue::load(QStringLiteral(":/patterns.json"), &catalogueError);
    if (!catalogueError.isEmpty())
        qWarning("ipclab: pattern catalogue: %s", qPrintable(catalogueError));

    m_cataloguePane = new CataloguePane(&m_catalogue);
    m_detailsPane = new DetailsPane(&m_catalogue, m_launcher, m_runner);
    m_rendererListPane = new RendererListPane(m_launcher);
    m_logPane = new MessageLogPane;
    m_runTracePane = new RunTracePane(&m_catalogue, m_logPane, m_detailsPane->electronView(), m_detailsPane->cppView());
    m_consolePane = new ConsolePane;

    // Catalogue above main's console and the windows, the full height on the left, so that every
    // pattern is in sight on a small screen; the selected pattern above the log on the right.
    auto *left = new QSplitter(Qt::Vertical);
    left->addWidget(m_cataloguePane);
    left->addWidget(m_consolePane);
    left->addWidget(m_rendererListPane);
    left->setStretchFactor(0, 1);
    left->setStretchFactor(1, 0);
    left->setStretchFactor(2, 0);
    left->setSizes({440, 110, 110});
    m_mainSplitter = new QSplitter(Qt::Vertical);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_detailsPane);
    m_mainSplitter->addWidget(m_runTracePane);
    m_mainSplitter->addWidget(m_logPane);
    m_mainSplitter->setStretchFactor(0, 1);
    m_mainSplitter->setStretchFactor(1, 0);
    m_mainSplitter->setStretchFactor(2, 1);
    m_mainSplitter->setSizes({420, 110, 380});
    m_outerSplitter = new QSplitter(Qt::Horizontal);
    m_outerSplitter->setObjectName(QStringLiteral("outerSplitter"));
    m_outerSplitter->addWidget(left);
    m_outerSplitter->addWidget(m_mainSplitter);
    m_outerSplitter->setStretchFactor(0, 0);
    m_outerSplitter->setStretchFactor(1, 1);
    m_outerSplitter->setSizes({290, 900});
    setCentralWidget(m_outerSplitter);
    buildMenus();

    connect(m_cataloguePane, &CataloguePane::patternChanged, m_runTracePane, &RunTracePane::stopReplay);
    connect(m_cataloguePane, &CataloguePane::patternChanged, m_detailsPane, &DetailsPane::showPattern);
    connect(m_runner, &PatternRunner::started, m_runTracePane, &RunTracePane::startRun);
    connect(m_runner, &PatternRunner::finished, m_runTracePane, &RunTracePane::runFinished);
    connect(m_detailsPane, &DetailsPane::statusMessage, this, &MainWindow::showStatus);
    connect(m_detailsPane, &DetailsPane::runStarted, m_logPane, &MessageLogPane::setRunStart);
    connect(m_logPane, &MessageLogPane::statusMessage, this, &MainWindow::showStatus);
    connect(m_rendererListPane, &RendererListPane::openRequested, this, &MainWindow::openRenderer);
    connect(m_rendererListPane, &RendererListPane::windowsChanged, this, &MainWindow::windowsChanged);
    connect(m_rendererListPane, &RendererListPane::processGone, this, &MainWindow::logProcessGone);
    connect(m_rendererListPane, &RendererListPane::windowDeleted, this,
            [this](WebContents *webContents) { m_slots.remove(webContents); });
    connect(m_launcher, &RendererLauncher::webContentsCreated, m_rendererListPane, &RendererListPane::track);

    // Every message a process receives: main's own directly, the renderers' in batches.
    MessageTrace::setEnabled(true);
    MessageTrace::setObserver([this](const TraceRecord &record) {
        // May run inside a socket's read handler: the model only queues.
        appendTrace(record);
    });
    m_launcher->ipcMain()->on(QStringLiteral("ipclab:trace"), [this](IpcMainEvent &, const QJsonArray &args) {
        for (const QJsonValue &record : args.at(0).toArray())
            appendTrace(TraceRecord::fromJson(record.toObject()));
    }, this);

    // The tour runs where a person can follow it: between the windows on screen (placed ones
    // of its own if there are not two, closed afterwards), one pattern at a time, each shown in
    // the catalogue and the details while it runs.
    m_demo->setWindowOpener([this] { return openRenderer(); });
    m_demo->setStepDelay(tourStepDelayMs);
    connect(m_demo, &DemoRunner::patternStarted, this, [this](int index, int count, const QString &pattern) {
        if (!m_tourRunning)
            return;
        selectPattern(pattern);
        const PatternInfo *info = m_catalogue.find(pattern);
        showStatus(tr("Every pattern, %1 of %2: %3").arg(index + 1).arg(count)
                           .arg(info ? PatternCatalogue::text(info->title, Translations::current()) : pattern),
                   0);
    });

    // The log names main's answers by the call the notes make (event.reply), not only by the
    // webContents.send they are on the wire.
    connect(m_demo, &DemoRunner::answered, this,
            [this](int windowId, const QString &channel, const QString &api, qint64 at) {
                m_answers.append({windowId, channel, api, at});
                if (m_answers.size() > 256) // never reported: the window went
                    m_answers.removeFirst();
            });

    // The seeds' shared object starts as the notes have it.
    m_demo->sharedObject()->setValue(QStringLiteral("someProperty"), QStringLiteral("default value"));

    retranslateUi();
    restoreSettings();
    m_cataloguePane->selectFirstPattern();
}

MainWindow::~MainWindow()
{
    MessageTrace::setObserver({});
}

MessageLogModel *MainWindow::logModel() const
{
    return m_logPane->model();
}

MessageLogFilter *MainWindow::logFilter() const
{
    return m_logPane->filter();
}

bool MainWindow::selectPattern(const QString &id)
{
    return m_cataloguePane->selectPattern(id);
}

QString MainWindow::selectedPattern() const
{
    return m_cataloguePane->selectedPattern();
}

bool MainWindow::exportLog(const QString &path, ExportFormat format, QString *error)
{
    return m_logPane->exportLog(path, format, error);
}

void MainWindow::showStatus(const QString &text, int timeoutMs)
{
    statusBar()->showMessage(text, timeoutMs);
}

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_logPane->exportJsonAction());
    m_fileMenu->addAction(m_logPane->exportCsvAction());
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    m_windowMenu = menuBar()->addMenu(QString());
    m_openAction = m_windowMenu->addAction(QString(), this, &MainWindow::openRenderer);
    m_openAction->setShortcut(QKeySequence::New);
    m_windowMenu->addSeparator();
    m_runAction = m_windowMenu->addAction(QString(), m_detailsPane, &DetailsPane::runSelected);
    m_runAction->setObjectName(QStringLiteral("runAction"));
    m_runAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_R), QKeySequence(Qt::CTRL | Qt::Key_Return),
                               QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_runAllAction = m_windowMenu->addAction(QString(), this, &MainWindow::runAllPatterns);
    m_runAllAction->setObjectName(QStringLiteral("runAllAction"));

    m_languageMenu = menuBar()->addMenu(QString());
    m_languageMenu->setObjectName(QStringLiteral("languageMenu"));
    m_languageGroup = new QActionGroup(this);
    for (const QString &language : Translations::languages()) {
        QAction *action = m_languageMenu->addAction(Translations::nativeName(language));
        action->setCheckable(true);
        action->setData(language);
        action->setObjectName(QStringLiteral("language-") + language);
        m_languageGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, language] { setLanguage(language); });
    }

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_gettingStartedAction = m_helpMenu->addAction(QString(), this, [this] {
        QMessageBox::information(this, tr("Getting started"), gettingStartedText());
    });
    m_gettingStartedAction->setShortcut(QKeySequence::HelpContents);
    m_electronDocsAction = m_helpMenu->addAction(QString(), this, [] {
        QDesktopServices::openUrl(QUrl(QStringLiteral("https://www.electronjs.org/docs/latest/tutorial/ipc")));
    });
    m_readmeAction = m_helpMenu->addAction(QString(), this, [this] {
        const QString path = readmePath();
        if (path.isEmpty() || !QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
            showStatus(tr("README.md is not beside the program: see the project's sources."), 8000);
    });
    m_readmeAction->setObjectName(QStringLiteral("readmeAction"));
    m_helpMenu->addSeparator();
    m_aboutQtAction = m_helpMenu->addAction(QString(), qApp, &QApplication::aboutQt);
    m_aboutAction = m_helpMenu->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About IPC Lab"),
                           tr("<p><b>IPC Lab %1</b></p><p>Electron's IPC patterns between a Qt main process "
                              "and renderer processes: real processes, real sockets, every message in the "
                              "log.</p>").arg(QApplication::applicationVersion()));
    });
}

QString MainWindow::readmePath()
{
    // Beside an installed program, or at the top of the source tree it was built in.
    const QDir bin(QCoreApplication::applicationDirPath());
    for (const QString &candidate : {QStringLiteral("README.md"), QStringLiteral("../README.md"),
                                     QStringLiteral("../../README.md"), QStringLiteral("../share/doc/ipclab/README.md")}) {
        if (QFileInfo::exists(bin.filePath(candidate)))
            return QFileInfo(bin.filePath(candidate)).canonicalFilePath();
    }
    return QString();
}

QString MainWindow::gettingStartedText()
{
    return tr("<p><b>Pick</b> a pattern in the catalogue on the left: its Electron code from the notes "
              "is shown beside the same thing in this project's C++.</p>"
              "<p><b>Run</b> it (Ctrl+R or Ctrl+Return) between the renderer windows you choose under From "
              "and To. The channel and payload can be edited; Reset brings back the notes' ones.</p>"
              "<p><b>Watch</b> the messages in the log and the sequence diagram, ordered by when each was "
              "sent. Click a row or an arrow to see its payload.</p>"
              "<p>Each renderer window has buttons for everything a renderer can start; hover over one to "
              "see the channel and payload it sends. New, Close and Kill open and end renderer processes: "
              "watch render-process-gone and its reason.</p>");
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!event->spontaneous())
        QTimer::singleShot(400, this, &MainWindow::fitOnScreen);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("IPC Lab — main process"));
    m_cataloguePane->retranslateUi();
    m_detailsPane->retranslateUi();
    m_detailsPane->fillWindowCombos();
    m_rendererListPane->retranslateUi();
    m_logPane->retranslateUi();
    m_runTracePane->retranslateUi();
    m_consolePane->retranslateUi();
    m_fileMenu->setTitle(tr("&File"));
    m_quitAction->setText(tr("&Quit"));
    m_windowMenu->setTitle(tr("&Windows"));
    m_openAction->setText(tr("Open renderer window"));
    m_runAllAction->setText(tr("Run every pattern of the notes"));
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("About IPC Lab"));
    m_runAction->setText(tr("Run the selected pattern"));
    m_gettingStartedAction->setText(tr("Getting started"));
    m_electronDocsAction->setText(tr("Electron's IPC tutorial (web)"));
    m_readmeAction->setText(tr("README: the patterns, the library, the tests"));
    m_aboutQtAction->setText(tr("About Qt"));
    for (QAction *action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == Translations::current());
    statusBar()->showMessage(tr("Pick a pattern, press Run, and watch the messages cross between processes."));
}

void MainWindow::runAllPatterns()
{
    if (m_runner->isRunning())
        return;
    m_runAllAction->setEnabled(false);
    m_tourRunning = true;
    m_detailsPane->setBusy(true);
    statusBar()->showMessage(tr("Running every pattern…"));
    // DemoRunner waits in local event loops: the window stays live, but nothing else may run,
    // and a close waits until the tour is over (closeEvent()).
    const bool ok = m_demo->run();
    m_tourRunning = false;
    if (m_closeAfterTour) {
        close();
        return;
    }
    statusBar()->showMessage(ok ? tr("Every pattern ran as the notes describe.")
                                : tr("Some patterns failed: %1").arg(m_demo->failures().join(QLatin1String("; "))));
    m_runAllAction->setEnabled(true);
    m_detailsPane->setBusy(false);
}

namespace {

// A renderer window's width: its buttons in two columns and no more, so that the main window
// keeps the rest of a 1366-pixel screen.
constexpr int rendererStripWidth = 400;

} // namespace

QRect MainWindow::rendererGeometry(int slot) const
{
    const QScreen *screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
    return rendererGeometry(slot, screen->availableGeometry(), isVisible() ? frameGeometry() : QRect());
}

QRect MainWindow::rendererGeometry(int slot, const QRect &available, const QRect &mainFrame)
{
    const QSize size(rendererStripWidth, 600);
    // A renderer window still shows every button and a few lines of its log at this height
    // (frame included), so that two fit one above the other on a 768-pixel screen.
    const int minimumHeight = 376;
    // The widest free strip beside the main window, or the whole screen if there is none.
    QRect strip(mainFrame.right() + 1, available.top(), available.right() - mainFrame.right(), available.height());
    if (mainFrame.left() - available.left() > strip.width())
        strip = QRect(available.left(), available.top(), mainFrame.left() - available.left(), available.height());
    if (strip.width() < 300 || mainFrame.isNull())
        strip = available;
    const int width = qMin(size.width(), strip.width());
    const int rows = qMax(1, strip.height() / minimumHeight);
    const int height = qMin(size.height(), strip.height() / rows);
    const int columns = qMax(1, strip.width() / width);
    // Tiles first; once they are all taken, cascade over them.
    const int tile = slot % (columns * rows);
    const int round = slot / (columns * rows);
    const int x = strip.right() + 1 - (tile / rows + 1) * width + 32 * round;
    const int y = strip.top() + (tile % rows) * height + 32 * round;
    return QRect(qBound(available.left(), x, available.right() + 1 - width),
                 qBound(available.top(), y, available.bottom() + 1 - height), width, height);
}

QRect MainWindow::mainWindowGeometry(const QRect &available)
{
    // Room beside it for a column of renderer windows, unless the screen is too narrow for both.
    const int width = available.width() - rendererStripWidth >= 800 ? qMin(1500, available.width() - rendererStripWidth)
                                                                     : available.width();
    return QRect(available.topLeft(), QSize(width, available.height()));
}

// The frame is known only once a window manager has framed the window: shrink it until the
// whole frame, status bar included, is on the screen.
void MainWindow::fitOnScreen()
{
    const QRect available = (screen() ? screen() : QGuiApplication::primaryScreen())->availableGeometry();
    const QRect frame = frameGeometry();
    if (available.contains(frame))
        return;
    const QSize margins = frame.size() - size();
    const QRect wanted = mainWindowGeometry(available);
    resize(qMin(width(), wanted.width() - margins.width()), qMin(height(), available.height() - margins.height()));
    move(available.topLeft());
}

WebContents *MainWindow::openRenderer()
{
    int slot = 0;
    const QList<int> taken = m_slots.values();
    while (taken.contains(slot))
        ++slot;
    // The slot is for the whole window; the renderer places its contents, so leave room for a
    // window manager's frame and title bar.
    const QRect r = rendererGeometry(slot).adjusted(4, 32, -4, -4);
    WebContents *webContents = m_launcher->launch(
            {QStringLiteral("--window-rect"),
             QStringLiteral("%1,%2,%3,%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())});
    if (!webContents) {
        statusBar()->showMessage(m_launcher->errorString());
        return nullptr;
    }
    m_slots.insert(webContents, slot);
    return webContents;
}

void MainWindow::logProcessGone(WebContents *webContents, const RenderProcessGoneDetails &details)
{
    LogEntry entry;
    const qint64 now = monotonicNanoseconds();
    const qint64 exitedAt = m_rendererListPane->exitedAt(webContents);
    entry.sentAtNs = exitedAt > 0 ? exitedAt : now;
    entry.wallTimeMs = QDateTime::currentMSecsSinceEpoch() - (now - entry.sentAtNs) / 1000000;
    entry.from = webContents->id();
    entry.to = 0;
    entry.pattern = QStringLiteral("render-process-gone");
    entry.channel = QStringLiteral("render-process-gone");
    entry.payload = QJsonDocument(QJsonObject{{QStringLiteral("reason"), details.reason},
                                              {QStringLiteral("exitCode"), details.exitCode}})
                            .toJson(QJsonDocument::Compact);
    m_logPane->append(entry);
    m_slots.remove(webContents);
    showStatus(tr("%1 is gone: %2.").arg(MessageLogModel::endpointDisplayName(webContents->id()),
                                         MessageLogModel::goneReasonText(details.reason, details.exitCode)),
               10000);
}

// The windows that can take part in a pattern changed: update the combos, the diagram's
// lifelines, the window filter, and tell every renderer who else is there (for its sendTo).
void MainWindow::windowsChanged()
{
    m_detailsPane->fillWindowCombos();
    QList<int> live;
    for (WebContents *w : m_launcher->allWebContents()) {
        if (w->isReady() && !w->isCrashed())
            live.append(w->id());
    }
    std::sort(live.begin(), live.end());
    m_logPane->setEndpoints(live);
    QJsonArray ids;
    for (int id : live)
        ids.append(id);
    for (WebContents *w : m_launcher->allWebContents()) {
        if (w->isReady() && !w->isCrashed())
            w->send(QStringLiteral("ipclab:windows"), QJsonArray{QJsonValue(ids)});
    }
}

void MainWindow::appendTrace(const TraceRecord &traced)
{
    // The log keeps the start of a large payload (and its size), not all of it.
    TraceRecord record = traced;
    record.shortenPayload(64 * 1024);
    LogEntry entry = LogEntry::fromTrace(record, monotonicNanoseconds(), QDateTime::currentMSecsSinceEpoch());
    if (entry.from == 0 && entry.pattern == QLatin1String("webContents.send")) {
        for (auto it = m_answers.begin(); it != m_answers.end(); ++it) {
            if (it->windowId == entry.to && it->channel == entry.channel && it->at <= entry.sentAtNs) {
                entry.pattern = it->api;
                m_answers.erase(it);
                break;
            }
        }
    }
    m_logPane->append(entry);
}

void MainWindow::setLanguage(const QString &language)
{
    Translations::install(language);
    QSettings().setValue(QStringLiteral("language"), Translations::current());
    // Windows opened from now on start in it; other arguments stay as they were.
    QStringList arguments = m_launcher->rendererArguments();
    const qsizetype at = arguments.indexOf(QStringLiteral("--lang"));
    if (at >= 0 && at + 1 < arguments.size())
        arguments[at + 1] = Translations::current();
    else
        arguments << QStringLiteral("--lang") << Translations::current();
    m_launcher->setRendererArguments(arguments);
    for (WebContents *w : m_launcher->allWebContents()) {
        if (w->isReady() && !w->isCrashed())
            w->send(QStringLiteral("ipclab:set-language"), {Translations::current()});
    }
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray())) {
        // Leave room beside it for renderer windows, and for a window manager's title bar until
        // fitOnScreen() knows the real frame.
        const QRect available = (screen() ? screen() : QGuiApplication::primaryScreen())->availableGeometry();
        const QRect wanted = mainWindowGeometry(available);
        resize(wanted.width() - 8, wanted.height() - 40);
        move(available.topLeft());
    }
    m_mainSplitter->restoreState(settings.value(QStringLiteral("mainWindow/detailsSplitter")).toByteArray());
    m_outerSplitter->restoreState(settings.value(QStringLiteral("mainWindow/columnSplitter")).toByteArray());
    m_logPane->restoreState(settings.value(QStringLiteral("mainWindow/logSplitter")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_tourRunning) {
        // Quitting from inside the tour's local event loops would be lost or spin; the window
        // closes when the tour returns.
        m_closeAfterTour = true;
        statusBar()->showMessage(tr("Closing when the tour is over…"));
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/detailsSplitter"), m_mainSplitter->saveState());
    settings.setValue(QStringLiteral("mainWindow/columnSplitter"), m_outerSplitter->saveState());
    settings.setValue(QStringLiteral("mainWindow/logSplitter"), m_logPane->saveState());
    QMainWindow::closeEvent(event);
}
