#pragma once

#include "ipcerror.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

class RendererLauncher;

class SharedObjectPrivate;

// Shared data between windows, the seeds' `global.sharedObject` read and written through
// `remote`: a named object of JSON properties that lives in main. Renderers read and write it
// by property name (RemoteGlobal), synchronously as remote did; beyond remote, every window is
// told when a property changes. Values are JSON, never references to remote objects.
//
//     SharedObject shared("sharedObject", &launcher);
//     shared.setValue("someProperty", "default value");
class SharedObject : public QObject
{
    Q_OBJECT
public:
    SharedObject(const QString &name, RendererLauncher *launcher, QObject *parent = nullptr);
    ~SharedObject() override;

    QString name() const;
    QJsonValue value(const QString &key) const;
    QJsonObject toJson() const;

    // Sets a property from main and tells every window. A DataCloneError for NaN or infinity.
    IpcError setValue(const QString &key, const QJsonValue &value);

    // The channels renderers use; RemoteGlobal knows them too.
    static QString getChannel(const QString &name);
    static QString setChannel(const QString &name);
    static QString changedChannel(const QString &name);

Q_SIGNALS:
    // byWebContentsId is the renderer that wrote it, 0 when main did.
    void changed(const QString &key, const QJsonValue &value, int byWebContentsId);

private:
    void store(const QString &key, const QJsonValue &value, int by);

    std::unique_ptr<SharedObjectPrivate> d_ptr;
    Q_DECLARE_PRIVATE(SharedObject)
};
