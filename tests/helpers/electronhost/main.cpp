// A main process for tst_electronrenderer, whose test process is the renderer. For each line
// "new" on its standard input it makes a WebContents for a renderer started by someone else and
// prints "env <json>" (WebContents::rendererEnvironment()). Its handlers and listeners do what
// the renderer's side needs to see:
//   invoke "hang"           never answered
//   send   "destroy-me"     deletes the sender's WebContents (pending calls: "WebContents was destroyed")
//   send   "close-me"       closes the sender's WebContents (the renderer's link goes)
//   invoke "echo-variants"  answers {args: the arguments as they came, types: {path: type name}}
//   send   "push-variants"  sends "variants" back: bytes and a date inside a map and a list
//   send   "port-echo"      (postMessage, one port) echoes every message on that port back
// It exits when its standard input closes.

#include "ipcmain.h"
#include "messageport.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QPromise>
#include <QSocketNotifier>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <unistd.h>

namespace {

// Every leaf's type name, by its path: what the arguments became on this side.
void describe(const QVariant &value, const QString &path, QJsonObject *types)
{
    if (value.metaType().id() == QMetaType::QVariantList) {
        const QVariantList list = value.toList();
        for (qsizetype i = 0; i < list.size(); ++i)
            describe(list.at(i), path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'), types);
    } else if (value.metaType().id() == QMetaType::QVariantMap) {
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            describe(it.value(), path + QLatin1Char('.') + it.key(), types);
    } else {
        types->insert(path, QString::fromLatin1(value.typeName()));
    }
}

QVariantMap variants()
{
    return {{"img", QByteArray("\x00\x01\xfe\xff", 4)},
            {"when", QDateTime(QDate(2026, 12, 6), QTime(1, 2, 3, 456), Qt::UTC)},
            {"list", QVariantList{QByteArray("ab"), 7}}};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    IpcMain ipcMain;
    RendererLauncher launcher(&ipcMain);
    if (!launcher.listen())
        return 1;

    std::vector<std::shared_ptr<QPromise<IpcResult>>> hanging;
    ipcMain.handle("hang", [&hanging](IpcMainInvokeEvent &, const QJsonArray &) {
        auto promise = std::make_shared<QPromise<IpcResult>>();
        promise->start();
        hanging.push_back(promise);
        return promise->future();
    });
    ipcMain.on("destroy-me", [](IpcMainEvent &event, const QJsonArray &) { event.sender()->deleteLater(); });
    ipcMain.on("close-me", [](IpcMainEvent &event, const QJsonArray &) { event.sender()->close(); });
    ipcMain.handle("echo-variants", [](IpcMainInvokeEvent &event, const QJsonArray &) -> IpcResult {
        QJsonObject types;
        const QVariantList arguments = event.arguments();
        describe(arguments, QStringLiteral("args"), &types);
        QList<QByteArray> buffers;
        IpcError error;
        const QJsonValue value = IpcBinary::pack(QVariantMap{{"args", arguments}}, &buffers, &error);
        if (!error.isNull())
            return error;
        QJsonObject answer = value.toObject();
        answer.insert("types", types);
        return IpcResult(answer, buffers);
    });
    ipcMain.on("push-variants", [](IpcMainEvent &event, const QJsonArray &) {
        event.sender()->send("variants", QVariantList{variants(), QVariantList{variants()}});
    });
    ipcMain.on("port-echo", [](IpcMainEvent &event, const QJsonArray &) {
        MessagePort *port = event.ports().value(0);
        if (!port)
            return;
        QObject::connect(port, &MessagePort::message, port, [port](const QJsonValue &data) { port->postMessage(data); });
        port->start();
    });

    auto *commands = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, &app);
    QObject::connect(commands, &QSocketNotifier::activated, &app, [&launcher] {
        char line[64];
        const ssize_t n = ::read(STDIN_FILENO, line, sizeof line);
        if (n <= 0) {
            QCoreApplication::quit();
            return;
        }
        for (ssize_t i = 0; i + 3 <= n; ++i) {
            if (qstrncmp(line + i, "new", 3) != 0)
                continue;
            WebContents *w = launcher.createWebContents();
            QJsonObject environment;
            const auto variables = w->rendererEnvironment();
            for (auto it = variables.begin(); it != variables.end(); ++it)
                environment.insert(it.key(), it.value());
            std::printf("env %s\n", QJsonDocument(environment).toJson(QJsonDocument::Compact).constData());
            std::fflush(stdout);
        }
    });
    return app.exec();
}
