#include "messagelogpane.h"

#include "codeview.h"
#include "logentry.h"
#include "logexport.h"
#include "messagelogfilter.h"
#include "messagelogmodel.h"
#include "messagetrace.h"
#include "sequencediagram.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

MessageLogPane::MessageLogPane(QWidget *parent)
    : QGroupBox(parent), m_model(new MessageLogModel(this)), m_filter(new MessageLogFilter(this))
{
    m_filter->setSourceModel(m_model);
    m_windowFilter = new QComboBox;
    m_windowFilter->setObjectName(QStringLiteral("windowFilter"));
    m_patternFilter = new QComboBox;
    m_patternFilter->setObjectName(QStringLiteral("patternFilter"));
    m_textFilter = new QLineEdit;
    m_textFilter->setObjectName(QStringLiteral("textFilter"));
    m_textFilter->setClearButtonEnabled(true);
    m_textFilter->setMinimumWidth(m_textFilter->fontMetrics().averageCharWidth() * 10);
    // The choices stay readable; the text field is what gives way on a narrow screen.
    for (QComboBox *combo : {m_windowFilter, m_patternFilter}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        combo->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    }
    m_lastRunOnly = new QCheckBox;
    m_lastRunOnly->setObjectName(QStringLiteral("lastRunOnly"));
    connect(m_lastRunOnly, &QCheckBox::toggled, this,
            [this](bool on) { m_filter->setSentSince(on ? m_runStart : 0); });
    m_pauseButton = new QPushButton;
    m_pauseButton->setObjectName(QStringLiteral("pauseButton"));
    m_pauseButton->setCheckable(true);
    m_clearButton = new QPushButton;
    m_clearButton->setObjectName(QStringLiteral("clearButton"));
    m_exportButton = new QPushButton;
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportMenu = new QMenu(this);
    m_exportButton->setMenu(m_exportMenu);
    m_exportJsonAction = m_exportMenu->addAction(QString(), this, [this] { exportWithDialog(ExportFormat::JsonLines); });
    m_exportCsvAction = m_exportMenu->addAction(QString(), this, [this] { exportWithDialog(ExportFormat::Csv); });

    m_windowFilter->addItem(QString(), -1);
    m_windowFilter->addItem(QString(), 0);
    m_patternFilter->addItem(QString(), QString());
    // The names MessageTrace gives, and main's own render-process-gone rows.
    for (const QString &pattern : MessageTrace::patterns()
                 + QStringList{QStringLiteral("event.reply"), QStringLiteral("event.sender.send"),
                               QStringLiteral("render-process-gone")})
        m_patternFilter->addItem(pattern, pattern);
    connect(m_windowFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setWindowFilter(m_windowFilter->currentData().toInt()); });
    connect(m_patternFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setPatternFilter(m_patternFilter->currentData().toString()); });
    connect(m_textFilter, &QLineEdit::textChanged, m_filter, &MessageLogFilter::setTextFilter);
    connect(m_pauseButton, &QPushButton::toggled, this, [this](bool paused) {
        m_model->setPaused(paused);
        updatePauseText();
    });
    connect(m_model, &MessageLogModel::heldCountChanged, this, &MessageLogPane::updatePauseText);
    connect(m_clearButton, &QPushButton::clicked, this, [this] {
        m_model->clear();
        m_payloadView->clear();
    });

    m_logView = new QTableView;
    m_logView->setObjectName(QStringLiteral("logView"));
    m_logView->setModel(m_filter);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_logView->setAlternatingRowColors(true);
    m_logView->setWordWrap(false);
    m_logView->verticalHeader()->hide();
    m_logView->verticalHeader()->setDefaultSectionSize(m_logView->fontMetrics().height() + 6);
    // The payload, the widest and least predictable column, goes last and takes what is left;
    // the others are as wide as their contents ("renderer 12 → renderer 13", "webContents.send").
    QHeaderView *header = m_logView->horizontalHeader();
    header->moveSection(header->visualIndex(MessageLogModel::PayloadColumn), MessageLogModel::ColumnCount - 1);
    header->setStretchLastSection(true);
    header->setMinimumSectionSize(m_logView->fontMetrics().averageCharWidth() * 6);
    header->setResizeContentsPrecision(200); // the rows in view and a few hundred more, not all
    m_logView->setTextElideMode(Qt::ElideMiddle);
    fitColumns();

    m_diagram = new SequenceDiagram;
    m_diagram->setObjectName(QStringLiteral("diagram"));
    m_diagram->setModel(m_filter);

    // Follow new rows while the table is scrolled to the bottom, like the diagram does, whether a
    // row is selected or not; a reader who scrolled up to look at something stays there.
    QScrollBar *bar = m_logView->verticalScrollBar();
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this, bar] { m_followBottom = bar->value() >= bar->maximum(); });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        fitColumns();
        if (m_followBottom)
            m_logView->scrollToBottom();
    });
    // A filter change resets the view to the top: keep the selected row in view instead, or
    // the bottom if the reader was there.
    connect(m_filter, &QAbstractItemModel::layoutAboutToBeChanged, this,
            [this, bar] { m_followBottom = bar->value() >= bar->maximum(); });
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MessageLogPane::restoreScroll);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MessageLogPane::restoreScroll);
    connect(m_logView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MessageLogPane::showSelectedPayload);
    connect(m_diagram, &SequenceDiagram::rowClicked, this, [this](int row) {
        m_logView->setCurrentIndex(m_filter->index(row, 0));
        m_logView->scrollTo(m_filter->index(row, 0));
    });

    m_payloadView = CodeView::create();
    m_payloadView->setObjectName(QStringLiteral("payloadView"));
    m_payloadView->setMaximumHeight(m_payloadView->fontMetrics().lineSpacing() * 5 + 10);

    auto *tableAndPayload = new QWidget;
    auto *tableLayout = new QVBoxLayout(tableAndPayload);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_logView, 1);
    tableLayout->addWidget(m_payloadView);

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(QStringLiteral("logSplitter"));
    m_splitter->addWidget(tableAndPayload);
    m_splitter->addWidget(m_diagram);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({560, 440});

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_windowFilter);
    filters->addWidget(m_patternFilter);
    filters->addWidget(m_textFilter, 1);
    filters->addWidget(m_lastRunOnly);
    filters->addWidget(m_pauseButton);
    filters->addWidget(m_clearButton);
    filters->addWidget(m_exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_splitter, 1);
}

