#include "mainwindow.h"

#include "demorunner.h"
#include "logentry.h"
#include "logexport.h"
#include "messagelogfilter.h"
#include "messagelogmodel.h"
#include "messagetrace.h"
#include "monotonicclock.h"
#include "ipcmain.h"
#include "patternrunner.h"
#include "rendererlauncher.h"
#include "sequencediagram.h"
#include "sharedobject.h"
#include "translations.h"
#include "webcontents.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

constexpr int patternIdRole = Qt::UserRole + 1;

QPlainTextEdit *codeView()
{
    auto *view = new QPlainTextEdit;
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

} // namespace

MainWindow::MainWindow(RendererLauncher *launcher, DemoRunner *demo, QWidget *parent)
    : QMainWindow(parent), m_launcher(launcher), m_demo(demo),
      m_runner(new PatternRunner(launcher, demo, this)), m_logModel(new MessageLogModel(this)),
      m_logFilter(new MessageLogFilter(this))
{
    Translations::initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/ipclab.svg")));
    m_logFilter->setSourceModel(m_logModel);
    QString catalogueError;
    m_catalogue = PatternCatalogue::load(QStringLiteral(":/patterns.json"), &catalogueError);
    if (!catalogueError.isEmpty())
        qWarning("ipclab: pattern catalogue: %s", qPrintable(catalogueError));

    // Catalogue and windows | the selected pattern, above the log, which gets the full width.
    m_mainSplitter = new QSplitter(Qt::Horizontal);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    auto *left = new QSplitter(Qt::Vertical);
    buildCatalogue();
    left->addWidget(m_tree);
    left->addWidget(buildWindowsPanel());
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 1);
    left->setSizes({340, 150});
    m_mainSplitter->addWidget(left);
    m_mainSplitter->addWidget(buildDetails());
    m_mainSplitter->setStretchFactor(0, 1);
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setSizes({300, 820});
    m_outerSplitter = new QSplitter(Qt::Vertical);
    m_outerSplitter->setObjectName(QStringLiteral("outerSplitter"));
    m_outerSplitter->addWidget(m_mainSplitter);
    m_outerSplitter->addWidget(buildLogPanel());
    m_outerSplitter->setStretchFactor(0, 1);
    m_outerSplitter->setStretchFactor(1, 1);
    m_outerSplitter->setSizes({470, 370});
    setCentralWidget(m_outerSplitter);
    buildMenus();

    connect(m_runner, &PatternRunner::finished, this, &MainWindow::onRunFinished);
    connect(m_launcher, &RendererLauncher::webContentsCreated, this, &MainWindow::track);

    // Every message a process receives: main's own directly, the renderers' in batches.
    MessageTrace::setEnabled(true);
    MessageTrace::setObserver([this](const TraceRecord &record) {
        // May run inside a socket's read handler: the model only queues.
        appendTrace(record);
    });
    m_launcher->ipcMain()->on(QStringLiteral("ipclab:trace"), [this](IpcMainEvent &, const QJsonArray &args) {
        for (const QJsonValue &record : args.at(0).toArray())
            appendTrace(TraceRecord::fromJson(record.toObject()));
    }, this);

    // The seeds' shared object starts as the notes have it.
    m_demo->sharedObject()->setValue(QStringLiteral("someProperty"), QStringLiteral("default value"));

    retranslateUi();
    restoreSettings();
    if (m_tree->topLevelItemCount() > 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(0)->child(0));
}

MainWindow::~MainWindow()
{
    MessageTrace::setObserver({});
}

void MainWindow::buildCatalogue()
{
    m_tree = new QTreeWidget;
    m_tree->setObjectName(QStringLiteral("catalogue"));
    m_tree->setHeaderHidden(true);
    m_tree->setMinimumWidth(260);
    for (const PatternGroup &group : m_catalogue.groups()) {
        auto *groupItem = new QTreeWidgetItem(m_tree);
        groupItem->setFlags(Qt::ItemIsEnabled);
        QFont bold = groupItem->font(0);
        bold.setBold(true);
        groupItem->setFont(0, bold);
        groupItem->setData(0, patternIdRole, QString());
        // resources/icons/<group id>.svg: who talks to whom.
        groupItem->setIcon(0, QIcon(QStringLiteral(":/icons/%1.svg").arg(group.id)));
        for (const PatternInfo &info : group.patterns) {
            auto *item = new QTreeWidgetItem(groupItem);
            item->setData(0, patternIdRole, info.id);
        }
    }
    m_tree->expandAll();
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &MainWindow::showPattern);
}

