#include "sequencediagram.h"

#include "logentry.h"
#include "messagelogmodel.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>

namespace {

const QString renderProcessGone = QStringLiteral("render-process-gone");

constexpr int arrowHeadLength = 8;
constexpr int arrowHeadHalfWidth = 4;
constexpr int selfLoopWidth = 26;
constexpr int crossHalfSize = 6;
constexpr int hitSlop = 4; // pixels around an arrow that still count as clicking it
constexpr qsizetype toolTipPayloadChars = 300;

void paintArrowHead(QPainter *painter, QPointF tip, qreal direction)
{
    // direction: +1 pointing right, -1 pointing left
    const QPointF back(tip.x() - direction * arrowHeadLength, tip.y());
    const QPointF head[]
            = {tip, back + QPointF(0, -arrowHeadHalfWidth), back + QPointF(0, arrowHeadHalfWidth)};
    painter->drawPolygon(head, 3);
}

} // namespace

SequenceDiagram::SequenceDiagram(QWidget *parent) : QAbstractScrollArea(parent)
{
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    m_layoutTimer.setSingleShot(true);
    m_layoutTimer.setInterval(0);
    connect(&m_layoutTimer, &QTimer::timeout, this, &SequenceDiagram::doLayout);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this](int value) { m_followBottom = value >= verticalScrollBar()->maximum(); });
    updateMetrics();
    doLayout();
}

SequenceDiagram::~SequenceDiagram() = default;

void SequenceDiagram::setModel(QAbstractItemModel *model)
{
    if (model == m_model)
        return;
    for (const QMetaObject::Connection &connection : std::as_const(m_modelConnections))
        disconnect(connection);
    m_modelConnections.clear();
    m_model = model;
    m_current = QPersistentModelIndex();
    if (model) {
        const auto lifelinesChanged = [this] { invalidateLifelines(); };
        m_modelConnections = {
                connect(model, &QAbstractItemModel::rowsInserted, this,
                        &SequenceDiagram::rowsInserted),
                connect(model, &QAbstractItemModel::rowsRemoved, this, lifelinesChanged),
                connect(model, &QAbstractItemModel::rowsMoved, this, lifelinesChanged),
                connect(model, &QAbstractItemModel::modelReset, this, lifelinesChanged),
                connect(model, &QAbstractItemModel::layoutChanged, this, lifelinesChanged),
                connect(model, &QAbstractItemModel::dataChanged, viewport(),
                        qOverload<>(&QWidget::update)),
                connect(model, &QObject::destroyed, this, lifelinesChanged),
        };
    }
    invalidateLifelines();
}

void SequenceDiagram::setEndpoints(const QList<int> &ids)
{
    if (ids == m_endpoints)
        return;
    m_endpoints = ids;
    invalidateLifelines();
}

QList<int> SequenceDiagram::lifelines() const
{
    ensureLayout();
    return m_lanes;
}

void SequenceDiagram::setCurrentRow(int row)
{
    const QModelIndex index = m_model ? m_model->index(row, 0) : QModelIndex();
    if (index == m_current)
        return;
    m_current = index;
    if (index.isValid())
        scrollToRow(row);
    viewport()->update();
}

int SequenceDiagram::currentRow() const
{
    return m_current.isValid() ? m_current.row() : -1;
}

void SequenceDiagram::scrollToRow(int row)
{
    ensureLayout();
    if (row < 0 || row >= rowCount())
        return;
    QScrollBar *bar = verticalScrollBar();
    const int top = row * m_rowHeight;
    const int visibleHeight = viewport()->height() - m_headerHeight;
    if (top < bar->value())
        bar->setValue(top);
    else if (top + m_rowHeight > bar->value() + visibleHeight)
        bar->setValue(top + m_rowHeight - visibleHeight);
}

int SequenceDiagram::rowAt(const QPoint &viewportPosition) const
{
    ensureLayout();
    if (viewportPosition.y() < m_headerHeight)
        return -1;
    const int y = viewportPosition.y() - m_headerHeight + verticalScrollBar()->value();
    const int row = y / m_rowHeight;
    return row < rowCount() ? row : -1;
}

