import Foundation

/// Luigi's task statuses (`luigi/task_status.py`), spelled as luigi sends them on the wire.
public enum LuigiStatus {
    public static let pending = "PENDING"
    public static let running = "RUNNING"
    public static let done = "DONE"
    public static let failed = "FAILED"
    public static let disabled = "DISABLED"
    public static let unknown = "UNKNOWN"
    public static let batchRunning = "BATCH_RUNNING"
    /// Kept by luigi for old clients and stored as PENDING.
    public static let suspended = "SUSPENDED"

    public static let all: Set<String> = [pending, running, done, failed, disabled, unknown, batchRunning]

    /// The upstream status a task shows because of a dependency in `status` (the UI filter).
    static func upstream(of status: String) -> String {
        switch status {
        case failed: return "UPSTREAM_FAILED"
        case running, batchRunning: return "UPSTREAM_RUNNING"
        case disabled: return "UPSTREAM_DISABLED"
        case pending, unknown: return "UPSTREAM_MISSING_INPUT"
        default: return ""
        }
    }

    /// Luigi's `UPSTREAM_SEVERITY_ORDER`: the worst upstream status wins.
    static func severity(_ upstream: String) -> Int {
        ["", "UPSTREAM_RUNNING", "UPSTREAM_MISSING_INPUT", "UPSTREAM_FAILED", "UPSTREAM_DISABLED"].firstIndex(of: upstream) ?? 0
    }
}

/// How luigi records are written to and read from the Store. Luigi's Python sends `Infinity`
/// (a batcher's default `max_batch_size` is `float('inf')`), which JSON has no number for.
enum LuigiCoding {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}
