#include "dbuscontender.h"

#include "monotonicclock.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QDBusPendingCallWatcher>
#include <QDBusServer>
#include <QDir>
#include <QEventLoop>
#include <QList>
#include <QTimer>

#include <cstdio>
#include <functional>

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
    QEventLoop loop;
    int done = 0;
    qint64 t0 = 0;
    QString failure;
    const auto fail = [&](const QString &why) {
        failure = why;
        loop.quit();
    };
    QDBusMessage message = QDBusMessage::createMethodCall(QString(), objectPath, interfaceName,
                                                          QStringLiteral("echo"));
    message << m_payload;
    std::function<void()> next = [&] {
        t0 = monotonicNanoseconds();
        auto *watcher = new QDBusPendingCallWatcher(connection.asyncCall(message, 10000), &loop);
        QObject::connect(watcher, &QDBusPendingCallWatcher::finished, &loop, [&, watcher] {
            const qint64 t1 = monotonicNanoseconds();
            watcher->deleteLater();
            if (watcher->isError())
                return fail(
                        QStringLiteral("the echo call failed: %1").arg(watcher->error().message()));
            // Once per batch, after the clock is read: the peer really echoed the payload.
            const QList<QVariant> arguments = watcher->reply().arguments();
            if (done == 0 && (arguments.isEmpty() || arguments.first().toString() != m_payload))
                return fail(QStringLiteral("the peer did not echo the payload"));
            samples->push_back(double(t1 - t0));
            if (++done == count)
                loop.quit();
            else
                next();
        });
    };
    QTimer::singleShot(120000, &loop,
                       [&] { fail(QStringLiteral("the round trips stalled after %1").arg(done)); });
    next();
    if (failure.isEmpty())
        loop.exec();
    if (!failure.isEmpty()) {
        *error = failure;
        return false;
    }
    return true;
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