QRect SequenceDiagram::arrowRect(int row) const
{
    ensureLayout();
    if (row < 0 || row >= rowCount())
        return {};
    return rowGeometry(row, entryAt(row)).bounds;
}

QLine SequenceDiagram::arrowLine(int row) const
{
    ensureLayout();
    if (row < 0 || row >= rowCount())
        return {};
    const RowGeometry geometry = rowGeometry(row, entryAt(row));
    if (geometry.shape == Shape::None)
        return {};
    return QLine(geometry.fromX, geometry.lineY, geometry.toX, geometry.lineY);
}

QSize SequenceDiagram::sizeHint() const
{
    // Lanes stretch to the width they are given (doLayout()), so the hint asks for a modest
    // width per lane rather than the current one, which would only ever grow.
    const int lanes = std::max(3, int(m_lanes.size()));
    const int frame = 2 * frameWidth();
    const int laneWidth = fontMetrics().averageCharWidth() * 14;
    return {frame + m_gutterWidth + lanes * laneWidth + verticalScrollBar()->sizeHint().width(),
            frame + m_headerHeight + 16 * m_rowHeight};
}

QSize SequenceDiagram::minimumSizeHint() const
{
    const int frame = 2 * frameWidth();
    return {frame + m_gutterWidth + fontMetrics().averageCharWidth() * 14 + verticalScrollBar()->sizeHint().width(),
            frame + m_headerHeight + 3 * m_rowHeight + horizontalScrollBar()->sizeHint().height()};
}

void SequenceDiagram::rowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid()) {
        m_rescan = true;
    } else if (!m_rescan && first < m_scannedRows) {
        // Rows that went back in the log (it is ordered by send time, and a renderer's records
        // arrive in batches): shift what is remembered of the rows after them and read only the
        // new ones. Reading every row again would cost a pass over the whole log per batch.
        const int count = last - first + 1;
        for (QHash<int, int> *rows : {&m_firstRow, &m_lastRow, &m_goneRow}) {
            for (auto it = rows->begin(); it != rows->end(); ++it) {
                if (*it >= first)
                    *it += count;
            }
        }
        m_scannedRows += count;
        for (int row = first; row <= last; ++row)
            scanRow(row);
    }
    // Rows added at or past the end of what was read are read by ensureScanned().
    scheduleLayout();
}

void SequenceDiagram::invalidateLifelines()
{
    m_rescan = true;
    scheduleLayout();
}

void SequenceDiagram::scheduleLayout()
{
    m_layoutPending = true;
    if (!m_layoutTimer.isActive())
        m_layoutTimer.start();
}

void SequenceDiagram::ensureLayout() const
{
    // Queries from outside (a test, a click) see the rows the model has now, not those of the
    // last timer tick.
    if (m_layoutPending)
        const_cast<SequenceDiagram *>(this)->doLayout();
}

void SequenceDiagram::doLayout()
{
    m_layoutTimer.stop();
    m_layoutPending = false;
    ensureScanned();
    // Lanes share the width there is, so that every process is in view; only when they would be
    // too narrow for their names (or a short arrow label) does the diagram scroll sideways.
    int widest = fontMetrics().averageCharWidth() * 10;
    for (int id : std::as_const(m_lanes))
        widest = std::max(
                widest, fontMetrics().horizontalAdvance(MessageLogModel::endpointDisplayName(id)));
    const int minimum = widest + fontMetrics().averageCharWidth() / 2;
    const int lanes = std::max(1, int(m_lanes.size()));
    m_laneWidth = std::max(minimum, (viewport()->width() - m_gutterWidth) / lanes);
    updateScrollBars();
    viewport()->update();
}

