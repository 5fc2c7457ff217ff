#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

// Outside any namespace, as Q_INIT_RESOURCE requires.
static void initIpcLabResources()
{
    Q_INIT_RESOURCE(ipclab);
}

namespace {

QString currentLanguage = QStringLiteral("en");
QPointer<QTranslator> ours;
QPointer<QTranslator> qtBase;

void replace(QPointer<QTranslator> &slot, const QLocale &locale, const QString &name, const QString &directory)
{
    if (slot) {
        QCoreApplication::removeTranslator(slot);
        delete slot;
    }
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (translator->load(locale, name, QStringLiteral("_"), directory)) {
        QCoreApplication::installTranslator(translator);
        slot = translator;
    } else {
        delete translator;
    }
}

} // namespace

namespace Translations {

QStringList languages()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString languageFor(const QLocale &locale)
{
    return locale.language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

void initResources()
{
    static const bool done = (initIpcLabResources(), true);
    Q_UNUSED(done);
}

void install(const QString &language)
{
    initResources();
    currentLanguage = languageFor(QLocale(language));
    // Ours and Qt's in the same language: one we do not have falls back to English for both.
    const QLocale locale(currentLanguage);
    QLocale::setDefault(QLocale(currentLanguage));
    // English needs no translator of ours, but one is loaded anyway (ipclab_en.qm) so that
    // removing the Chinese one always sends LanguageChange.
    replace(ours, locale, QStringLiteral("ipclab"), QStringLiteral(":/i18n"));
    replace(qtBase, locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
}

QString current()
{
    return currentLanguage;
}

QString nativeName(const QString &language)
{
    return language == QLatin1String("zh_CN") ? QStringLiteral("中文（简体）") : QStringLiteral("English");
}

} // namespace Translations
