// The main window driven as a person would: pick each catalogue entry, press Run, and check the
// log gains the messages that really crossed between real renderer processes; then the
// filters, export, pause, the windows panel, payload validation, the language switch (in the
// renderers too) and screenshots in both languages.

#include "agentsteps.h"
#include "demorunner.h"
#include "ipcmain.h"
#include "ipcrenderer.h"
#include "ipcreply.h"
#include "ipcmainevent.h"
#include "logentry.h"
#include "messageport.h"
#include "messagelogfilter.h"
#include "messagelogmodel.h"
#include "patternrunner.h"
#include "rendereragent.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "rendererwindow.h"
#include "runtrace.h"
#include "runtracepane.h"
#include "arrowanimation.h"
#include "snippetmarker.h"
#include "sequencediagram.h"
#include "mainwindow.h"
#include "translations.h"
#include "webcontents.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableView>
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

Q_DECLARE_METATYPE(Expected)
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
    void expectedArrowsPointAtSnippetLines();
    void runTraceMatchesInOrder();
    void runTraceMarksAMissingArrow();
    void stepThroughShowsEachMessage();
    void replayPlaysTheWholeRun();
    void traceFollowsTheLanguage();
    void answersComeAfterTheirRequests_data();
    void answersComeAfterTheirRequests();
    void invalidPayloadDisablesRun();
    void groupHeadingIsNoPattern();
    void runShortcuts();
    void editedPayloadIsKeptPerPattern();
    void helpMenuLeadsToTheReadme();
    void refusalGoesWhenFixed();
    void filters();
    void exportParsesBack();
    void logFollowsAndKeepsItsPlace();
    void pauseHoldsRows();
    void killShowsRenderProcessGone();
    void rendererWindowButtons();
    void rendererLogShowsItsSide();
    void consolesShowWhatProcessesPrint();
    void tourRunsBetweenTheWindowsOnScreen();
    void languageSwitchReachesEveryWindow();
    void placementOnCommonScreens_data();
    void placementOnCommonScreens();
    void screenshots_data();
    void screenshots();
    void tourOpensAndClosesItsOwnWindows(); // last: it closes every window first

private:
    WebContents *openReadyWindow();
    bool runPatternBetween(const QString &pattern, WebContents *source, WebContents *target);
    static QString windowState(WebContents *webContents, const char *field);
    int endpoint(const QString &role) const;
    bool logHas(const Expected &e) const;
    int rowOf(const Expected &e) const; // -1 if none
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

bool tst_Ui::runPatternBetween(const QString &pattern, WebContents *source, WebContents *target)
{
    if (!m_window->selectPattern(pattern))
        return false;
    auto *sourceCombo = m_window->findChild<QComboBox *>(QStringLiteral("source"));
    auto *targetCombo = m_window->findChild<QComboBox *>(QStringLiteral("target"));
    sourceCombo->setCurrentIndex(sourceCombo->findData(source->id()));
    targetCombo->setCurrentIndex(targetCombo->findData(target->id()));
    QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    return finished.wait(20000) && finished.at(0).at(1).toBool();
}

// What a renderer process's own window shows ("log", "console", "title", ...).
QString tst_Ui::windowState(WebContents *webContents, const char *field)
{
    return RendererDriver::invokeAndWait(webContents, QStringLiteral("ipclab:window-state"))
            .toObject().value(QLatin1String(field)).toString();
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

int tst_Ui::rowOf(const Expected &e) const
{
    MessageLogModel *model = m_window->logModel();
    model->flush();
    for (int row = 0; row < model->rowCount(); ++row) {
        const LogEntry &entry = model->entry(row);
        if (entry.from == endpoint(e.from) && entry.to == endpoint(e.to) && entry.pattern == e.pattern
            && entry.channel == e.channel)
            return row;
    }
    return -1;
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
                          QStringLiteral("uniform-module"), QStringLiteral("channel-policy"),
                          QStringLiteral("error-data"),    QStringLiteral("handle-once"),
                          QStringLiteral("webcontents-ipc"), QStringLiteral("renderer-port"),
                          QStringLiteral("binary-data"),   QStringLiteral("data-clone-error")};
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
                                                   {main, source, "event.reply", "asynchronous-reply", "\"pong\""}};
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
                                                    {main, source, "event.sender.send", "messageToRenderer", "Hello from Main!"}};
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
    QTest::newRow("channel-policy") << "channel-policy"
                                    << QList<Expected>{{source, main, "invoke", "quit-app", ""},
                                                       {main, source, "result error", "quit-app", "SecurityError"}};
    QTest::newRow("error-data") << "error-data"
                                << QList<Expected>{{source, main, "invoke", "save-file", "\"name\":\"\""},
                                                   {main, source, "result error", "save-file", "\"code\":42"}};
    QTest::newRow("handle-once") << "handle-once"
                                 << QList<Expected>{{source, main, "invoke", "one-shot", "\"first\""},
                                                    {main, source, "result", "one-shot", "handled once: first"},
                                                    {source, main, "invoke", "one-shot", "\"again\""},
                                                    {main, source, "result error", "one-shot", "No handler registered"}};
    QTest::newRow("webcontents-ipc") << "webcontents-ipc"
                                     << QList<Expected>{{source, main, "invoke", "window-only", ""},
                                                        {main, source, "result", "window-only", "own ipc"},
                                                        {target, main, "invoke", "window-only", ""},
                                                        {main, target, "result error", "window-only", "No handler registered"}};
    QTest::newRow("renderer-port") << "renderer-port"
                                   << QList<Expected>{{source, main, "postMessage", "port-to-main", ""},
                                                      {source, main, "MessagePort", "port *", "\"ping\""},
                                                      {main, source, "MessagePort", "port *", "pong: ping"}};
    QTest::newRow("binary-data") << "binary-data"
                                 << QList<Expected>{{source, main, "invoke", "echo-binary", ""},
                                                    {main, source, "result", "echo-binary", "\"byteLength\":1048576"}};
    QTest::newRow("data-clone-error") << "data-clone-error"
                                      << QList<Expected>{{source, main, "send", "save-state", "\"draft\""}};
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
    // The run's own trace: every arrow its catalogue entry declares, seen.
    auto *tracePane = m_window->findChild<RunTracePane *>(QStringLiteral("runTracePane"));
    auto *trace = m_window->findChild<QListWidget *>(QStringLiteral("runTrace"));
    const int declared = int(m_window->catalogue().find(pattern)->expect.size());
    QVERIFY(declared > 0);
    QTRY_VERIFY_WITH_TIMEOUT(tracePane->isSettled(), 10000);
    QCOMPARE(trace->count(), declared);
    for (int row = 0; row < trace->count(); ++row)
        QVERIFY2(trace->item(row)->text().startsWith(QStringLiteral("✔")), qPrintable(trace->item(row)->text() + '\n' + dump()));
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("traceSummary"))->text().startsWith(QStringLiteral("✔")));
}

