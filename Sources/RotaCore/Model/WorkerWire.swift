import Foundation

/// What `rota worker` and a server say to each other over HTTP (`/rota/v1/workers/…`): plain
/// Codable messages, so the protocol is readable in one file and testable without a network.
public enum WorkerWire {
    public struct Heartbeat: Codable, Sendable {
        public var name: String
        public var address: String
        public var tags: [String: String]
        public var capacity: Int
        public var running: Int
        /// The worker has stopped and is gone (its last heartbeat).
        public var leaving: Bool
        /// The worker is draining (SIGTERM): it finishes what it runs and takes nothing new.
        public var draining: Bool?
        public init(name: String, address: String, tags: [String: String], capacity: Int, running: Int, leaving: Bool = false,
                    draining: Bool = false) {
            self.draining = draining
            self.name = name
            self.address = address
            self.tags = tags
            self.capacity = capacity
            self.running = running
            self.leaving = leaving
        }
    }

    public struct ClaimRequest: Codable, Sendable {
        public var name: String
        public var limit: Int
        /// How long the server may hold the request open waiting for work (long poll).
        public var waitMilliseconds: Int
        /// The worker's tags (routing: Dkron's job `tags`) and the queues it serves (empty: all).
        public var tags: [String: String]?
        public var queues: [String]?
        public init(name: String, limit: Int, waitMilliseconds: Int, tags: [String: String] = [:], queues: [String] = []) {
            self.name = name
            self.limit = limit
            self.waitMilliseconds = waitMilliseconds
            self.tags = tags
            self.queues = queues
        }
    }

    /// One claimed task, fully rendered: the worker needs nothing else.
    public struct Task: Codable, Sendable {
        public var taskInstanceId: Int64
        public var attemptId: Int64
        public var runId: Int64
        public var workflow: String
        public var taskId: String
        public var tryNumber: Int
        public var spec: TaskSpec
        public var startedAt: Date

        public init(_ claimed: ClaimedTask) {
            taskInstanceId = claimed.task.id
            attemptId = claimed.attemptId
            runId = claimed.task.runId
            workflow = claimed.task.workflow
            taskId = claimed.task.taskId
            tryNumber = claimed.task.tryNumber
            spec = claimed.task.spec
            startedAt = claimed.startedAt
        }

        public var claimed: ClaimedTask {
            ClaimedTask(task: TaskInstanceRecord(id: taskInstanceId, runId: runId, workflow: workflow, taskId: taskId,
                                                 state: .running, tryNumber: tryNumber, spec: spec, priority: 0,
                                                 queue: "default", readyAt: startedAt, node: nil),
                        attemptId: attemptId, startedAt: startedAt)
        }
    }

    public struct Output: Codable, Sendable {
        public var attemptId: Int64
        public var output: String
        public var truncated: Bool
        public init(attemptId: Int64, output: String, truncated: Bool) {
            self.attemptId = attemptId
            self.output = output
            self.truncated = truncated
        }
    }

    public struct Finish: Codable, Sendable {
        public var taskInstanceId: Int64
        public var attemptId: Int64
        public var tryNumber: Int
        public var succeeded: Bool
        public var exitCode: Int?
        public var reason: String
        public var output: String
        public var truncated: Bool
        public var result: String?
        public init(taskInstanceId: Int64, attemptId: Int64, tryNumber: Int, succeeded: Bool, exitCode: Int?, reason: String,
                    output: String, truncated: Bool, result: String?) {
            self.taskInstanceId = taskInstanceId
            self.attemptId = attemptId
            self.tryNumber = tryNumber
            self.succeeded = succeeded
            self.exitCode = exitCode
            self.reason = reason
            self.output = output
            self.truncated = truncated
            self.result = result
        }
    }

    /// The answer to a finish: `accepted` is false when the report came too late (the task was
    /// failed as a zombie meanwhile) and nothing was recorded.
    public struct FinishAnswer: Codable, Sendable {
        public var accepted: Bool
        public init(accepted: Bool) { self.accepted = accepted }
    }
}