QWidget *MainWindow::buildDetails()
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
    m_electron = codeView();
    m_electron->setObjectName(QStringLiteral("electronSnippet"));
    m_cpp = codeView();
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
    }
    m_runButton = new QPushButton;
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_runButton->setDefault(true);
    m_outcome = new QLabel;
    m_outcome->setObjectName(QStringLiteral("outcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_payload, &QLineEdit::textChanged, this, &MainWindow::validatePayload);
    connect(m_runButton, &QPushButton::clicked, this, &MainWindow::runSelected);
    connect(m_payload, &QLineEdit::returnPressed, this, &MainWindow::runSelected);
    connect(m_channel, &QLineEdit::returnPressed, this, &MainWindow::runSelected);

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
    form->addWidget(m_payloadError, 2, 1, 1, 3);
    form->setColumnStretch(1, 3);
    form->setColumnStretch(3, 1);
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_runButton);
    runRow->addWidget(m_outcome, 1);

    auto *details = new QWidget;
    auto *layout = new QVBoxLayout(details);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(snippets, 1);
    layout->addLayout(form);
    layout->addLayout(runRow);
    return details;
}

QWidget *MainWindow::buildWindowsPanel()
{
    m_windowsBox = new QGroupBox;
    m_windows = new QTreeWidget;
    m_windows->setObjectName(QStringLiteral("windows"));
    m_windows->setRootIsDecorated(false);
    m_windows->setColumnCount(3);
    m_windows->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_openButton = new QPushButton;
    m_openButton->setObjectName(QStringLiteral("openButton"));
    m_closeButton = new QPushButton;
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    m_killButton = new QPushButton;
    m_killButton->setObjectName(QStringLiteral("killButton"));
    connect(m_openButton, &QPushButton::clicked, this, &MainWindow::openRenderer);
    connect(m_closeButton, &QPushButton::clicked, this, [this] {
        if (WebContents *w = selectedWindow())
            w->close();
    });
    connect(m_killButton, &QPushButton::clicked, this, [this] {
        if (WebContents *w = selectedWindow())
            w->forcefullyCrashRenderer();
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_closeButton);
    buttons->addWidget(m_killButton);
    auto *layout = new QVBoxLayout(m_windowsBox);
    layout->addWidget(m_windows);
    layout->addLayout(buttons);
    return m_windowsBox;
}

QWidget *MainWindow::buildLogPanel()
{
    m_logBox = new QGroupBox;
    m_windowFilter = new QComboBox;
    m_windowFilter->setObjectName(QStringLiteral("windowFilter"));
    m_patternFilter = new QComboBox;
    m_patternFilter->setObjectName(QStringLiteral("patternFilter"));
    m_textFilter = new QLineEdit;
    m_textFilter->setObjectName(QStringLiteral("textFilter"));
    m_textFilter->setClearButtonEnabled(true);
    m_pauseButton = new QPushButton;
    m_pauseButton->setObjectName(QStringLiteral("pauseButton"));
    m_pauseButton->setCheckable(true);
    m_clearButton = new QPushButton;
    m_clearButton->setObjectName(QStringLiteral("clearButton"));
    m_exportButton = new QPushButton;
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportMenu = new QMenu(this);
    m_exportButton->setMenu(m_exportMenu);

    m_windowFilter->addItem(QString(), -1);
    m_windowFilter->addItem(QString(), 0);
    m_patternFilter->addItem(QString(), QString());
    // The names MessageTrace gives, and main's own render-process-gone rows.
    for (const QString &pattern : MessageTrace::patterns() + QStringList{QStringLiteral("render-process-gone")})
        m_patternFilter->addItem(pattern, pattern);
    connect(m_windowFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_logFilter->setWindowFilter(m_windowFilter->currentData().toInt()); });
    connect(m_patternFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_logFilter->setPatternFilter(m_patternFilter->currentData().toString()); });
    connect(m_textFilter, &QLineEdit::textChanged, m_logFilter, &MessageLogFilter::setTextFilter);
    connect(m_pauseButton, &QPushButton::toggled, this, [this](bool paused) {
        m_logModel->setPaused(paused);
        updatePauseText();
    });
    connect(m_logModel, &MessageLogModel::heldCountChanged, this, &MainWindow::updatePauseText);
    connect(m_clearButton, &QPushButton::clicked, this, [this] {
        m_logModel->clear();
        m_payloadView->clear();
    });

    m_logView = new QTableView;
    m_logView->setObjectName(QStringLiteral("logView"));
    m_logView->setModel(m_logFilter);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_logView->setAlternatingRowColors(true);
    m_logView->setWordWrap(false);
    m_logView->verticalHeader()->hide();
    m_logView->verticalHeader()->setDefaultSectionSize(m_logView->fontMetrics().height() + 6);
    // The payload, the widest and least predictable column, goes last and takes what is left.
    QHeaderView *header = m_logView->horizontalHeader();
    header->moveSection(header->visualIndex(MessageLogModel::PayloadColumn), MessageLogModel::ColumnCount - 1);
    header->setStretchLastSection(true);
    m_logView->setColumnWidth(MessageLogModel::TimeColumn, 88);
    m_logView->setColumnWidth(MessageLogModel::RouteColumn, 145);
    m_logView->setColumnWidth(MessageLogModel::PatternColumn, 125);
    m_logView->setColumnWidth(MessageLogModel::ChannelColumn, 125);
    m_logView->setColumnWidth(MessageLogModel::SizeColumn, 60);
    m_logView->setColumnWidth(MessageLogModel::LatencyColumn, 90);

    m_diagram = new SequenceDiagram;
    m_diagram->setObjectName(QStringLiteral("diagram"));
    m_diagram->setModel(m_logFilter);

    // Follow new rows while the table is at the bottom, like the diagram does.
    connect(m_logFilter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_logView->currentIndex().isValid())
            m_logView->scrollToBottom();
    });
    connect(m_logView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::showSelectedPayload);
    connect(m_diagram, &SequenceDiagram::rowClicked, this, [this](int row) {
        m_logView->setCurrentIndex(m_logFilter->index(row, 0));
        m_logView->scrollTo(m_logFilter->index(row, 0));
    });

    m_payloadView = codeView();
    m_payloadView->setObjectName(QStringLiteral("payloadView"));
    m_payloadView->setMaximumHeight(110);
    m_payloadView->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    auto *tableAndPayload = new QWidget;
    auto *tableLayout = new QVBoxLayout(tableAndPayload);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_logView, 1);
    tableLayout->addWidget(m_payloadView);

    m_logSplitter = new QSplitter(Qt::Horizontal);
    m_logSplitter->setObjectName(QStringLiteral("logSplitter"));
    m_logSplitter->addWidget(tableAndPayload);
    m_logSplitter->addWidget(m_diagram);
    m_logSplitter->setStretchFactor(0, 3);
    m_logSplitter->setStretchFactor(1, 2);
    m_logSplitter->setSizes({800, 440});

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_windowFilter);
    filters->addWidget(m_patternFilter);
    filters->addWidget(m_textFilter, 1);
    filters->addWidget(m_pauseButton);
    filters->addWidget(m_clearButton);
    filters->addWidget(m_exportButton);
    auto *layout = new QVBoxLayout(m_logBox);
    layout->addLayout(filters);
    layout->addWidget(m_logSplitter, 1);
    return m_logBox;
}

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_exportJsonAction = m_fileMenu->addAction(QString(), this, [this] { exportWithDialog(ExportFormat::JsonLines); });
    m_exportCsvAction = m_fileMenu->addAction(QString(), this, [this] { exportWithDialog(ExportFormat::Csv); });
    m_exportMenu->addAction(m_exportJsonAction);
    m_exportMenu->addAction(m_exportCsvAction);
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    m_windowMenu = menuBar()->addMenu(QString());
    m_openAction = m_windowMenu->addAction(QString(), this, &MainWindow::openRenderer);
    m_openAction->setShortcut(QKeySequence::New);
    m_runAllAction = m_windowMenu->addAction(QString(), this, &MainWindow::runAllPatterns);

    m_languageMenu = menuBar()->addMenu(QString());
    m_languageMenu->setObjectName(QStringLiteral("languageMenu"));
    m_languageGroup = new QActionGroup(this);
    for (const QString &language : Translations::languages()) {
        QAction *action = m_languageMenu->addAction(Translations::nativeName(language));
        action->setCheckable(true);
        action->setData(language);
        action->setObjectName(QStringLiteral("language-") + language);
        m_languageGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, language] { setLanguage(language); });
    }

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About IPC Lab"),
                           tr("<p><b>IPC Lab %1</b></p><p>Electron's IPC patterns between a Qt main process "
                              "and renderer processes: real processes, real sockets, every message in the "
                              "log.</p>").arg(QApplication::applicationVersion()));
    });
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("IPC Lab — main process"));
    m_electronLabel->setText(tr("Electron (from the notes)"));
    m_cppLabel->setText(tr("IPC Lab (C++)"));
    m_channelLabel->setText(tr("Channel"));
    m_payloadLabel->setText(tr("Payload (JSON)"));
    m_payload->setToolTip(tr("The arguments as a JSON array, e.g. [\"my_data\", 42]; a single JSON value is one argument."));
    m_sourceLabel->setText(tr("From"));
    m_targetLabel->setText(tr("To"));
    m_runButton->setText(tr("Run"));
    m_windowsBox->setTitle(tr("Renderer windows"));
    m_windows->setHeaderLabels({tr("Window"), tr("PID"), tr("State")});
    m_openButton->setText(tr("New"));
    m_openButton->setToolTip(tr("Open a new renderer window (a new process)"));
    m_closeButton->setText(tr("Close"));
    m_closeButton->setToolTip(tr("Close the selected window: its process exits cleanly"));
    m_killButton->setText(tr("Kill"));
    m_killButton->setToolTip(tr("Kill the selected window's process (SIGKILL): watch render-process-gone"));
    m_logBox->setTitle(tr("Messages"));
    m_windowFilter->setItemText(0, tr("All processes"));
    m_windowFilter->setItemText(1, MessageLogModel::endpointDisplayName(0));
    for (int i = 2; i < m_windowFilter->count(); ++i)
        m_windowFilter->setItemText(i, MessageLogModel::endpointDisplayName(m_windowFilter->itemData(i).toInt()));
    m_patternFilter->setItemText(0, tr("All patterns"));
    m_textFilter->setPlaceholderText(tr("Filter by channel, payload or pattern"));
    m_clearButton->setText(tr("Clear"));
    m_exportButton->setText(tr("Export"));
    updatePauseText();
    m_fileMenu->setTitle(tr("&File"));
    m_exportJsonAction->setText(tr("Export log as JSON Lines…"));
    m_exportCsvAction->setText(tr("Export log as CSV…"));
    m_quitAction->setText(tr("&Quit"));
    m_windowMenu->setTitle(tr("&Windows"));
    m_openAction->setText(tr("Open renderer window"));
    m_runAllAction->setText(tr("Run every pattern of the notes"));
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("About IPC Lab"));
    for (QAction *action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == Translations::current());
    m_logModel->retranslate();
    fillCatalogueTexts();
    fillWindowCombos();
    for (auto it = m_windowItems.begin(); it != m_windowItems.end(); ++it)
        updateWindowItem(it.key());
    statusBar()->showMessage(tr("Pick a pattern, press Run, and watch the messages cross between processes."));
}

