#include "runtracepane.h"

#include "arrowanimation.h"
#include "messagelogfilter.h"
#include "messagelogmodel.h"
#include "messagelogpane.h"
#include "monotonicclock.h"
#include "patterncatalogue.h"
#include "sequencediagram.h"
#include "snippetmarker.h"
#include "translations.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

namespace {

// Messages of a run keep arriving for a moment after it finished: the renderers report theirs
// in batches. An arrow still missing after this long is shown as missing.
constexpr int settleMs = 1500;
constexpr int maxRunMessages = 2000;

} // namespace

RunTracePane::RunTracePane(const PatternCatalogue *catalogue, MessageLogPane *logPane, QPlainTextEdit *electronView,
                           QPlainTextEdit *cppView, QWidget *parent)
    : QGroupBox(parent), m_catalogue(catalogue), m_logPane(logPane), m_electronView(electronView),
      m_cppView(cppView), m_animation(new ArrowAnimation(logPane->diagram()))
{
    setObjectName(QStringLiteral("runTracePane"));
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("runTrace"));
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("traceSummary"));
    m_summary->setWordWrap(true);
    m_playButton = new QPushButton;
    m_playButton->setObjectName(QStringLiteral("replayButton"));
    m_playButton->setAutoDefault(false);
    m_stepButton = new QPushButton;
    m_stepButton->setObjectName(QStringLiteral("stepButton"));
    m_stepButton->setAutoDefault(false);
    m_stepButton->setIcon(style()->standardIcon(QStyle::SP_MediaSkipForward));
    m_delayLabel = new QLabel;
    m_delay = new QSpinBox;
    m_delay->setObjectName(QStringLiteral("replayDelay"));
    m_delay->setRange(100, 5000);
    m_delay->setSingleStep(100);
    m_delay->setValue(1200);
    m_delayLabel->setBuddy(m_delay);
    m_note = new QLabel;
    m_note->setObjectName(QStringLiteral("replayNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    // A debugger's keys: F10 steps over, F9 runs on. Not the buttons' own shortcuts, which
    // setText() would replace with the text's mnemonic.
    auto *stepShortcut = new QShortcut(QKeySequence(Qt::Key_F10), this);
    connect(stepShortcut, &QShortcut::activated, m_stepButton, &QPushButton::animateClick);
    auto *playShortcut = new QShortcut(QKeySequence(Qt::Key_F9), this);
    connect(playShortcut, &QShortcut::activated, m_playButton, &QPushButton::animateClick);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_playButton);
    controls->addWidget(m_stepButton);
    controls->addWidget(m_delayLabel);
    controls->addWidget(m_delay);
    controls->addStretch(1);
    // The arrows and their count on the left; the replay and what to watch on the right.
    auto *left = new QVBoxLayout;
    left->addWidget(m_summary);
    left->addWidget(m_list, 1);
    auto *right = new QVBoxLayout;
    right->addLayout(controls);
    right->addWidget(m_note, 1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addLayout(left, 5);
    layout->addLayout(right, 4);
    m_note->setMinimumHeight(m_note->fontMetrics().lineSpacing() * 3);
    // Four arrows at most per pattern, so that the code above and the log below keep their room
    // on a 768-pixel screen.
    const int rowHeight = m_list->fontMetrics().lineSpacing() + 2;
    m_list->setMinimumHeight(rowHeight * 2 + 6);
    m_list->setMaximumHeight(rowHeight * 4 + 6);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    connect(m_stepButton, &QPushButton::clicked, this, [this] {
        m_playTimer.stop();
        step();
        updateButtons();
    });
    connect(m_playButton, &QPushButton::clicked, this, &RunTracePane::togglePlay);
    connect(&m_playTimer, &QTimer::timeout, this, [this] {
        step();
        if (m_replayIndex < 0) {
            m_playTimer.stop();
            updateButtons();
        }
    });
    connect(m_delay, &QSpinBox::valueChanged, this, [this](int ms) {
        if (m_playTimer.isActive())
            m_playTimer.setInterval(ms);
    });
    m_settleTimer.setSingleShot(true);
    connect(&m_settleTimer, &QTimer::timeout, this, [this] {
        collect();
        m_settled = true; // from now on the trace is what it is: later traffic is not the run's
        updateList();
    });
    MessageLogModel *model = m_logPane->model();
    connect(model, &MessageLogModel::entriesAppended, this, &RunTracePane::collect);
    connect(model, &QAbstractItemModel::modelReset, this, &RunTracePane::collect);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &RunTracePane::collect);
    retranslateUi();
}

