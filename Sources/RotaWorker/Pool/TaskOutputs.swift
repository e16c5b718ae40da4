import Foundation
import RotaCore

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
    let path: String

    init(attemptId: Int64) {
        path = NSTemporaryDirectory() + "rota-result-\(getpid())-\(attemptId).json"
        unlink(path)  // a leftover of an earlier process with the same pid; plain unlink(2): see take()
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
