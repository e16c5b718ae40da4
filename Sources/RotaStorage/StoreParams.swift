import Foundation
import RotaCore

public struct AttemptListParams: Sendable {
    public var workflow: String
    public var offset: Int
    public var limit: Int
    public var newestFirst: Bool
    public init(workflow: String, offset: Int = 0, limit: Int = 100, newestFirst: Bool = true) {
        self.workflow = workflow
        self.offset = offset
        self.limit = limit
        self.newestFirst = newestFirst
    }
}

/// Retention: keep at most `keepPerWorkflow` finished runs per workflow, and none older than
/// `olderThan` (either limit may be nil).
public struct RunPruneParams: Sendable {
    public var keepPerWorkflow: Int?
    public var olderThan: Date?
    public init(keepPerWorkflow: Int?, olderThan: Date?) {
        self.keepPerWorkflow = keepPerWorkflow
        self.olderThan = olderThan
    }
}

public struct DailyStats: Sendable, Equatable {
    public var day: Date
    public var successCount: Int
    public var failedCount: Int
    public init(day: Date, successCount: Int, failedCount: Int) {
        self.day = day
        self.successCount = successCount
        self.failedCount = failedCount
    }
}

public struct RunCreateParams: Sendable {
    public struct Task: Sendable {
        public var taskId: String
        public var spec: TaskSpec
        public var state: TaskState
        public var priority: Int
        public var queue: String
        public var upstream: [String]
        public var triggerRule: String
        public var pool: String
        public var poolSlots: Int
        /// Tags a worker must carry to claim it (Dkron's job `tags`); empty for any worker.
        public var route: [String: String]
        public init(taskId: String, spec: TaskSpec, state: TaskState = .queued, priority: Int = 0,
                    queue: String = "default", upstream: [String] = [], triggerRule: String = "all_success",
                    pool: String = "", poolSlots: Int = 1, route: [String: String] = [:]) {
            self.route = route
            self.taskId = taskId
            self.spec = spec
            self.state = state
            self.priority = priority
            self.queue = queue
            self.upstream = upstream
            self.triggerRule = triggerRule
            self.pool = pool
            self.poolSlots = poolSlots
        }
    }

    public var workflow: String
    public var runKey: String
    public var logicalDate: Date
    public var trigger: RunRecord.Trigger
    /// Dkron `concurrency: forbid`: create nothing while another run of the workflow is active.
    public var forbidOverlap: Bool
    public var tasks: [Task]
    public var now: Date
    public var version: String = ""
    public var conf: String = "{}"
    public var dataIntervalStart: Date?
    public var dataIntervalEnd: Date?

    public init(workflow: String, runKey: String, logicalDate: Date, trigger: RunRecord.Trigger,
                forbidOverlap: Bool, tasks: [Task], now: Date) {
        self.workflow = workflow
        self.runKey = runKey
        self.logicalDate = logicalDate
        self.trigger = trigger
        self.forbidOverlap = forbidOverlap
        self.tasks = tasks
        self.now = now
    }
}

public enum RunCreateOutcome: Sendable, Equatable {
    case created(RunRecord)
    /// A run with this key exists: the instant already fired.
    case duplicate
    /// `forbidOverlap` and another run is queued or running.
    case overlapping
    /// The workflow does not exist (deleted meanwhile).
    case missingWorkflow
}

public struct TaskClaimParams: Sendable {
    public var node: String
    public var limit: Int
    public var now: Date
    /// The claiming worker's tags: it gets only task instances whose route they satisfy.
    public var tags: [String: String]
    /// The queues it serves; empty means every queue.
    public var queues: [String]
    public init(node: String, limit: Int, now: Date, tags: [String: String] = [:], queues: [String] = []) {
        self.node = node
        self.limit = limit
        self.now = now
        self.tags = tags
        self.queues = queues
    }
}

