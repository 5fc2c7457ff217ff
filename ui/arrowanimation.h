#pragma once

#include <QPointer>
#include <QVariantAnimation>
#include <QWidget>

class SequenceDiagram;

// Drawn over a sequence diagram during a replay: the arrow of one row grows from its sender to
// its receiver, and a badge at the sender says what the sender is doing meanwhile ("blocked",
// "pending"). Follows the diagram's scrolling; clicks go through to the diagram.
class ArrowAnimation : public QWidget
{
    Q_OBJECT
public:
    explicit ArrowAnimation(SequenceDiagram *diagram);

    // row is the diagram's; badge may be empty. The arrow is complete after durationMs.
    void animate(int row, int durationMs, const QString &badge);
    void clear();

    int row() const { return m_row; }
    qreal progress() const { return m_progress; }
    QString badge() const { return m_badge; }

Q_SIGNALS:
    void arrived(); // the arrow reached its receiver

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QPointer<SequenceDiagram> m_diagram;
    QVariantAnimation m_animation;
    int m_row = -1;
    qreal m_progress = 0;
    QString m_badge;
};
