#pragma once

class QPlainTextEdit;
class QString;

// The line of a code pane that sends the message being replayed, marked across the pane's width.
namespace SnippetMarker {

// Marks the first line holding fragment and scrolls it into view; clears the mark if fragment is
// empty or not there. True if a line is marked.
bool mark(QPlainTextEdit *view, const QString &fragment);
void clear(QPlainTextEdit *view);
// The text of the marked line; empty if none.
QString markedLine(const QPlainTextEdit *view);

} // namespace SnippetMarker