/// Dkron's tags as a task instance's route: `key: value[:N]`, every key ANDed.
///
/// A worker may claim a task instance when it carries every `key=value` of the route (counts
/// stripped). The `:N` count, Dkron's "run on at most N of the matching nodes", is the engine's
/// business when a job fires: it picks up to N of the alive matching nodes at random and creates
/// one task instance per node, each pinned to its node by the reserved pair `rota.node=<name>`,
/// which only the worker (or server pool) of that name satisfies. Several counts: the smallest
/// wins. Without a count a run is one task instance on one matching node (Rota's deliberate
/// difference: Dkron runs it on every matching node, every node when there are no tags).
public enum TaskRoute {
    /// The reserved route key that pins a task instance to the node of that name.
    public static let nodeKey = "rota.node"

    /// The tags without their `:N` counts, and the smallest count if any tag has one (a value's
    /// count is what follows its last `:`, as job validation reads it; a `rota.node` pin is a
    /// node name, never counted).
    public static func parse(_ tags: [String: String]) -> (tags: [String: String], count: Int?) {
        var clean: [String: String] = [:]
        var count: Int?
        for (key, value) in tags {
            if key != nodeKey, let colon = value.lastIndex(of: ":"), let n = Int(value[value.index(after: colon)...]) {
                clean[key] = String(value[..<colon])
                count = min(count ?? n, n)
            } else {
                clean[key] = value
            }
        }
        return (clean, count)
    }

    /// The stored form: `key=value` pairs, sorted by key, comma-separated, counts stripped.
    public static func encode(_ tags: [String: String]) -> String {
        let clean = parse(tags).tags
        return clean.keys.sorted().map { "\($0)=\(clean[$0]!)" }.joined(separator: ",")
    }

    /// The node a stored route pins its task instance to, if any.
    public static func pinnedNode(_ route: String) -> String? {
        pairs(route).first { $0.key == nodeKey }?.value
    }

    /// `route` pinned to `node` instead of the node it named, if any.
    public static func pin(_ route: String, to node: String) -> String {
        let kept = pairs(route).filter { $0.key != nodeKey }.map { ($0.key, $0.value ?? "") }
        return (kept + [(nodeKey, node)]).sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }

    /// Whether a worker named `node` carrying `tags` may claim a task instance with this route.
    public static func matches(_ route: String, tags: [String: String], node: String) -> Bool {
        guard !route.isEmpty else { return true }
        return pairs(route).allSatisfy { pair in
            guard let value = pair.value else { return false }
            return pair.key == nodeKey ? value == node : tags[pair.key] == value
        }
    }

    /// A route's pairs in order; a malformed pair (no `=`) has a nil value and matches nothing.
    static func pairs(_ route: String) -> [(key: String, value: String?)] {
        guard !route.isEmpty else { return [] }
        return route.split(separator: ",").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count == 2 ? String(parts[1]) : nil)
        }
    }
}

/// A node that can claim task instances now, with the tags it claims with: what a counted job's
/// instances are spread over.
public struct RouteCandidate: Sendable, Equatable {
    public var name: String
    public var tags: [String: String]
    public init(name: String, tags: [String: String]) {
        self.name = name
        self.tags = tags
    }
}

public struct TaskFinishParams: Sendable {
    public var taskInstanceId: Int64
    public var attemptId: Int64
    public var tryNumber: Int
    public var succeeded: Bool
    public var exitCode: Int?
    public var output: String
    public var outputTruncated: Bool
    public var reason: String
    public var now: Date
    /// The JSON the task wrote to `$ROTA_RESULT`, if any.
    public var result: String?

    public init(taskInstanceId: Int64, attemptId: Int64, tryNumber: Int, succeeded: Bool, exitCode: Int?,
                output: String, outputTruncated: Bool, reason: String, now: Date, result: String? = nil) {
        self.result = result
        self.taskInstanceId = taskInstanceId
        self.attemptId = attemptId
        self.tryNumber = tryNumber
        self.succeeded = succeeded
        self.exitCode = exitCode
        self.output = output
        self.outputTruncated = outputTruncated
        self.reason = reason
        self.now = now
    }
}