void RunTracePane::startRun(const QString &pattern, int sourceId, int targetId, const QString &channel)
{
    stopReplay();
    const PatternInfo *info = m_catalogue->find(pattern);
    m_pattern = pattern;
    m_trace = RunTrace(ExpectedArrow::fromJson(info ? info->expect : QJsonArray()), sourceId, targetId, channel);
    m_runStart = monotonicNanoseconds();
    m_running = true;
    m_settled = false;
    m_settleTimer.stop();
    collect();
}

void RunTracePane::runFinished()
{
    if (!m_running)
        return;
    m_running = false;
    m_logPane->model()->flush();
    collect();
    m_settleTimer.start(settleMs);
}

// The run's messages: the log's rows sent since it started. The log is in send order, so they
// are its last rows (those the sender did not stamp go last, with them).
void RunTracePane::collect()
{
    if (m_runStart < 0 || m_settled)
        return;
    const MessageLogModel *model = m_logPane->model();
    QList<LogEntry> entries;
    // A run is a handful of messages; a flood started meanwhile from a renderer window is not
    // scanned to its start on every batch.
    const int oldest = qMax(0, model->rowCount() - maxRunMessages);
    for (int row = model->rowCount() - 1; row >= oldest; --row) {
        const LogEntry &entry = model->entry(row);
        if (entry.sentAtNs > 0 && entry.sentAtNs < m_runStart)
            break;
        entries.prepend(entry);
    }
    // A replay under way keeps the messages it is showing.
    if (m_replayIndex < 0)
        m_trace.match(entries);
    updateList();
}

void RunTracePane::updateList()
{
    const QString language = Translations::current();
    m_list->clear();
    for (int arrow = 0; arrow < m_trace.expected().size(); ++arrow) {
        const ExpectedArrow &expected = m_trace.expected().at(arrow);
        const int entry = m_trace.matchedEntry(arrow);
        const QString mark = entry >= 0 ? QStringLiteral("✔") : m_settled ? QStringLiteral("✘") : QStringLiteral("…");
        // The windows that really took part once seen; until then the roles.
        auto name = [this](const QString &role, int seenId) {
            if (seenId >= 0)
                return MessageLogModel::endpointDisplayName(seenId);
            const int id = m_trace.endpoint(role);
            if (id >= 0)
                return MessageLogModel::endpointDisplayName(id);
            return role == QLatin1String("renderer") ? tr("any renderer") : role;
        };
        const LogEntry seen = entry >= 0 ? m_trace.entries().at(entry) : LogEntry();
        const QString channel = entry >= 0 ? seen.channel
                : expected.channel == QLatin1String("$channel") || expected.channel == QLatin1String("*")
                ? QString()
                : expected.channel;
        auto *item = new QListWidgetItem(QStringLiteral("%1  %2 → %3  %4  %5")
                                                 .arg(mark, name(expected.from, entry >= 0 ? seen.from : -1),
                                                      name(expected.to, entry >= 0 ? seen.to : -1), expected.kind, channel)
                                                 .trimmed(),
                                         m_list);
        if (entry >= 0)
            item->setForeground(QColor(0x2e, 0x9a, 0x4e));
        else if (m_settled)
            item->setForeground(QColor(0xc0, 0x39, 0x2b));
        const QString note = PatternCatalogue::text(expected.note, language);
        item->setToolTip(note.isEmpty() ? item->text() : note);
        item->setData(Qt::UserRole, entry >= 0);
    }
    if (m_runStart < 0 || !m_catalogue->find(m_pattern)) {
        m_summary->setText(tr("Run a pattern: each arrow it should draw is checked here."));
    } else if (m_trace.expected().isEmpty()) {
        m_summary->setText(tr("%n message(s) in this run.", "", int(m_trace.entries().size())));
    } else {
        const QString counts = tr("%1 of %2 expected arrows seen; %n message(s) in this run.", "",
                                  int(m_trace.entries().size()))
                                       .arg(m_trace.seenCount())
                                       .arg(m_trace.expected().size());
        const QString mark = !m_settled ? QString()
                : m_trace.isComplete()  ? QStringLiteral("✔ ")
                                        : QStringLiteral("✘ ");
        m_summary->setText(mark + counts);
    }
    m_stepButton->setEnabled(!m_trace.entries().isEmpty());
    m_playButton->setEnabled(!m_trace.entries().isEmpty());
}

int RunTracePane::modelRowOf(const LogEntry &entry) const
{
    const MessageLogModel *model = m_logPane->model();
    for (int row = model->rowCount() - 1; row >= 0; --row) {
        const LogEntry &candidate = model->entry(row);
        if (candidate.sentAtNs == entry.sentAtNs && candidate.from == entry.from && candidate.to == entry.to
            && candidate.pattern == entry.pattern && candidate.channel == entry.channel)
            return row;
        if (entry.sentAtNs > 0 && candidate.sentAtNs > 0 && candidate.sentAtNs < entry.sentAtNs)
            break;
    }
    return -1;
}