void SequenceDiagram::ensureScanned() const
{
    if (m_rescan) {
        m_rescan = false;
        m_scannedRows = 0;
        m_seen.clear();
        m_lastRow.clear();
        m_firstRow.clear();
        m_goneRow.clear();
    }
    const int rows = rowCount();
    for (int row = m_scannedRows; row < rows; ++row)
        scanRow(row);
    m_scannedRows = rows;

    // One lane per process, main first, renderers by id. A renderer that has gone gives its lane
    // to the next one that appears after it went, so that closing and opening windows does not
    // push new arrows ever further to the right.
    QList<int> ids;
    for (int id : std::as_const(m_seen)) {
        if (id > 0)
            ids.append(id);
    }
    for (int id : m_endpoints) {
        if (id > 0 && !m_seen.contains(id))
            ids.append(id);
    }
    std::sort(ids.begin(), ids.end());
    m_laneOf.clear();
    m_laneOf.insert(0, 0);
    QList<int> occupants = {0}; // the latest process in each lane
    for (int id : std::as_const(ids)) {
        const int firstRow = m_firstRow.value(id, rows); // a window with no message yet: after all
        int lane = -1;
        for (int l = 1; l < occupants.size() && lane < 0; ++l) {
            const auto gone = m_goneRow.constFind(occupants.at(l));
            if (gone != m_goneRow.constEnd() && *gone >= m_lastRow.value(occupants.at(l), -1) && *gone < firstRow
                && !m_endpoints.contains(occupants.at(l)))
                lane = l;
        }
        if (lane < 0) {
            lane = int(occupants.size());
            occupants.append(id);
        } else {
            occupants[lane] = id;
        }
        m_laneOf.insert(id, lane);
    }
    m_lanes = occupants;
}

void SequenceDiagram::scanRow(int row) const
{
    const QModelIndex index = m_model->index(row, 0);
    const int from = index.data(MessageLogModel::FromRole).toInt();
    const int to = index.data(MessageLogModel::ToRole).toInt();
    for (int id : {from, to}) {
        m_seen.insert(id);
        int &lastRow = m_lastRow[id]; // 0 when new
        lastRow = std::max(lastRow, row);
        const auto firstRow = m_firstRow.find(id);
        if (firstRow == m_firstRow.end())
            m_firstRow.insert(id, row);
        else if (row < *firstRow)
            *firstRow = row;
    }
    if (index.data(MessageLogModel::PatternRole).toString() == renderProcessGone) {
        const int id = from != 0 ? from : to;
        const auto gone = m_goneRow.find(id);
        if (gone == m_goneRow.end())
            m_goneRow.insert(id, row);
        else
            *gone = std::max(*gone, row);
    }
}

void SequenceDiagram::updateMetrics()
{
    const QFontMetrics metrics = fontMetrics();
    m_rowHeight = metrics.height() + 10;
    m_headerHeight = metrics.height() + 12;
    m_gutterWidth = metrics.horizontalAdvance(QStringLiteral("00:00:00.000")) + 16;
    verticalScrollBar()->setSingleStep(m_rowHeight);
}

void SequenceDiagram::updateScrollBars()
{
    const bool follow = m_followBottom;
    const QSize area = viewport()->size();
    const int visibleHeight = std::max(0, area.height() - m_headerHeight);
    const qint64 contentHeight = qint64(rowCount()) * m_rowHeight;
    QScrollBar *vertical = verticalScrollBar();
    vertical->setPageStep(visibleHeight);
    vertical->setRange(0, int(std::clamp<qint64>(contentHeight - visibleHeight, 0, INT_MAX)));
    if (follow)
        vertical->setValue(vertical->maximum());

    const int contentWidth = m_gutterWidth + int(m_lanes.size()) * m_laneWidth;
    QScrollBar *horizontal = horizontalScrollBar();
    horizontal->setPageStep(area.width());
    horizontal->setSingleStep(fontMetrics().averageCharWidth() * 4);
    horizontal->setRange(0, std::max(0, contentWidth - area.width()));
}

LogEntry SequenceDiagram::entryAt(int row) const
{
    return m_model->index(row, 0).data(MessageLogModel::EntryRole).value<LogEntry>();
}

int SequenceDiagram::rowCount() const
{
    return m_model ? m_model->rowCount() : 0;
}

