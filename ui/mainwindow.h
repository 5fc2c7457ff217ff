#pragma once

#include "patterncatalogue.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

class DemoRunner;
class MessageLogFilter;
class MessageLogModel;
class PatternRunner;
class QAction;
class QActionGroup;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTableView;
class QTreeWidget;
class QTreeWidgetItem;
class RendererLauncher;
class SequenceDiagram;
class WebContents;
struct LogEntry;
struct TraceRecord;

// The main process's window: the catalogue of patterns (pick one, edit its channel and
// payload, run it between real renderer processes), the renderer windows (open, close, kill),
// and the message log beside its sequence diagram. Every message any process receives reaches
// the log through MessageTrace, which this window turns on.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(RendererLauncher *launcher, DemoRunner *demo, QWidget *parent = nullptr);
    ~MainWindow() override;

    MessageLogModel *logModel() const { return m_logModel; }
    MessageLogFilter *logFilter() const { return m_logFilter; }
    PatternRunner *patternRunner() const { return m_runner; }
    const PatternCatalogue &catalogue() const { return m_catalogue; }

    // Selects a catalogue entry by id; false if there is none.
    bool selectPattern(const QString &id);
    QString selectedPattern() const;

    // Opens a renderer window placed beside the others; null (and a status message) on failure.
    WebContents *openRenderer();

    enum class ExportFormat { JsonLines, Csv };
    // Writes the rows the filters show; false, with *error, on failure.
    bool exportLog(const QString &path, ExportFormat format, QString *error = nullptr);

    // Switches every window, renderers included, to language ("en", "zh_CN") and remembers it.
    void setLanguage(const QString &language);

    // Where the renderer window in slot (0, 1, ...) goes: beside the main window when the
    // screen has room, and never on top of another renderer's slot.
    QRect rendererGeometry(int slot) const;

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildCatalogue();
    QWidget *buildDetails();
    QWidget *buildWindowsPanel();
    QWidget *buildLogPanel();
    void buildMenus();
    void retranslateUi();
    void fillCatalogueTexts();
    void showPattern();
    bool validatePayload();
    void runSelected();
    void onRunFinished(const QString &pattern, bool ok, const QString &outcome);
    void runAllPatterns();
    void track(WebContents *webContents);
    void updateWindowItem(WebContents *webContents);
    void windowsChanged();
    void fillWindowCombos();
    WebContents *selectedWindow() const;
    void appendTrace(const TraceRecord &traced);
    void appendEntry(const LogEntry &entry);
    void showSelectedPayload();
    void exportWithDialog(ExportFormat format);
    void updatePauseText();
    void restoreSettings();

    RendererLauncher *m_launcher;
    DemoRunner *m_demo;
    PatternRunner *m_runner;
    PatternCatalogue m_catalogue;
    MessageLogModel *m_logModel;
    MessageLogFilter *m_logFilter;
    QHash<WebContents *, int> m_slots; // placement slot of each window
    bool m_tourRunning = false;        // "Run every pattern of the notes" is under way
    bool m_closeAfterTour = false;
    QHash<WebContents *, QTreeWidgetItem *> m_windowItems;

    // Catalogue and details
    QTreeWidget *m_tree;
    QLabel *m_title;
    QLabel *m_summary;
    QLabel *m_electronLabel;
    QLabel *m_cppLabel;
    QPlainTextEdit *m_electron;
    QPlainTextEdit *m_cpp;
    QLabel *m_channelLabel;
    QLineEdit *m_channel;
    QLabel *m_payloadLabel;
    QLineEdit *m_payload;
    QLabel *m_payloadError;
    QLabel *m_sourceLabel;
    QComboBox *m_source;
    QLabel *m_targetLabel;
    QComboBox *m_target;
    QPushButton *m_runButton;
    QLabel *m_outcome;

    // Renderer windows
    QGroupBox *m_windowsBox;
    QTreeWidget *m_windows;
    QPushButton *m_openButton;
    QPushButton *m_closeButton;
    QPushButton *m_killButton;

    // Log
    QGroupBox *m_logBox;
    QComboBox *m_windowFilter;
    QComboBox *m_patternFilter;
    QLineEdit *m_textFilter;
    QPushButton *m_pauseButton;
    QPushButton *m_clearButton;
    QPushButton *m_exportButton;
    QMenu *m_exportMenu;
    QTableView *m_logView;
    SequenceDiagram *m_diagram;
    QPlainTextEdit *m_payloadView;
    QSplitter *m_mainSplitter;
    QSplitter *m_outerSplitter;
    QSplitter *m_logSplitter;

    // Menus
    QMenu *m_fileMenu;
    QMenu *m_windowMenu;
    QMenu *m_languageMenu;
    QMenu *m_helpMenu;
    QAction *m_exportJsonAction;
    QAction *m_exportCsvAction;
    QAction *m_quitAction;
    QAction *m_openAction;
    QAction *m_runAllAction;
    QAction *m_aboutAction;
    QActionGroup *m_languageGroup;
};
