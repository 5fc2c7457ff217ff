// What main keeps about MessagePorts stays bounded whatever a renderer does: ports that come
// and go leave nothing behind, and a renderer past its quota of ports or of early messages is
// a bad message (issue 15, issue 18). The renderer is ipclab-test-hostile writing the frames an
// ipclab-renderer writes, so that 20,000 channels take seconds.

#include "ipcmain.h"
#include "ipcmainevent.h"
#include "messageport.h"
#include "portbroker.h"
#include "processstats.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <memory>


using namespace RendererDriver;

class tst_PortLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void churnLeavesNothingBehind_data();
    void churnLeavesNothingBehind();
    void portsPastTheQuotaAreABadMessage();
    void earlyMessagesPastTheQuotaAreABadMessage();
    void rendererChurnLeavesItsBookkeepingBounded_data();
    void rendererChurnLeavesItsBookkeepingBounded();

private:
    WebContents *launchHostile(const QStringList &arguments);
    RenderProcessGoneDetails waitGone(WebContents *w);

    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    QList<QPointer<MessagePort>> m_kept;
    bool m_churned = false;
};

void tst_PortLimits::init()
{
    m_ipcMain = std::make_unique<IpcMain>();
    m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
    m_churned = false;
    m_ipcMain->on(QStringLiteral("churned"),
                  [this](IpcMainEvent &, const QJsonArray &) { m_churned = true; });
}

void tst_PortLimits::cleanup()
{
    for (const QPointer<MessagePort> &port : std::as_const(m_kept))
        delete port.data();
    m_kept.clear();
    m_launcher.reset();
    m_ipcMain.reset();
}

WebContents *tst_PortLimits::launchHostile(const QStringList &arguments)
{
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_HOSTILE_PATH));
    return m_launcher->launch(arguments);
}

RenderProcessGoneDetails tst_PortLimits::waitGone(WebContents *w)
{
    QSignalSpy gone(w, &WebContents::renderProcessGone);
    if (!gone.wait(60000))
        return {};
    return gone.at(0).at(0).value<RenderProcessGoneDetails>();
}

void tst_PortLimits::churnLeavesNothingBehind_data()
{
    QTest::addColumn<QString>("listener");
    QTest::newRow("nobody listens") << "none";
    QTest::newRow("a listener that ignores the ports") << "ignores";
    QTest::newRow("a listener that takes and closes them") << "closes";
}

// N times: a renderer makes a channel, hands one end to main and closes the other. Afterwards
// main's port bookkeeping (PortBroker's registry, the router's ports, ids and buffers, the
// MessagePort objects it owns) is back where it started, and again once the renderer is gone.
// IPCLAB_CHURN_ITERATIONS sets N (20,000 by default); main's RSS is printed, not asserted.
void tst_PortLimits::churnLeavesNothingBehind()
{
    QFETCH(QString, listener);
    const int iterations = qEnvironmentVariableIsSet("IPCLAB_CHURN_ITERATIONS")
            ? qEnvironmentVariableIntValue("IPCLAB_CHURN_ITERATIONS")
            : 20000;
    if (listener == QLatin1String("ignores")) {
        m_ipcMain->on(QStringLiteral("churn"), [](IpcMainEvent &, const QJsonArray &) {});
    } else if (listener == QLatin1String("closes")) {
        m_ipcMain->on(QStringLiteral("churn"), [](IpcMainEvent &event, const QJsonArray &) {
            for (MessagePort *port : event.ports()) {
                port->close();
                port->deleteLater();
            }
        });
    }
    PortBroker *broker = m_launcher->portBroker();
    const qsizetype baseline = broker->bookkeepingSize();
    const qint64 residentBefore = trimmedResidentKilobytes();

    WebContents *churner = launchHostile({"--churn", QString::number(iterations)});
    QVERIFY(churner);
    QTRY_VERIFY_WITH_TIMEOUT(m_churned, 300000);
    QTRY_COMPARE_WITH_TIMEOUT(broker->bookkeepingSize(), baseline, 20000);
    QVERIFY(!churner->isCrashed()); // an honest churn is no bad message
    const qint64 residentAfter = trimmedResidentKilobytes();
    std::printf(
            "portlimits: %d channels (%s): main's RSS after malloc_trim(0) %.1f MiB -> %.1f MiB\n",
            iterations, qPrintable(listener), residentBefore / 1024.0, residentAfter / 1024.0);
    std::fflush(stdout);

    churner->forcefullyCrashRenderer();
    QCOMPARE(waitGone(churner).reason, QStringLiteral("killed"));
    QTRY_COMPARE_WITH_TIMEOUT(broker->bookkeepingSize(), baseline, 20000);
}

