#include "patterncatalogue.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

PatternCatalogue PatternCatalogue::load(const QString &path, QString *error)
{
    PatternCatalogue catalogue;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return catalogue;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = QStringLiteral("%1: %2 at offset %3").arg(path, parseError.errorString()).arg(parseError.offset);
        return catalogue;
    }
    const QJsonArray groups = document.object().value(QLatin1String("groups")).toArray();
    for (const QJsonValue &g : groups) {
        const QJsonObject group = g.toObject();
        PatternGroup entry{group.value(QLatin1String("id")).toString(),
                           group.value(QLatin1String("title")).toObject(), {}};
        for (const QJsonValue &p : group.value(QLatin1String("patterns")).toArray()) {
            const QJsonObject o = p.toObject();
            PatternInfo info;
            info.id = o.value(QLatin1String("id")).toString();
            info.title = o.value(QLatin1String("title")).toObject();
            info.summary = o.value(QLatin1String("summary")).toObject();
            info.electron = o.value(QLatin1String("electron")).toString();
            info.cpp = o.value(QLatin1String("cpp")).toString();
            info.hasChannel = o.value(QLatin1String("channel")).isString();
            info.channel = o.value(QLatin1String("channel")).toString();
            info.hasPayload = o.value(QLatin1String("payload")).isString();
            info.payload = o.value(QLatin1String("payload")).toString();
            info.fromMain = o.value(QLatin1String("source")).toString() == QLatin1String("main");
            info.needsTarget = o.value(QLatin1String("target")).toBool();
            info.expect = o.value(QLatin1String("expect")).toArray();
            entry.patterns.append(info);
        }
        catalogue.m_groups.append(entry);
    }
    if (catalogue.size() == 0 && error)
        *error = QStringLiteral("%1: no patterns").arg(path);
    return catalogue;
}

const PatternInfo *PatternCatalogue::find(const QString &id) const
{
    for (const PatternGroup &group : m_groups) {
        for (const PatternInfo &info : group.patterns) {
            if (info.id == id)
                return &info;
        }
    }
    return nullptr;
}

int PatternCatalogue::size() const
{
    int n = 0;
    for (const PatternGroup &group : m_groups)
        n += int(group.patterns.size());
    return n;
}

QString PatternCatalogue::text(const QJsonObject &texts, const QString &language)
{
    const QString translated = texts.value(language).toString();
    return translated.isEmpty() ? texts.value(QLatin1String("en")).toString() : translated;
}
