#pragma once

// Drives a real ipclab-renderer from a test acting as main: its agent performs steps on request
// (renderer/rendereragent.h lists them) and answers state queries.

#include "ipcreply.h"
#include "webcontents.h"

#include <QJsonArray>
#include <QJsonObject>

namespace RendererDriver {

inline QJsonObject step(const QString &op, const QString &channel = {}, const QJsonArray &args = {})
{
    return {{"op", op}, {"channel", channel}, {"args", args}};
}

// invoke() and wait (up to 30 s); the value, or undefined on an error, which is logged.
inline QJsonValue invokeAndWait(WebContents *w, const QString &channel, const QJsonArray &args = {})
{
    IpcReply *reply = w->invoke(channel, args, 30000);
    reply->waitForFinished();
    if (reply->isError())
        qWarning() << channel << "failed:" << reply->error();
    const QJsonValue value = reply->isError() ? QJsonValue(QJsonValue::Undefined) : reply->value();
    delete reply;
    return value;
}

// Runs steps in the renderer; one outcome per step.
inline QJsonArray perform(WebContents *w, const QJsonArray &steps)
{
    return invokeAndWait(w, "ipclab:perform", QJsonArray{QJsonValue(steps)}).toArray();
}

inline QJsonObject performOne(WebContents *w, const QJsonObject &step)
{
    return perform(w, {step}).at(0).toObject();
}

} // namespace RendererDriver