// Ports main keeps for one renderer: both ends of each channel it made and handed to main count
// until they close. Past the quota the renderer is killed, with the reason.
void tst_PortLimits::portsPastTheQuotaAreABadMessage()
{
    PortBroker *broker = m_launcher->portBroker();
    broker->setMaxPortsPerRenderer(100);
    m_ipcMain->on(QStringLiteral("churn"), [this](IpcMainEvent &event, const QJsonArray &) {
        for (MessagePort *port : event.ports())
            m_kept.append(port);
    });
    const qsizetype baseline = broker->bookkeepingSize();
    WebContents *hoarder = launchHostile({"--churn", "60", "--keep"});
    QVERIFY(hoarder);
    const RenderProcessGoneDetails details = waitGone(hoarder);
    QCOMPARE(details.badMessage,
             QStringLiteral("bad-message: renderer %1 has more than 100 ports open through main")
                     .arg(hoarder->id()));
    QCOMPARE(m_kept.size(), 50); // the first 50 channels were fine
    for (const QPointer<MessagePort> &port : std::as_const(m_kept))
        delete port.data();
    m_kept.clear();
    QTRY_COMPARE_WITH_TIMEOUT(broker->bookkeepingSize(), baseline, 20000);
}

// Messages for a port in main that wait for an earlier one: at most so many per renderer.
void tst_PortLimits::earlyMessagesPastTheQuotaAreABadMessage()
{
    PortBroker *broker = m_launcher->portBroker();
    broker->setMaxEarlyMessagesPerRenderer(10);
    m_ipcMain->on(QStringLiteral("churn"), [this](IpcMainEvent &event, const QJsonArray &) {
        for (MessagePort *port : event.ports())
            m_kept.append(port);
    });
    const qsizetype baseline = broker->bookkeepingSize();
    WebContents *sender = launchHostile({"--churn", "1", "--keep", "--early", "20"});
    QVERIFY(sender);
    const RenderProcessGoneDetails details = waitGone(sender);
    QCOMPARE(details.badMessage,
             QStringLiteral("bad-message: renderer %1 has more than 10 port messages waiting in "
                            "main for earlier ones")
                     .arg(sender->id()));
    QCOMPARE(m_kept.size(), 1);
    delete m_kept.takeFirst().data();
    QTRY_COMPARE_WITH_TIMEOUT(broker->bookkeepingSize(), baseline, 20000);
}

void tst_PortLimits::rendererChurnLeavesItsBookkeepingBounded_data()
{
    QTest::addColumn<bool>("toAnotherWindow");
    QTest::newRow("one end to main") << false;
    QTest::newRow("one end through main to another window") << true;
}