void RunTracePane::step()
{
    const int next = m_replayIndex + 1;
    if (next >= m_trace.entries().size()) {
        stopReplay();
        m_note->setText(tr("Replay over: Step or Replay shows it again."));
        Q_EMIT replayFinished();
        return;
    }
    showStep(next);
}

void RunTracePane::togglePlay()
{
    if (m_playTimer.isActive()) {
        m_playTimer.stop();
    } else if (!m_trace.entries().isEmpty()) {
        step();
        if (m_replayIndex < 0) // it had shown the last one: from the start
            step();
        m_playTimer.start(m_delay->value());
    }
    updateButtons();
}

void RunTracePane::stopReplay()
{
    m_playTimer.stop();
    m_replayIndex = -1;
    m_animation->clear();
    for (QPlainTextEdit *view : {m_electronView.data(), m_cppView.data()}) {
        if (view)
            SnippetMarker::clear(view);
    }
    m_note->clear();
    updateButtons();
    updateList();
}

QString RunTracePane::noteText(int arrow) const
{
    if (arrow < 0)
        return tr("Not one of the arrows this pattern expects.");
    return PatternCatalogue::text(m_trace.expected().at(arrow).note, Translations::current());
}

void RunTracePane::showStep(int index)
{
    m_replayIndex = index;
    const LogEntry entry = m_trace.entries().at(index);
    const int arrow = m_trace.arrowOf(index);
    const int modelRow = modelRowOf(entry);
    if (modelRow >= 0) {
        m_logPane->showRow(modelRow);
        const QModelIndex shown = m_logPane->filter()->mapFromSource(m_logPane->model()->index(modelRow, 0));
        // What the sender is doing while its message travels.
        static const QHash<QString, const char *> badges{
                {QStringLiteral("invoke"), QT_TR_NOOP("pending")},
                {QStringLiteral("sendSync"), QT_TR_NOOP("blocked")},
                {QStringLiteral("cancel"), QT_TR_NOOP("gave up")},
                {QStringLiteral("result error"), QT_TR_NOOP("rejected")},
                {QStringLiteral("postMessage"), QT_TR_NOOP("hands over a port")},
                {QStringLiteral("MessagePort"), QT_TR_NOOP("direct")},
        };
        const char *badge = badges.value(entry.pattern);
        if (shown.isValid())
            m_animation->animate(shown.row(), qMin(m_delay->value() * 6 / 10, 1500), badge ? tr(badge) : QString());
        else
            m_animation->clear();
    }
    const ExpectedArrow expected = arrow >= 0 ? m_trace.expected().at(arrow) : ExpectedArrow();
    if (m_electronView)
        SnippetMarker::mark(m_electronView, expected.electronLine);
    if (m_cppView)
        SnippetMarker::mark(m_cppView, expected.cppLine);
    m_note->setText(stepText(index));
    Q_EMIT stepped(index);
}

// The message itself is selected in the log and the diagram; this says what to watch in it.
QString RunTracePane::stepText(int index) const
{
    const LogEntry &entry = m_trace.entries().at(index);
    QString note = noteText(m_trace.arrowOf(index));
    if (note.isEmpty())
        note = tr("%1 → %2, %3 '%4'.").arg(MessageLogModel::endpointDisplayName(entry.from),
                                           MessageLogModel::endpointDisplayName(entry.to), entry.pattern, entry.channel);
    return tr("%1/%2: %3").arg(index + 1).arg(m_trace.entries().size()).arg(note);
}

void RunTracePane::updateButtons()
{
    m_playButton->setText(m_playTimer.isActive() ? tr("Pause") : tr("Replay"));
    m_playButton->setIcon(style()->standardIcon(m_playTimer.isActive() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void RunTracePane::retranslateUi()
{
    setTitle(tr("This run, arrow by arrow"));
    updateButtons();
    m_playButton->setToolTip(tr("Replay the run's messages in slow motion, one every so many milliseconds (F9)"));
    m_stepButton->setText(tr("Step"));
    m_stepButton->setToolTip(tr("Show the run's next message: its arrow in the diagram, its line in both snippets (F10)"));
    m_delayLabel->setText(tr("Delay"));
    m_delay->setSuffix(tr(" ms"));
    m_delay->setToolTip(tr("How long each message stays on screen during a replay"));
    updateList();
    if (m_replayIndex >= 0)
        m_note->setText(stepText(m_replayIndex));
}
