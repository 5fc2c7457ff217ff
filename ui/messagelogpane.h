#pragma once

#include <QGroupBox>

class MessageLogFilter;
class MessageLogModel;
class QAction;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTableView;
class SequenceDiagram;
struct LogEntry;

// The message log: filters, pause, clear and export above a table of every message, the
// selected message's payload below it, and the same rows as a sequence diagram beside it.
class MessageLogPane : public QGroupBox
{
    Q_OBJECT
public:
    explicit MessageLogPane(QWidget *parent = nullptr);

    MessageLogModel *model() const { return m_model; }
    MessageLogFilter *filter() const { return m_filter; }
    SequenceDiagram *diagram() const { return m_diagram; }
    // Selects the model's row in the table and the diagram, if the filters show it.
    void showRow(int modelRow);
    void append(const LogEntry &entry);

    // The live processes: the diagram's lifelines, and the window filter's choices.
    void setEndpoints(const QList<int> &ids);
    // A pattern run started then (monotonic ns): what "Last run only" shows from.
    void setRunStart(qint64 monotonicNs);

    enum class ExportFormat { JsonLines, Csv };
    // Writes the rows the filters show; false, with *error, on failure.
    bool exportLog(const QString &path, ExportFormat format, QString *error = nullptr);
    void exportWithDialog(ExportFormat format);
    QAction *exportJsonAction() const { return m_exportJsonAction; }
    QAction *exportCsvAction() const { return m_exportCsvAction; }

    QByteArray saveState() const;
    void restoreState(const QByteArray &state);

    void retranslateUi();

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);

private:
    void showSelectedPayload();
    void updatePauseText();
    void restoreScroll();
    void fitColumns();

    MessageLogModel *m_model;
    MessageLogFilter *m_filter;
    QComboBox *m_windowFilter;
    QComboBox *m_patternFilter;
    QLineEdit *m_textFilter;
    QCheckBox *m_lastRunOnly;
    qint64 m_runStart = 0;
    QPushButton *m_pauseButton;
    QPushButton *m_clearButton;
    QPushButton *m_exportButton;
    QMenu *m_exportMenu;
    QAction *m_exportJsonAction;
    QAction *m_exportCsvAction;
    QTableView *m_logView;
    SequenceDiagram *m_diagram;
    QPlainTextEdit *m_payloadView;
    QSplitter *m_splitter;
    bool m_followBottom = true;
};