// Each arrow a catalogue entry declares names a line that is in both its snippets, so that a
// replay can mark it.
void tst_Ui::expectedArrowsPointAtSnippetLines()
{
    for (const PatternGroup &group : m_window->catalogue().groups()) {
        for (const PatternInfo &info : group.patterns) {
            const QList<ExpectedArrow> arrows = ExpectedArrow::fromJson(info.expect);
            QVERIFY2(!arrows.isEmpty(), qPrintable(info.id));
            for (const ExpectedArrow &arrow : arrows) {
                QVERIFY2(!arrow.electronLine.isEmpty() && info.electron.contains(arrow.electronLine),
                         qPrintable(info.id + QStringLiteral(": ") + arrow.electronLine));
                QVERIFY2(!arrow.cppLine.isEmpty() && info.cpp.contains(arrow.cppLine),
                         qPrintable(info.id + QStringLiteral(": ") + arrow.cppLine));
                for (const QString &role : {arrow.from, arrow.to})
                    QVERIFY2(QStringList({"main", "source", "target", "renderer"}).contains(role), qPrintable(info.id));
                if (!arrow.note.isEmpty()) {
                    QVERIFY2(!arrow.note.value(QLatin1String("en")).toString().isEmpty(), qPrintable(info.id));
                    QVERIFY2(!arrow.note.value(QLatin1String("zh_CN")).toString().isEmpty(), qPrintable(info.id));
                }
            }
        }
    }
}

// The trace's matching, on its own: in order, from the right windows, on the run's channel.
void tst_Ui::runTraceMatchesInOrder()
{
    const QList<ExpectedArrow> arrows = ExpectedArrow::fromJson(m_window->catalogue().find(QStringLiteral("handle-once"))->expect);
    RunTrace trace(arrows, 3, 4, QStringLiteral("one-shot"));
    auto entry = [](int from, int to, const char *kind, const char *channel) {
        LogEntry e;
        e.from = from;
        e.to = to;
        e.pattern = QLatin1String(kind);
        e.channel = QLatin1String(channel);
        return e;
    };
    trace.match({entry(3, 0, "invoke", "one-shot"), entry(0, 3, "result", "one-shot"), entry(3, 0, "invoke", "one-shot")});
    QCOMPARE(trace.seenCount(), 3);
    QCOMPARE(trace.matchedEntry(0), 0);
    QCOMPARE(trace.matchedEntry(2), 2); // the second invoke is the third arrow, not the first again
    QCOMPARE(trace.matchedEntry(3), -1);
    QVERIFY(!trace.isComplete());
    QCOMPARE(trace.arrowOf(1), 1);
    // An error that went to another window, or on another channel, is not the missing arrow.
    trace.match({entry(3, 0, "invoke", "one-shot"), entry(0, 3, "result", "one-shot"), entry(3, 0, "invoke", "one-shot"),
                 entry(0, 4, "result error", "one-shot"), entry(0, 3, "result error", "other")});
    QCOMPARE(trace.matchedEntry(3), -1);
    trace.match({entry(3, 0, "invoke", "one-shot"), entry(0, 3, "result", "one-shot"), entry(3, 0, "invoke", "one-shot"),
                 entry(0, 3, "result error", "one-shot")});
    QVERIFY(trace.isComplete());

    // A cancel names no channel at all (a null string), and "*" still takes it.
    RunTrace timeout(ExpectedArrow::fromJson(m_window->catalogue().find(QStringLiteral("invoke-timeout"))->expect), 3, -1,
                     QStringLiteral("slow-task"));
    LogEntry cancel = entry(3, 0, "cancel", "");
    cancel.channel = QString();
    timeout.match({entry(3, 0, "invoke", "slow-task"), cancel});
    QVERIFY(timeout.isComplete());
    // "renderer" is any window, each message once: main's send to every window.
    RunTrace all(ExpectedArrow::fromJson(m_window->catalogue().find(QStringLiteral("uniform-module"))->expect), -1, -1,
                 QStringLiteral("backToRender"));
    all.match({entry(0, 5, "webContents.send", "backToRender")});
    QCOMPARE(all.seenCount(), 1);
    all.match({entry(0, 5, "webContents.send", "backToRender"), entry(0, 6, "webContents.send", "backToRender")});
    QVERIFY(all.isComplete());
}

