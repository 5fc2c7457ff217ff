#pragma once

class QPlainTextEdit;

// The read-only, fixed-width text panes that show code and payloads.
namespace CodeView {

// Wrapped at the pane's width; highlighted as JavaScript or C++ if highlight is true.
QPlainTextEdit *create(bool highlight = false);

} // namespace CodeView
