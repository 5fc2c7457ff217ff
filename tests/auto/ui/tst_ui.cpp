// The main window driven as a person would: pick each catalogue entry, press Run, and check the
// log gains the messages that really crossed between real renderer processes; then the
// filters, export, pause, the windows panel, payload validation, the language switch (in the
// renderers too) and screenshots in both languages.

#include "demorunner.h"
#include "ipcmain.h"
#include "ipcrenderer.h"
#include "logentry.h"
#include "messagelogfilter.h"
#include "messagelogmodel.h"
#include "patternrunner.h"
#include "rendereragent.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "rendererwindow.h"
#include "mainwindow.h"
#include "translations.h"
#include "webcontents.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

namespace {

struct Expected
{
    QString from; // "main", "source", "target"
    QString to;
    QString pattern;
    QString channel;     // exact, or a prefix when it ends with '*'
    QString payloadPart; // must occur in the payload's JSON text
};

} // namespace

Q_DECLARE_METATYPE(QList<Expected>)

class tst_Ui : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void everyPatternHasAnEntry();
    void runPattern_data();
    void runPattern();
    void invalidPayloadDisablesRun();
    void filters();
    void exportParsesBack();
    void pauseHoldsRows();
    void killShowsRenderProcessGone();
    void rendererWindowButtons();
    void languageSwitchReachesEveryWindow();
    void screenshots_data();
    void screenshots();

private:
    WebContents *openReadyWindow();
    int endpoint(const QString &role) const;
    bool logHas(const Expected &e) const;
    QString dump() const;

    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    std::unique_ptr<DemoRunner> m_demo;
    std::unique_ptr<MainWindow> m_window;
    WebContents *m_source = nullptr;
    WebContents *m_target = nullptr;
    WebContents *m_currentTarget = nullptr;
    QTemporaryDir m_outputDir;
};

void tst_Ui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
    Translations::install(QStringLiteral("en"));
    m_ipcMain = std::make_unique<IpcMain>();
    m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_RENDERER_PATH));
    QVERIFY2(m_launcher->listen(), qPrintable(m_launcher->errorString()));
    m_demo = std::make_unique<DemoRunner>(m_launcher.get(), m_ipcMain.get());
    m_window = std::make_unique<MainWindow>(m_launcher.get(), m_demo.get());
    m_window->resize(1280, 860);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_source = openReadyWindow();
    m_target = openReadyWindow();
    QVERIFY(m_source && m_target);
}

void tst_Ui::cleanupTestCase()
{
    m_window.reset();
    m_demo.reset();
    m_launcher.reset();
    m_ipcMain.reset();
}

WebContents *tst_Ui::openReadyWindow()
{
    WebContents *w = m_window->openRenderer();
    if (!w)
        return nullptr;
    if (!QTest::qWaitFor([w] { return w->isReady(); }, 20000))
        return nullptr;
    // The main window lists it once it is ready.
    auto *source = m_window->findChild<QComboBox *>(QStringLiteral("source"));
    if (!QTest::qWaitFor([source, w] { return source->findData(w->id()) >= 0; }, 5000))
        return nullptr;
    return w;
}

int tst_Ui::endpoint(const QString &role) const
{
    if (role == QLatin1String("source"))
        return m_source->id();
    if (role == QLatin1String("target"))
        return m_currentTarget->id();
    return 0;
}

bool tst_Ui::logHas(const Expected &e) const
{
    MessageLogModel *model = m_window->logModel();
    model->flush();
    for (int row = 0; row < model->rowCount(); ++row) {
        const LogEntry &entry = model->entry(row);
        const bool channelMatches = e.channel.endsWith(QLatin1Char('*'))
                ? entry.channel.startsWith(e.channel.chopped(1))
                : entry.channel == e.channel;
        if (entry.from == endpoint(e.from) && entry.to == endpoint(e.to) && entry.pattern == e.pattern
            && channelMatches && QString::fromUtf8(entry.payload).contains(e.payloadPart))
            return true;
    }
    return false;
}

QString tst_Ui::dump() const
{
    QStringList lines;
    MessageLogModel *model = m_window->logModel();
    for (int row = 0; row < model->rowCount(); ++row)
        lines.append(QString::fromUtf8(QJsonDocument(model->entry(row).toJson()).toJson(QJsonDocument::Compact)));
    return lines.join(QLatin1Char('\n'));
}

