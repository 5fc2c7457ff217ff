#pragma once

#include "messagelogpane.h"
#include "patterncatalogue.h"

#include <QHash>
#include <QMainWindow>

class CataloguePane;
class ConsolePane;
class DemoRunner;
class DetailsPane;
class MessageLogFilter;
class MessageLogModel;
class PatternRunner;
class QAction;
class QActionGroup;
class QMenu;
class QSplitter;
class RendererLauncher;
class RendererListPane;
class RunTracePane;
class WebContents;
struct RenderProcessGoneDetails;
struct TraceRecord;

// The main process's window: the catalogue of patterns (pick one, edit its channel and
// payload, run it between real renderer processes), the renderer windows (open, close, kill),
// and the message log beside its sequence diagram. Each pane is its own class; this one puts
// them together, wires them, and owns the menus. Every message any process receives reaches the
// log through MessageTrace, which this window turns on.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(RendererLauncher *launcher, DemoRunner *demo, QWidget *parent = nullptr);
    ~MainWindow() override;

    MessageLogModel *logModel() const;
    MessageLogFilter *logFilter() const;
    PatternRunner *patternRunner() const { return m_runner; }
    const PatternCatalogue &catalogue() const { return m_catalogue; }

    // Selects a catalogue entry by id; false if there is none.
    bool selectPattern(const QString &id);
    QString selectedPattern() const;

    // Opens a renderer window placed beside the others; null (and a status message) on failure.
    WebContents *openRenderer();

    using ExportFormat = MessageLogPane::ExportFormat;
    // Writes the rows the filters show; false, with *error, on failure.
    bool exportLog(const QString &path, ExportFormat format, QString *error = nullptr);

    // Switches every window, renderers included, to language ("en", "zh_CN") and remembers it.
    void setLanguage(const QString &language);

    // Where the renderer window in slot (0, 1, ...) goes: beside the main window when the
    // screen has room, and never on top of another renderer's slot.
    QRect rendererGeometry(int slot) const;

    // The pause between two patterns of "Run every pattern", so that a person can follow it.
    static constexpr int tourStepDelayMs = 700;
    // The same for a screen's available area and the main window's frame (null: not shown).
    static QRect rendererGeometry(int slot, const QRect &available, const QRect &mainFrame);
    // The main window's frame when nothing is remembered: beside a column of renderer windows.
    static QRect mainWindowGeometry(const QRect &available);
    // The project's README (its sections: what you see, the patterns, the library, the tests);
    // empty if it is not beside the program.
    static QString readmePath();

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void retranslateUi();
    void runAllPatterns();
    void windowsChanged();
    void logProcessGone(WebContents *webContents, const RenderProcessGoneDetails &details);
    void appendTrace(const TraceRecord &traced);
    void showStatus(const QString &text, int timeoutMs);
    void restoreSettings();
    void fitOnScreen();
    static QString gettingStartedText();

    RendererLauncher *m_launcher;
    DemoRunner *m_demo;
    PatternRunner *m_runner;
    PatternCatalogue m_catalogue;
    QHash<WebContents *, int> m_slots; // placement slot of each window
    struct Answer
    {
        int windowId;
        QString channel;
        QString api;
        qint64 at;
    };
    QList<Answer> m_answers; // main's event.reply / event.sender.send calls not yet in the log
    bool m_tourRunning = false;        // "Run every pattern of the notes" is under way
    bool m_closeAfterTour = false;

    CataloguePane *m_cataloguePane;
    DetailsPane *m_detailsPane;
    RendererListPane *m_rendererListPane;
    MessageLogPane *m_logPane;
    RunTracePane *m_runTracePane;
    ConsolePane *m_consolePane;
    QSplitter *m_mainSplitter;
    QSplitter *m_outerSplitter;

    QMenu *m_fileMenu;
    QMenu *m_windowMenu;
    QMenu *m_languageMenu;
    QMenu *m_helpMenu;
    QAction *m_quitAction;
    QAction *m_openAction;
    QAction *m_runAllAction;
    QAction *m_runAction;
    QAction *m_gettingStartedAction;
    QAction *m_electronDocsAction;
    QAction *m_readmeAction;
    QAction *m_aboutQtAction;
    QAction *m_aboutAction;
    QActionGroup *m_languageGroup;
};