int SequenceDiagram::laneX(int id) const
{
    const int lane = m_laneOf.value(id, -1);
    if (lane < 0)
        return -1;
    return m_gutterWidth + int(lane) * m_laneWidth + m_laneWidth / 2
            - horizontalScrollBar()->value();
}

int SequenceDiagram::rowLineY(int row) const
{
    // The label sits above the line, in the upper part of the row.
    return m_headerHeight + row * m_rowHeight - verticalScrollBar()->value() + m_rowHeight - 5;
}

SequenceDiagram::RowGeometry SequenceDiagram::rowGeometry(int row, const LogEntry &entry) const
{
    RowGeometry g;
    const QFontMetrics metrics = fontMetrics();
    g.top = m_headerHeight + row * m_rowHeight - verticalScrollBar()->value();
    g.lineY = rowLineY(row);
    const int labelTop = g.top + 3;
    const int labelHeight = metrics.height();
    const int pad = metrics.averageCharWidth();
    // A marker on one lifeline leaves the rest of its row free for the label, up to the last
    // lifeline's column.
    const int contentRight
            = m_gutterWidth + int(m_lanes.size()) * m_laneWidth - horizontalScrollBar()->value();
    const auto sideLabel = [&](int left) {
        return QRect(left, labelTop, std::max(m_laneWidth / 2, contentRight - left - pad),
                     labelHeight);
    };

    if (entry.pattern == renderProcessGone) {
        const int x = laneX(entry.from != 0 ? entry.from : entry.to);
        if (x < 0)
            return g;
        g.shape = Shape::Gone;
        g.fromX = g.toX = x;
        g.labelRect = sideLabel(x + crossHalfSize + pad);
        g.bounds = QRect(QPoint(x - crossHalfSize, g.top),
                         QPoint(g.labelRect.right(), g.top + m_rowHeight - 1));
        return g;
    }
    g.fromX = laneX(entry.from);
    g.toX = laneX(entry.to);
    if (g.fromX < 0 || g.toX < 0)
        return g;
    if (entry.from == entry.to) {
        g.shape = Shape::SelfArrow;
        g.labelRect = sideLabel(g.fromX + selfLoopWidth + pad);
        g.bounds = QRect(QPoint(g.fromX, g.top),
                         QPoint(g.labelRect.right(), g.top + m_rowHeight - 1));
        return g;
    }
    g.shape = Shape::Arrow;
    const int left = std::min(g.fromX, g.toX);
    const int right = std::max(g.fromX, g.toX);
    g.labelRect = QRect(left + pad, labelTop, right - left - 2 * pad, labelHeight);
    g.bounds = QRect(QPoint(left, g.top), QPoint(right, g.top + m_rowHeight - 1));
    return g;
}

void SequenceDiagram::paintEvent(QPaintEvent *)
{
    ensureLayout();
    QPainter painter(viewport());
    const QPalette &pal = palette();
    const int width = viewport()->width();
    const int height = viewport()->height();
    const int rows = rowCount();
    const int scroll = verticalScrollBar()->value();
    const int firstRow = scroll / m_rowHeight;
    const int lastRow = std::min(rows - 1, (scroll + height - m_headerHeight) / m_rowHeight);

    painter.setClipRect(0, m_headerHeight, width, height - m_headerHeight);
    // Every other row shaded, the current one highlighted, under everything else.
    for (int row = firstRow; row <= lastRow; ++row) {
        const QRect band(0, m_headerHeight + row * m_rowHeight - scroll, width, m_rowHeight);
        if (row == currentRow()) {
            QColor highlight = pal.color(QPalette::Highlight);
            highlight.setAlpha(80);
            painter.fillRect(band, highlight);
        } else if (row % 2) {
            painter.fillRect(band, pal.alternateBase());
        }
    }

    // Lifelines, each ending at its render-process-gone unless it carried messages after.
    QPen lifeline(pal.color(QPalette::Mid), 1, Qt::DashLine);
    painter.setPen(lifeline);
    for (int id : std::as_const(m_lanes)) { // a lane ends with its latest process
        const int x = laneX(id);
        int bottom = height;
        const auto gone = m_goneRow.constFind(id);
        if (gone != m_goneRow.constEnd() && *gone >= m_lastRow.value(id, -1)
            && !m_endpoints.contains(id)) {
            bottom = std::min(bottom, rowLineY(*gone) - crossHalfSize / 2);
        }
        if (bottom > m_headerHeight)
            painter.drawLine(x, m_headerHeight, x, bottom);
    }

    painter.setRenderHint(QPainter::Antialiasing);
    for (int row = firstRow; row <= lastRow; ++row)
        paintRow(&painter, row, entryAt(row));
    painter.setRenderHint(QPainter::Antialiasing, false);

    painter.setClipping(false);
    paintHeader(&painter);
}