void tst_Ui::everyPatternHasAnEntry()
{
    const QStringList ids{QStringLiteral("send"),          QStringLiteral("invoke"),
                          QStringLiteral("send-reply"),    QStringLiteral("send-sync"),
                          QStringLiteral("webcontents-send"), QStringLiteral("sender-send"),
                          QStringLiteral("relay"),         QStringLiteral("send-to"),
                          QStringLiteral("message-port"),  QStringLiteral("shared-object"),
                          QStringLiteral("main-invoke"),   QStringLiteral("invoke-error"),
                          QStringLiteral("invoke-timeout"), QStringLiteral("renderer-crash"),
                          QStringLiteral("uniform-module")};
    QCOMPARE(m_window->catalogue().size(), ids.size());
    for (const PatternGroup &group : m_window->catalogue().groups())
        QVERIFY2(QFile::exists(QStringLiteral(":/icons/%1.svg").arg(group.id)), qPrintable(group.id));
    for (const QString &id : ids) {
        const PatternInfo *info = m_window->catalogue().find(id);
        QVERIFY2(info, qPrintable(id));
        QVERIFY2(!info->electron.isEmpty() && !info->cpp.isEmpty(), qPrintable(id));
        for (const char *language : {"en", "zh_CN"}) {
            QVERIFY2(!info->title.value(QLatin1String(language)).toString().isEmpty(), qPrintable(id));
            QVERIFY2(!info->summary.value(QLatin1String(language)).toString().isEmpty(), qPrintable(id));
        }
        QVERIFY(m_window->selectPattern(id));
        QCOMPARE(m_window->selectedPattern(), id);
    }
}

void tst_Ui::runPattern_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QList<Expected>>("expected");
    const QString main = QStringLiteral("main");
    const QString source = QStringLiteral("source");
    const QString target = QStringLiteral("target");

    QTest::newRow("send") << "send" << QList<Expected>{{source, main, "send", "my_channel", "\"my_data\""}};
    QTest::newRow("invoke") << "invoke"
                            << QList<Expected>{{source, main, "invoke", "my_channel", "\"my_data\""},
                                               {main, source, "result", "my_channel", "\"replay\""}};
    QTest::newRow("send-reply") << "send-reply"
                                << QList<Expected>{{source, main, "send", "asynchronous-message", "\"ping\""},
                                                   {main, source, "webContents.send", "asynchronous-reply", "\"pong\""}};
    QTest::newRow("send-sync") << "send-sync"
                               << QList<Expected>{{source, main, "sendSync", "synchronous-message", "\"ping\""},
                                                  {main, source, "result", "synchronous-message", "\"pong\""}};
    QTest::newRow("webcontents-send") << "webcontents-send"
                                      << QList<Expected>{{main, target, "webContents.send", "messageToRenderer",
                                                          "Hello from Main!"}};
    QTest::newRow("uniform-module") << "uniform-module"
                                    << QList<Expected>{{main, source, "webContents.send", "backToRender", "来自主进程的反馈"},
                                                       {main, target, "webContents.send", "backToRender", "来自主进程的反馈"}};
    QTest::newRow("sender-send") << "sender-send"
                                 << QList<Expected>{{source, main, "send", "messageFromMain", ""},
                                                    {main, source, "webContents.send", "messageToRenderer", "Hello from Main!"}};
    QTest::newRow("relay") << "relay"
                           << QList<Expected>{{source, main, "send", "win1-msg", "msg from win1"},
                                              {main, target, "webContents.send", "forWin2", "msg from win1"}};
    QTest::newRow("send-to") << "send-to"
                             << QList<Expected>{{source, main, "sendTo", "ping", "someThing"},
                                                {main, target, "sendTo", "ping", "someThing"}};
    // The ports go through main; the message itself straight from window to window.
    QTest::newRow("message-port") << "message-port"
                                  << QList<Expected>{{main, source, "postMessage", "port", ""},
                                                     {main, target, "postMessage", "port", ""},
                                                     {source, target, "MessagePort", "port *", "\"ping\""}};
    QTest::newRow("shared-object") << "shared-object"
                                   << QList<Expected>{{source, main, "sendSync", "ipclab:global-set:sharedObject", "new value"},
                                                      {main, target, "webContents.send", "ipclab:global-changed:sharedObject", "new value"},
                                                      {target, main, "sendSync", "ipclab:global-get:sharedObject", ""},
                                                      {main, target, "result", "ipclab:global-get:sharedObject", "new value"}};
    QTest::newRow("main-invoke") << "main-invoke"
                                 << QList<Expected>{{main, target, "invoke", "get-renderer-info", ""},
                                                    {target, main, "result", "get-renderer-info", "\"pid\""}};
    QTest::newRow("invoke-error") << "invoke-error"
                                  << QList<Expected>{{source, main, "invoke", "no-such-channel", "\"x\""},
                                                     {main, source, "result error", "no-such-channel",
                                                      "No handler registered for 'no-such-channel'"}};
    QTest::newRow("invoke-timeout") << "invoke-timeout"
                                    << QList<Expected>{{source, main, "invoke", "slow-task", "2000"},
                                                       {source, main, "cancel", "", ""}};
    QTest::newRow("renderer-crash") << "renderer-crash"
                                    << QList<Expected>{{target, main, "render-process-gone", "render-process-gone",
                                                        "\"crashed\""}};
}

