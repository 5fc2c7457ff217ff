#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// One pattern of the catalogue (resources/patterns.json): its texts in both languages, the
// Electron snippet from the notes beside this project's C++, and what Run needs.
struct PatternInfo
{
    QString id;
    QJsonObject title;   // {"en": ..., "zh_CN": ...}
    QJsonObject summary;
    QString electron;
    QString cpp;
    QString channel;     // default; editable only if hasChannel
    QString payload;     // default args as JSON array text; editable only if hasPayload
    bool hasChannel = false;
    bool hasPayload = false;
    bool fromMain = false;    // main starts it; otherwise a source renderer does
    bool needsTarget = false; // the user picks a target renderer window
    QJsonArray expect;        // the arrows a run should show, in order (see runtrace.h)
};

struct PatternGroup
{
    QString id;
    QJsonObject title;
    QList<PatternInfo> patterns;
};

// The pattern catalogue, grouped as the notes group them.
class PatternCatalogue
{
public:
    // Reads the catalogue; an empty one, with *error set, if the file is missing or malformed.
    static PatternCatalogue load(const QString &path = QStringLiteral(":/patterns.json"),
                                 QString *error = nullptr);

    QList<PatternGroup> groups() const { return m_groups; }
    const PatternInfo *find(const QString &id) const;
    int size() const;

    // The text in language ("en", "zh_CN"), falling back to English.
    static QString text(const QJsonObject &texts, const QString &language);

private:
    QList<PatternGroup> m_groups;
};
