#pragma once

#include "ipcerror.h"

#include <QJsonValue>
#include <QObject>

#include <memory>

class IpcRenderer;

class RemoteGlobalPrivate;

// A renderer's view of a SharedObject in main: Electron's `remote.getGlobal(name)` for JSON data.
//
//     RemoteGlobal sharedObject(&ipcRenderer, "sharedObject");
//     sharedObject.setValue("someProperty", "new value");   // remote...someProperty = 'new value'
//     sharedObject.value("someProperty");                   // "new value", in every window
//
// Reads and writes block like remote's did (they are sendSync calls); changed() tells this
// window when anyone changes a property.
class RemoteGlobal : public QObject
{
    Q_OBJECT
public:
    RemoteGlobal(IpcRenderer *ipcRenderer, const QString &name, QObject *parent = nullptr);
    ~RemoteGlobal() override;

    QString name() const;
    // The property as main has it now; undefined if main has no such object or property.
    QJsonValue value(const QString &key) const;
    IpcError setValue(const QString &key, const QJsonValue &value);

Q_SIGNALS:
    void changed(const QString &key, const QJsonValue &value, int byWebContentsId);

private:
    std::unique_ptr<RemoteGlobalPrivate> d_ptr;
    Q_DECLARE_PRIVATE(RemoteGlobal)
};