void tst_Ui::runPattern()
{
    QFETCH(QString, pattern);
    QFETCH(QList<Expected>, expected);

    m_currentTarget = m_target;
    if (pattern == QLatin1String("renderer-crash")) {
        m_currentTarget = openReadyWindow(); // the two windows the other tests use stay alive
        QVERIFY(m_currentTarget);
    }
    m_window->logModel()->clear();
    QVERIFY(m_window->selectPattern(pattern));
    auto *sourceCombo = m_window->findChild<QComboBox *>(QStringLiteral("source"));
    auto *targetCombo = m_window->findChild<QComboBox *>(QStringLiteral("target"));
    sourceCombo->setCurrentIndex(sourceCombo->findData(m_source->id()));
    targetCombo->setCurrentIndex(targetCombo->findData(m_currentTarget->id()));
    auto *run = m_window->findChild<QPushButton *>(QStringLiteral("runButton"));
    QVERIFY(run->isEnabled());

    QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(run, Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    auto *outcome = m_window->findChild<QLabel *>(QStringLiteral("outcome"));
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(outcome->text()));
    QVERIFY(outcome->text().startsWith(QStringLiteral("✔")));

    for (const Expected &e : expected)
        QTRY_VERIFY2_WITH_TIMEOUT(logHas(e),
                                  qPrintable(QStringLiteral("no %1 → %2 %3 %4 containing %5 in:\n%6")
                                                     .arg(e.from, e.to, e.pattern, e.channel, e.payloadPart, dump())),
                                  10000);
    // The runner's own plumbing never shows.
    for (int row = 0; row < m_window->logModel()->rowCount(); ++row) {
        const QString channel = m_window->logModel()->entry(row).channel;
        QVERIFY2(!channel.startsWith(QLatin1String("ipclab:")) || channel.startsWith(QLatin1String("ipclab:global-")),
                 qPrintable(channel));
    }
}

