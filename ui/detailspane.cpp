#include "detailspane.h"

#include "codeview.h"
#include "messagelogmodel.h"
#include "monotonicclock.h"
#include "patterncatalogue.h"
#include "patternrunner.h"
#include "rendererlauncher.h"
#include "translations.h"
#include "webcontents.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

DetailsPane::DetailsPane(const PatternCatalogue *catalogue, RendererLauncher *launcher, PatternRunner *runner,
                         QWidget *parent)
    : QWidget(parent), m_catalogue(catalogue), m_launcher(launcher), m_runner(runner)
{
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("patternTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("patternSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_electronLabel = new QLabel;
    m_cppLabel = new QLabel;
    m_electron = CodeView::create(true);
    m_electron->setObjectName(QStringLiteral("electronSnippet"));
    m_cpp = CodeView::create(true);
    m_cpp->setObjectName(QStringLiteral("cppSnippet"));
    auto *electronPane = new QWidget;
    auto *electronLayout = new QVBoxLayout(electronPane);
    electronLayout->setContentsMargins(0, 0, 0, 0);
    electronLayout->addWidget(m_electronLabel);
    electronLayout->addWidget(m_electron);
    auto *cppPane = new QWidget;
    auto *cppLayout = new QVBoxLayout(cppPane);
    cppLayout->setContentsMargins(0, 0, 0, 0);
    cppLayout->addWidget(m_cppLabel);
    cppLayout->addWidget(m_cpp);
    m_electron->setMinimumHeight(90);
    m_cpp->setMinimumHeight(90);
    auto *snippets = new QSplitter(Qt::Horizontal);
    snippets->addWidget(electronPane);
    snippets->addWidget(cppPane);

    m_channel = new QLineEdit;
    m_channel->setObjectName(QStringLiteral("channel"));
    m_payload = new QLineEdit;
    m_payload->setObjectName(QStringLiteral("payload"));
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payloadError = new QLabel;
    m_payloadError->setObjectName(QStringLiteral("payloadError"));
    m_payloadError->setStyleSheet(QStringLiteral("QLabel { color: #c0392b; }"));
    m_payloadError->setWordWrap(true);
    m_source = new QComboBox;
    m_source->setObjectName(QStringLiteral("source"));
    m_target = new QComboBox;
    m_target->setObjectName(QStringLiteral("target"));
    for (QComboBox *combo : {m_source, m_target}) {
        connect(combo, &QComboBox::activated, combo,
                [combo] { combo->setProperty("userChoice", combo->currentData()); });
        // "Choose two different windows." goes once the choice changes.
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            if (m_outcomeIsRefusal)
                m_outcome->clear();
            m_outcomeIsRefusal = false;
        });
    }
    m_runButton = new QPushButton;
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_runButton->setDefault(true);
    m_outcome = new QLabel;
    m_outcome->setObjectName(QStringLiteral("outcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_payload, &QLineEdit::textChanged, this, &DetailsPane::validatePayload);
    connect(m_runButton, &QPushButton::clicked, this, &DetailsPane::runSelected);
    connect(m_payload, &QLineEdit::returnPressed, this, &DetailsPane::runSelected);
    connect(m_channel, &QLineEdit::returnPressed, this, &DetailsPane::runSelected);
    connect(m_runner, &PatternRunner::finished, this, &DetailsPane::onRunFinished);

    m_channelLabel = new QLabel;
    m_payloadLabel = new QLabel;
    m_sourceLabel = new QLabel;
    m_targetLabel = new QLabel;
    auto *form = new QGridLayout;
    form->addWidget(m_channelLabel, 0, 0);
    form->addWidget(m_channel, 0, 1);
    form->addWidget(m_sourceLabel, 0, 2);
    form->addWidget(m_source, 0, 3);
    form->addWidget(m_payloadLabel, 1, 0);
    form->addWidget(m_payload, 1, 1);
    form->addWidget(m_targetLabel, 1, 2);
    form->addWidget(m_target, 1, 3);
    m_resetButton = new QPushButton;
    m_resetButton->setObjectName(QStringLiteral("resetButton"));
    m_resetButton->setAutoDefault(false);
    connect(m_resetButton, &QPushButton::clicked, this, &DetailsPane::resetEdits);
    form->addWidget(m_resetButton, 0, 4);
    form->addWidget(m_payloadError, 2, 1, 1, 3);
    form->setColumnStretch(1, 3);
    form->setColumnStretch(3, 1);
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_runButton);
    runRow->addWidget(m_outcome, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(snippets, 1);
    layout->addLayout(form);
    layout->addLayout(runRow);
}

void DetailsPane::showPattern(const QString &id)
{
    // What the user typed for the pattern being left is there again when they come back.
    if (m_catalogue->find(m_pattern))
        m_edits.insert(m_pattern, {m_channel->text(), m_payload->text()});
    const PatternInfo *info = m_catalogue->find(id);
    m_pattern = info ? id : QString();
    m_outcome->clear();
    m_outcomePattern.clear();
    if (!info) {
        // A group heading: nothing to show or run.
        m_electron->clear();
        m_cpp->clear();
        m_channel->clear();
        m_payload->clear();
        for (QWidget *w : std::initializer_list<QWidget *>{m_channel, m_payload, m_source, m_target, m_resetButton})
            w->setEnabled(false);
        retranslateUi();
        validatePayload();
        return;
    }
    const Edit edit = m_edits.value(id, Edit{info->channel, info->payload});
    m_electron->setPlainText(info->electron);
    m_cpp->setPlainText(info->cpp);
    m_channel->setText(edit.channel);
    m_channel->setEnabled(info->hasChannel);
    m_payload->setText(edit.payload);
    m_payload->setEnabled(info->hasPayload);
    m_resetButton->setEnabled(info->hasChannel || info->hasPayload);
    m_source->setEnabled(!info->fromMain);
    m_target->setEnabled(info->needsTarget);
    retranslateUi();
    fillWindowCombos();
    validatePayload();
}

void DetailsPane::resetEdits()
{
    const PatternInfo *info = m_catalogue->find(m_pattern);
    if (!info)
        return;
    m_edits.remove(m_pattern);
    m_channel->setText(info->channel);
    m_payload->setText(info->payload);
}

void DetailsPane::setBusy(bool busy)
{
    m_busy = busy;
    validatePayload();
}

bool DetailsPane::validatePayload()
{
    const bool busy = m_runner->isRunning() || m_busy;
    QString problem;
    if (m_payload->isEnabled()) {
        QJsonParseError error;
        // Wrapped, so that a lone value ("ping", 42) is accepted as one argument.
        QJsonDocument::fromJson("[" + m_payload->text().toUtf8() + "]", &error);
        if (error.error != QJsonParseError::NoError)
            problem = tr("The payload is not valid JSON: %1 (at character %2).")
                              .arg(error.errorString())
                              .arg(qMax(0, error.offset - 1));
    }
    m_payloadError->setText(problem);
    m_payloadError->setVisible(!problem.isEmpty());
    m_runButton->setEnabled(problem.isEmpty() && !busy && m_catalogue->find(m_pattern));
    return problem.isEmpty();
}

void DetailsPane::runSelected()
{
    const PatternInfo *info = m_catalogue->find(m_pattern);
    if (!info || !validatePayload() || m_runner->isRunning() || m_busy)
        return;
    PatternRunner::Request request;
    request.pattern = info->id;
    request.channel = m_channel->text();
    if (info->hasPayload && !m_payload->text().trimmed().isEmpty()) {
        const QJsonDocument document = QJsonDocument::fromJson(m_payload->text().toUtf8());
        request.args = document.isArray() ? document.array()
                                          : QJsonDocument::fromJson("[" + m_payload->text().toUtf8() + "]").array();
    }
    request.source = info->fromMain ? nullptr : m_launcher->fromId(m_source->currentData().toInt());
    request.target = info->needsTarget ? m_launcher->fromId(m_target->currentData().toInt()) : nullptr;
    const qint64 runStart = monotonicNanoseconds();
    if (!m_runner->run(request)) {
        m_outcome->setText(m_runner->errorString());
        m_outcomePattern.clear();
        m_outcomeIsRefusal = true;
        emit statusMessage(m_runner->errorString(), 5000);
        return;
    }
    m_runButton->setEnabled(false);
    m_outcome->setText(tr("Running…"));
    m_outcomePattern.clear();
    emit runStarted(runStart);
}

void DetailsPane::onRunFinished(const QString &pattern, bool ok, const QString &outcome)
{
    const PatternInfo *info = m_catalogue->find(pattern);
    const QString title = info ? PatternCatalogue::text(info->title, Translations::current()) : pattern;
    showOutcome(pattern, ok, outcome);
    m_outcomeIsRefusal = false;
    m_outcomePattern = pattern;
    m_outcomeOk = ok;
    emit statusMessage(ok ? tr("%1: done.").arg(title) : tr("%1: failed: %2").arg(title, outcome), 8000);
    validatePayload();
}

void DetailsPane::showOutcome(const QString &pattern, bool ok, const QString &outcome)
{
    // The error patterns succeed by failing: say so, so that a ✔ beside "Rejected" reads right.
    const bool showsAnError = pattern == QLatin1String("invoke-error") || pattern == QLatin1String("invoke-timeout");
    m_outcome->setText(ok ? QStringLiteral("✔ ") + (showsAnError ? tr("As expected: %1").arg(outcome) : outcome)
                          : QStringLiteral("✘ ") + outcome);
}

void DetailsPane::fillWindowCombos()
{
    QList<WebContents *> windows = m_launcher->allWebContents();
    std::sort(windows.begin(), windows.end(), [](WebContents *a, WebContents *b) { return a->id() < b->id(); });
    for (QComboBox *combo : {m_source, m_target}) {
        // Keep what the user picked; otherwise the lowest ids, which do not depend on which
        // window happened to be ready first.
        const QVariant chosen = combo->property("userChoice");
        combo->clear();
        for (WebContents *w : windows) {
            if (w->isReady() && !w->isCrashed())
                combo->addItem(MessageLogModel::endpointDisplayName(w->id()), w->id());
        }
        const int index = chosen.isValid() ? combo->findData(chosen) : -1;
        // With a placeholder text set, QComboBox leaves nothing selected after clear().
        combo->setCurrentIndex(index >= 0 ? index : (combo->count() > 0 ? 0 : -1));
        combo->setPlaceholderText(tr("open a window first"));
    }
    // Two different windows by default, where a pattern takes two.
    if (m_target->count() > 1 && m_target->currentData() == m_source->currentData())
        m_target->setCurrentIndex(m_source->currentIndex() == 0 ? 1 : 0);
}

void DetailsPane::retranslateUi()
{
    m_electronLabel->setText(tr("Electron (from the notes)"));
    m_cppLabel->setText(tr("IPC Lab (C++)"));
    m_channelLabel->setText(tr("Channel"));
    m_payloadLabel->setText(tr("Payload (JSON)"));
    m_payload->setToolTip(tr("The arguments as a JSON array, e.g. [\"my_data\", 42]; a single JSON value is one argument."));
    m_sourceLabel->setText(tr("From"));
    m_targetLabel->setText(tr("To"));
    m_runButton->setText(tr("Run"));
    m_runButton->setToolTip(tr("Run the selected pattern between real processes (Ctrl+R or Ctrl+Return)"));
    m_resetButton->setText(tr("Reset"));
    m_resetButton->setToolTip(tr("Back to the channel and payload from the notes"));
    if (!m_outcomePattern.isEmpty() && !m_outcome->text().isEmpty())
        showOutcome(m_outcomePattern, m_outcomeOk, m_runner->lastOutcome());
    if (const PatternInfo *info = m_catalogue->find(m_pattern)) {
        const QString language = Translations::current();
        m_title->setText(PatternCatalogue::text(info->title, language));
        m_summary->setText(PatternCatalogue::text(info->summary, language));
    } else {
        m_title->setText(tr("No pattern selected"));
        m_summary->setText(tr("Pick a pattern under this heading to see its code and run it."));
    }
}
