#include "benchchart.h"

#include <QColor>
#include <QFont>
#include <QFontMetrics>
#include <QImage>
#include <QJsonArray>
#include <QPainter>
#include <QPainterPath>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace {

constexpr int imageWidth = 1600;
constexpr int imageHeight = 800;
constexpr int titleHeight = 78;

const QColor ink(0x22, 0x22, 0x22);
const QColor faint(0x88, 0x88, 0x88);
const QColor grid(0xdd, 0xdd, 0xdd);
const QColor floorColor(0x55, 0x55, 0x55);
const QColor peerColor(0x4a, 0x7f, 0xb5);
const QColor ipcLabColor(0xe0, 0x7b, 0x1f);
const QColor binaryColor(0x2e, 0x9e, 0x5b);
const QColor remoteObjectsColor(0x8e, 0x44, 0xad);
const QColor nodeColor(0x1a, 0xa3, 0xa3);

QFont font(int pixelSize, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    return f;
}

QString durationLabel(double us)
{
    if (us >= 1e6)
        return QStringLiteral("%1 s").arg(us / 1e6, 0, 'g', 3);
    if (us >= 1e3)
        return QStringLiteral("%1 ms").arg(us / 1e3, 0, 'g', 3);
    return QStringLiteral("%1 us").arg(us, 0, 'g', 3);
}

QString sizeLabel(double bytes)
{
    const qint64 b = qint64(bytes);
    if (b >= 1024 * 1024 && b % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(b / (1024 * 1024));
    if (b >= 1024 && b % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(b / 1024);
    return QStringLiteral("%1 B").arg(b);
}

// A round step for a linear axis up to maximum: 1, 2 or 5 times a power of ten.
double niceStep(double maximum, int ticks)
{
    const double raw = maximum / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * power >= raw)
            return m * power;
    }
    return 10 * power;
}

QColor rowColor(const QString &pattern)
{
    if (pattern.contains(QLatin1String("(floor)")))
        return floorColor;
    if (pattern.startsWith(QLatin1String("IPC Lab")))
        return ipcLabColor;
    return peerColor;
}