void tst_Ui::invalidPayloadDisablesRun()
{
    QVERIFY(m_window->selectPattern(QStringLiteral("send")));
    auto *payload = m_window->findChild<QLineEdit *>(QStringLiteral("payload"));
    auto *run = m_window->findChild<QPushButton *>(QStringLiteral("runButton"));
    auto *error = m_window->findChild<QLabel *>(QStringLiteral("payloadError"));
    payload->clear();
    QTest::keyClicks(payload, QStringLiteral("[\"my_data\""));
    QVERIFY(!run->isEnabled());
    QVERIFY(error->isVisible());
    QVERIFY(!error->text().isEmpty());
    // A lone value is one argument, and the edited payload is what travels.
    payload->setText(QStringLiteral("{\"edited\": [1, 2]}"));
    QVERIFY(run->isEnabled());
    QVERIFY(!error->isVisible());
    m_window->logModel()->clear();
    QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(run, Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QTRY_VERIFY_WITH_TIMEOUT(logHas({QStringLiteral("source"), QStringLiteral("main"), QStringLiteral("send"),
                                     QStringLiteral("my_channel"), QStringLiteral("[{\"edited\":[1,2]}]")}),
                             10000);
}

void tst_Ui::filters()
{
    // Traffic with both windows and main.
    m_window->logModel()->clear();
    for (const char *pattern : {"invoke", "send-to"}) {
        QVERIFY(m_window->selectPattern(QLatin1String(pattern)));
        QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
    }
    m_currentTarget = m_target;
    QTRY_VERIFY_WITH_TIMEOUT(logHas({QStringLiteral("main"), QStringLiteral("target"), QStringLiteral("sendTo"),
                                     QStringLiteral("ping"), QString()}),
                             10000);
    MessageLogFilter *filter = m_window->logFilter();
    const int all = filter->rowCount();
    QVERIFY(all >= 4);

    auto *windowFilter = m_window->findChild<QComboBox *>(QStringLiteral("windowFilter"));
    const int targetIndex = windowFilter->findData(m_target->id());
    QVERIFY(targetIndex > 0);
    windowFilter->setCurrentIndex(targetIndex);
    QVERIFY(filter->rowCount() > 0);
    QVERIFY(filter->rowCount() < all);
    for (int row = 0; row < filter->rowCount(); ++row) {
        const LogEntry entry = filter->index(row, 0).data(MessageLogModel::EntryRole).value<LogEntry>();
        QVERIFY(entry.from == m_target->id() || entry.to == m_target->id());
    }
    windowFilter->setCurrentIndex(0);
    QCOMPARE(filter->rowCount(), all);

    auto *patternFilter = m_window->findChild<QComboBox *>(QStringLiteral("patternFilter"));
    patternFilter->setCurrentIndex(patternFilter->findData(QStringLiteral("invoke")));
    QCOMPARE(filter->rowCount(), 1);
    patternFilter->setCurrentIndex(0);

    auto *text = m_window->findChild<QLineEdit *>(QStringLiteral("textFilter"));
    QTest::keyClicks(text, QStringLiteral("REPLAY"));
    QCOMPARE(filter->rowCount(), 1);
    QCOMPARE(filter->index(0, 0).data(MessageLogModel::PatternRole).toString(), QStringLiteral("result"));
    text->clear();
    QCOMPARE(filter->rowCount(), all);
}

void tst_Ui::exportParsesBack()
{
    auto *patternFilter = m_window->findChild<QComboBox *>(QStringLiteral("patternFilter"));
    patternFilter->setCurrentIndex(0);
    MessageLogFilter *filter = m_window->logFilter();
    QVERIFY(filter->rowCount() > 0);

    const QString jsonPath = m_outputDir.filePath(QStringLiteral("log.jsonl"));
    QString error;
    QVERIFY2(m_window->exportLog(jsonPath, MainWindow::ExportFormat::JsonLines, &error), qPrintable(error));
    QFile json(jsonPath);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = json.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), filter->rowCount());
    for (int row = 0; row < lines.size(); ++row) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(lines[row], &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        const LogEntry back = LogEntry::fromJson(document.object());
        const LogEntry shown = filter->index(row, 0).data(MessageLogModel::EntryRole).value<LogEntry>();
        QCOMPARE(back.channel, shown.channel);
        QCOMPARE(back.pattern, shown.pattern);
        QCOMPARE(back.from, shown.from);
        QCOMPARE(back.to, shown.to);
    }

    // Only what the filter shows is exported.
    patternFilter->setCurrentIndex(patternFilter->findData(QStringLiteral("sendTo")));
    const int shown = filter->rowCount();
    QVERIFY(shown > 0);
    const QString csvPath = m_outputDir.filePath(QStringLiteral("log.csv"));
    QVERIFY2(m_window->exportLog(csvPath, MainWindow::ExportFormat::Csv, &error), qPrintable(error));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), shown + 1);
    QVERIFY(rows.at(0).startsWith("time,from,to,pattern,channel,payload"));
    for (int row = 1; row < rows.size(); ++row)
        QVERIFY2(rows.at(row).contains(",sendTo,ping,"), rows.at(row).constData());
    patternFilter->setCurrentIndex(0);
}

