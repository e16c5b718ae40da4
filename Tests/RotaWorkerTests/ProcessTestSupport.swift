#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RotaWorker
import Synchronization

/// Shared helpers for the process runner tests: shell specs, an output recorder that
/// can be awaited, temporary files, and process-group inspection.
enum ProcessTestSupport {
    /// A spec running `script` with `/bin/sh -c`; extra arguments become `$1`, `$2`, ….
    static func shell(
        _ script: String,
        _ arguments: String...,
        timeout: Duration? = nil,
        outputLimit: Int = ProcessSpec.defaultOutputLimit
    ) -> ProcessSpec {
        ProcessSpec(
            arguments: ["/bin/sh", "-c", script, "sh"] + arguments,
            timeout: timeout,
            outputLimit: outputLimit)
    }

    /// A fresh private directory under /tmp.
    static func makeTemporaryDirectory() -> String {
        var template = Array("/tmp/rota-process-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let path = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: path)
        }
        guard let created else { fatalError("mkdtemp failed") }
        return created
    }

    /// Writes `contents` to `path` with the given mode.
    static func writeFile(_ path: String, _ contents: String, mode: mode_t = 0o644) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        precondition(fd >= 0, "cannot create \(path)")
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        precondition(written == bytes.count)
        close(fd)
    }

    /// Removes a directory tree made by a test.
    static func removeTree(_ path: String) async {
        _ = try? await ProcessRunner.run(ProcessSpec(arguments: ["/bin/rm", "-rf", path]))
    }

    /// Pids of processes in group `pgid` that are still running (not zombies).
    ///
    /// Zombies are excluded because an orphaned zombie is reaped by init, which is
    /// not under the test's control (some VM inits never reap).
    static func liveMembers(ofProcessGroup pgid: pid_t) -> [pid_t] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var members: [pid_t] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            guard let pid = pid_t(name), let stat = readSmallFile("/proc/\(name)/stat") else { continue }
            // Format: "pid (comm) state ppid pgrp …"; comm may contain spaces or ')'.
            guard let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let group = pid_t(fields[2]) else { continue }
            if group == pgid && fields[0] != "Z" && fields[0] != "X" { members.append(pid) }
        }
        return members
    }

    /// Waits (up to `limit`) until no process of group `pgid` is running: either
    /// `kill(-pgid, 0)` reports ESRCH or only zombies are left.
    static func waitUntilGroupIsGone(_ pgid: pid_t, limit: Duration = .seconds(15)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if kill(-pgid, 0) == -1 && errno == ESRCH { return true }
            if liveMembers(ofProcessGroup: pgid).isEmpty { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}

/// Collects output chunks from `onOutput` and lets a test await a given text.
final class OutputRecorder: Sendable {
    private let state = Mutex<(bytes: [UInt8], chunks: Int)>(([], 0))
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Pass as `onOutput`.
    var callback: @Sendable ([UInt8]) -> Void {
        { [self] chunk in
            state.withLock {
                $0.bytes += chunk
                $0.chunks += 1
            }
            continuation.yield()
        }
    }

    var text: String { state.withLock { String(decoding: $0.bytes, as: UTF8.self) } }
    var chunkCount: Int { state.withLock { $0.chunks } }

    /// Call when the run has returned, so pending `waitFor` calls stop waiting.
    func finish() { continuation.finish() }

    /// Waits until the recorded output contains `needle`; false if the run ended first.
    func waitFor(_ needle: String) async -> Bool {
        if text.contains(needle) { return true }
        for await _ in stream {
            if text.contains(needle) { return true }
        }
        return text.contains(needle)
    }
}