/// What a finished attempt changed, for the engine to act on (retry wake-ups, dependent jobs).
/// One worker slot's report in a batch: how its attempt ended and, when it wants more work, what
/// it may claim next (`claim.limit` tasks for `claim.node`).
public struct TaskFinishAndClaim: Sendable {
    public var finish: TaskFinishParams
    public var claim: TaskClaimParams?
    public init(finish: TaskFinishParams, claim: TaskClaimParams?) {
        self.finish = finish
        self.claim = claim
    }
}

/// A batch item's result: the finish's outcome (nil when its guard failed) and what it claimed.
public struct TaskFinishAndClaimResult: Sendable {
    public var outcome: TaskFinishOutcome?
    public var claimed: [ClaimedTask]
    public init(outcome: TaskFinishOutcome?, claimed: [ClaimedTask]) {
        self.outcome = outcome
        self.claimed = claimed
    }
}

public struct TaskFinishOutcome: Sendable, Equatable {
    public var workflow: String
    public var runId: Int64
    public var taskState: TaskState
    /// Set when the task will be retried.
    public var retryAt: Date?
    /// Set when this attempt made the run final.
    public var runFinished: RunState?
    public var taskId: String
    public var tryNumber: Int
    /// Set when this attempt's end made waiting task instances claimable: idle workers must be
    /// told (the worker that finished takes at most one of them with its report).
    public var releasedWork: Bool = false

    public init(workflow: String, runId: Int64, taskState: TaskState, retryAt: Date?, runFinished: RunState?,
                taskId: String = "", tryNumber: Int = 0) {
        self.workflow = workflow
        self.runId = runId
        self.taskState = taskState
        self.retryAt = retryAt
        self.runFinished = runFinished
        self.taskId = taskId
        self.tryNumber = tryNumber
    }
}

public struct WorkflowUpsertParams: Sendable {
    public var name: String
    public var kind: WorkflowRecord.Kind
    public var definition: String
    public var version: String
    public var disabled: Bool
    public var parent: String
    public var now: Date
    public var source: String = ""
    public var maxActiveRuns: Int = 0
    public var maxActiveTasks: Int = 0

    public init(name: String, kind: WorkflowRecord.Kind, definition: String, version: String, disabled: Bool,
                parent: String, now: Date) {
        self.name = name
        self.kind = kind
        self.definition = definition
        self.version = version
        self.disabled = disabled
        self.parent = parent
        self.now = now
    }
}

public struct SchemaStatus: Sendable, Equatable {
    public var applied: [Int]
    public var known: [Int]
    public var pending: [Int] { known.filter { !applied.contains($0) } }
    /// The database was migrated by a newer binary: refuse to run.
    public var isNewerThanBinary: Bool { applied.contains { !known.contains($0) } }
    public init(applied: [Int], known: [Int]) {
        self.applied = applied
        self.known = known
    }
}

public struct RunListParams: Sendable {
    public var workflow: String?
    public var states: [RunState]
    public var offset: Int
    public var limit: Int
    public var newestFirst: Bool
    public init(workflow: String?, states: [RunState] = [], offset: Int = 0, limit: Int = 100, newestFirst: Bool = true) {
        self.workflow = workflow
        self.states = states
        self.offset = offset
        self.limit = limit
        self.newestFirst = newestFirst
    }
}

/// Which task instances of a run to clear (rerun), Airflow's clear options.
public struct TaskClearParams: Sendable {
    public var runId: Int64
    public var taskIds: [String]
    public var includeDownstream: Bool
    public var onlyFailed: Bool
    public var now: Date
    public init(runId: Int64, taskIds: [String], includeDownstream: Bool, onlyFailed: Bool, now: Date) {
        self.runId = runId
        self.taskIds = taskIds
        self.includeDownstream = includeDownstream
        self.onlyFailed = onlyFailed
        self.now = now
    }
}
