#pragma once

#include <QHash>
#include <QWidget>

class PatternCatalogue;
class PatternRunner;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class RendererLauncher;

// The selected pattern: what it is, the Electron snippet beside this project's C++, its channel
// and payload (editable where the pattern takes them), the windows it runs between, and Run.
class DetailsPane : public QWidget
{
    Q_OBJECT
public:
    DetailsPane(const PatternCatalogue *catalogue, RendererLauncher *launcher, PatternRunner *runner,
                QWidget *parent = nullptr);

    void showPattern(const QString &id);
    QString pattern() const { return m_pattern; }
    QPlainTextEdit *electronView() const { return m_electron; }
    QPlainTextEdit *cppView() const { return m_cpp; }

    // The open windows changed: offer the ready ones as source and target.
    void fillWindowCombos();
    // While something else runs (the tour), Run is off.
    void setBusy(bool busy);
    void runSelected();

    void retranslateUi();

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);
    void runStarted(qint64 monotonicNs);

private:
    bool validatePayload();
    void resetEdits();
    void onRunFinished(const QString &pattern, bool ok, const QString &outcome);
    void showOutcome(const QString &pattern, bool ok, const QString &outcome);

    const PatternCatalogue *m_catalogue;
    RendererLauncher *m_launcher;
    PatternRunner *m_runner;
    QString m_pattern;
    bool m_busy = false;
    bool m_outcomeIsRefusal = false; // the outcome line says why Run could not start
    QString m_outcomePattern;        // the outcome line is this run's, retranslated with the rest
    bool m_outcomeOk = false;
    struct Edit
    {
        QString channel;
        QString payload;
    };
    QHash<QString, Edit> m_edits; // by pattern id

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
    QPushButton *m_resetButton;
    QPushButton *m_runButton;
    QLabel *m_outcome;
};
