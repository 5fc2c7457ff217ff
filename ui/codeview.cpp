#include "codeview.h"

#include <QFontDatabase>
#include <QPlainTextEdit>

namespace CodeView {

QPlainTextEdit *create()
{
    auto *view = new QPlainTextEdit;
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

} // namespace CodeView
