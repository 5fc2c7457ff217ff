#include "remoteobjectscontender.h"

#include "benchdriver.h"
#include "monotonicclock.h"

#include <QCoreApplication>
#include <QLocalServer>
#include <QRemoteObjectDynamicReplica>
#include <QRemoteObjectHost>
#include <QRemoteObjectNode>
#include <QRemoteObjectPendingCall>
#include <QUrl>

#include <cstdio>

namespace {

const QString sourceName = QStringLiteral("IpcLabBenchEcho");

} // namespace

// The source: a slot, so that enableRemoting() exposes it to a dynamic replica.
class BenchEchoSource : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QString echo(const QString &text) { return text; }
    QVariantList echoList(const QVariantList &list) { return list; }
};

RemoteObjectsPingPong::RemoteObjectsPingPong(const QString &payload)
    : m_payload(payload), m_payloadBytes(payload.toUtf8().size())
{
}

RemoteObjectsPingPong::RemoteObjectsPingPong(const QVariantList &payload, qint64 payloadBytes)
    : m_list(payload), m_payloadBytes(payloadBytes)
{
}

RemoteObjectsPingPong::~RemoteObjectsPingPong()
{
    stop();
}

bool RemoteObjectsPingPong::start(QString *why)
{
    const QString socketName
            = QStringLiteral("ipclab-bench-qtro-%1").arg(QCoreApplication::applicationPid());
    QLocalServer::removeServer(socketName);
    const QString url = QStringLiteral("local:") + socketName;
    QString announced;
    if (!m_peer.start({QStringLiteral("--qtro-peer"), url}, &announced, why))
        return false;
    m_node = std::make_unique<QRemoteObjectNode>();
    if (!m_node->connectToNode(QUrl(url))) {
        *why = QStringLiteral("QRemoteObjectNode::connectToNode(%1) failed (error %2)")
                       .arg(url)
                       .arg(m_node->lastError());
        return false;
    }
    m_replica = m_node->acquireDynamic(sourceName);
    if (!m_replica || !m_replica->waitForSource(10000)) {
        *why = QStringLiteral("the dynamic replica of %1 did not get its source within 10 s")
                       .arg(sourceName);
        return false;
    }
    return true;
}

bool RemoteObjectsPingPong::run(int count, std::vector<double> *samples, QString *error)
{
    return runAsyncRoundTrips(count, samples, error, [&](QObject *context, bool first,
                                                         const AnswerCallback &answered) {
        QRemoteObjectPendingCall call;
        const bool invoked = m_list.isEmpty()
                ? QMetaObject::invokeMethod(m_replica, "echo", Qt::DirectConnection,
                                            Q_RETURN_ARG(QRemoteObjectPendingCall, call),
                                            Q_ARG(QString, m_payload))
                : QMetaObject::invokeMethod(m_replica, "echoList", Qt::DirectConnection,
                                            Q_RETURN_ARG(QRemoteObjectPendingCall, call),
                                            Q_ARG(QVariantList, m_list));
        if (!invoked)
            return answered(monotonicNanoseconds(),
                            QStringLiteral("the replica has no callable echo(QString) or echoList(QVariantList)"));
        auto *watcher = new QRemoteObjectPendingCallWatcher(call, context);
        QObject::connect(watcher, &QRemoteObjectPendingCallWatcher::finished, context, [=, this] {
            const qint64 t1 = monotonicNanoseconds();
            watcher->deleteLater();
            if (watcher->error() != QRemoteObjectPendingCall::NoError)
                return answered(t1, QStringLiteral("the echo call failed (error %1)").arg(watcher->error()));
            // Once per batch, after the clock is read: the source really echoed the payload.
            if (first && m_list.isEmpty() && watcher->returnValue().toString() != m_payload)
                return answered(t1, QStringLiteral("the source answered %1 characters for %2")
                                            .arg(watcher->returnValue().toString().size())
                                            .arg(m_payload.size()));
            if (first && !m_list.isEmpty() && watcher->returnValue().toList() != m_list)
                return answered(t1, QStringLiteral("the source answered another list"));
            answered(t1, QString());
        });
    });
}

void RemoteObjectsPingPong::stop()
{
    delete m_replica;
    m_replica = nullptr;
    m_node.reset();
    m_peer.stop();
}

int RemoteObjectsPingPong::runPeer(const QString &url)
{
    QRemoteObjectHost host;
    if (!host.setHostUrl(QUrl(url))) {
        std::fprintf(stderr, "ipclab-bench --qtro-peer: cannot host at %s (error %d)\n",
                     qPrintable(url), int(host.lastError()));
        return 2;
    }
    BenchEchoSource source;
    if (!host.enableRemoting(&source, sourceName)) {
        std::fprintf(stderr, "ipclab-bench --qtro-peer: enableRemoting failed (error %d)\n",
                     int(host.lastError()));
        return 2;
    }
    PeerProcess::announceReady(url);
    return QCoreApplication::exec();
}

#include "remoteobjectscontender.moc"