void tst_Ui::pauseHoldsRows()
{
    m_window->logModel()->clear();
    auto *pause = m_window->findChild<QPushButton *>(QStringLiteral("pauseButton"));
    const QString pauseText = pause->text();
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(m_window->logModel()->isPaused());
    QVERIFY(m_window->selectPattern(QStringLiteral("invoke")));
    QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(finished.at(0).at(2).toString()));
    QTRY_VERIFY2_WITH_TIMEOUT(m_window->logModel()->heldCount() >= 2,
                              qPrintable(QStringLiteral("held %1, shown %2, outcome %3")
                                                 .arg(m_window->logModel()->heldCount())
                                                 .arg(m_window->logModel()->rowCount())
                                                 .arg(finished.at(0).at(2).toString())),
                              10000);
    m_window->logModel()->flush();
    QCOMPARE(m_window->logModel()->rowCount(), 0);
    QVERIFY(pause->text() != pauseText); // "Resume (2 held)"
    QTest::mouseClick(pause, Qt::LeftButton);
    m_window->logModel()->flush();
    QVERIFY(m_window->logModel()->rowCount() >= 2);
    QCOMPARE(pause->text(), pauseText);
}

void tst_Ui::killShowsRenderProcessGone()
{
    WebContents *doomed = openReadyWindow();
    QVERIFY(doomed);
    auto *windows = m_window->findChild<QTreeWidget *>(QStringLiteral("windows"));
    QTreeWidgetItem *item = nullptr;
    for (int i = 0; i < windows->topLevelItemCount(); ++i) {
        if (windows->topLevelItem(i)->data(0, Qt::UserRole).toInt() == doomed->id())
            item = windows->topLevelItem(i);
    }
    QVERIFY(item);
    QCOMPARE(item->text(1).toLongLong(), doomed->osProcessId());
    QCOMPARE(item->text(2), QStringLiteral("ready"));
    windows->setCurrentItem(item);
    QSignalSpy gone(doomed, &WebContents::renderProcessGone);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("killButton")), Qt::LeftButton);
    QVERIFY(gone.wait(10000));
    QCOMPARE(gone.at(0).at(0).value<RenderProcessGoneDetails>().reason, QStringLiteral("killed"));
    QCOMPARE(item->text(2), QStringLiteral("gone"));
    m_currentTarget = doomed;
    QVERIFY(logHas({QStringLiteral("target"), QStringLiteral("main"), QStringLiteral("render-process-gone"),
                    QStringLiteral("render-process-gone"), QStringLiteral("\"killed\"")}));
    // A gone window is no longer offered as a source or target.
    QCOMPARE(m_window->findChild<QComboBox *>(QStringLiteral("source"))->findData(doomed->id()), -1);
}

// A renderer window's buttons, with the renderer in this process (so that its widgets can be
// clicked): each starts its pattern against the real main, and the log shows both halves.
void tst_Ui::rendererWindowButtons()
{
    WebContents *webContents = m_launcher->createWebContents();
    const auto restore = qScopeGuard([this, source = m_source] { m_source = source; });
    IpcRenderer ipcRenderer;
    QVERIFY2(ipcRenderer.connectToMain(webContents->rendererEnvironment()), qPrintable(ipcRenderer.errorString()));
    RendererAgent agent(&ipcRenderer);
    RendererWindow window(&ipcRenderer, &agent);
    window.show();
    QTRY_VERIFY(webContents->isReady());
    QTRY_VERIFY(!agent.otherWindows().isEmpty()); // main told it about the others
    auto *log = window.findChild<QPlainTextEdit *>(QStringLiteral("log"));
    m_window->logModel()->clear();

    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("invoke")), Qt::LeftButton);
    QTRY_VERIFY2(log->toPlainText().contains(QStringLiteral("invoke → \"replay\"")), qPrintable(log->toPlainText()));
    m_source = webContents; // logHas() names it "source"
    QTRY_VERIFY(logHas({QStringLiteral("source"), QStringLiteral("main"), QStringLiteral("invoke"),
                        QStringLiteral("my_channel"), QStringLiteral("\"my_data\"")}));
    QTRY_VERIFY(logHas({QStringLiteral("main"), QStringLiteral("source"), QStringLiteral("result"),
                        QStringLiteral("my_channel"), QStringLiteral("\"replay\"")}));

    auto *sendToTarget = window.findChild<QComboBox *>();
    QVERIFY(sendToTarget->count() > 0);
    m_currentTarget = m_launcher->fromId(sendToTarget->currentData().toInt());
    QVERIFY(m_currentTarget && m_currentTarget != webContents);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("sendTo")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(logHas({QStringLiteral("main"), QStringLiteral("target"), QStringLiteral("sendTo"),
                                     QStringLiteral("ping"), QStringLiteral("someThing")}),
                             10000);
    // No MessagePort yet: the button says why it cannot post.
    QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("portPost"))->isEnabled());

    // While a sendSync blocks the renderer, its window says so (painted before it blocks).
    auto *blocked = window.findChild<QLabel *>(QStringLiteral("blocked"));
    QVERIFY(!blocked->isVisible());
    Q_EMIT agent.sendSyncStarted(QStringLiteral("synchronous-message"));
    QVERIFY(blocked->isVisible());
    QVERIFY(blocked->text().contains(QStringLiteral("synchronous-message")));
    Q_EMIT agent.sendSyncFinished(QStringLiteral("synchronous-message"));
    QVERIFY(!blocked->isVisible());
}

