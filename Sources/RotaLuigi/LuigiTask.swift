import Foundation
import RotaCore

/// One node of luigi's shared task graph (luigi's `scheduler.Task`), stored as the JSON body of a
/// `luigi_tasks` row. Times are epoch seconds, as luigi serialises them.
struct LuigiTask: Codable, Sendable, Equatable {
    var id: String
    var status: String
    /// Dependency ids, kept in first-seen order (luigi uses a set; order only matters for display).
    var deps: [String] = []
    /// Workers that care about this task; a task with none is removed after `remove_delay`.
    var stakeholders: Set<String> = []
    /// Workers that may run it, in the order they offered (luigi's OrderedSet).
    var workers: [String] = []
    var workerRunning: String?
    var time: Double
    var updated: Double
    var timeRunning: Double?
    var retry: Double?
    var remove: Double?
    var priority: Double = 0
    var resources: [String: Int] = [:]
    var resourcesRunning: [String: Int]?
    var family: String = ""
    var module: String?
    var params: [String: JSONValue] = [:]
    var paramVisibilities: [String: Int] = [:]
    var expl: JSONValue = .null
    var failures: [Double] = []
    var firstFailureTime: Double?
    var schedulerDisableTime: Double?
    var trackingUrl: String?
    var statusMessage: String?
    var progressPercentage: JSONValue = .null
    var batchable = false
    var batchId: String?
    var runnable = false
    var acceptsMessages = false
    var retryPolicy: LuigiRetryPolicy
    var messageResponses: [String: JSONValue] = [:]

    init(id: String, status: String, now: Double, retryPolicy: LuigiRetryPolicy) {
        self.id = id
        self.status = status
        self.time = now
        self.updated = now
        self.retryPolicy = retryPolicy
    }

    /// Params a person may see (visibility 0, the default); hidden ones (1) stay server-side.
    var publicParams: [String: JSONValue] {
        params.filter { (paramVisibilities[$0.key] ?? 0) == 0 }
    }

    /// `Family(a=1, b=2)`, luigi's `pretty_id`.
    var prettyId: String {
        let text = publicParams.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.display($0.value))" }
        return "\(family)(\(text.joined(separator: ", ")))"
    }

    static func display(_ value: JSONValue) -> String {
        if let text = value.scalarText { return text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    mutating func addWorker(_ worker: String) {
        if !workers.contains(worker) { workers.append(worker) }
    }

    mutating func addDeps(_ ids: [String]) {
        for id in ids where !deps.contains(id) { deps.append(id) }
    }

    /// Records a failure now; the first one starts the hard-timeout clock.
    mutating func addFailure(now: Double) {
        if firstFailureTime == nil { firstFailureTime = now }
        failures.append(now)
    }

    /// Failures inside the disable window (older ones are forgotten, as luigi's deque does).
    mutating func numFailures(now: Double) -> Int {
        let oldest = now - retryPolicy.disableWindow
        failures.removeAll { $0 < oldest }
        return failures.count
    }

    mutating func hasExcessiveFailures(now: Double) -> Bool {
        if let first = firstFailureTime, now >= first + retryPolicy.disableHardTimeout { return true }
        return Double(numFailures(now: now)) >= retryPolicy.retryCount
    }

    mutating func clearFailures() {
        failures.removeAll()
        firstFailureTime = nil
    }
}
