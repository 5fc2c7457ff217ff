#include "soakchart.h"

#include <QColor>
#include <QFont>
#include <QImage>
#include <QJsonArray>
#include <QPainter>
#include <QPainterPath>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace {

const QColor ink(0x22, 0x22, 0x22);
const QColor faint(0x88, 0x88, 0x88);
const QColor grid(0xdd, 0xdd, 0xdd);
const QColor rawColor(0x4a, 0x7f, 0xb5);
const QColor trimmedColor(0xe0, 0x7b, 0x1f);
const QColor bandColor(0x2e, 0x9e, 0x5b, 40);
const QColor warmUpColor(0x88, 0x88, 0x88, 30);

QFont font(int pixelSize, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    return f;
}

// A round step for a linear axis up to span: 1, 2 or 5 times a power of ten.
double niceStep(double span, int ticks)
{
    const double raw = span / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * power >= raw)
            return m * power;
    }
    return 10 * power;
}

} // namespace

bool drawSoakChart(const QJsonObject &report, const QString &file, QString *error)
{
    const QJsonArray samples = report.value(QStringLiteral("samples")).toArray();
    if (samples.size() < 2) {
        *error = QStringLiteral("the report has fewer than two samples");
        return false;
    }
    QImage image(1600, 700, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);

    const double messages = report.value(QStringLiteral("messages")).toDouble();
    p.setPen(ink);
    p.setFont(font(20, true));
    p.drawText(QRect(40, 12, 1520, 30), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("ipclab-soak: main's resident memory over %1 million mixed messages, "
                              "%2 renderer restarts")
                       .arg(messages / 1e6, 0, 'f', 1)
                       .arg(report.value(QStringLiteral("restarts")).toInt()));
    p.setFont(font(14));
    const QJsonObject trimmed = report.value(QStringLiteral("trimmed")).toObject();
    const QJsonObject raw = report.value(QStringLiteral("raw")).toObject();
    const QJsonValue flat = report.value(QStringLiteral("flat"));
    p.drawText(
            QRect(40, 44, 1520, 24), Qt::AlignLeft | Qt::AlignVCenter,
            QStringLiteral("%1 messages/s; after warm-up %2 MiB, end %3 MiB (%4%5%) after "
                           "malloc_trim; raw %6 -> %7 MiB; "
                           "target flat within 10%: %8")
                    .arg(report.value(QStringLiteral("messagesPerSecond")).toDouble(), 0, 'f', 0)
                    .arg(trimmed.value(QStringLiteral("afterWarmUpKiB")).toDouble() / 1024, 0, 'f',
                         1)
                    .arg(trimmed.value(QStringLiteral("endKiB")).toDouble() / 1024, 0, 'f', 1)
                    .arg(trimmed.value(QStringLiteral("growthPercent")).toDouble() >= 0
                                 ? QStringLiteral("+")
                                 : QString())
                    .arg(trimmed.value(QStringLiteral("growthPercent")).toDouble(), 0, 'f', 1)
                    .arg(raw.value(QStringLiteral("afterWarmUpKiB")).toDouble() / 1024, 0, 'f', 1)
                    .arg(raw.value(QStringLiteral("endKiB")).toDouble() / 1024, 0, 'f', 1)
                    .arg(flat.isBool() ? (flat.toBool() ? QStringLiteral("met")
                                                        : QStringLiteral("not met"))
                                       : QStringLiteral("run too short")));

    double seconds = 0;
    double high = 0;
    for (const QJsonValue &value : samples) {
        const QJsonArray s = value.toArray();
        seconds = std::max(seconds, s.at(0).toDouble());
        high = std::max({high, s.at(2).toDouble() / 1024, s.at(3).toDouble() / 1024});
    }
    const double yStep = niceStep(high, 6);
    const double yMax = std::ceil(high * 1.1 / yStep) * yStep;
    const double xStep = niceStep(std::max(seconds, 1.0), 10);
    const double xMax = std::ceil(std::max(seconds, 1.0) / xStep) * xStep;
    const QRectF plot(110, 90, 1440, 540);
    const auto xOf = [&](double s) { return plot.left() + s / xMax * plot.width(); };
    const auto yOf = [&](double mib) { return plot.bottom() - mib / yMax * plot.height(); };

    // Warm-up, and the band within 10% of the level after it.
    const double warmUp = report.value(QStringLiteral("warmUpMessages")).toDouble();
    double warmUpEnd = 0;
    for (const QJsonValue &value : samples) {
        const QJsonArray s = value.toArray();
        if (s.at(1).toDouble() >= warmUp) {
            warmUpEnd = s.at(0).toDouble();
            break;
        }
    }
    p.fillRect(QRectF(plot.left(), plot.top(), xOf(warmUpEnd) - plot.left(), plot.height()),
               warmUpColor);
    const double base = trimmed.value(QStringLiteral("afterWarmUpKiB")).toDouble() / 1024;
    if (base > 0)
        p.fillRect(QRectF(xOf(warmUpEnd), yOf(base * 1.1), plot.right() - xOf(warmUpEnd),
                          yOf(base * 0.9) - yOf(base * 1.1)),
                   bandColor);

    p.setFont(font(12));
    for (double y = 0; y <= yMax + yStep / 2; y += yStep) {
        p.setPen(QPen(grid, 1));
        p.drawLine(QPointF(plot.left(), yOf(y)), QPointF(plot.right(), yOf(y)));
        p.setPen(faint);
        p.drawText(QRectF(0, yOf(y) - 9, plot.left() - 8, 18), Qt::AlignRight | Qt::AlignVCenter,
                   QStringLiteral("%1 MiB").arg(y));
    }
    for (double x = 0; x <= xMax + xStep / 2; x += xStep) {
        p.setPen(QPen(grid, 1));
        p.drawLine(QPointF(xOf(x), plot.top()), QPointF(xOf(x), plot.bottom()));
        p.setPen(faint);
        p.drawText(QRectF(xOf(x) - 40, plot.bottom() + 4, 80, 18), Qt::AlignHCenter | Qt::AlignTop,
                   QStringLiteral("%1 s").arg(x));
    }
    p.setPen(QPen(ink, 1));
    p.drawRect(plot);

    for (const int column : {2, 3}) {
        QPainterPath path;
        for (int i = 0; i < samples.size(); ++i) {
            const QJsonArray s = samples[i].toArray();
            const QPointF point(xOf(s.at(0).toDouble()), yOf(s.at(column).toDouble() / 1024));
            if (i == 0)
                path.moveTo(point);
            else
                path.lineTo(point);
        }
        p.setPen(QPen(column == 2 ? rawColor : trimmedColor, 2));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
    }

    // Legend.
    p.setFont(font(13));
    const QList<std::pair<QColor, QString>> entries {
            {rawColor, QStringLiteral("RSS")},
            {trimmedColor, QStringLiteral("RSS after malloc_trim(0)")},
            {bandColor, QStringLiteral("within 10% of the level after warm-up")},
            {warmUpColor, QStringLiteral("warm-up (first tenth of the messages)")}};
    double x = plot.left() + 16;
    for (const auto &[color, label] : entries) {
        p.fillRect(QRectF(x, plot.bottom() + 36, 22, 12), color);
        p.setPen(ink);
        p.drawText(QRectF(x + 28, plot.bottom() + 30, 380, 24), Qt::AlignLeft | Qt::AlignVCenter,
                   label);
        x += 34 + p.fontMetrics().horizontalAdvance(label) + 24;
    }
    p.end();
    if (!image.save(file, "PNG")) {
        *error = QStringLiteral("cannot write %1").arg(file);
        return false;
    }
    return true;
}