void SequenceDiagram::paintRow(QPainter *painter, int row, const LogEntry &entry) const
{
    const RowGeometry g = rowGeometry(row, entry);
    const QPalette &pal = palette();
    const QFontMetrics metrics = fontMetrics();

    const int gutterX = -horizontalScrollBar()->value();
    painter->setPen(pal.color(QPalette::PlaceholderText));
    painter->drawText(QRect(gutterX + 6, g.top, m_gutterWidth - 10, m_rowHeight),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QDateTime::fromMSecsSinceEpoch(entry.wallTimeMs, Qt::LocalTime)
                              .time()
                              .toString(QStringLiteral("hh:mm:ss.zzz")));
    if (g.shape == Shape::None)
        return;

    const QColor color = MessageLogModel::patternColor(entry.pattern);
    QPen pen(color, 1.5);
    painter->setPen(pen);
    painter->setBrush(color);
    switch (g.shape) {
    case Shape::None:
        break;
    case Shape::Arrow: {
        const qreal direction = g.toX > g.fromX ? 1 : -1;
        painter->drawLine(QPointF(g.fromX, g.lineY),
                          QPointF(g.toX - direction * arrowHeadLength, g.lineY));
        paintArrowHead(painter, QPointF(g.toX, g.lineY), direction);
        break;
    }
    case Shape::SelfArrow: {
        const int upper = g.lineY - metrics.height() / 2;
        QPainterPath loop(QPointF(g.fromX, upper));
        loop.lineTo(g.fromX + selfLoopWidth, upper);
        loop.lineTo(g.fromX + selfLoopWidth, g.lineY);
        loop.lineTo(g.fromX + arrowHeadLength, g.lineY);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(loop);
        painter->setBrush(color);
        paintArrowHead(painter, QPointF(g.fromX, g.lineY), -1);
        break;
    }
    case Shape::Gone: {
        pen.setWidthF(2.5);
        painter->setPen(pen);
        const QPointF centre(g.fromX, g.lineY - crossHalfSize / 2);
        painter->drawLine(centre + QPointF(-crossHalfSize, -crossHalfSize),
                          centre + QPointF(crossHalfSize, crossHalfSize));
        painter->drawLine(centre + QPointF(-crossHalfSize, crossHalfSize),
                          centre + QPointF(crossHalfSize, -crossHalfSize));
        break;
    }
    }

    if (g.labelRect.width() <= 0)
        return;
    QString label = entry.channel.isEmpty() ? entry.pattern : entry.pattern + u' ' + entry.channel;
    if (g.shape == Shape::Gone)
        label = tr("%1 gone: %2", "diagram: renderer 2 gone: killed")
                        .arg(MessageLogModel::endpointDisplayName(entry.from != 0 ? entry.from : entry.to),
                             MessageLogModel::goneReasonText(entry.payload));
    painter->setPen(pal.color(QPalette::Text));
    const int flags = g.shape == Shape::Arrow ? Qt::AlignHCenter : Qt::AlignLeft;
    painter->drawText(g.labelRect, flags | Qt::AlignBottom,
                      metrics.elidedText(label, Qt::ElideRight, g.labelRect.width()));
}