void MainWindow::fillCatalogueTexts()
{
    const QString language = Translations::current();
    const QList<PatternGroup> groups = m_catalogue.groups();
    for (int g = 0; g < groups.size() && g < m_tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem *groupItem = m_tree->topLevelItem(g);
        groupItem->setText(0, PatternCatalogue::text(groups[g].title, language));
        for (int p = 0; p < groups[g].patterns.size() && p < groupItem->childCount(); ++p)
            groupItem->child(p)->setText(0, PatternCatalogue::text(groups[g].patterns[p].title, language));
    }
    const PatternInfo *info = m_catalogue.find(selectedPattern());
    if (info) {
        m_title->setText(PatternCatalogue::text(info->title, language));
        m_summary->setText(PatternCatalogue::text(info->summary, language));
    }
}

bool MainWindow::selectPattern(const QString &id)
{
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem *groupItem = m_tree->topLevelItem(g);
        for (int p = 0; p < groupItem->childCount(); ++p) {
            if (groupItem->child(p)->data(0, patternIdRole).toString() == id) {
                m_tree->setCurrentItem(groupItem->child(p));
                return true;
            }
        }
    }
    return false;
}

QString MainWindow::selectedPattern() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(0, patternIdRole).toString() : QString();
}

void MainWindow::showPattern()
{
    const PatternInfo *info = m_catalogue.find(selectedPattern());
    if (!info)
        return;
    m_electron->setPlainText(info->electron);
    m_cpp->setPlainText(info->cpp);
    m_channel->setText(info->channel);
    m_channel->setEnabled(info->hasChannel);
    m_payload->setText(info->payload);
    m_payload->setEnabled(info->hasPayload);
    m_source->setEnabled(!info->fromMain);
    m_target->setEnabled(info->needsTarget);
    m_outcome->clear();
    fillCatalogueTexts();
    fillWindowCombos();
    validatePayload();
}

