#pragma once

class QPlainTextEdit;

// The read-only, fixed-width text panes that show code and payloads.
namespace CodeView {

QPlainTextEdit *create();

} // namespace CodeView
