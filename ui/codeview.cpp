#include "codeview.h"

#include <QFontDatabase>
#include <QPalette>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSyntaxHighlighter>

namespace {

// Just enough colour to tell code from comments and strings in the notes' snippets, in
// JavaScript and C++ alike; hues that read on a light and a dark base.
class SnippetHighlighter : public QSyntaxHighlighter
{
public:
    explicit SnippetHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
    {
        QTextCharFormat keyword;
        keyword.setForeground(QColor(0x3b, 0x6f, 0xd4));
        keyword.setFontWeight(QFont::Bold);
        QTextCharFormat string;
        string.setForeground(QColor(0x2e, 0x9a, 0x4e));
        QTextCharFormat number;
        number.setForeground(QColor(0xc0, 0x6a, 0x1f));
        QTextCharFormat api;
        api.setForeground(QColor(0x9b, 0x4d, 0xca));
        m_comment.setForeground(QColor(0x8a, 0x8f, 0x98));
        m_comment.setFontItalic(true);
        m_rules = {
                {QRegularExpression(QStringLiteral(
                         "\\b(const|let|var|function|return|async|await|new|if|else|for|while|auto|void|int|bool|"
                         "class|struct|this|true|false|null|nullptr|try|catch|throw|import|from|require)\\b")),
                 keyword},
                {QRegularExpression(QStringLiteral("\\b(ipcMain|ipcRenderer|webContents|IpcMain|IpcRenderer|"
                                                   "WebContents|MessageChannelMain|event|sender)\\b")),
                 api},
                {QRegularExpression(QStringLiteral("\\b\\d+\\b")), number},
                {QRegularExpression(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")), string},
        };
    }

protected:
    void highlightBlock(const QString &text) override
    {
        for (const auto &[pattern, format] : std::as_const(m_rules)) {
            for (auto it = pattern.globalMatch(text); it.hasNext();) {
                const QRegularExpressionMatch match = it.next();
                setFormat(int(match.capturedStart()), int(match.capturedLength()), format);
            }
        }
        // A // comment outside a string runs to the end of the line.
        const qsizetype comment = commentStart(text);
        if (comment >= 0)
            setFormat(int(comment), int(text.size() - comment), m_comment);
    }

private:
    static qsizetype commentStart(const QString &text)
    {
        QChar quote;
        for (qsizetype i = 0; i + 1 < text.size(); ++i) {
            const QChar c = text.at(i);
            if (!quote.isNull()) {
                if (c == u'\\')
                    ++i;
                else if (c == quote)
                    quote = QChar();
            } else if (c == u'"' || c == u'\'' || c == u'`') {
                quote = c;
            } else if (c == u'/' && text.at(i + 1) == u'/') {
                return i;
            }
        }
        return -1;
    }

    QList<std::pair<QRegularExpression, QTextCharFormat>> m_rules;
    QTextCharFormat m_comment;
};

} // namespace

namespace CodeView {

QPlainTextEdit *create(bool highlight)
{
    auto *view = new QPlainTextEdit;
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    if (highlight)
        new SnippetHighlighter(view->document());
    return view;
}

} // namespace CodeView
