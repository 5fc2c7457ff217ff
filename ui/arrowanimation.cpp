#include "arrowanimation.h"

#include "sequencediagram.h"

#include <QEvent>
#include <QPainter>

ArrowAnimation::ArrowAnimation(SequenceDiagram *diagram) : QWidget(diagram->viewport()), m_diagram(diagram)
{
    setObjectName(QStringLiteral("arrowAnimation"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setGeometry(diagram->viewport()->rect());
    diagram->viewport()->installEventFilter(this);
    m_animation.setStartValue(0.0);
    m_animation.setEndValue(1.0);
    m_animation.setEasingCurve(QEasingCurve::InOutQuad);
    connect(&m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant &value) {
        m_progress = value.toReal();
        update();
    });
    connect(&m_animation, &QVariantAnimation::finished, this, [this] {
        m_progress = 1;
        update();
        Q_EMIT arrived();
    });
    hide();
}

void ArrowAnimation::animate(int row, int durationMs, const QString &badge)
{
    m_animation.stop();
    m_row = row;
    m_badge = badge;
    m_progress = 0;
    show();
    raise();
    m_animation.setDuration(qMax(1, durationMs));
    m_animation.start();
}

void ArrowAnimation::clear()
{
    m_animation.stop();
    m_row = -1;
    m_badge.clear();
    hide();
}

bool ArrowAnimation::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && m_diagram && watched == m_diagram->viewport())
        setGeometry(m_diagram->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

void ArrowAnimation::paintEvent(QPaintEvent *)
{
    if (!m_diagram || m_row < 0)
        return;
    // Asked again on every paint: the diagram may have scrolled or relaid its lanes.
    const QLine line = m_diagram->arrowLine(m_row);
    if (line.isNull())
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor colour(255, 150, 0);
    const QPointF from = line.p1();
    const QPointF head = from + (QPointF(line.p2()) - from) * m_progress;
    QPen pen(colour, 4, Qt::SolidLine, Qt::RoundCap);
    painter.setPen(pen);
    if (line.p1() != line.p2())
        painter.drawLine(from, head);
    painter.setBrush(colour);
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(head, 6, 6);
    if (m_badge.isEmpty())
        return;
    // Beside the sender's lifeline, on the side away from the arrow.
    const QFontMetrics metrics = fontMetrics();
    const QSize size(metrics.horizontalAdvance(m_badge) + 10, metrics.height() + 4);
    const bool left = line.p2().x() > line.p1().x();
    QRect badge(QPoint(left ? line.p1().x() - size.width() - 6 : line.p1().x() + 6,
                       line.p1().y() - size.height() - 2),
                size);
    badge.moveLeft(qBound(0, badge.left(), qMax(0, width() - size.width())));
    painter.setBrush(QColor(255, 150, 0, 220));
    painter.drawRoundedRect(badge, 4, 4);
    painter.setPen(Qt::black);
    painter.drawText(badge, Qt::AlignCenter, m_badge);
}