// The columns before the payload grow to what their rows show (a later, wider "renderer 1 →
// renderer 2"); they never shrink under the reader's hand.
void MessageLogPane::fitColumns()
{
    for (int column : {MessageLogModel::TimeColumn, MessageLogModel::RouteColumn, MessageLogModel::PatternColumn,
                       MessageLogModel::ChannelColumn, MessageLogModel::SizeColumn, MessageLogModel::LatencyColumn}) {
        const int wanted = qMax(static_cast<QAbstractItemView *>(m_logView)->sizeHintForColumn(column), m_logView->horizontalHeader()->sectionSizeHint(column));
        if (wanted > m_logView->columnWidth(column))
            m_logView->setColumnWidth(column, wanted);
    }
}

void MessageLogPane::restoreScroll()
{
    const QModelIndex current = m_logView->currentIndex();
    if (current.isValid())
        m_logView->scrollTo(current, QAbstractItemView::PositionAtCenter);
    else if (m_followBottom)
        m_logView->scrollToBottom();
}

void MessageLogPane::setRunStart(qint64 monotonicNs)
{
    m_runStart = monotonicNs;
    if (m_lastRunOnly->isChecked())
        m_filter->setSentSince(m_runStart);
}

void MessageLogPane::append(const LogEntry &entry)
{
    m_model->append(entry);
}

void MessageLogPane::setEndpoints(const QList<int> &ids)
{
    m_diagram->setEndpoints(ids);
    // In id order after "all" and main, whichever window was ready first.
    for (int id : ids) {
        if (m_windowFilter->findData(id) >= 0)
            continue;
        int at = 2;
        while (at < m_windowFilter->count() && m_windowFilter->itemData(at).toInt() < id)
            ++at;
        m_windowFilter->insertItem(at, MessageLogModel::endpointDisplayName(id), id);
    }
}

