#pragma once

#include "runtrace.h"

#include <QGroupBox>
#include <QPointer>
#include <QTimer>

class ArrowAnimation;
class MessageLogPane;
class PatternCatalogue;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

// The last run as its own trace: each arrow its catalogue entry expects, ✔ once it has crossed,
// ✘ if the run ended without it; and a replay of the run's messages in slow motion, one at a
// time or at a chosen pace, with each arrow growing across the diagram and the snippet line that
// sent it marked in both code panes.
class RunTracePane : public QGroupBox
{
    Q_OBJECT
public:
    RunTracePane(const PatternCatalogue *catalogue, MessageLogPane *logPane, QPlainTextEdit *electronView,
                 QPlainTextEdit *cppView, QWidget *parent = nullptr);

    // A run of pattern between these windows (-1: none) on channel starts now.
    void startRun(const QString &pattern, int sourceId, int targetId, const QString &channel);
    // The runner has finished: arrows not seen after a short while are missing.
    void runFinished();

    const RunTrace &trace() const { return m_trace; }
    bool isSettled() const { return m_settled; }
    int replayIndex() const { return m_replayIndex; } // -1 while no message is shown
    bool isPlaying() const { return m_playTimer.isActive(); }
    ArrowAnimation *animation() const { return m_animation; }

    void step();        // shows the next message of the run; after the last one, stops
    void togglePlay();  // replays from the next message (or the start) at the chosen delay
    void stopReplay();  // and clears the marks

    void retranslateUi();

Q_SIGNALS:
    void stepped(int index);
    void replayFinished();

private:
    void collect();
    void updateList();
    void showStep(int index);
    int modelRowOf(const LogEntry &entry) const;
    QString noteText(int arrow) const;
    QString stepText(int index) const;
    void updateButtons();

    const PatternCatalogue *m_catalogue;
    MessageLogPane *m_logPane;
    QPointer<QPlainTextEdit> m_electronView;
    QPointer<QPlainTextEdit> m_cppView;
    ArrowAnimation *m_animation;

    QString m_pattern;
    RunTrace m_trace;
    qint64 m_runStart = -1;
    bool m_running = false;
    bool m_settled = false;
    QTimer m_settleTimer;
    QTimer m_playTimer;
    int m_replayIndex = -1;

    QListWidget *m_list;
    QLabel *m_summary;
    QPushButton *m_playButton;
    QPushButton *m_stepButton;
    QLabel *m_delayLabel;
    QSpinBox *m_delay;
    QLabel *m_note;
};
