/// The states of a task instance, shared by cron jobs and workflows.
///
/// One vocabulary for every face of Rota: a Dkron execution, an Airflow task instance and a Luigi
/// task all move through these states, so the engine, the API and the UI never translate between
/// models. The raw values are Airflow's spellings, which the REST API returns as they are.
///
/// ```
///   queued ──claim──► running ──ok──────────► success
///     ▲                  │ └──fail, tries left──► up_for_retry ──delay──► (claimable again)
///     │                  └──fail, no tries left─► failed
///   (created)          skipped / upstream_failed / removed: decided without running
/// ```
public enum TaskState: String, Sendable, Codable, CaseIterable, Hashable {
    /// Waiting for its upstreams (workflows only); not claimable yet.
    case scheduled
    /// Ready to run: a worker may claim it once `ready_at` has passed.
    case queued
    /// Claimed by a worker; an attempt row records the try.
    case running
    case success
    case failed
    /// Failed with tries left; claimable again once its retry delay has passed.
    case upForRetry = "up_for_retry"
    case upstreamFailed = "upstream_failed"
    case skipped
    /// Its task no longer exists in the definition.
    case removed

    /// A final state never changes again unless a user clears the task instance.
    public var isFinal: Bool {
        switch self {
        case .success, .failed, .upstreamFailed, .skipped, .removed: return true
        case .scheduled, .queued, .running, .upForRetry: return false
        }
    }

    /// States a worker may claim from.
    public static let claimable: [TaskState] = [.queued, .upForRetry]
}

/// The state of a run: one execution of a workflow (or of a job) for one logical instant.
public enum RunState: String, Sendable, Codable, CaseIterable, Hashable {
    case queued
    case running
    case success
    case failed

    public var isFinal: Bool { self == .success || self == .failed }

    /// A run is final once every task instance is; it failed if any of them failed.
    public static func derive(from states: [TaskState]) -> RunState {
        if states.contains(where: { !$0.isFinal }) {
            return states.contains(where: { $0 == .running || $0.isFinal }) ? .running : .queued
        }
        return states.contains(where: { $0 == .failed || $0 == .upstreamFailed }) ? .failed : .success
    }
}

/// How an attempt ended. Kept apart from `TaskState` because an attempt that failed may leave its
/// task instance `up_for_retry`.
public enum AttemptState: String, Sendable, Codable, CaseIterable, Hashable {
    case running
    case success
    case failed
}