void MessageLogPane::showRow(int modelRow)
{
    const QModelIndex index = m_filter->mapFromSource(m_model->index(modelRow, 0));
    if (!index.isValid())
        return;
    m_logView->setCurrentIndex(index);
    m_logView->scrollTo(index);
}

void MessageLogPane::showSelectedPayload()
{
    const QModelIndex index = m_logView->currentIndex();
    if (!index.isValid()) {
        m_payloadView->clear();
        m_diagram->setCurrentRow(-1);
        return;
    }
    const LogEntry entry = index.data(MessageLogModel::EntryRole).value<LogEntry>();
    // Objects and arrays indented; a lone string or number as it is.
    const QJsonDocument document = QJsonDocument::fromJson(entry.payload);
    const QByteArray pretty = document.isNull() ? entry.payload : document.toJson(QJsonDocument::Indented);
    m_payloadView->setPlainText(QStringLiteral("%1 → %2  %3  %4\n%5")
                                        .arg(MessageLogModel::endpointDisplayName(entry.from),
                                             MessageLogModel::endpointDisplayName(entry.to), entry.pattern,
                                             entry.channel, QString::fromUtf8(pretty)));
    m_diagram->setCurrentRow(index.row());
}

bool MessageLogPane::exportLog(const QString &path, ExportFormat format, QString *error)
{
    m_model->flush();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    const bool written = format == ExportFormat::JsonLines ? LogExport::writeJsonLines(&file, m_filter, error)
                                                           : LogExport::writeCsv(&file, m_filter, error);
    if (!written) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void MessageLogPane::exportWithDialog(ExportFormat format)
{
    const bool json = format == ExportFormat::JsonLines;
    const QString path = QFileDialog::getSaveFileName(
            this, json ? tr("Export log as JSON Lines") : tr("Export log as CSV"),
            json ? QStringLiteral("ipclab-log.jsonl") : QStringLiteral("ipclab-log.csv"),
            json ? tr("JSON Lines (*.jsonl)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportLog(path, format, &error))
        emit statusMessage(tr("Wrote %n message(s) to %1.", nullptr, m_filter->rowCount()).arg(path), 8000);
    else
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1: %2").arg(path, error));
}

void MessageLogPane::updatePauseText()
{
    const int held = m_model->heldCount();
    m_pauseButton->setText(m_model->isPaused() ? (held > 0 ? tr("Resume (%n held)", nullptr, held) : tr("Resume"))
                                               : tr("Pause"));
}

QByteArray MessageLogPane::saveState() const
{
    return m_splitter->saveState();
}

void MessageLogPane::restoreState(const QByteArray &state)
{
    m_splitter->restoreState(state);
}

void MessageLogPane::retranslateUi()
{
    setTitle(tr("Messages"));
    m_windowFilter->setItemText(0, tr("All processes"));
    m_windowFilter->setItemText(1, MessageLogModel::endpointDisplayName(0));
    for (int i = 2; i < m_windowFilter->count(); ++i)
        m_windowFilter->setItemText(i, MessageLogModel::endpointDisplayName(m_windowFilter->itemData(i).toInt()));
    m_patternFilter->setItemText(0, tr("All patterns"));
    m_textFilter->setPlaceholderText(tr("Filter by channel, payload or pattern"));
    m_lastRunOnly->setText(tr("Last run only"));
    m_lastRunOnly->setToolTip(tr("Show only the messages of the pattern run last"));
    m_clearButton->setText(tr("Clear"));
    m_exportButton->setText(tr("Export"));
    m_exportJsonAction->setText(tr("Export log as JSON Lines…"));
    m_exportCsvAction->setText(tr("Export log as CSV…"));
    updatePauseText();
    m_model->retranslate();
    showSelectedPayload(); // its heading names processes in the language now in use
}
