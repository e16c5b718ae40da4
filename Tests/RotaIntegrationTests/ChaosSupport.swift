import Foundation
import RotaCore

/// Helpers of the crash and fault tests (`ChaosTests`): a seeded random number generator, the
/// `ROTA_CHAOS_*` knobs, a read-only look into a SQLite file, a small tmpfs, and a throwaway
/// PostgreSQL cluster that a test may stop and start underneath Rota.

/// SplitMix64: small, fast and the same sequence for the same seed on every platform, so a failing
/// chaos run is replayed with `ROTA_CHAOS_SEED=<the seed it printed>`.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476C_E5B9_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The knobs of the chaos test, read from the environment (the CI values are the defaults).
enum ChaosEnvironment {
    static func integer(_ name: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? value
    }

    /// `ROTA_CHAOS_SEED`, or a fresh one (printed by the test so the run can be replayed).
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["ROTA_CHAOS_SEED"].flatMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
            ?? UInt64.random(in: 1...UInt64(UInt32.max))
    }
}

/// Runs `executable` (looked up in `PATH`) with `arguments`; returns the exit code and standard
/// output plus error.
///
/// posix_spawn and waitpid rather than Foundation's `Process`: its `waitUntilExit` was seen never
/// to return for a `scripts/pg-test-server` that had exited (left a zombie, and the test hung).
@discardableResult
func runTool(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
    -> (code: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw TestFailure("pipe failed") }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
    // Nothing else of the test process leaks into the child (a daemon it starts would keep it):
    // glibc's closefrom action, looked up at run time as Swift's Glibc module does not declare it.
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }
    let argv = (["/usr/bin/env", executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
    close(fds[1])
    guard spawned == 0 else {
        close(fds[0])
        throw TestFailure("cannot run \(executable): \(String(cString: strerror(spawned)))")
    }
    var output = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = read(fds[0], &buffer, buffer.count)
        if count > 0 { output.append(contentsOf: buffer[0..<count]); continue }
        if count < 0, errno == EINTR { continue }
        break
    }
    close(fds[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (code, String(decoding: output, as: UTF8.self))
}

/// Reads a SQLite file through python3's `sqlite3` module, opened read-only: an independent reader,
/// so a damaged file is found by something other than the code that wrote it.
enum SQLiteFile {
    private static let script = """
        import json, pathlib, sqlite3, sys
        con = sqlite3.connect(pathlib.Path(sys.argv[1]).absolute().as_uri() + "?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        print(json.dumps([dict(row) for row in con.execute(sys.argv[2])]))
        """

    /// The rows of `sql`, each a mapping of column names to values.
    static func query(_ path: String, _ sql: String) throws -> [[String: JSONValue]] {
        let (code, output) = try runTool("python3", ["-c", script, path, sql])
        guard code == 0, case .array(let rows) = try JSONValue.parse(Data(output.utf8)) else {
            throw TestFailure("sqlite3 \(path): \(sql): exit \(code): \(output)")
        }
        return rows.map { $0.objectValue ?? [:] }
    }

    /// `PRAGMA integrity_check`'s verdict: `"ok"` for a sound file.
    static func integrity(_ path: String) throws -> String {
        try query(path, "PRAGMA integrity_check").compactMap { $0["integrity_check"]?.stringValue }.joined(separator: "; ")
    }
}

/// A tmpfs of `megabytes` mounted on `path` (needs root or CAP_SYS_ADMIN): a disk that fills up
/// for real, with ENOSPC from `write`, without touching the host's disks.
final class TmpfsMount: @unchecked Sendable {
    let path: String
    private var mounted = false

    init(path: String, megabytes: Int) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let result = try runTool("mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0755", "rota-chaos", path])
        guard result.code == 0 else { throw TestFailure("mount -t tmpfs on \(path): \(result.output)") }
        mounted = true
    }

    /// Whether this process may mount a tmpfs (the disk-full test is skipped otherwise).
    static var permitted: Bool { geteuid() == 0 }

    /// Bytes free on the file system.
    var freeBytes: Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return -1 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Fills the file system with `ballast` (a file the test removes later) until at most
    /// `leaving` bytes are free.
    func fill(ballast: String, leaving: Int = 0) throws {
        guard FileManager.default.createFile(atPath: ballast, contents: nil),
              let handle = FileHandle(forWritingAtPath: ballast) else { throw TestFailure("cannot create \(ballast)") }
        defer { try? handle.close() }
        var chunk = 1 << 20
        while chunk >= 4096 {
            let free = freeBytes
            if free <= leaving { return }
            do {
                try handle.write(contentsOf: Data(count: min(chunk, max(4096, free - leaving))))
            } catch {
                chunk /= 2
            }
        }
    }

    func unmount() {
        guard mounted else { return }
        mounted = false
        _ = try? runTool("umount", ["-l", path])
    }

    deinit { unmount() }
}

/// A PostgreSQL cluster of its own, on a free port, that a test may stop and start underneath a
/// running `rota server`. Created with `scripts/pg-test-server` (another port and folder than the
/// shared test server's, which is never touched) and deleted at the end.
final class ThrowawayPostgres: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/pg-test-server").path
    let port: Int
    let directory: String
    let url: String

    init() throws {
        port = try Self.freePort()
        directory = "/tmp/rota-chaos-pg-\(port)"
        let result = try runTool(Self.script, [], environment: ["ROTA_TEST_PG_PORT": "\(port)", "ROTA_TEST_PG_DIR": directory])
        guard result.code == 0, let line = result.output.split(separator: "\n").last, line.hasPrefix("postgres://") else {
            throw TestFailure("throwaway PostgreSQL on port \(port): \(result.output)")
        }
        url = String(line)
    }

    private var environment: [String: String] { ["ROTA_TEST_PG_PORT": "\(port)", "ROTA_TEST_PG_DIR": directory] }

    private var binaries: String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let found = versions.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.last ?? ""
        return "/usr/lib/postgresql/\(found)/bin"
    }

    /// Runs `pg_ctl` as the `postgres` user (it refuses root), with the options the script uses.
    private func pgctl(_ arguments: String) throws {
        let command = "'\(binaries)/pg_ctl' -D '\(directory)/data' \(arguments)"
        let result = geteuid() == 0 ? try runTool("su", ["postgres", "-s", "/bin/sh", "-c", command])
            : try runTool("sh", ["-c", command])
        guard result.code == 0 else { throw TestFailure("pg_ctl \(arguments): \(result.output)") }
    }

    /// Stops the cluster: `fast` as an operator's restart does (clients disconnected), or
    /// `immediate` as a crash does (backends killed, recovery at the next start).
    func stop(mode: String = "fast") throws { try pgctl("-m \(mode) -w stop") }

    /// Starts it again on the same port and data.
    func start() throws {
        try pgctl("-l '\(directory)/log' -w -t 60 -o \"-p \(port) -k '\(directory)' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start")
    }

    /// The rows of `sql` (psql's unaligned output, fields split on tabs).
    func query(_ sql: String) throws -> [[String]] {
        let result = try runTool(binaries + "/psql", [url, "-X", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard result.code == 0 else { throw TestFailure("psql: \(sql): \(result.output)") }
        return result.output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Stops and deletes the cluster.
    func destroy() {
        _ = try? runTool(Self.script, ["stop"], environment: environment)
    }

    deinit { destroy() }

    /// A TCP port nobody listens on: bind port 0 and take what the kernel chose.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestFailure("bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