// An answer that never comes is a ✘ once the run is over, not a ✔ and not left waiting.
void tst_Ui::runTraceMarksAMissingArrow()
{
    QVERIFY(m_window->selectPattern(QStringLiteral("send-reply")));
    auto *channel = m_window->findChild<QLineEdit *>(QStringLiteral("channel"));
    channel->setText(QStringLiteral("nobody-answers"));
    auto resetEdits = qScopeGuard([this] { QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("resetButton")), Qt::LeftButton); });
    QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QVERIFY(finished.at(0).at(1).toBool()); // a send has nothing to wait for
    auto *tracePane = m_window->findChild<RunTracePane *>(QStringLiteral("runTracePane"));
    auto *trace = m_window->findChild<QListWidget *>(QStringLiteral("runTrace"));
    QTRY_VERIFY_WITH_TIMEOUT(tracePane->isSettled(), 10000);
    QCOMPARE(trace->count(), 2);
    QVERIFY2(trace->item(0)->text().startsWith(QStringLiteral("✔")), qPrintable(trace->item(0)->text()));
    QVERIFY2(trace->item(0)->text().contains(QStringLiteral("nobody-answers")), qPrintable(trace->item(0)->text()));
    QVERIFY2(trace->item(1)->text().startsWith(QStringLiteral("✘")), qPrintable(trace->item(1)->text()));
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("traceSummary"))->text().startsWith(QStringLiteral("✘ 1 of 2")));
}

// Step-through: each Step shows the run's next message, its row in the log and the diagram, the
// line of each snippet that sent it, and what its sender is doing meanwhile.
void tst_Ui::stepThroughShowsEachMessage()
{
    QVERIFY(m_window->selectPattern(QStringLiteral("send-sync")));
    auto *sourceCombo = m_window->findChild<QComboBox *>(QStringLiteral("source"));
    sourceCombo->setCurrentIndex(sourceCombo->findData(m_source->id()));
    QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    auto *tracePane = m_window->findChild<RunTracePane *>(QStringLiteral("runTracePane"));
    QTRY_VERIFY_WITH_TIMEOUT(tracePane->isSettled() && tracePane->trace().isComplete(), 10000);
    const RunTrace &trace = tracePane->trace();
    auto *step = m_window->findChild<QPushButton *>(QStringLiteral("stepButton"));
    auto *electron = m_window->findChild<QPlainTextEdit *>(QStringLiteral("electronSnippet"));
    auto *cpp = m_window->findChild<QPlainTextEdit *>(QStringLiteral("cppSnippet"));
    auto *diagram = m_window->findChild<SequenceDiagram *>(QStringLiteral("diagram"));
    auto *note = m_window->findChild<QLabel *>(QStringLiteral("replayNote"));
    QVERIFY(step->isEnabled());
    QVERIFY(SnippetMarker::markedLine(electron).isEmpty());

    // The request: the renderer is blocked.
    const int request = trace.matchedEntry(0);
    m_window->activateWindow();
    m_window->findChild<QTreeWidget *>(QStringLiteral("catalogue"))->setFocus();
    QTest::keyClick(m_window->findChild<QTreeWidget *>(QStringLiteral("catalogue")), Qt::Key_F10); // as a debugger steps
    QTRY_COMPARE(tracePane->replayIndex(), 0);
    while (tracePane->replayIndex() < request)
        QTest::mouseClick(step, Qt::LeftButton);
    QCOMPARE(tracePane->replayIndex(), request);
    const LogEntry sent = trace.entries().at(request);
    QCOMPARE(sent.pattern, QStringLiteral("sendSync"));
    QVERIFY2(SnippetMarker::markedLine(electron).contains(QStringLiteral("ipcRenderer.sendSync('synchronous-message'")),
             qPrintable(SnippetMarker::markedLine(electron)));
    QVERIFY(SnippetMarker::markedLine(cpp).contains(QStringLiteral("ipcRenderer.sendSync(\"synchronous-message\"")));
    QCOMPARE(diagram->model()->index(diagram->currentRow(), 0).data(MessageLogModel::PatternRole).toString(),
             QStringLiteral("sendSync"));
    QCOMPARE(tracePane->animation()->row(), diagram->currentRow());
    QCOMPARE(tracePane->animation()->badge(), QStringLiteral("blocked"));
    QVERIFY2(note->text().contains(QStringLiteral("blocked")), qPrintable(note->text()));
    QTRY_COMPARE(tracePane->animation()->progress(), 1.0);

    // Onwards to the answer, which unblocks it.
    while (tracePane->replayIndex() < trace.matchedEntry(1))
        QTest::mouseClick(step, Qt::LeftButton);
    QVERIFY(SnippetMarker::markedLine(electron).contains(QStringLiteral("event.returnValue = 'pong'")));
    QVERIFY(SnippetMarker::markedLine(cpp).contains(QStringLiteral("event.returnValue = \"pong\"")));
    QCOMPARE(diagram->model()->index(diagram->currentRow(), 0).data(MessageLogModel::PatternRole).toString(),
             QStringLiteral("result"));
    QVERIFY(tracePane->animation()->badge().isEmpty());

    // Past the last message the replay is over and the marks go.
    QSignalSpy over(tracePane, &RunTracePane::replayFinished);
    while (tracePane->replayIndex() >= 0)
        QTest::mouseClick(step, Qt::LeftButton);
    QCOMPARE(over.count(), 1);
    QVERIFY(SnippetMarker::markedLine(electron).isEmpty());
    QVERIFY(!tracePane->animation()->isVisible());
}