void drawPatternPanel(QPainter &p, const QRect &area, const QJsonArray &rows)
{
    p.setPen(ink);
    p.setFont(font(17, true));
    p.drawText(QRect(area.left(), area.top(), area.width(), 26), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("Round trip p50 by pattern (64-byte string), ratio to the floor"));

    struct Bar
    {
        QString name;
        double p50 = 0;
        double ratio = 0;
        QString skipped;
    };
    QList<Bar> bars;
    double maximum = 0;
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        if (row.value(QStringLiteral("kind")).toString() == QLatin1String("one-way"))
            continue;
        Bar bar;
        bar.name = row.value(QStringLiteral("pattern")).toString();
        bar.skipped = row.value(QStringLiteral("skipped")).toString();
        if (bar.skipped.isEmpty()) {
            if (!row.value(QStringLiteral("p50Us")).isDouble())
                continue;
            bar.p50 = row.value(QStringLiteral("p50Us")).toDouble();
            bar.ratio = row.value(QStringLiteral("p50RatioToFloor")).toDouble();
            maximum = std::max(maximum, bar.p50);
        }
        bars.append(bar);
    }
    if (bars.isEmpty() || maximum <= 0) {
        p.setFont(font(14));
        p.drawText(area, Qt::AlignCenter, QStringLiteral("no round-trip rows in this report"));
        return;
    }

    const QFont labelFont = font(13);
    const QFontMetrics metrics(labelFont);
    int labelWidth = 0;
    for (const Bar &bar : bars)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(bar.name));
    const int valueWidth = metrics.horizontalAdvance(QStringLiteral("0000.0 us  00.00x")) + 8;
    // Rows of at most 40 px; the axis sits right under the last one.
    const int available = area.height() - 40 - 40;
    const QRect plot(area.left() + labelWidth + 12, area.top() + 40,
                     area.width() - labelWidth - 12 - valueWidth,
                     std::min(available, 40 * int(bars.size())));
    const double step = niceStep(maximum, 5);
    const double axisMax = std::ceil(maximum / step) * step;
    const auto xOf = [&](double us) { return plot.left() + us / axisMax * plot.width(); };

    // Grid and axis labels.
    p.setFont(font(12));
    for (double tick = 0; tick <= axisMax + step / 2; tick += step) {
        const double x = xOf(tick);
        p.setPen(QPen(grid, 1));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(faint);
        p.drawText(QRectF(x - 40, plot.bottom() + 4, 80, 18), Qt::AlignHCenter | Qt::AlignTop,
                   QStringLiteral("%1").arg(tick));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + 20, plot.width(), 18),
               Qt::AlignHCenter | Qt::AlignTop, QStringLiteral("microseconds"));

    const double rowHeight = std::min(40.0, double(plot.height()) / bars.size());
    const double barHeight = rowHeight * 0.62;
    for (int i = 0; i < bars.size(); ++i) {
        const Bar &bar = bars.at(i);
        const double centre = plot.top() + rowHeight * (i + 0.5);
        p.setFont(labelFont);
        p.setPen(bar.skipped.isEmpty() ? ink : faint);
        p.drawText(QRectF(area.left(), centre - rowHeight / 2, labelWidth, rowHeight),
                   Qt::AlignRight | Qt::AlignVCenter, bar.name);
        if (!bar.skipped.isEmpty()) {
            p.setFont(font(12));
            p.drawText(QRectF(plot.left() + 4, centre - rowHeight / 2, plot.width() + valueWidth,
                              rowHeight),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       metrics.elidedText(QStringLiteral("skipped: ") + bar.skipped, Qt::ElideRight,
                                          plot.width() + valueWidth - 8));
            continue;
        }
        const QRectF rect(plot.left(), centre - barHeight / 2, xOf(bar.p50) - plot.left(),
                          barHeight);
        p.fillRect(rect, rowColor(bar.name));
        p.setPen(ink);
        p.setFont(labelFont);
        const QString value
                = QStringLiteral("%1 us  %2x").arg(bar.p50, 0, 'f', 1).arg(bar.ratio, 0, 'f', 2);
        p.drawText(QRectF(rect.right() + 6, centre - rowHeight / 2, valueWidth + 200, rowHeight),
                   Qt::AlignLeft | Qt::AlignVCenter, value);
    }
    p.setPen(QPen(ink, 1));
    p.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()));

    // Under the axis: the colours, then the one-way rows, which have a rate and no p50.
    double y = plot.bottom() + 56;
    double x = area.left();
    p.setFont(font(13));
    for (const auto &[color, label] : {std::pair{floorColor, QStringLiteral("kernel floor")},
                                       std::pair{peerColor, QStringLiteral("other transports")},
                                       std::pair{ipcLabColor, QStringLiteral("IPC Lab")}}) {
        p.fillRect(QRectF(x, y - 7, 14, 14), color);
        p.setPen(ink);
        p.drawText(QPointF(x + 20, y + 5), label);
        x += 20 + metrics.horizontalAdvance(label) + 28;
    }
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        if (row.value(QStringLiteral("kind")).toString() != QLatin1String("one-way"))
            continue;
        y += 24;
        const QString name = row.value(QStringLiteral("pattern")).toString();
        const QString text = row.contains(QStringLiteral("skipped"))
                ? QStringLiteral("%1: skipped").arg(name)
                : QStringLiteral("%1: %2 msgs/s (%3x the raw stream's rate)")
                          .arg(name)
                          .arg(row.value(QStringLiteral("msgsPerSecond")).toDouble(), 0, 'f', 0)
                          .arg(row.value(QStringLiteral("rateRatioToStream")).toDouble(), 0, 'f',
                               2);
        p.setPen(ink);
        p.drawText(QPointF(area.left(), y + 5), text);
    }
}

QColor seriesColor(const QString &key)
{
    if (key == QLatin1String("floor"))
        return floorColor;
    if (key == QLatin1String("qlocalsocket"))
        return peerColor;
    if (key == QLatin1String("ipclab-invoke-binary"))
        return binaryColor;
    if (key == QLatin1String("qtro"))
        return remoteObjectsColor;
    if (key == QLatin1String("node-json"))
        return nodeColor;
    return ipcLabColor;
}

