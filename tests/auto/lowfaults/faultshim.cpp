// libipclab-faultshim: faults from below for tst_lowfaults. Preloaded (LD_PRELOAD) into main and
// its renderers, it stands between the program and the C library's socket I/O (write, writev,
// send, sendmsg, read, readv, recv, recvmsg) and, on the Unix stream sockets IPC Lab talks
// over, makes calls fail with EINTR, fail with EAGAIN (non-blocking sockets only), or move fewer
// bytes than asked: everything a kernel may do to a caller, at any byte of a frame. Other
// descriptors (pipes, eventfds, files) pass untouched.
//
// IPCLAB_FAULTSHIM_SEED turns it on (unset or empty: every call passes straight through) and
// makes the schedule deterministic for a given process: a pseudo-random sequence seeded from
// it and the call's ordinal. ipclab_faultshim_counts() says how many calls of each kind it saw
// and how many it faulted, so that a test can tell that both of Connection's paths (QLocalSocket's
// own read/write and the sendmsg/recv shortcuts) were hit.

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace {

enum Call { Write, Writev, Send, Sendmsg, Read, Readv, Recv, Recvmsg, CallCount };

std::atomic<long> seen[CallCount];
std::atomic<long> faulted[CallCount];

template<typename F>
F real(const char *name)
{
    return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

std::uint64_t seed()
{
    static const std::uint64_t value = [] {
        const char *text = std::getenv("IPCLAB_FAULTSHIM_SEED");
        if (!text || !*text)
            return std::uint64_t(0);
        return std::uint64_t(std::strtoull(text, nullptr, 10) * 0x9E3779B97F4A7C15ull + 1);
    }();
    return value;
}

// The next number of this thread's schedule (splitmix64).
std::uint64_t next()
{
    thread_local std::uint64_t state = seed() ^ (std::uint64_t(getpid()) << 32);
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

bool isUnixStream(int fd)
{
    const int saved = errno;
    int type = 0;
    socklen_t size = sizeof type;
    sockaddr_storage address = {};
    socklen_t addressSize = sizeof address;
    const bool yes = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == 0 && type == SOCK_STREAM
            && getsockname(fd, reinterpret_cast<sockaddr *>(&address), &addressSize) == 0
            && address.ss_family == AF_UNIX;
    errno = saved;
    return yes;
}

bool nonBlocking(int fd, int flags)
{
    if (flags & MSG_DONTWAIT)
        return true;
    const int saved = errno;
    const int status = fcntl(fd, F_GETFL);
    errno = saved;
    return status >= 0 && (status & O_NONBLOCK);
}

enum class Fault { None, Interrupt, WouldBlock, Short };

// What this call suffers: about 1 in 10 EINTR, 1 in 10 EAGAIN, 3 in 10 cut short.
Fault decide(Call call, int fd, size_t length, int flags, size_t *shortLength)
{
    if (seed() == 0 || length == 0 || !isUnixStream(fd))
        return Fault::None;
    ++seen[call];
    const std::uint64_t roll = next();
    Fault fault = Fault::None;
    switch (roll % 10) {
    case 0:
        fault = Fault::Interrupt;
        break;
    case 1:
        fault = nonBlocking(fd, flags) ? Fault::WouldBlock : Fault::None;
        break;
    case 2:
    case 3:
    case 4:
        if (length > 1) {
            fault = Fault::Short;
            // Mostly a few bytes (inside a frame's header), sometimes anywhere in it.
            const size_t most = (roll >> 8) % 2 ? std::min<size_t>(length - 1, 12) : length - 1;
            *shortLength = 1 + size_t((roll >> 16) % most);
        }
        break;
    default:
        break;
    }
    if (fault != Fault::None)
        ++faulted[call];
    return fault;
}

ssize_t failWith(int error)
{
    errno = error;
    return -1;
}

// iov cut down to `length` bytes in all, into `into` (at most `count` entries).
int cut(const iovec *iov, int count, size_t length, iovec *into)
{
    int used = 0;
    for (int i = 0; i < count && length > 0; ++i) {
        into[used] = iov[i];
        if (into[used].iov_len > length)
            into[used].iov_len = length;
        length -= into[used].iov_len;
        ++used;
    }
    return used;
}

size_t total(const iovec *iov, int count)
{
    size_t sum = 0;
    for (int i = 0; i < count; ++i)
        sum += iov[i].iov_len;
    return sum;
}

constexpr int maxPieces = 64;

} // namespace

extern "C" {

__attribute__((visibility("default"))) void ipclab_faultshim_counts(long *seenOut, long *faultedOut)
{
    for (int i = 0; i < CallCount; ++i) {
        seenOut[i] = seen[i];
        faultedOut[i] = faulted[i];
    }
}

__attribute__((visibility("default"))) ssize_t write(int fd, const void *data, size_t length)
{
    static const auto next = real<ssize_t (*)(int, const void *, size_t)>("write");
    size_t shortLength = 0;
    switch (decide(Write, fd, length, 0, &shortLength)) {
    case Fault::Interrupt:
        return failWith(EINTR);
    case Fault::WouldBlock:
        return failWith(EAGAIN);
    case Fault::Short:
        return next(fd, data, shortLength);
    case Fault::None:
        break;
    }
    return next(fd, data, length);
}

__attribute__((visibility("default"))) ssize_t send(int fd, const void *data, size_t length,
                                                    int flags)
{
    static const auto next = real<ssize_t (*)(int, const void *, size_t, int)>("send");
    size_t shortLength = 0;
    switch (decide(Send, fd, length, flags, &shortLength)) {
    case Fault::Interrupt:
        return failWith(EINTR);
    case Fault::WouldBlock:
        return failWith(EAGAIN);
    case Fault::Short:
        return next(fd, data, shortLength, flags);
    case Fault::None:
        break;
    }
    return next(fd, data, length, flags);
}

__attribute__((visibility("default"))) ssize_t read(int fd, void *data, size_t length)
{
    static const auto next = real<ssize_t (*)(int, void *, size_t)>("read");
    size_t shortLength = 0;
    switch (decide(Read, fd, length, 0, &shortLength)) {
    case Fault::Interrupt:
        return failWith(EINTR);
    case Fault::WouldBlock:
        return failWith(EAGAIN);
    case Fault::Short:
        return next(fd, data, shortLength);
    case Fault::None:
        break;
    }
    return next(fd, data, length);
}

__attribute__((visibility("default"))) ssize_t recv(int fd, void *data, size_t length, int flags)
{
    static const auto next = real<ssize_t (*)(int, void *, size_t, int)>("recv");
    size_t shortLength = 0;
    switch (decide(Recv, fd, length, flags, &shortLength)) {
    case Fault::Interrupt:
        return failWith(EINTR);
    case Fault::WouldBlock:
        return failWith(EAGAIN);
    case Fault::Short:
        return next(fd, data, shortLength, flags);
    case Fault::None:
        break;
    }
    return next(fd, data, length, flags);
}

__attribute__((visibility("default"))) ssize_t writev(int fd, const iovec *iov, int count)
{
    static const auto next = real<ssize_t (*)(int, const iovec *, int)>("writev");
    size_t shortLength = 0;
    switch (decide(Writev, fd, count > maxPieces ? 0 : total(iov, count), 0, &shortLength)) {
    case Fault::Interrupt:
        return failWith(EINTR);
    case Fault::WouldBlock:
        return failWith(EAGAIN);
    case Fault::Short: {
        iovec pieces[maxPieces];
        return next(fd, pieces, cut(iov, count, shortLength, pieces));
    }
    case Fault::None:
        break;
    }
    return next(fd, iov, count);
}

__attribute__((visibility("default"))) ssize_t readv(int fd, const iovec *iov, int count)
{
    static const auto next = real<ssize_t (*)(int, const iovec *, int)>("readv");
    size_t shortLength = 0;
    switch (decide(Readv, fd, count > maxPieces ? 0 : total(iov, count), 0, &shortLength)) {
    case Fault::Interrupt:
        return failWith(EINTR);
    case Fault::WouldBlock:
        return failWith(EAGAIN);
    case Fault::Short: {
        iovec pieces[maxPieces];
        return next(fd, pieces, cut(iov, count, shortLength, pieces));
    }
    case Fault::None:
        break;
    }
    return next(fd, iov, count);
}

// Messages with control data (descriptors) pass untouched: cutting them short would change
// what arrives with which byte, which no kernel does to a caller that asked for it whole.
__attribute__((visibility("default"))) ssize_t sendmsg(int fd, const msghdr *message, int flags)
{
    static const auto next = real<ssize_t (*)(int, const msghdr *, int)>("sendmsg");
    size_t shortLength = 0;
    const bool plain = message->msg_controllen == 0 && message->msg_iovlen <= size_t(maxPieces);
    switch (decide(Sendmsg, fd, plain ? total(message->msg_iov, int(message->msg_iovlen)) : 0,
                   flags, &shortLength)) {
    case Fault::Interrupt:
        return failWith(EINTR);
    case Fault::WouldBlock:
        return failWith(EAGAIN);
    case Fault::Short: {
        iovec pieces[maxPieces];
        msghdr shorter = *message;
        shorter.msg_iov = pieces;
        shorter.msg_iovlen
                = size_t(cut(message->msg_iov, int(message->msg_iovlen), shortLength, pieces));
        return next(fd, &shorter, flags);
    }
    case Fault::None:
        break;
    }
    return next(fd, message, flags);
}

__attribute__((visibility("default"))) ssize_t recvmsg(int fd, msghdr *message, int flags)
{
    static const auto next = real<ssize_t (*)(int, msghdr *, int)>("recvmsg");
    size_t shortLength = 0;
    const bool plain = message->msg_controllen == 0 && message->msg_iovlen <= size_t(maxPieces);
    switch (decide(Recvmsg, fd, plain ? total(message->msg_iov, int(message->msg_iovlen)) : 0,
                   flags, &shortLength)) {
    case Fault::Interrupt:
        return failWith(EINTR);
    case Fault::WouldBlock:
        return failWith(EAGAIN);
    case Fault::Short: {
        iovec pieces[maxPieces];
        iovec *original = message->msg_iov;
        const size_t originalCount = message->msg_iovlen;
        message->msg_iov = pieces;
        message->msg_iovlen = size_t(cut(original, int(originalCount), shortLength, pieces));
        const ssize_t n = next(fd, message, flags);
        message->msg_iov = original;
        message->msg_iovlen = originalCount;
        return n;
    }
    case Fault::None:
        break;
    }
    return next(fd, message, flags);
}

} // extern "C"