// Replay runs through every message of the run by itself, at the chosen delay.
void tst_Ui::replayPlaysTheWholeRun()
{
    QVERIFY(m_window->selectPattern(QStringLiteral("handle-once")));
    QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    auto *tracePane = m_window->findChild<RunTracePane *>(QStringLiteral("runTracePane"));
    QTRY_VERIFY_WITH_TIMEOUT(tracePane->isSettled() && tracePane->trace().isComplete(), 10000);
    m_window->findChild<QSpinBox *>(QStringLiteral("replayDelay"))->setValue(100);
    QSignalSpy stepped(tracePane, &RunTracePane::stepped);
    QSignalSpy over(tracePane, &RunTracePane::replayFinished);
    auto *play = m_window->findChild<QPushButton *>(QStringLiteral("replayButton"));
    QTest::mouseClick(play, Qt::LeftButton);
    QVERIFY(tracePane->isPlaying());
    QCOMPARE(play->text(), QStringLiteral("Pause"));
    QVERIFY(over.wait(20000));
    QCOMPARE(stepped.count(), int(tracePane->trace().entries().size()));
    for (int i = 0; i < stepped.count(); ++i)
        QCOMPARE(stepped.at(i).at(0).toInt(), i);
    QVERIFY(!tracePane->isPlaying());
    QCOMPARE(play->text(), QStringLiteral("Replay"));
}

// The trace pane, its buttons and the catalogue's notes switch language with the rest.
void tst_Ui::traceFollowsTheLanguage()
{
    auto *tracePane = m_window->findChild<RunTracePane *>(QStringLiteral("runTracePane"));
    auto *step = m_window->findChild<QPushButton *>(QStringLiteral("stepButton"));
    auto *note = m_window->findChild<QLabel *>(QStringLiteral("replayNote"));
    QVERIFY(m_window->selectPattern(QStringLiteral("invoke")));
    QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QTRY_VERIFY_WITH_TIMEOUT(tracePane->isSettled() && tracePane->trace().isComplete(), 10000);
    auto restore = qScopeGuard([this] { m_window->setLanguage(QStringLiteral("en")); });
    while (tracePane->replayIndex() < tracePane->trace().matchedEntry(0))
        QTest::mouseClick(step, Qt::LeftButton);
    QVERIFY2(note->text().contains(QStringLiteral("pending")), qPrintable(note->text()));
    m_window->setLanguage(QStringLiteral("zh_CN"));
    QTRY_COMPARE(step->text(), QStringLiteral("单步"));
    QCOMPARE(tracePane->title(), QStringLiteral("本次运行，逐条箭头"));
    QCOMPARE(m_window->findChild<QPushButton *>(QStringLiteral("replayButton"))->text(), QStringLiteral("回放"));
    QVERIFY2(note->text().contains(QStringLiteral("Promise 处于等待状态")), qPrintable(note->text()));
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("traceSummary"))->text().contains(QStringLiteral("预期的 2 条箭头已出现 2 条")));
    QVERIFY(m_window->findChild<QListWidget *>(QStringLiteral("runTrace"))->item(0)->text().contains(QStringLiteral("渲染进程")));
    // The badge too, on a step taken in Chinese.
    tracePane->stopReplay();
    while (tracePane->replayIndex() < tracePane->trace().matchedEntry(0))
        QTest::mouseClick(step, Qt::LeftButton);
    QCOMPARE(tracePane->animation()->badge(), QStringLiteral("等待中"));
    tracePane->stopReplay();
}

void tst_Ui::answersComeAfterTheirRequests_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<Expected>("request");
    QTest::addColumn<Expected>("answer");
    const QString main = QStringLiteral("main");
    const QString source = QStringLiteral("source");
    const QString target = QStringLiteral("target");
    // The renderer reports main's request in a batch, after main has already logged the answer.
    for (int run = 1; run <= 3; ++run) {
        QTest::addRow("main-invoke %d", run) << "main-invoke" << Expected{main, target, "invoke", "get-renderer-info", ""}
                                             << Expected{target, main, "result", "get-renderer-info", ""};
    }
    QTest::newRow("invoke") << "invoke" << Expected{source, main, "invoke", "my_channel", ""}
                            << Expected{main, source, "result", "my_channel", ""};
    QTest::newRow("send-sync") << "send-sync" << Expected{source, main, "sendSync", "synchronous-message", ""}
                               << Expected{main, source, "result", "synchronous-message", ""};
}