void SequenceDiagram::paintHeader(QPainter *painter) const
{
    // Painted last and at a fixed place, so the names stay in sight whatever the scrolling.
    const QPalette &pal = palette();
    const int width = viewport()->width();
    painter->fillRect(0, 0, width, m_headerHeight, pal.button());
    painter->setPen(pal.color(QPalette::Mid));
    painter->drawLine(0, m_headerHeight - 1, width, m_headerHeight - 1);
    painter->setPen(pal.color(QPalette::ButtonText));
    const int gutterX = -horizontalScrollBar()->value();
    painter->drawText(QRect(gutterX + 6, 0, m_gutterWidth - 10, m_headerHeight),
                      Qt::AlignLeft | Qt::AlignVCenter, tr("Time"));
    // A lane that several processes took in turn is named after the one at the top of the view.
    const int topRow = verticalScrollBar()->value() / std::max(1, m_rowHeight);
    QList<int> names = m_lanes;
    for (auto it = m_laneOf.constBegin(); it != m_laneOf.constEnd(); ++it) {
        const int shown = names.at(it.value());
        const int first = m_firstRow.value(it.key(), INT_MAX);
        const auto gone = m_goneRow.constFind(it.key());
        const bool coversTop = first <= topRow && (gone == m_goneRow.constEnd() || *gone >= topRow);
        if (coversTop && shown != it.key() && m_firstRow.value(shown, INT_MAX) > topRow)
            names[it.value()] = it.key();
    }
    for (int id : std::as_const(names)) {
        const QRect cell(laneX(id) - m_laneWidth / 2, 0, m_laneWidth, m_headerHeight);
        QFont font = painter->font();
        font.setBold(id == 0);
        painter->setFont(font);
        painter->drawText(cell, Qt::AlignCenter,
                          QFontMetrics(font).elidedText(MessageLogModel::endpointDisplayName(id),
                                                        Qt::ElideRight, m_laneWidth - 8));
    }
    QFont font = painter->font();
    font.setBold(false);
    painter->setFont(font);
}

void SequenceDiagram::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    doLayout(); // the lanes' width follows the view's
}

void SequenceDiagram::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    event->accept();
    const QPoint position = event->position().toPoint();
    const int row = rowAt(position);
    if (row < 0 || !arrowRect(row).adjusted(-hitSlop, 0, hitSlop, 0).contains(position))
        return;
    m_current = m_model->index(row, 0);
    viewport()->update();
    emit rowClicked(row);
}

void SequenceDiagram::mouseReleaseEvent(QMouseEvent *event)
{
    // The press was taken (a click on an arrow or beside one); its release belongs with it.
    if (event->button() == Qt::LeftButton)
        event->accept();
    else
        QAbstractScrollArea::mouseReleaseEvent(event);
}

void SequenceDiagram::scrollContentsBy(int, int)
{
    // The header stays put, so the viewport cannot simply be scrolled; a repaint of the
    // few rows on screen costs little.
    viewport()->update();
}

void SequenceDiagram::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::FontChange:
    case QEvent::StyleChange:
        updateMetrics();
        scheduleLayout();
        break;
    case QEvent::LanguageChange: // lane widths follow the translated names
        scheduleLayout();
        break;
    default:
        break;
    }
    QAbstractScrollArea::changeEvent(event);
}

bool SequenceDiagram::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos());
        if (row < 0 || !arrowRect(row).contains(help->pos())) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const LogEntry entry = entryAt(row);
        QString payload = QString::fromUtf8(entry.payload.left(4 * toolTipPayloadChars));
        if (payload.size() > toolTipPayloadChars)
            payload = payload.left(toolTipPayloadChars) + QChar(0x2026);
        QToolTip::showText(help->globalPos(),
                           tr("%1 %2\n%3 → %4\n%5")
                                   .arg(entry.pattern, entry.channel,
                                        MessageLogModel::endpointDisplayName(entry.from),
                                        MessageLogModel::endpointDisplayName(entry.to), payload),
                           viewport(), arrowRect(row));
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}
