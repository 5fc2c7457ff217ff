#pragma once

#include <QJsonObject>
#include <QString>

// Draws ipclab-soak's report (the --json document) as a PNG: main's resident memory against
// time, before and after malloc_trim(0), with the warm-up shaded and the 10% band around the
// level after it. Needs a QGuiApplication (fonts); the offscreen platform will do.
bool drawSoakChart(const QJsonObject &report, const QString &file, QString *error);