// Order by the sender's send time: in the log (and so in the diagram, which draws its rows), an
// answer is never above its request, however late the receiver reported it.
void tst_Ui::answersComeAfterTheirRequests()
{
    QFETCH(QString, pattern);
    QFETCH(Expected, request);
    QFETCH(Expected, answer);
    m_currentTarget = m_target;
    m_window->logModel()->clear();
    QVERIFY(m_window->selectPattern(pattern));
    auto *sourceCombo = m_window->findChild<QComboBox *>(QStringLiteral("source"));
    auto *targetCombo = m_window->findChild<QComboBox *>(QStringLiteral("target"));
    sourceCombo->setCurrentIndex(sourceCombo->findData(m_source->id()));
    targetCombo->setCurrentIndex(targetCombo->findData(m_target->id()));
    QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QTRY_VERIFY2_WITH_TIMEOUT(rowOf(request) >= 0 && rowOf(answer) >= 0, qPrintable(dump()), 10000);
    QVERIFY2(rowOf(request) < rowOf(answer), qPrintable(dump()));
    // The diagram draws the same rows, in the same order.
    auto *diagram = m_window->findChild<SequenceDiagram *>(QStringLiteral("diagram"));
    QVERIFY(diagram->arrowRect(rowOf(request)).top() < diagram->arrowRect(rowOf(answer)).top());
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

// A group heading is no pattern: Run is off, the details say so (in the current language),
// rather than keeping the previous pattern's.
void tst_Ui::groupHeadingIsNoPattern()
{
    QVERIFY(m_window->selectPattern(QStringLiteral("invoke")));
    auto *catalogue = m_window->findChild<QTreeWidget *>(QStringLiteral("catalogue"));
    auto *run = m_window->findChild<QPushButton *>(QStringLiteral("runButton"));
    auto *title = m_window->findChild<QLabel *>(QStringLiteral("patternTitle"));
    auto *electron = m_window->findChild<QPlainTextEdit *>(QStringLiteral("electronSnippet"));
    QVERIFY(run->isEnabled());
    const QString invokeTitle = title->text();
    catalogue->setFocus();
    QTest::keyClick(catalogue, Qt::Key_Up); // invoke is its group's first: onto the heading
    QCOMPARE(m_window->selectedPattern(), QString());
    QVERIFY(!run->isEnabled());
    QVERIFY(title->text() != invokeTitle);
    QCOMPARE(title->text(), QStringLiteral("No pattern selected"));
    QVERIFY(electron->toPlainText().isEmpty());
    QVERIFY(!m_window->findChild<QLineEdit *>(QStringLiteral("payload"))->isEnabled());
    QSignalSpy started(m_window->patternRunner(), &PatternRunner::finished);
    m_window->findChild<QAction *>(QStringLiteral("runAction"))->trigger();
    QVERIFY(!m_window->patternRunner()->isRunning());

    m_window->setLanguage(QStringLiteral("zh_CN"));
    QTRY_COMPARE(run->text(), QStringLiteral("运行"));
    QCOMPARE(title->text(), QStringLiteral("未选择模式"));
    m_window->setLanguage(QStringLiteral("en"));
    QTRY_COMPARE(run->text(), QStringLiteral("Run"));
    QVERIFY(m_window->selectPattern(QStringLiteral("invoke")));
    QVERIFY(run->isEnabled());
    QCOMPARE(title->text(), invokeTitle);
}

// Run from anywhere in the main window, the catalogue included: Ctrl+R and Ctrl+Return.
void tst_Ui::runShortcuts()
{
    auto *catalogue = m_window->findChild<QTreeWidget *>(QStringLiteral("catalogue"));
    for (const QKeyCombination key : {QKeyCombination(Qt::CTRL, Qt::Key_R), QKeyCombination(Qt::CTRL, Qt::Key_Return)}) {
        QVERIFY(m_window->selectPattern(QStringLiteral("invoke")));
        m_window->activateWindow();
        catalogue->setFocus();
        QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
        QTest::keyClick(catalogue, key.key(), key.keyboardModifiers());
        QVERIFY(finished.wait(20000));
        QVERIFY(finished.at(0).at(1).toBool());
    }
}

// Help has more than About: how to use it, and the README with the rest.
void tst_Ui::helpMenuLeadsToTheReadme()
{
    auto *help = m_window->findChild<QMenu *>(QStringLiteral("helpMenu"));
    QVERIFY(help);
    QStringList texts;
    for (QAction *action : help->actions())
        texts.append(action->text());
    QVERIFY2(texts.contains(QStringLiteral("Getting started")), qPrintable(texts.join(QLatin1String(", "))));
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("readmeAction")));
    QVERIFY(help->actions().contains(m_window->findChild<QAction *>(QStringLiteral("readmeAction"))));
    const QString readme = MainWindow::readmePath();
    QVERIFY2(QFileInfo(readme).fileName() == QLatin1String("README.md"), qPrintable(readme));
}

void tst_Ui::editedPayloadIsKeptPerPattern()
{
    auto *payload = m_window->findChild<QLineEdit *>(QStringLiteral("payload"));
    QVERIFY(m_window->selectPattern(QStringLiteral("invoke")));
    const QString original = payload->text();
    payload->setText(QStringLiteral("[\"kept\"]"));
    QVERIFY(m_window->selectPattern(QStringLiteral("send-to")));
    QVERIFY(payload->text() != QStringLiteral("[\"kept\"]"));
    QVERIFY(m_window->selectPattern(QStringLiteral("invoke")));
    QCOMPARE(payload->text(), QStringLiteral("[\"kept\"]"));
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("resetButton")), Qt::LeftButton);
    QCOMPARE(payload->text(), original);
}

