#pragma once

#include <QGroupBox>
#include <QHash>

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;
class RendererLauncher;
class WebContents;
struct RenderProcessGoneDetails;

// The renderer windows main has opened, each with its process id and state, and buttons to
// open a new one and to close or kill the selected one.
class RendererListPane : public QGroupBox
{
    Q_OBJECT
public:
    explicit RendererListPane(RendererLauncher *launcher, QWidget *parent = nullptr);

    // Lists webContents and follows it until it is gone.
    void track(WebContents *webContents);
    WebContents *selectedWindow() const;
    // When its process was seen to end, on the monotonic clock; 0 if not (yet). Main closes the
    // dead renderer's MessagePorts only after that, so its render-process-gone row goes first.
    qint64 exitedAt(WebContents *webContents) const { return m_exitedAt.value(webContents); }

    void retranslateUi();

Q_SIGNALS:
    void openRequested();
    void windowsChanged(); // one became ready, went or was deleted
    void processGone(WebContents *webContents, const RenderProcessGoneDetails &details);
    void windowDeleted(WebContents *webContents);

private:
    void updateItem(WebContents *webContents);

    RendererLauncher *m_launcher;
    QHash<WebContents *, QTreeWidgetItem *> m_items;
    QHash<WebContents *, qint64> m_exitedAt;
    QTreeWidget *m_windows;
    QPushButton *m_openButton;
    QPushButton *m_closeButton;
    QPushButton *m_killButton;
};