bool MainWindow::validatePayload()
{
    const bool busy = m_runner->isRunning() || m_tourRunning;
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
    m_runButton->setEnabled(problem.isEmpty() && !busy);
    return problem.isEmpty();
}

void MainWindow::runSelected()
{
    const PatternInfo *info = m_catalogue.find(selectedPattern());
    if (!info || !validatePayload() || m_runner->isRunning() || m_tourRunning)
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
    if (!m_runner->run(request)) {
        m_outcome->setText(m_runner->errorString());
        statusBar()->showMessage(m_runner->errorString(), 5000);
        return;
    }
    m_runButton->setEnabled(false);
    m_outcome->setText(tr("Running…"));
}

void MainWindow::onRunFinished(const QString &pattern, bool ok, const QString &outcome)
{
    const PatternInfo *info = m_catalogue.find(pattern);
    const QString title = info ? PatternCatalogue::text(info->title, Translations::current()) : pattern;
    m_outcome->setText((ok ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + outcome);
    statusBar()->showMessage(ok ? tr("%1: done.").arg(title) : tr("%1: failed: %2").arg(title, outcome), 8000);
    validatePayload();
}

void MainWindow::runAllPatterns()
{
    if (m_runner->isRunning())
        return;
    m_runAllAction->setEnabled(false);
    m_tourRunning = true;
    validatePayload();
    statusBar()->showMessage(tr("Running every pattern…"));
    // DemoRunner waits in local event loops: the window stays live, but nothing else may run,
    // and a close waits until the tour is over (closeEvent()).
    const bool ok = m_demo->run();
    m_tourRunning = false;
    if (m_closeAfterTour) {
        close();
        return;
    }
    statusBar()->showMessage(ok ? tr("Every pattern ran as the notes describe.")
                                : tr("Some patterns failed: %1").arg(m_demo->failures().join(QLatin1String("; "))));
    m_runAllAction->setEnabled(true);
    validatePayload();
}

QRect MainWindow::rendererGeometry(int slot) const
{
    const QScreen *screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
    const QRect available = screen->availableGeometry();
    const QRect main = frameGeometry();
    const QSize size(460, 560);
    const int minimumHeight = 440;
    // The widest free strip beside the main window, or the whole screen if there is none.
    QRect strip(main.right() + 1, available.top(), available.right() - main.right(), available.height());
    if (main.left() - available.left() > strip.width())
        strip = QRect(available.left(), available.top(), main.left() - available.left(), available.height());
    if (strip.width() < 300 || !isVisible())
        strip = available;
    const int width = qMin(size.width(), strip.width());
    const int rows = qMax(1, strip.height() / minimumHeight);
    const int height = qMin(size.height(), strip.height() / rows);
    const int columns = qMax(1, strip.width() / width);
    // Tiles first; once they are all taken, cascade over them.
    const int tile = slot % (columns * rows);
    const int round = slot / (columns * rows);
    const int x = strip.right() + 1 - (tile / rows + 1) * width + 32 * round;
    const int y = strip.top() + (tile % rows) * height + 32 * round;
    return QRect(qBound(available.left(), x, available.right() - width), qBound(available.top(), y, available.bottom() - height),
                 width, height);
}

WebContents *MainWindow::openRenderer()
{
    int slot = 0;
    const QList<int> taken = m_slots.values();
    while (taken.contains(slot))
        ++slot;
    // The slot is for the whole window; the renderer places its contents, so leave room for a
    // window manager's frame and title bar.
    const QRect r = rendererGeometry(slot).adjusted(4, 32, -4, -4);
    WebContents *webContents = m_launcher->launch(
            {QStringLiteral("--window-rect"),
             QStringLiteral("%1,%2,%3,%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())});
    if (!webContents) {
        statusBar()->showMessage(m_launcher->errorString());
        return nullptr;
    }
    m_slots.insert(webContents, slot);
    return webContents;
}

void MainWindow::track(WebContents *webContents)
{
    auto *item = new QTreeWidgetItem(m_windows);
    item->setData(0, Qt::UserRole, webContents->id());
    m_windowItems.insert(webContents, item);
    updateWindowItem(webContents);
    connect(webContents, &WebContents::didFinishLoad, this, [this, webContents] {
        updateWindowItem(webContents);
        windowsChanged();
    });
    connect(webContents, &WebContents::renderProcessGone, this,
            [this, webContents](const RenderProcessGoneDetails &details) {
                LogEntry entry;
                entry.wallTimeMs = QDateTime::currentMSecsSinceEpoch();
                entry.from = webContents->id();
                entry.to = 0;
                entry.pattern = QStringLiteral("render-process-gone");
                entry.channel = QStringLiteral("render-process-gone");
                entry.payload = QJsonDocument(QJsonObject{{QStringLiteral("reason"), details.reason},
                                                          {QStringLiteral("exitCode"), details.exitCode}})
                                        .toJson(QJsonDocument::Compact);
                appendEntry(entry);
                m_slots.remove(webContents);
                updateWindowItem(webContents);
                windowsChanged();
            });
    connect(webContents, &QObject::destroyed, this, [this, webContents] {
        delete m_windowItems.take(webContents);
        m_slots.remove(webContents);
        windowsChanged();
    });
    windowsChanged();
}

void MainWindow::updateWindowItem(WebContents *webContents)
{
    QTreeWidgetItem *item = m_windowItems.value(webContents);
    if (!item)
        return;
    item->setText(0, MessageLogModel::endpointDisplayName(webContents->id()));
    // A process that has gone keeps the pid it had, so that it can still be looked for.
    if (webContents->osProcessId())
        item->setText(1, QString::number(webContents->osProcessId()));
    else if (item->text(1).isEmpty())
        item->setText(1, QStringLiteral("—"));
    QString state;
    if (webContents->isCrashed())
        state = tr("gone");
    else if (webContents->isReady())
        state = tr("ready");
    else
        state = tr("starting");
    item->setText(2, state);
    item->setForeground(2, webContents->isCrashed() ? QBrush(QColor(0xc0, 0x39, 0x2b)) : QBrush());
}

// The windows that can take part in a pattern changed: update the combos, the diagram's
// lifelines, the window filter, and tell every renderer who else is there (for its sendTo).
void MainWindow::windowsChanged()
{
    fillWindowCombos();
    QList<int> live;
    for (WebContents *w : m_launcher->allWebContents()) {
        if (w->isReady() && !w->isCrashed())
            live.append(w->id());
    }
    std::sort(live.begin(), live.end());
    m_diagram->setEndpoints(live);
    QJsonArray ids;
    for (int id : live)
        ids.append(id);
    for (WebContents *w : m_launcher->allWebContents()) {
        if (w->isReady() && !w->isCrashed())
            w->send(QStringLiteral("ipclab:windows"), QJsonArray{QJsonValue(ids)});
    }
    for (int id : live) {
        if (m_windowFilter->findData(id) < 0)
            m_windowFilter->addItem(MessageLogModel::endpointDisplayName(id), id);
    }
}

void MainWindow::fillWindowCombos()
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

WebContents *MainWindow::selectedWindow() const
{
    const QTreeWidgetItem *item = m_windows->currentItem();
    return item ? m_launcher->fromId(item->data(0, Qt::UserRole).toInt()) : nullptr;
}

void MainWindow::appendTrace(const TraceRecord &traced)
{
    // The log keeps the start of a large payload (and its size), not all of it.
    TraceRecord record = traced;
    record.shortenPayload(64 * 1024);
    LogEntry entry;
    // Renderers report in batches: date each record by when it was received, not reported.
    entry.wallTimeMs = QDateTime::currentMSecsSinceEpoch()
            - qMax<qint64>(0, monotonicNanoseconds() - record.receivedAt) / 1000000;
    entry.from = record.from;
    entry.to = record.to;
    entry.pattern = record.pattern;
    entry.channel = record.channel;
    entry.payload = QJsonDocument(QJsonArray{record.payload}).toJson(QJsonDocument::Compact);
    entry.payload = entry.payload.mid(1, entry.payload.size() - 2);
    entry.size = record.size;
    entry.latencyNs = record.latency();
    appendEntry(entry);
}

void MainWindow::appendEntry(const LogEntry &entry)
{
    m_logModel->append(entry);
}

void MainWindow::showSelectedPayload()
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

bool MainWindow::exportLog(const QString &path, ExportFormat format, QString *error)
{
    m_logModel->flush();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    const bool written = format == ExportFormat::JsonLines ? LogExport::writeJsonLines(&file, m_logFilter, error)
                                                           : LogExport::writeCsv(&file, m_logFilter, error);
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

void MainWindow::exportWithDialog(ExportFormat format)
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
        statusBar()->showMessage(tr("Wrote %n message(s) to %1.", nullptr, m_logFilter->rowCount()).arg(path), 8000);
    else
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1: %2").arg(path, error));
}

void MainWindow::updatePauseText()
{
    const int held = m_logModel->heldCount();
    m_pauseButton->setText(m_logModel->isPaused() ? (held > 0 ? tr("Resume (%n held)", nullptr, held) : tr("Resume"))
                                                  : tr("Pause"));
}

void MainWindow::setLanguage(const QString &language)
{
    Translations::install(language);
    QSettings().setValue(QStringLiteral("language"), Translations::current());
    // Windows opened from now on start in it; other arguments stay as they were.
    QStringList arguments = m_launcher->rendererArguments();
    const qsizetype at = arguments.indexOf(QStringLiteral("--lang"));
    if (at >= 0 && at + 1 < arguments.size())
        arguments[at + 1] = Translations::current();
    else
        arguments << QStringLiteral("--lang") << Translations::current();
    m_launcher->setRendererArguments(arguments);
    for (WebContents *w : m_launcher->allWebContents()) {
        if (w->isReady() && !w->isCrashed())
            w->send(QStringLiteral("ipclab:set-language"), {Translations::current()});
    }
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray())) {
        // Leave room beside it for renderer windows.
        const QRect available = (screen() ? screen() : QGuiApplication::primaryScreen())->availableGeometry();
        resize(qMin(1280, qMax(900, available.width() - 480)), qMin(860, available.height()));
        move(available.topLeft());
    }
    m_mainSplitter->restoreState(settings.value(QStringLiteral("mainWindow/mainSplitter")).toByteArray());
    m_outerSplitter->restoreState(settings.value(QStringLiteral("mainWindow/outerSplitter")).toByteArray());
    m_logSplitter->restoreState(settings.value(QStringLiteral("mainWindow/logSplitter")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_tourRunning) {
        // Quitting from inside the tour's local event loops would be lost or spin; the window
        // closes when the tour returns.
        m_closeAfterTour = true;
        statusBar()->showMessage(tr("Closing when the tour is over…"));
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/mainSplitter"), m_mainSplitter->saveState());
    settings.setValue(QStringLiteral("mainWindow/outerSplitter"), m_outerSplitter->saveState());
    settings.setValue(QStringLiteral("mainWindow/logSplitter"), m_logSplitter->saveState());
    QMainWindow::closeEvent(event);
}
