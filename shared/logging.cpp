#include "logging.h"

Q_LOGGING_CATEGORY(lcProtocol, "ipclab.protocol", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConnection, "ipclab.connection", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMain, "ipclab.main", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRenderer, "ipclab.renderer", QtInfoMsg)

QString loggable(QStringView text, qsizetype maxLength)
{
    QString safe;
    safe.reserve(qMin(text.size(), maxLength) + 8);
    const qsizetype shown = qMin(text.size(), maxLength);
    for (qsizetype i = 0; i < shown; ++i) {
        const char16_t c = text.at(i).unicode();
        switch (c) {
        case u'\n':
            safe += QLatin1String("\\n");
            continue;
        case u'\r':
            safe += QLatin1String("\\r");
            continue;
        case u'\t':
            safe += QLatin1String("\\t");
            continue;
        case u'\\':
            safe += QLatin1String("\\\\");
            continue;
        default:
            break;
        }
        if (c < 0x20 || c == 0x7f)
            safe += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
        else if ((c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
                 || (c >= 0x2066 && c <= 0x2069))
            safe += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
        else
            safe += QChar(c);
    }
    if (shown < text.size())
        safe += QStringLiteral("... (%1 characters in all)").arg(text.size());
    return safe;
}
