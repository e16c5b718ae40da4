import Foundation
import RotaCore

/// A luigi worker process as the scheduler knows it (luigi's `scheduler.Worker`).
///
/// Stored as the JSON body of a `luigi_workers` row so that queued messages and `info` survive a
/// restart of Rota.
struct LuigiWorker: Codable, Sendable, Equatable {
    var id: String
    var host: String?
    var lastActive: Double
    var lastGetWork: Double?
    var started: Double
    /// What `add_worker` sent (`workers`, `host`, `pid`, `first_task`, `assistant`, …).
    var info: [String: JSONValue] = [:]
    var disabled = false
    /// Scheduler-to-worker calls delivered (and drained) by the next `ping`.
    var rpcMessages: [JSONValue] = []

    init(id: String, now: Double) {
        self.id = id
        self.lastActive = now
        self.started = now
    }

    var assistant: Bool {
        switch info["assistant"] {
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .string(let s): return !s.isEmpty && s.lowercased() != "false"
        default: return false
        }
    }

    var state: String { disabled ? "disabled" : "active" }

    /// How many tasks it runs at once (`info["workers"]`, 1 when not told).
    var slots: Int {
        if case .number(let n) = info["workers"] { return Int(n) }
        if case .string(let s) = info["workers"], let n = Int(s) { return n }
        return 1
    }
}