// The renderer's side of the churn: a real ipclab-renderer makes a channel, sends one end to
// main (which keeps it or passes it on to another window, which closes it) and closes the
// other, N times, twice over. What the renderers' port routers keep (stubs for ports that moved
// on, ids of ports that closed, orphan messages, copies kept for a hand-over) stays within
// PortRouter::rememberAtMost per kind, instead of growing by two entries per channel; the
// second N adds nothing. IPCLAB_CHURN_ITERATIONS sets N (20,000 by default); the renderers'
// RSS after malloc_trim(0) is printed, not asserted.
void tst_PortLimits::rendererChurnLeavesItsBookkeepingBounded()
{
    QFETCH(bool, toAnotherWindow);
    const int iterations = qEnvironmentVariableIsSet("IPCLAB_CHURN_ITERATIONS")
            ? qEnvironmentVariableIntValue("IPCLAB_CHURN_ITERATIONS")
            : 20000;
    m_launcher->setRendererProgram(QStringLiteral(IPCLAB_RENDERER_PATH));
    WebContents *churner = m_launcher->launch({"--headless"});
    WebContents *closer = toAnotherWindow ? m_launcher->launch({"--headless"}) : nullptr;
    QVERIFY(churner);
    int done = 0;
    m_ipcMain->on(QStringLiteral("churn:done"), [&done](IpcMainEvent &, const QJsonArray &) { ++done; });
    m_ipcMain->on(QStringLiteral("churn"), [closer](IpcMainEvent &event, const QJsonArray &) {
        if (closer) {
            closer->postMessage(QStringLiteral("ipclab:close-ports"), QJsonValue(), event.ports());
            return;
        }
        for (MessagePort *port : event.ports()) {
            port->close();
            port->deleteLater();
        }
    });
    QList<WebContents *> windows{churner};
    if (closer)
        windows << closer;
    auto state = [](WebContents *w) {
        return invokeAndWait(w, "ipclab:port-state", {QJsonObject{{"memory", true}}}).toObject();
    };
    QList<qint64> baseline;
    QList<qint64> rssBefore;
    for (WebContents *w : windows) {
        const QJsonObject s = state(w);
        baseline << s.value("bookkeeping").toInteger(-1);
        rssBefore << s.value("trimmedRssKiB").toInteger(-1);
        QVERIFY(baseline.last() >= 0);
    }
    // Per kind (stubs, closed ids, orphans, copies kept) at most rememberAtMost, the orphans
    // counted twice (messages and ports); unacknowledged closes may still be on their way.
    const qint64 bound = 5 * PortRouter::rememberAtMost + 64;
    const int chunk = 1000;
    QList<qint64> afterFirst;
    for (int round = 1; round <= 2; ++round) {
        // In chunks, each followed by a round trip to every window: the closes the churner
        // sends through main to the other window count against its relay budget (1 MiB) until
        // that window has read them, and a port message past it is a bad message.
        for (int made = 0; made < iterations; made += chunk) {
            const int count = qMin(chunk, iterations - made);
            const int before = done;
            perform(churner, {QJsonObject{{"op", "portChurn"}, {"channel", "churn"}, {"count", count}}});
            QTRY_COMPARE_WITH_TIMEOUT(done, before + 1, 60000);
            for (WebContents *w : std::as_const(windows))
                QVERIFY(state(w).contains("bookkeeping"));
        }
        QVERIFY(!churner->isCrashed());
        for (qsizetype i = 0; i < windows.size(); ++i) {
            qint64 kept = -1;
            // The last closes are acknowledged a moment later: wait for the copies to go.
            QTRY_VERIFY2_WITH_TIMEOUT((kept = state(windows.at(i)).value("bookkeeping").toInteger(-1)) >= 0
                                              && kept - baseline.at(i) <= bound,
                                      qPrintable(QString("window %1 keeps %2 entries after %3 channels (%4 before)")
                                                         .arg(i + 1)
                                                         .arg(kept)
                                                         .arg(round * iterations)
                                                         .arg(baseline.at(i))),
                                      20000);
            if (round == 1) {
                afterFirst << kept;
            } else {
                // Nothing more after the second N: what is kept is a window, not a history.
                QTRY_VERIFY_WITH_TIMEOUT(state(windows.at(i)).value("bookkeeping").toInteger(-1) <= afterFirst.at(i), 20000);
            }
        }
    }
    for (qsizetype i = 0; i < windows.size(); ++i) {
        const QJsonObject s = state(windows.at(i));
        std::printf("portlimits: renderer %lld (%s), %d channels twice: bookkeeping %lld -> %lld -> %lld entries, "
                    "RSS after malloc_trim(0) %.1f MiB -> %.1f MiB\n",
                    static_cast<long long>(i + 1), toAnotherWindow ? "to another window" : "to main", iterations,
                    static_cast<long long>(baseline.at(i)), static_cast<long long>(afterFirst.at(i)),
                    static_cast<long long>(s.value("bookkeeping").toInteger()), rssBefore.at(i) / 1024.0,
                    s.value("trimmedRssKiB").toInteger() / 1024.0);
    }
    std::fflush(stdout);
    QVERIFY(!churner->isCrashed());
}

QTEST_MAIN(tst_PortLimits)
#include "tst_portlimits.moc"
