#pragma once

#include <QAbstractScrollArea>
#include <QHash>
#include <QList>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QSet>
#include <QTimer>

class QAbstractItemModel;
struct LogEntry;

// The message log drawn as a sequence diagram: a lifeline per process, main first, and an arrow
// per row of the model (a MessageLogModel or a filter over one) from sender to receiver. Only
// the rows on screen are painted, so a log of any length scrolls smoothly; like a terminal it
// keeps following new rows while scrolled to the bottom.
class SequenceDiagram : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit SequenceDiagram(QWidget *parent = nullptr);
    ~SequenceDiagram() override;

    void setModel(QAbstractItemModel *model);
    QAbstractItemModel *model() const { return m_model; }

    // Lifelines to show even before they carry a message: the windows that are open.
    void setEndpoints(const QList<int> &ids);
    // What is drawn: 0 (main) first, then renderer ids ascending; a renderer that has gone gives
    // its lane to one that comes after it, and this lists each lane's latest.
    QList<int> lifelines() const;

    void setCurrentRow(int row); // highlighted, and scrolled into view; -1 for none
    int currentRow() const;
    void scrollToRow(int row);

    int rowAt(const QPoint &viewportPosition) const; // -1 outside the rows
    QRect arrowRect(int row) const; // in viewport coordinates; empty if the row draws nothing
    QLine arrowLine(int row) const; // the arrow itself, sender to receiver; null if none

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void rowClicked(int row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void changeEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    enum class Shape { None, Arrow, SelfArrow, Gone };
    struct RowGeometry
    {
        Shape shape = Shape::None;
        int fromX = 0;
        int toX = 0;
        int top = 0;
        int lineY = 0;
        QRect labelRect;
        QRect bounds;
    };

    void rowsInserted(const QModelIndex &parent, int first, int last);
    void invalidateLifelines();
    void scheduleLayout();
    void doLayout();
    void ensureLayout() const;
    void ensureScanned() const;
    void updateMetrics();
    void updateScrollBars();
    LogEntry entryAt(int row) const;
    int rowCount() const;
    int laneX(int id) const; // centre of the lifeline; -1 if there is none for id
    int rowLineY(int row) const;
    RowGeometry rowGeometry(int row, const LogEntry &entry) const;
    void paintHeader(QPainter *painter) const;
    void paintRow(QPainter *painter, int row, const LogEntry &entry) const;

    QPointer<QAbstractItemModel> m_model;
    QList<QMetaObject::Connection> m_modelConnections;
    QPersistentModelIndex m_current;
    QList<int> m_endpoints;

    // Derived from the rows, lazily: a filter change can arrive as thousands of removals.
    mutable QList<int> m_lanes;
    mutable QSet<int> m_seen;
    mutable QHash<int, int> m_laneOf; // endpoint id -> lane index
    mutable QHash<int, int> m_firstRow; // the first row each endpoint takes part in
    mutable QHash<int, int> m_lastRow; // the last row each endpoint takes part in
    mutable QHash<int, int> m_goneRow; // the row of its render-process-gone
    mutable int m_scannedRows = 0;
    void scanRow(int row) const; // takes one row into m_seen, m_firstRow, m_lastRow, m_goneRow
    mutable bool m_rescan = true;
    mutable bool m_layoutPending = false;
    QTimer m_layoutTimer;

    bool m_followBottom = true;
    int m_rowHeight = 0;
    int m_headerHeight = 0;
    int m_gutterWidth = 0;
    int m_laneWidth = 0;
};