// "Choose two different windows." stays only until the choice is fixed; an error pattern that
// got its error says it was expected.
void tst_Ui::refusalGoesWhenFixed()
{
    QVERIFY(m_window->selectPattern(QStringLiteral("send-to")));
    auto *sourceCombo = m_window->findChild<QComboBox *>(QStringLiteral("source"));
    auto *targetCombo = m_window->findChild<QComboBox *>(QStringLiteral("target"));
    auto *outcome = m_window->findChild<QLabel *>(QStringLiteral("outcome"));
    sourceCombo->setCurrentIndex(sourceCombo->findData(m_source->id()));
    targetCombo->setCurrentIndex(targetCombo->findData(m_source->id()));
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QCOMPARE(outcome->text(), QStringLiteral("Choose two different windows."));
    targetCombo->setCurrentIndex(targetCombo->findData(m_target->id()));
    QVERIFY(outcome->text().isEmpty());

    QVERIFY(m_window->selectPattern(QStringLiteral("invoke-error")));
    QSignalSpy finished(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QVERIFY2(outcome->text().startsWith(QStringLiteral("✔ As expected: ")), qPrintable(outcome->text()));

    // The outcome line follows a language switch, as everything else does.
    QVERIFY(m_window->selectPattern(QStringLiteral("invoke")));
    QSignalSpy again(m_window->patternRunner(), &PatternRunner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
    QVERIFY(again.wait(20000));
    QVERIFY2(outcome->text().contains(QStringLiteral("Answer: ")), qPrintable(outcome->text()));
    m_window->setLanguage(QStringLiteral("zh_CN"));
    QTRY_VERIFY2(outcome->text().contains(QStringLiteral("回应：")),
                 qPrintable(outcome->text()));
    QVERIFY(!outcome->text().contains(QStringLiteral("Answer: ")));
    m_window->setLanguage(QStringLiteral("en"));
    QTRY_VERIFY2(outcome->text().contains(QStringLiteral("Answer: ")), qPrintable(outcome->text()));
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
    // The processes in id order.
    for (int i = 2; i + 1 < windowFilter->count(); ++i)
        QVERIFY(windowFilter->itemData(i).toInt() < windowFilter->itemData(i + 1).toInt());

    auto *patternFilter = m_window->findChild<QComboBox *>(QStringLiteral("patternFilter"));
    patternFilter->setCurrentIndex(patternFilter->findData(QStringLiteral("invoke")));
    QCOMPARE(filter->rowCount(), 1);
    patternFilter->setCurrentIndex(0);

    // Only the last run: send-to's messages, not invoke's.
    auto *lastRunOnly = m_window->findChild<QCheckBox *>(QStringLiteral("lastRunOnly"));
    lastRunOnly->setChecked(true);
    QVERIFY(filter->rowCount() > 0);
    QVERIFY(filter->rowCount() < all);
    for (int row = 0; row < filter->rowCount(); ++row)
        QVERIFY(filter->index(row, 0).data(MessageLogModel::PatternRole).toString() != QLatin1String("invoke"));
    lastRunOnly->setChecked(false);
    QCOMPARE(filter->rowCount(), all);

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

// The table follows new rows while at the bottom, even with a row selected; clearing a filter
// keeps its place; no column cuts its text short.
void tst_Ui::logFollowsAndKeepsItsPlace()
{
    MessageLogModel *model = m_window->logModel();
    model->clear();
    auto *view = m_window->findChild<QTableView *>(QStringLiteral("logView"));
    QScrollBar *bar = view->verticalScrollBar();
    const auto appendRows = [model](int count, const QString &channel) {
        for (int i = 0; i < count; ++i) {
            LogEntry entry;
            entry.from = 12;
            entry.to = 13;
            entry.pattern = QStringLiteral("webContents.send");
            entry.channel = channel;
            entry.payload = "\"x\"";
            model->append(entry);
        }
        model->flush();
    };
    appendRows(100, QStringLiteral("first"));
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    view->setCurrentIndex(view->model()->index(99, 0));
    appendRows(20, QStringLiteral("more"));
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(bar->value() > 0);

    view->clearSelection();
    view->setCurrentIndex({});
    auto *text = m_window->findChild<QLineEdit *>(QStringLiteral("textFilter"));
    QTest::keyClicks(text, QStringLiteral("more"));
    text->clear();
    QCOMPARE(view->model()->rowCount(), 120);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(bar->value() > 0);

    // Every column but the payload as wide as what it shows, a wider row that came later too.
    LogEntry wider;
    wider.from = 1234;
    wider.to = 5678;
    wider.pattern = QStringLiteral("MessagePort close");
    model->append(wider);
    model->flush();
    const QModelIndex route = view->model()->index(view->model()->rowCount() - 1, MessageLogModel::RouteColumn);
    const QModelIndex pattern = view->model()->index(view->model()->rowCount() - 1, MessageLogModel::PatternColumn);
    QVERIFY(view->columnWidth(MessageLogModel::RouteColumn) > view->fontMetrics().horizontalAdvance(route.data().toString()));
    QVERIFY(view->columnWidth(MessageLogModel::PatternColumn) > view->fontMetrics().horizontalAdvance(pattern.data().toString()));
    model->clear();
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
    // It leaves the list, so that the live windows stay in sight, and the reason is shown.
    for (int i = 0; i < windows->topLevelItemCount(); ++i)
        QVERIFY(windows->topLevelItem(i)->data(0, Qt::UserRole).toInt() != doomed->id());
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("killed")),
             qPrintable(m_window->statusBar()->currentMessage()));
    m_currentTarget = doomed;
    QVERIFY(logHas({QStringLiteral("target"), QStringLiteral("main"), QStringLiteral("render-process-gone"),
                    QStringLiteral("render-process-gone"), QStringLiteral("\"killed\"")}));
    // A gone window is no longer offered as a source or target, and its lane goes from the diagram.
    QCOMPARE(m_window->findChild<QComboBox *>(QStringLiteral("source"))->findData(doomed->id()), -1);
    auto *diagram = m_window->findChild<SequenceDiagram *>(QStringLiteral("diagram"));
    const int lanes = diagram->lifelines().size();
    WebContents *next = openReadyWindow();
    QVERIFY(next);
    QTRY_VERIFY(diagram->lifelines().contains(next->id()));
    QVERIFY2(!diagram->lifelines().contains(doomed->id()), qPrintable(dump()));
    QCOMPARE(diagram->lifelines().size(), lanes);
    QSignalSpy closed(next, &WebContents::renderProcessGone);
    next->close();
    QVERIFY(closed.wait(10000));
    QCOMPARE(closed.at(0).at(0).value<RenderProcessGoneDetails>().reason, QStringLiteral("clean-exit"));
    QTRY_VERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("closed cleanly")));
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
    QTRY_VERIFY2(log->toPlainText().contains(QStringLiteral("invoke my_channel → \"replay\"")), qPrintable(log->toPlainText()));
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
    auto *portPost = window.findChild<QPushButton *>(QStringLiteral("portPost"));
    QVERIFY(!portPost->isEnabled());
    // With one it can; once main closes the other end, it cannot any more.
    QPointer<MessagePort> mainEnd;
    m_ipcMain->on(QStringLiteral("test:port"), [&mainEnd](IpcMainEvent &event, const QJsonArray &) {
        mainEnd = event.ports().value(0);
    });
    bool performed = false;
    agent.perform({AgentSteps::step(QStringLiteral("newChannel"), QStringLiteral("test:port"), {QJsonValue()})},
                  [&performed](const QJsonArray &) { performed = true; });
    QTRY_VERIFY(performed);
    QTRY_VERIFY(mainEnd);
    QTRY_VERIFY(portPost->isEnabled());
    mainEnd->close();
    QTRY_VERIFY(!portPost->isEnabled());
    QVERIFY(portPost->toolTip().contains(QStringLiteral("closed")));
    // A post main asks for all the same goes nowhere, and the log says so.
    performed = false;
    agent.perform({AgentSteps::step(QStringLiteral("portPost"), QString(), {QStringLiteral("late")})},
                  [&performed](const QJsonArray &) { performed = true; });
    QTRY_VERIFY(performed);
    QVERIFY2(log->toPlainText().contains(QStringLiteral("port post \"late\": not delivered")), qPrintable(log->toPlainText()));
    // What the log already shows is worded again after a language switch.
    m_window->setLanguage(QStringLiteral("zh_CN"));
    QTRY_VERIFY2(log->toPlainText().contains(QStringLiteral("端口已被另一端关闭")), qPrintable(log->toPlainText()));
    QVERIFY(!log->toPlainText().contains(QStringLiteral("port closed by the other end")));
    m_window->setLanguage(QStringLiteral("en"));
    QTRY_VERIFY2(log->toPlainText().contains(QStringLiteral("port closed by the other end")), qPrintable(log->toPlainText()));
    m_ipcMain->removeAllListeners(QStringLiteral("test:port"));

    // While a sendSync blocks the renderer, its window says so (painted before it blocks).
    // It wraps rather than widening the window for good.
    auto *blocked = window.findChild<QLabel *>(QStringLiteral("blocked"));
    QVERIFY(!blocked->isVisible());
    window.resize(460, 560);
    const int width = window.width();
    Q_EMIT agent.sendSyncStarted(QStringLiteral("synchronous-message"));
    QVERIFY(blocked->isVisible());
    QVERIFY(blocked->text().contains(QStringLiteral("synchronous-message")));
    QCoreApplication::processEvents();
    QCOMPARE(window.width(), width);
    QVERIFY(window.minimumSizeHint().width() <= width);
    Q_EMIT agent.sendSyncFinished(QStringLiteral("synchronous-message"));
    QVERIFY(!blocked->isVisible());
    QCOMPARE(window.width(), width);

    // Each button's tooltip names the channel and the payload it sends.
    const QString sendSyncTip = window.findChild<QPushButton *>(QStringLiteral("sendSync"))->toolTip();
    QVERIFY2(sendSyncTip.contains(QStringLiteral("synchronous-message")) && sendSyncTip.contains(QStringLiteral("ping")),
             qPrintable(sendSyncTip));
    const QString invokeTip = window.findChild<QPushButton *>(QStringLiteral("invoke"))->toolTip();
    QVERIFY2(invokeTip.contains(QStringLiteral("my_channel")) && invokeTip.contains(QStringLiteral("my_data")),
             qPrintable(invokeTip));
}

