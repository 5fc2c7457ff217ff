#pragma once

#include "logging.h"

#include <QHash>
#include <QJsonArray>
#include <QStringList>
#include <QVarLengthArray>

#include <algorithm>
#include <exception>
#include <functional>
#include <memory>
#include <vector>

// The listener half of an EventEmitter, for IpcMain and IpcRenderer alike: listeners per
// channel in registration order, `once` listeners removed before they run (as Node does), and
// an emit that calls the listeners registered when it started.
template <typename Event>
class ListenerList
{
public:
    using Listener = std::function<void(Event &, const QJsonArray &)>;
    using Id = quint64;

    Id add(const QString &channel, Listener listener, bool once)
    {
        const Id id = m_nextId++;
        m_listeners[channel].push_back(
                std::make_shared<const Entry>(Entry{id, std::move(listener), once}));
        return id;
    }

    bool remove(const QString &channel, Id id)
    {
        auto it = m_listeners.find(channel);
        if (it == m_listeners.end())
            return false;
        auto &entries = it.value();
        for (auto e = entries.begin(); e != entries.end(); ++e) {
            if ((*e)->id == id) {
                entries.erase(e);
                if (entries.empty())
                    m_listeners.erase(it);
                return true;
            }
        }
        return false;
    }

    bool remove(Id id)
    {
        for (auto it = m_listeners.begin(); it != m_listeners.end(); ++it) {
            if (remove(it.key(), id))
                return true;
        }
        return false;
    }

    void removeAll(const QString &channel) { m_listeners.remove(channel); }
    void clear() { m_listeners.clear(); }

    qsizetype count(const QString &channel) const
    {
        auto it = m_listeners.constFind(channel);
        return it == m_listeners.cend() ? 0 : qsizetype(it.value().size());
    }

    QStringList channels() const { return m_listeners.keys(); }

    // Calls every listener of channel and returns how many ran. A listener that throws is
    // logged and skipped; the others still run.
    qsizetype emitTo(const QString &channel, Event &event, const QJsonArray &args)
    {
        auto it = m_listeners.find(channel);
        if (it == m_listeners.end())
            return 0;
        // The listeners as they are now, shared rather than copied: a few reference counts, and
        // no allocation at all for the usual handful of listeners.
        const QVarLengthArray<EntryPointer, 4> snapshot(it.value().begin(), it.value().end());
        for (const EntryPointer &e : snapshot) {
            if (e->once)
                remove(channel, e->id);
        }
        for (qsizetype i = 0; i < snapshot.size(); ++i) {
            const Entry &e = *snapshot.at(i);
            // An earlier listener may have removed this one (or destroyed its context); before
            // the first has run, nothing can have.
            if (i > 0 && !e.once && !isRegistered(channel, e.id))
                continue;
            try {
                e.listener(event, args);
            } catch (const std::exception &ex) {
                qCWarning(lcMain) << "listener on" << channel << "threw:" << ex.what();
            }
        }
        return snapshot.size();
    }

private:
    bool isRegistered(const QString &channel, Id id) const
    {
        auto it = m_listeners.constFind(channel);
        if (it == m_listeners.cend())
            return false;
        return std::any_of(it->begin(), it->end(),
                           [id](const EntryPointer &e) { return e->id == id; });
    }

    struct Entry
    {
        Id id;
        Listener listener;
        bool once;
    };
    // Shared so that an emit can hold on to the listeners it started with, even those removed
    // while it runs, without copying them.
    using EntryPointer = std::shared_ptr<const Entry>;
    QHash<QString, std::vector<EntryPointer>> m_listeners;
    Id m_nextId = 1;
};
