// How port messages find their way when ports move, nest, or lose their other end: the hard
// cases of PortRouter and PortBroker, with renderers living in this process so that each case
// is quick and exact. (tst_messagechannel covers the same API with real renderer processes.)

#include "ipcmain.h"
#include "ipcrenderer.h"
#include "messagechannel.h"
#include "messagechannelmain.h"
#include "portbroker.h"
#include "rendererlauncher.h"
#include "rendererports.h"
#include "webcontents.h"

#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

class tst_PortRouting : public QObject
{
    Q_OBJECT

private:
    // A renderer in this process that, like the seeds' preload, starts a port arriving on
    // "port" and collects what comes on it.
    struct Window
    {
        WebContents *webContents = nullptr;
        std::unique_ptr<IpcRenderer> ipc;
        QPointer<MessagePort> port;
        QJsonArray received;
        bool closed = false;
    };

    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;

    std::unique_ptr<Window> window()
    {
        auto w = std::make_unique<Window>();
        w->webContents = m_launcher->createWebContents();
        w->ipc = std::make_unique<IpcRenderer>();
        if (!w->ipc->connectToMain(w->webContents->rendererEnvironment()))
            return nullptr;
        Window *raw = w.get();
        w->ipc->on("port", [raw](IpcRendererEvent &event, const QJsonArray &) {
            if (event.ports().isEmpty())
                return;
            raw->port = event.ports().first();
            QObject::connect(raw->port, &MessagePort::message, raw->port,
                             [raw](const QJsonValue &data, const QList<MessagePort *> &) { raw->received.append(data); });
            QObject::connect(raw->port, &MessagePort::closed, raw->port, [raw] { raw->closed = true; });
            raw->port->start();
        });
        return w;
    }

    static bool direct(const Window &w) { return w.port && w.ipc->portRouter()->isDirect(w.port); }

private Q_SLOTS:
    void init()
    {
        m_ipcMain = std::make_unique<IpcMain>();
        m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
        QVERIFY(m_launcher->listen());
    }

    void cleanup()
    {
        m_launcher.reset();
        m_ipcMain.reset();
    }

    void aRendererMadePortAnswersThroughMainBeforeThePipe()
    {
        auto r1 = window();
        auto r2 = window();
        QVERIFY(r1 && r2);
        m_ipcMain->on("forward", [&](IpcMainEvent &event, const QJsonArray &) {
            r2->webContents->postMessage("port", QJsonValue(), event.ports());
        });
        // r2 answers the moment the port arrives, long before any pipe exists.
        r2->ipc->on("port", [](IpcRendererEvent &event, const QJsonArray &) { event.ports().first()->postMessage("reply-1"); });
        MessageChannel channel(r1->ipc.get());
        QJsonArray got;
        connect(channel.port1, &MessagePort::message, this,
                [&got](const QJsonValue &data, const QList<MessagePort *> &) { got.append(data); });
        channel.port1->start();
        QVERIFY(r1->ipc->postMessage("forward", QJsonValue(), {channel.port2}).isNull());
        QTRY_COMPARE(got, QJsonArray{"reply-1"});
        QTRY_VERIFY(direct(*r2));
        r2->port->postMessage("reply-2");
        QTRY_COMPARE(got, QJsonArray({"reply-1", "reply-2"}));
    }

    void earlyMessagesFollowAPortThatMovesOn()
    {
        auto b = window();
        QVERIFY(b);
        MessageChannelMain qc(m_launcher.get());
        MessageChannelMain cd(m_launcher.get());
        QPointer<MessagePort> qBack;
        m_ipcMain->on("back", [&](IpcMainEvent &event, const QJsonArray &) { qBack = event.ports().first(); });
        QVERIFY(b->webContents->postMessage("port", QJsonValue(), {qc.port2}).isNull());
        QTRY_VERIFY(b->port);
        // b sends q back to main; before main has read that, main sends c to q (still at b, as
        // far as main knows) and talks on d, whose other end c is on its way.
        QVERIFY(b->ipc->postMessage("back", QJsonValue(), {b->port.data()}).isNull());
        QVERIFY(qc.port1->postMessage("carry", {cd.port1}).isNull());
        QVERIFY(cd.port2->postMessage("hello").isNull());
        QTRY_VERIFY(qBack);
        QPointer<MessagePort> c;
        connect(qBack, &MessagePort::message, this,
                [&c](const QJsonValue &, const QList<MessagePort *> &ports) { c = ports.value(0); });
        qBack->start();
        QTRY_VERIFY(c);
        QJsonArray got;
        connect(c, &MessagePort::message, this, [&got](const QJsonValue &data, const QList<MessagePort *> &) { got.append(data); });
        c->start();
        cd.port2->postMessage("hello-2");
        QTRY_COMPARE(got, QJsonArray({"hello", "hello-2"}));
    }

