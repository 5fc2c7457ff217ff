#include "snippetmarker.h"

#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTextDocument>

namespace SnippetMarker {

bool mark(QPlainTextEdit *view, const QString &fragment)
{
    QList<QTextEdit::ExtraSelection> selections;
    const QTextCursor found = fragment.isEmpty()
            ? QTextCursor()
            : view->document()->find(fragment, 0, QTextDocument::FindCaseSensitively);
    if (!found.isNull()) {
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(found.block());
        // Amber with some transparency reads on a light and a dark base, over the highlighting.
        selection.format.setBackground(QColor(255, 190, 0, 110));
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        selections.append(selection);
        view->setTextCursor(QTextCursor(found.block()));
        view->centerCursor();
    }
    view->setExtraSelections(selections);
    return !selections.isEmpty();
}

void clear(QPlainTextEdit *view)
{
    view->setExtraSelections({});
}

QString markedLine(const QPlainTextEdit *view)
{
    const QList<QTextEdit::ExtraSelection> selections = view->extraSelections();
    return selections.isEmpty() ? QString() : selections.first().cursor.block().text();
}

} // namespace SnippetMarker
