#pragma once

// The numbered frames tst_lowfaults streams both ways (main to renderer and back): frame n is
// [n, a text, and on some frames raw bytes as an attachment], its sizes and contents made from n
// alone, so that either end can tell a frame lost, duplicated, reordered or changed in transit.
// Mostly small; some of a few KiB; some past Connection's 64 KiB direct-read size, whose text or
// attachment is read straight into place.

#include <QByteArray>
#include <QString>
#include <QVariantList>

namespace StreamFrames {

inline quint64 mix(quint64 n)
{
    quint64 z = n * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

inline QString text(int n)
{
    const quint64 r = mix(quint64(n));
    const int kind = int(r % 100);
    const qsizetype size = kind < 70 ? qsizetype((r >> 8) % 200)
            : kind < 92              ? 1024 + qsizetype((r >> 8) % (15 * 1024))
                                     : 64 * 1024 + qsizetype((r >> 8) % (96 * 1024));
    QString s(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        s[i] = QLatin1Char(char('a' + (n * 7 + i) % 26));
    return s;
}

// Empty: frame n has no attachment.
inline QByteArray bytes(int n)
{
    const quint64 r = mix(quint64(n) + 0x51ED);
    if (r % 4 != 0)
        return {};
    const qsizetype size = 1 + qsizetype((r >> 8) % 90000);
    QByteArray b(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        b[i] = char((n * 13 + i * 7) & 0xff);
    return b;
}

inline QVariantList frame(int n)
{
    QVariantList args {n, text(n)};
    const QByteArray attached = bytes(n);
    if (!attached.isEmpty())
        args.append(attached);
    return args;
}

// Empty if args are frame `expected`; otherwise what is wrong with them.
inline QString check(int expected, const QVariantList &args)
{
    if (args.isEmpty())
        return QStringLiteral("frame %1: no arguments").arg(expected);
    const int n = args.at(0).toInt();
    if (n != expected)
        return QStringLiteral("frame %1 arrived where %2 was due").arg(n).arg(expected);
    const QByteArray attached = bytes(n);
    if (args.size() != (attached.isEmpty() ? 2 : 3))
        return QStringLiteral("frame %1: %2 arguments").arg(n).arg(args.size());
    if (args.at(1).toString() != text(n))
        return QStringLiteral("frame %1: its text changed in transit").arg(n);
    if (!attached.isEmpty() && args.at(2).toByteArray() != attached)
        return QStringLiteral("frame %1: its %2 attached bytes changed in transit")
                .arg(n)
                .arg(attached.size());
    return {};
}

} // namespace StreamFrames
