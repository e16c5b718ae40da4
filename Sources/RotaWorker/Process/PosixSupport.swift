#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, platform-neutral wrappers over the libc calls the process runner needs.
///
/// Why a separate namespace: Swift's Glibc module hides the GNU extensions we rely on
/// (`pipe2`, `posix_spawn_file_actions_addchdir_np`,
/// `posix_spawn_file_actions_addclosefrom_np`, `POSIX_SPAWN_SETSID`), so they are
/// resolved here once with `dlsym`, and every EINTR loop lives in one place.
enum Posix {
    /// The current errno as a readable string, e.g. "No such file or directory".
    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// A pipe whose two ends are close-on-exec, so no other child inherits them.
    /// `pipe2(O_CLOEXEC)` does that atomically where it exists; the `pipe` + `fcntl`
    /// fallback has a window in which a concurrent spawn elsewhere could inherit the
    /// ends, which the runner's own children guard against with `closefrom`.
    static func makePipe() throws(ProcessLaunchError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        let rc: Int32
        #if os(Linux)
        if let pipe2 = LibcExtensions.pipe2 {
            rc = fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress, O_CLOEXEC) }
        } else {
            rc = plainPipe(&fds)
        }
        #else
        rc = plainPipe(&fds)
        #endif
        guard rc == 0 else {
            let code = errno
            throw ProcessLaunchError("cannot create pipe: \(errorText(code))", errno: code)
        }
        return (fds[0], fds[1])
    }

    private static func plainPipe(_ fds: inout [Int32]) -> Int32 {
        let rc = fds.withUnsafeMutableBufferPointer { pipe($0.baseAddress) }
        guard rc == 0 else { return rc }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return 0
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
    }

    /// Closes `fd` if open and marks it closed (-1). EINTR is not retried: on Linux
    /// the descriptor is released even when close reports it.
    static func close(_ fd: inout Int32) {
        guard fd >= 0 else { return }
        _ = systemClose(fd)
        fd = -1
    }

    /// Sleeps on this (non-cooperative) thread.
    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || attoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR {
            request = remaining
        }
    }

    /// `poll` timeout in whole milliseconds, rounded up so a deadline is never
    /// checked early, and clamped to what `poll` accepts.
    static func pollTimeout(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let milliseconds = seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    /// Whether `path` names an existing directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` names an existing regular file, and whether it is executable.
    static func regularFile(_ path: String) -> (exists: Bool, executable: Bool) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return (false, false) }
        return (true, access(path, X_OK) == 0)
    }

    /// This process's `environ` array.
    static func environment() -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        #if canImport(Darwin)
        return _NSGetEnviron().pointee
        #else
        return environ
        #endif
    }

    /// Whether child `pid` has exited (or can no longer be waited for), without
    /// reaping it: `waitid` with `WNOWAIT` leaves the zombie in place.
    static func childHasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        while true {
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 { break }
            if errno == EINTR { continue }
            return true  // ECHILD: someone else reaped it; nothing left to wait for
        }
        #if os(Linux)
        return info._sifields._kill.si_pid != 0
        #else
        return info.si_pid != 0
        #endif
    }

    /// Exit information from a `waitpid` status word.
    static func decodeWaitStatus(_ status: Int32) -> (exitCode: Int32?, signal: Int32?) {
        let low = status & 0x7f
        if low == 0 { return ((status >> 8) & 0xff, nil) }
        return (nil, low)
    }
}

#if canImport(Glibc)
private let systemClose = Glibc.close
#elseif canImport(Darwin)
private let systemClose = Darwin.close
#endif
