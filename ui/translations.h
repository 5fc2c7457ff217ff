#pragma once

class QLocale;

// Installs IPC Lab's translation for the locale (from the resources the build compiled), and
// Qt's own. English needs none: the source strings are English.
void installTranslations(const QLocale &locale);
