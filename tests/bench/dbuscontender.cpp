#include "dbuscontender.h"

#include "benchdriver.h"
#include "monotonicclock.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QDBusPendingCallWatcher>
#include <QDBusServer>
#include <QDir>
#include <QList>

#include <cstdio>

namespace {

const QString objectPath = QStringLiteral("/bench");
const QString interfaceName = QStringLiteral("org.ipclab.BenchEcho");

} // namespace

class BenchEchoObject : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.ipclab.BenchEcho")
public Q_SLOTS:
    QString echo(const QString &text) { return text; }
};

bool DBusPingPong::start(QString *why)
{
    QString address;
    if (!m_peer.start({QStringLiteral("--dbus-peer")}, &address, why))
        return false;
    m_connectionName = QStringLiteral("ipclab-bench-dbus-peer");
    const QDBusConnection connection = QDBusConnection::connectToPeer(address, m_connectionName);
    if (!connection.isConnected()) {
        *why = QStringLiteral("QDBusConnection::connectToPeer(%1) failed: %2")
                       .arg(address, connection.lastError().message());
        return false;
    }
    return true;
}

bool DBusPingPong::run(int count, std::vector<double> *samples, QString *error)
{
    QDBusConnection connection(m_connectionName);
    QDBusMessage message = QDBusMessage::createMethodCall(QString(), objectPath, interfaceName,
                                                          QStringLiteral("echo"));
    message << m_payload;
    return runAsyncRoundTrips(count, samples, error, [&](QObject *context, bool first,
                                                         const AnswerCallback &answered) {
        auto *watcher = new QDBusPendingCallWatcher(connection.asyncCall(message, 10000), context);
        QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context, [=, this] {
            const qint64 t1 = monotonicNanoseconds();
            watcher->deleteLater();
            if (watcher->isError())
                return answered(t1, QStringLiteral("the echo call failed: %1").arg(watcher->error().message()));
            // Once per batch, after the clock is read: the peer really echoed the payload.
            const QList<QVariant> arguments = first ? watcher->reply().arguments() : QList<QVariant>();
            if (first && (arguments.isEmpty() || arguments.first().toString() != m_payload))
                return answered(t1, QStringLiteral("the peer did not echo the payload"));
            answered(t1, QString());
        });
    });
}

void DBusPingPong::stop()
{
    if (!m_connectionName.isEmpty())
        QDBusConnection::disconnectFromPeer(m_connectionName);
    m_connectionName.clear();
    m_peer.stop();
}

int DBusPingPong::runPeer()
{
    QDBusServer server(QStringLiteral("unix:tmpdir=%1").arg(QDir::tempPath()));
    if (!server.isConnected()) {
        std::fprintf(stderr, "ipclab-bench --dbus-peer: QDBusServer failed: %s\n",
                     qPrintable(server.lastError().message()));
        return 2;
    }
    BenchEchoObject echo;
    QList<QDBusConnection> connections; // a peer connection lives as long as a copy of it
    QObject::connect(&server, &QDBusServer::newConnection, &server,
                     [&](const QDBusConnection &connection) {
                         connections.append(connection);
                         connections.last().registerObject(objectPath, &echo,
                                                           QDBusConnection::ExportAllSlots);
                     });
    PeerProcess::announceReady(server.address());
    return QCoreApplication::exec();
}

#include "dbuscontender.moc"
