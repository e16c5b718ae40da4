#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import RotaStorage
import Synchronization

/// An advisory lock on `<database>.lock` that tells `rota db restore` whether a Rota process has
/// the database open.
///
/// Every `SQLiteDatabase` (a running `rota standalone`, any `rota db` command) and every backup
/// holds it shared; a restore takes it exclusively, without waiting, and keeps it while it swaps
/// the file. `flock` locks belong to the open file, not the process, and are released by the
/// kernel when the process dies, so a crashed Rota never leaves the database "held". The lock
/// file itself is never deleted: deleting a lock file someone may hold defeats it.
final class SQLiteFileLock: Sendable {
    private let descriptor: Mutex<Int32>
    let path: String

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    static func lockPath(for database: String) -> String { database + ".lock" }

    /// Holds the lock shared, waiting up to `timeout` seconds while a restore holds it.
    ///
    /// - Throws: `StoreError` naming the database when a restore keeps it longer, or when the
    ///   lock file cannot be opened.
    static func shared(for database: String, timeout: Double = 10) throws -> SQLiteFileLock {
        let path = lockPath(for: database)
        let fd = try openLockFile(path)
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                // A file system without flock (some network mounts): run unguarded, as before.
                return SQLiteFileLock(path: path, descriptor: fd)
            }
            if Date() >= deadline {
                close(fd)
                throw StoreError("\(database) is being replaced by `rota db restore`; try again when it has finished")
            }
            usleep(50_000)
        }
        return SQLiteFileLock(path: path, descriptor: fd)
    }

    /// Holds the lock exclusively, or refuses at once.
    ///
    /// - Throws: `StoreError` naming the database when any process holds the lock.
    static func exclusive(for database: String) throws -> SQLiteFileLock {
        let path = lockPath(for: database)
        let fd = try openLockFile(path)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw StoreError("\(database) is open in a running Rota process (rota standalone, or another rota db command); stop it first")
            }
            throw StoreError("cannot lock \(path): \(String(cString: strerror(code)))")
        }
        return SQLiteFileLock(path: path, descriptor: fd)
    }

    /// Read-only is enough for `flock`, and lets a lock file created by another user (root
    /// running a backup, say) serve the service's user too.
    private static func openLockFile(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        return fd
    }

    /// Releases the lock (closing the file releases it). Idempotent.
    func release() {
        descriptor.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    deinit { release() }
}