// A renderer's own log has its side of every pattern: the answer to its sendSync, an invoke
// main started, the value it read, the timeout it got; its lines come as it sends, not after.
void tst_Ui::rendererLogShowsItsSide()
{
    QVERIFY(runPatternBetween(QStringLiteral("send-sync"), m_source, m_target));
    QTRY_VERIFY2_WITH_TIMEOUT(windowState(m_source, "log").contains(QStringLiteral("sendSync synchronous-message → \"pong\"")),
                              qPrintable(windowState(m_source, "log")), 10000);
    QVERIFY(runPatternBetween(QStringLiteral("main-invoke"), m_source, m_target));
    QTRY_VERIFY2_WITH_TIMEOUT(windowState(m_target, "log").contains(QStringLiteral("main invoked get-renderer-info")),
                              qPrintable(windowState(m_target, "log")), 10000);
    QVERIFY(runPatternBetween(QStringLiteral("shared-object"), m_source, m_target));
    QTRY_VERIFY2_WITH_TIMEOUT(windowState(m_target, "log").contains(QStringLiteral("sharedObject.someProperty → \"new value\"")),
                              qPrintable(windowState(m_target, "log")), 10000);
    QVERIFY(runPatternBetween(QStringLiteral("invoke-timeout"), m_source, m_target));
    QTRY_VERIFY2_WITH_TIMEOUT(windowState(m_source, "log").contains(QStringLiteral("invoke slow-task failed: TimeoutError")),
                              qPrintable(windowState(m_source, "log")), 10000);
    // The invoke's line is there before its answer's.
    const QString log = windowState(m_source, "log");
    QVERIFY2(log.lastIndexOf(QStringLiteral("invoke slow-task [2000]")) < log.lastIndexOf(QStringLiteral("invoke slow-task failed")),
             qPrintable(log));
}

// Each process's console pane shows what its code prints with qDebug() (the notes' console.log):
// main's "receive message from render:", a renderer's "pong".
void tst_Ui::consolesShowWhatProcessesPrint()
{
    auto *console = m_window->findChild<QPlainTextEdit *>(QStringLiteral("console"));
    QVERIFY(console);
    QVERIFY(runPatternBetween(QStringLiteral("send"), m_source, m_target));
    QTRY_VERIFY2(console->toPlainText().contains(QStringLiteral("receive message from render:")),
                 qPrintable(console->toPlainText()));
    QVERIFY(runPatternBetween(QStringLiteral("send-reply"), m_source, m_target));
    QTRY_VERIFY2_WITH_TIMEOUT(windowState(m_source, "console").contains(QStringLiteral("\"pong\"")),
                              qPrintable(windowState(m_source, "console")), 10000);
}

