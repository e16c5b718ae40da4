import Foundation
import RotaCore
import Synchronization

/// Luigi-style targets: a task whose every output file exists is complete without running, and a
/// task that "succeeds" without producing its outputs did not really succeed.
enum TaskOutputs {
    /// Why the (rendered) outputs may not be used, or nil: a template value must not point the
    /// existence check elsewhere (`/data/{{ params.day }}` with `../../etc/passwd` would make the
    /// task "complete" without running).
    static func problem(_ outputs: [String]) -> String? {
        for (index, path) in outputs.enumerated() {
            if let problem = PathPolicy.problem(path) { return "outputs[\(index)]: \(problem)" }
        }
        return nil
    }

    /// A note for the output when every path exists, nil otherwise (or when there are none).
    static func alreadyComplete(_ outputs: [String]) -> String? {
        guard !outputs.isEmpty, outputs.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else { return nil }
        return "rota: every output already exists, so the task is complete without running: \(outputs.joined(separator: ", "))\n"
    }

    /// The missing paths, comma-separated, or nil when all exist.
    static func missing(_ outputs: [String]) -> String? {
        let missing = outputs.filter { !FileManager.default.fileExists(atPath: $0) }
        return missing.isEmpty ? nil : missing.joined(separator: ", ")
    }
}

/// The file a workflow task may write its result to (`$ROTA_RESULT`), read once after it ends.
struct ResultFile {
    static let limit = 64 * 1024
    /// Read once: `NSTemporaryDirectory()` consults the environment and the file system on every
    /// call (bench W1: 3 % of Rota's CPU when asked per task).
    private static let folder = NSTemporaryDirectory()
    /// A folder of this process's own (mode 0700), named by its pid and start time, so no file of
    /// an earlier process (a crash, a reused pid) is ever found there and nothing needs removing
    /// before a task starts, and a task's file is looked up in a nearly empty folder instead of a
    /// busy /tmp (bench W1: an `unlink(2)` and an `open(2)` per task in a /tmp of 6,000 entries
    /// were 5 % of Rota's CPU). Removed at exit. When it cannot be made, files go in the
    /// temporary folder itself, still named by pid and start time.
    private static let prefix: String = {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let stamp = "\(getpid())-\(now.tv_sec)\(now.tv_nsec)"
        removeAbandonedFolders(in: Self.folder)
        let folder = Self.folder + "rota-results-" + stamp
        guard mkdir(folder, 0o700) == 0 else { return Self.folder + "rota-result-" + stamp + "-" }
        ownFolder.withLock { $0 = folder }
        atexit { ResultFile.ownFolder.withLock { folder in folder.map { _ = rmdir($0) } } }
        return folder + "/"
    }()
    private static let ownFolder = Mutex<String?>(nil)

    /// Removes the empty result folders in `parent` of processes that no longer run: a process
    /// killed outright (`kill -9`, a crash) cannot remove its own at exit. A folder still holding
    /// a file, or whose pid is alive (even if reused by another program), is left alone.
    static func removeAbandonedFolders(in parent: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        let own = getpid()
        for name in names where name.hasPrefix("rota-results-") {
            guard let pidText = name.dropFirst("rota-results-".count).split(separator: "-").first,
                  let pid = pid_t(pidText), pid > 0, pid != own else { continue }
            if kill(pid, 0) == -1, errno == ESRCH { _ = rmdir(parent + "/" + name) }
        }
    }
    let path: String

    init(attemptId: Int64) {
        path = Self.prefix + "\(attemptId).json"
    }

    /// The result as JSON text (text that is not JSON is kept as a JSON string), and removes the file.
    func take() -> String? {
        // Most tasks write no result: one open(2) that fails, instead of FileManager's work on
        // every task (bench W4: 3 % of Rota's CPU).
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        close(fd)
        defer { unlink(path) }
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
        let bytes = data.prefix(Self.limit)
        if (try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])) != nil {
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let encoded = (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) }
        return encoded ?? "null"
    }
}