void drawSweepPanel(QPainter &p, const QRect &area, const QJsonObject &sweep)
{
    p.setPen(ink);
    p.setFont(font(17, true));
    p.drawText(QRect(area.left(), area.top(), area.width(), 26), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("Round trip p50 against payload size (log-log)"));

    struct Series
    {
        QString name;
        QString key;
        QList<QPointF> points; // bytes, p50 us
    };
    QList<Series> series;
    QStringList notMeasured; // series with no point at all, e.g. the binary path not there yet
    double minBytes = 0;
    double maxBytes = 0;
    double minUs = 0;
    double maxUs = 0;
    for (const QJsonValue &value : sweep.value(QStringLiteral("series")).toArray()) {
        const QJsonObject object = value.toObject();
        Series s{object.value(QStringLiteral("name")).toString(),
                  object.value(QStringLiteral("key")).toString(),
                  {}};
        for (const QJsonValue &pointValue : object.value(QStringLiteral("points")).toArray()) {
            const QJsonObject point = pointValue.toObject();
            const double bytes = point.value(QStringLiteral("bytes")).toDouble();
            const QJsonValue p50 = point.value(QStringLiteral("p50Us"));
            if (!p50.isDouble() || p50.toDouble() <= 0 || bytes <= 0)
                continue;
            s.points.append(QPointF(bytes, p50.toDouble()));
            minBytes = minBytes == 0 ? bytes : std::min(minBytes, bytes);
            maxBytes = std::max(maxBytes, bytes);
            minUs = minUs == 0 ? p50.toDouble() : std::min(minUs, p50.toDouble());
            maxUs = std::max(maxUs, p50.toDouble());
        }
        if (!s.points.isEmpty())
            series.append(s);
        else
            notMeasured.append(s.name);
    }
    if (series.isEmpty() || maxBytes <= minBytes) {
        p.setFont(font(14));
        p.drawText(area, Qt::AlignCenter, QStringLiteral("no payload sweep in this report"));
        return;
    }

    const QRect plot(area.left() + 70, area.top() + 40, area.width() - 70 - 90,
                     area.height() - 40 - 50);
    const double x0 = std::log2(minBytes);
    const double x1 = std::log2(maxBytes);
    const double y0 = std::floor(std::log10(minUs));
    const double y1 = std::ceil(std::log10(maxUs));
    const auto xOf = [&](double bytes) {
        return plot.left() + (std::log2(bytes) - x0) / (x1 - x0) * plot.width();
    };
    const auto yOf = [&](double us) {
        return plot.bottom() - (std::log10(us) - y0) / std::max(1.0, y1 - y0) * plot.height();
    };

    // Decades across, with faint 2x and 5x lines; the sweep's sizes down.
    p.setFont(font(12));
    for (int decade = int(y0); decade <= int(y1); ++decade) {
        const double us = std::pow(10.0, decade);
        for (double m : {2.0, 5.0}) {
            if (decade < int(y1)) {
                p.setPen(QPen(grid.lighter(106), 1, Qt::DotLine));
                p.drawLine(QPointF(plot.left(), yOf(us * m)), QPointF(plot.right(), yOf(us * m)));
            }
        }
        p.setPen(QPen(grid, 1));
        p.drawLine(QPointF(plot.left(), yOf(us)), QPointF(plot.right(), yOf(us)));
        p.setPen(faint);
        p.drawText(QRectF(area.left(), yOf(us) - 9, 64, 18), Qt::AlignRight | Qt::AlignVCenter,
                   durationLabel(us));
    }
    QList<double> sizes;
    for (const QJsonValue &value : sweep.value(QStringLiteral("sizes")).toArray())
        sizes.append(value.toDouble());
    for (double bytes : sizes) {
        const double x = xOf(bytes);
        p.setPen(QPen(grid, 1));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(faint);
        p.drawText(QRectF(x - 40, plot.bottom() + 4, 80, 18), Qt::AlignHCenter | Qt::AlignTop,
                   sizeLabel(bytes));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + 24, plot.width(), 18),
               Qt::AlignHCenter | Qt::AlignTop, QStringLiteral("payload (string argument) size"));
    p.setPen(QPen(ink, 1));
    p.drawRect(plot);

    // The lines, each with its last value written at its end.
    for (const Series &s : series) {
        const QColor color = seriesColor(s.key);
        QPainterPath path;
        for (int i = 0; i < s.points.size(); ++i) {
            const QPointF at(xOf(s.points.at(i).x()), yOf(s.points.at(i).y()));
            if (i == 0)
                path.moveTo(at);
            else
                path.lineTo(at);
        }
        p.setPen(QPen(color, 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setBrush(color);
        p.setPen(Qt::NoPen);
        for (const QPointF &point : s.points)
            p.drawEllipse(QPointF(xOf(point.x()), yOf(point.y())), 4, 4);
        const QPointF last = s.points.last();
        p.setPen(color.darker(120));
        p.setFont(font(12, true));
        p.drawText(QRectF(xOf(last.x()) + 8, yOf(last.y()) - 9, 90, 18),
                   Qt::AlignLeft | Qt::AlignVCenter, durationLabel(last.y()));
    }

    // Legend, top left inside the plot (the small sizes' corner is the emptiest).
    p.setFont(font(13));
    const QFontMetrics metrics(p.font());
    int legendWidth = 0;
    for (const Series &s : series)
        legendWidth = std::max(legendWidth, metrics.horizontalAdvance(s.name));
    for (const QString &name : std::as_const(notMeasured))
        legendWidth = std::max(legendWidth,
                               metrics.horizontalAdvance(name + QStringLiteral(": not measured")));
    const QRectF legend(plot.left() + 12, plot.top() + 12, legendWidth + 48,
                        12 + 22 * (series.size() + notMeasured.size()));
    p.setPen(QPen(grid, 1));
    p.setBrush(QColor(255, 255, 255, 235));
    p.drawRect(legend);
    for (int i = 0; i < series.size(); ++i) {
        const double y = legend.top() + 17 + 22 * i;
        p.setPen(QPen(seriesColor(series.at(i).key), 3));
        p.drawLine(QPointF(legend.left() + 8, y), QPointF(legend.left() + 32, y));
        p.setPen(ink);
        p.drawText(QRectF(legend.left() + 40, y - 10, legendWidth + 4, 20),
                   Qt::AlignLeft | Qt::AlignVCenter, series.at(i).name);
    }
    for (int i = 0; i < notMeasured.size(); ++i) {
        const double y = legend.top() + 17 + 22 * (series.size() + i);
        p.setPen(QPen(grid, 3, Qt::DashLine));
        p.drawLine(QPointF(legend.left() + 8, y), QPointF(legend.left() + 32, y));
        p.setPen(faint);
        p.drawText(QRectF(legend.left() + 40, y - 10, legendWidth + 4, 20),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   notMeasured.at(i) + QStringLiteral(": not measured"));
    }
    p.setBrush(Qt::NoBrush);
}

} // namespace

