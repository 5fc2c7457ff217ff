#pragma once

#include <QStringList>

class QLocale;

// IPC Lab's languages: English (the source strings) and Simplified Chinese.
namespace Translations {

// "en" and "zh_CN": what the language menus offer.
QStringList languages();

// The language of locale that IPC Lab has, or "en".
QString languageFor(const QLocale &locale);

// Installs IPC Lab's translation (from the resources the build compiled) and Qt's own for
// language, replacing whatever an earlier call installed, so that it can switch at run time:
// every widget then receives QEvent::LanguageChange.
void install(const QString &language);

// Registers the icons and pattern texts compiled into this library (install() does it too).
void initResources();

// What install() last installed ("en" before any call).
QString current();

// The language's own name, for menus: "English", "中文（简体）".
QString nativeName(const QString &language);

} // namespace Translations