// "Run every pattern" runs between the windows on screen, one pattern at a time with a pause a
// person can follow, and leaves no window of its own behind (only its crash victim is new).
void tst_Ui::tourRunsBetweenTheWindowsOnScreen()
{
    const auto liveWindows = [this] {
        QList<int> ids;
        for (WebContents *w : m_launcher->allWebContents()) {
            if (w->isReady() && !w->isCrashed())
                ids.append(w->id());
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    QTRY_VERIFY(liveWindows().size() >= 2);
    const QList<int> before = liveWindows();
    QVERIFY(m_demo->stepDelay() >= 300);
    QSignalSpy started(m_demo.get(), &DemoRunner::patternStarted);
    QSignalSpy created(m_launcher.get(), &RendererLauncher::webContentsCreated);
    m_window->logModel()->clear();
    m_window->findChild<QAction *>(QStringLiteral("runAllAction"))->trigger();
    QVERIFY2(m_demo->failures().isEmpty(), qPrintable(m_demo->failures().join(QLatin1String("; "))));
    QCOMPARE(started.size(), 12);
    QCOMPARE(created.size(), 1); // the renderer it crashes on purpose
    // The first pattern went between the two oldest windows on screen.
    const auto restore = qScopeGuard([this, source = m_source] { m_source = source; });
    m_source = m_launcher->fromId(before.at(0));
    QVERIFY(logHas({QStringLiteral("source"), QStringLiteral("main"), QStringLiteral("send"), QStringLiteral("my_channel"),
                    QStringLiteral("my_data")}));
    QTRY_COMPARE_WITH_TIMEOUT(liveWindows(), before, 10000);
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

void tst_Ui::placementOnCommonScreens_data()
{
    QTest::addColumn<QRect>("available");
    QTest::newRow("1366x768") << QRect(0, 0, 1366, 768);
    QTest::newRow("1920x1080") << QRect(0, 0, 1920, 1080);
    QTest::newRow("1280x800, panel on top") << QRect(0, 28, 1280, 772);
}

// The main window and two renderer windows on a common screen: all on it, none over another,
// and each renderer window's slot big enough for its contents and a window manager's frame.
void tst_Ui::placementOnCommonScreens()
{
    QFETCH(QRect, available);
    const QRect main = MainWindow::mainWindowGeometry(available);
    QVERIFY(available.contains(main));
    IpcRenderer unconnected;
    RendererAgent agent(&unconnected);
    RendererWindow rendererWindow(&unconnected, &agent);
    const QSize needed = rendererWindow.minimumSizeHint() + QSize(8, 36);
    QList<QRect> placed{main};
    for (int slot = 0; slot < 2; ++slot) {
        const QRect r = MainWindow::rendererGeometry(slot, available, main);
        const auto describe = [&] {
            return QStringLiteral("slot %1 at %2,%3 %4x%5, needs %6x%7")
                    .arg(slot).arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height()).arg(needed.width()).arg(needed.height());
        };
        QVERIFY2(available.contains(r), qPrintable(describe()));
        for (const QRect &other : std::as_const(placed))
            QVERIFY2(!r.intersects(other), qPrintable(describe()));
        QVERIFY2(r.width() >= needed.width() && r.height() >= needed.height(), qPrintable(describe()));
        placed.append(r);
    }
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

// With no two windows on screen, the tour opens its own (placed by the main window, as New
// does) and closes them when it is over.
void tst_Ui::tourOpensAndClosesItsOwnWindows()
{
    const auto liveCount = [this] {
        int live = 0;
        for (WebContents *w : m_launcher->allWebContents())
            live += w->isReady() && !w->isCrashed() ? 1 : 0;
        return live;
    };
    for (WebContents *w : m_launcher->allWebContents())
        w->close();
    QTRY_COMPARE_WITH_TIMEOUT(liveCount(), 0, 10000);
    m_source = m_target = m_currentTarget = nullptr;
    QSignalSpy created(m_launcher.get(), &RendererLauncher::webContentsCreated);
    // Where each window is, and the main window's slots for renderer windows when it was opened.
    QList<std::pair<QPoint, QList<QPoint>>> placed;
    QObject context; // nothing reaches placed after this function
    connect(m_launcher.get(), &RendererLauncher::webContentsCreated, &context, [this, &placed, &context](WebContents *w) {
        QList<QPoint> slotCorners;
        for (int slot = 0; slot < 4; ++slot)
            slotCorners.append(m_window->rendererGeometry(slot).adjusted(4, 32, -4, -4).topLeft());
        connect(w, &WebContents::didFinishLoad, &context, [w, &placed, &context, slotCorners] {
            w->invoke(QStringLiteral("ipclab:window-state"))->then(&context, [&placed, slotCorners](const IpcResult &result) {
                const QJsonArray g = result.value().toObject().value(QLatin1String("geometry")).toArray();
                if (g.size() == 4)
                    placed.append({QPoint(g.at(0).toInt(), g.at(1).toInt()), slotCorners});
            });
        });
    });
    m_window->findChild<QAction *>(QStringLiteral("runAllAction"))->trigger();
    QVERIFY2(m_demo->failures().isEmpty(), qPrintable(m_demo->failures().join(QLatin1String("; "))));
    QCOMPARE(created.size(), 3); // two to run between, one to crash
    QTRY_COMPARE_WITH_TIMEOUT(liveCount(), 0, 10000);
    // Placed in the main window's slots (as New places them; a frame may shift them a little).
    QVERIFY(!placed.isEmpty());
    for (const auto &[at, slotCorners] : std::as_const(placed)) {
        const bool inASlot = std::any_of(slotCorners.begin(), slotCorners.end(), [at](const QPoint &corner) {
            return (corner - at).manhattanLength() <= 8;
        });
        QVERIFY2(inASlot, qPrintable(QStringLiteral("%1,%2").arg(at.x()).arg(at.y())));
    }
}

QTEST_MAIN(tst_Ui)
#include "tst_ui.moc"