void tst_Ui::languageSwitchReachesEveryWindow()
{
    auto *run = m_window->findChild<QPushButton *>(QStringLiteral("runButton"));
    QCOMPARE(run->text(), QStringLiteral("Run"));
    const QJsonObject before = RendererDriver::invokeAndWait(m_source, QStringLiteral("ipclab:window-state")).toObject();
    QCOMPARE(before.value(QLatin1String("language")).toString(), QStringLiteral("en"));
    QVERIFY(before.value(QLatin1String("title")).toString().contains(QStringLiteral("renderer")));

    m_window->setLanguage(QStringLiteral("zh_CN"));
    // QApplication posts LanguageChange to the windows.
    QTRY_COMPARE(run->text(), QStringLiteral("运行"));
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("主进程")));
    for (WebContents *w : {m_source, m_target}) {
        QTRY_VERIFY_WITH_TIMEOUT(
                RendererDriver::invokeAndWait(w, QStringLiteral("ipclab:window-state")).toObject().value(QLatin1String("language"))
                        == QLatin1String("zh_CN"),
                10000);
        const QString title = RendererDriver::invokeAndWait(w, QStringLiteral("ipclab:window-state"))
                                      .toObject().value(QLatin1String("title")).toString();
        QVERIFY2(title.contains(QStringLiteral("渲染进程")), qPrintable(title));
    }
    // A window opened now starts in the new language.
    WebContents *late = openReadyWindow();
    QVERIFY(late);
    QCOMPARE(RendererDriver::invokeAndWait(late, QStringLiteral("ipclab:window-state")).toObject().value(QLatin1String("language")).toString(),
             QStringLiteral("zh_CN"));
    late->close();

    m_window->setLanguage(QStringLiteral("en"));
    QTRY_COMPARE(run->text(), QStringLiteral("Run"));
}

void tst_Ui::screenshots_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

// Renders both kinds of window at a fixed size and checks that something was drawn: not one
// flat colour, and text in the snippet and log areas. The PNGs stay in the build directory.
void tst_Ui::screenshots()
{
    QFETCH(QString, language);
    m_window->setLanguage(language);
    auto *run = m_window->findChild<QPushButton *>(QStringLiteral("runButton"));
    QTRY_COMPARE(run->text(), language == QLatin1String("en") ? QStringLiteral("Run") : QStringLiteral("运行"));
    QVERIFY(m_window->selectPattern(QStringLiteral("relay")));
    m_window->resize(1280, 860);
    const QImage main = m_window->grab().toImage();
    QCOMPARE(main.size(), QSize(1280, 860) * main.devicePixelRatio());

    IpcRenderer unconnected;
    RendererAgent agent(&unconnected);
    RendererWindow rendererWindow(&unconnected, &agent);
    rendererWindow.resize(460, 560);
    const QImage renderer = rendererWindow.grab().toImage();

    for (const auto &[name, image] : {std::pair{QStringLiteral("main"), main}, std::pair{QStringLiteral("renderer"), renderer}}) {
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3) {
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        }
        QVERIFY2(colours.size() > 20, qPrintable(QStringLiteral("%1 window in %2 looks blank").arg(name, language)));
        const QString path = QStringLiteral("%1/screenshot-%2-%3.png").arg(QDir::currentPath(), name, language);
        QVERIFY2(image.save(path), qPrintable(path));
    }
    m_window->setLanguage(QStringLiteral("en"));
}

QTEST_MAIN(tst_Ui)
#include "tst_ui.moc"