    void aPortCannotBeSentThroughItsOwnPeer()
    {
        MessageChannelMain channel(m_launcher.get());
        QCOMPARE(channel.port1->postMessage("x", {channel.port2}).message(),
                 "Port at index 0 is entangled with the source port.");
        auto r = window();
        QVERIFY(r);
        QList<MessagePort *> both;
        r->ipc->on("both", [&both](IpcRendererEvent &event, const QJsonArray &) { both = event.ports(); });
        MessageChannelMain other(m_launcher.get());
        QVERIFY(r->webContents->postMessage("both", QJsonValue(), {other.port1, other.port2}).isNull());
        QTRY_COMPARE(both.size(), 2);
        QCOMPARE(both[0]->postMessage("x", {both[1]}).name(), "DataCloneError");
        QCOMPARE(r->ipc->portRouter()->forwardedCount(), 0u);
    }

    void portsInsideAQueuedMessageAreTrackedWhereverItGoes()
    {
        auto w1 = window();
        auto w2 = window();
        QVERIFY(w1 && w2);
        MessageChannelMain ab(m_launcher.get());
        MessageChannelMain cd(m_launcher.get());
        QVERIFY(ab.port1->postMessage("carrier", {cd.port1}).isNull()); // b is not started: c waits inside it
        QVERIFY(w1->webContents->postMessage("port", QJsonValue(), {cd.port2}).isNull()); // d to w1
        QTRY_VERIFY(w1->port);
        // b, with c inside its queue, goes to w2.
        QPointer<MessagePort> c;
        QJsonArray gotOnC;
        w2->ipc->on("carrier", [&](IpcRendererEvent &event, const QJsonArray &) {
            MessagePort *b = event.ports().first();
            connect(b, &MessagePort::message, this, [&](const QJsonValue &, const QList<MessagePort *> &ports) {
                c = ports.value(0);
                connect(c, &MessagePort::message, this,
                        [&gotOnC](const QJsonValue &data, const QList<MessagePort *> &) { gotOnC.append(data); });
                c->start();
            });
            b->start();
        });
        QVERIFY(w2->webContents->postMessage("carrier", QJsonValue(), {ab.port2}).isNull());
        QTRY_VERIFY(c);
        w1->port->postMessage("to c");
        QTRY_COMPARE(gotOnC, QJsonArray{"to c"});
    }

    void aCleanExitAfterHandingThePortOnClosesNothing()
    {
        auto r1 = window();
        auto r2 = window();
        QVERIFY(r1 && r2);
        MessageChannelMain channel(m_launcher.get());
        QVERIFY(r1->webContents->postMessage("port", QJsonValue(), {channel.port1}).isNull());
        QVERIFY(r2->webContents->postMessage("port", QJsonValue(), {channel.port2}).isNull());
        QTRY_VERIFY(direct(*r1) && direct(*r2));
        QPointer<MessagePort> back;
        m_ipcMain->on("back", [&back](IpcMainEvent &event, const QJsonArray &) {
            back = event.ports().first();
            back->start();
        });
        QVERIFY(r1->ipc->postMessage("back", QJsonValue(), {r1->port.data()}).isNull());
        r1->ipc.reset(); // window 1 closes normally right after handing its port to main
        QTRY_VERIFY(back);
        back->postMessage("main holds the other end now");
        QTRY_COMPARE(r2->received, QJsonArray{"main holds the other end now"});
        QVERIFY(!r2->closed);
    }

    void aListenerMayDeleteTheRouter()
    {
        auto *launcher = new RendererLauncher(m_ipcMain.get());
        MessageChannelMain channel(launcher);
        QPointer<RendererLauncher> guard(launcher);
        channel.port2->start();
        connect(channel.port2, &MessagePort::message, this, [launcher] { delete launcher; });
        channel.port1->postMessage("bye");
        QVERIFY(guard.isNull());
    }

    void noForwardingLoopAfterADeath()
    {
        // Without a pipe, so that the message in flight goes through main.
        const QByteArray tmpdir = qgetenv("TMPDIR");
        qputenv("TMPDIR", "/dev/null"); // a file: no directory can be made under it
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("cannot open a pipe server"));
        auto r1 = window();
        auto r2 = window();
        QVERIFY(r1 && r2);
        m_ipcMain->on("forward", [&](IpcMainEvent &event, const QJsonArray &) {
            r2->webContents->postMessage("port", QJsonValue(), event.ports());
        });
        MessageChannel channel(r1->ipc.get());
        channel.port1->start();
        QVERIFY(r1->ipc->postMessage("forward", QJsonValue(), {channel.port2}).isNull());
        QTRY_VERIFY(r2->port);
        qputenv("TMPDIR", tmpdir);
        QVERIFY(!direct(*r2));
        WebContents *gone = r2->webContents;
        connect(gone, &WebContents::renderProcessGone, this, [&channel] {
            channel.port1->postMessage("in flight"); // r1 has not heard of the death yet
        });
        r2->ipc.reset();
        QTRY_VERIFY(gone->isCrashed());
        QTRY_VERIFY(m_launcher->portBroker()->droppedCount() >= 1);
        QCOMPARE(r1->ipc->portRouter()->forwardedCount(), 0u);
        QVERIFY(m_launcher->portBroker()->forwardedCount() <= 1);
    }
};

QTEST_GUILESS_MAIN(tst_PortRouting)
#include "tst_portrouting.moc"