bool drawBenchChart(const QJsonObject &report, const QString &file, QString *error)
{
    QImage image(imageWidth, imageHeight, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);

    const QJsonObject machine = report.value(QStringLiteral("machine")).toObject();
    const QString machineLine
            = QStringLiteral("%1, %2, %3 cores (%4 allowed to this run), load average %5; Qt %6")
                      .arg(machine.value(QStringLiteral("architecture")).toString(),
                           machine.value(QStringLiteral("cpu")).toString())
                      .arg(machine.value(QStringLiteral("cores")).toInt())
                      .arg(machine.value(QStringLiteral("allowedCpus")).toInt())
                      .arg(machine.value(QStringLiteral("loadAverage")).toString(),
                           machine.value(QStringLiteral("qt")).toString());
    p.setPen(ink);
    p.setFont(font(22, true));
    p.drawText(QRect(24, 12, imageWidth - 48, 30), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("ipclab-bench%1")
                       .arg(report.value(QStringLiteral("quick")).toBool()
                                    ? QStringLiteral(" --quick")
                                    : QString()));
    p.setFont(font(14));
    p.setPen(faint.darker(130));
    p.drawText(QRect(24, 44, imageWidth - 48, 22), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("%1   |   %2")
                       .arg(machineLine, report.value(QStringLiteral("date")).toString()));
    p.setPen(QPen(grid, 1));
    p.drawLine(24, titleHeight - 4, imageWidth - 24, titleHeight - 4);

    const int half = imageWidth / 2;
    drawPatternPanel(p, QRect(24, titleHeight + 8, half - 48, imageHeight - titleHeight - 24),
                     report.value(QStringLiteral("rows")).toArray());
    drawSweepPanel(p, QRect(half + 8, titleHeight + 8, half - 32, imageHeight - titleHeight - 24),
                   report.value(QStringLiteral("payloadSweep")).toObject());
    p.end();

    if (!image.save(file, "PNG")) {
        *error = QStringLiteral("cannot write the chart to %1").arg(file);
        return false;
    }
    return true;
}
