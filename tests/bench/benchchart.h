#pragma once

#include <QJsonObject>
#include <QString>

// Draws ipclab-bench's report (the --json document) as a PNG: round trip p50 by pattern as
// bars with the ratio to the floor (left), and p50 against payload size on log-log axes, one
// line per series (right). Needs a QGuiApplication (fonts); the offscreen platform will do.
bool drawBenchChart(const QJsonObject &report, const QString &file, QString *error);
