/// When a workflow task may start, judged from the states of its direct upstream tasks.
///
/// Airflow's vocabulary, spelled as Airflow spells it (the raw values), so DAGs migrated from Airflow
/// keep their meaning and the API returns the names Airflow users search for. The evaluation itself
/// (run, wait, skip or fail without running) is `decide(_:)` in `TriggerRule+Decision.swift`.
public enum TriggerRule: String, CaseIterable, Codable, Sendable, Hashable {
    /// Every upstream succeeded (the default).
    case allSuccess = "all_success"
    /// Every upstream failed or is upstream_failed.
    case allFailed = "all_failed"
    /// Every upstream finished, in any state.
    case allDone = "all_done"
    /// Every upstream was skipped.
    case allSkipped = "all_skipped"
    /// At least one upstream succeeded; does not wait for the others.
    case oneSuccess = "one_success"
    /// At least one upstream failed (or is upstream_failed); does not wait for the others.
    case oneFailed = "one_failed"
    /// At least one upstream succeeded or failed; does not wait for the others.
    case oneDone = "one_done"
    /// No upstream failed: all succeeded or were skipped.
    case noneFailed = "none_failed"
    /// No upstream was skipped, and all finished.
    case noneSkipped = "none_skipped"
    /// No upstream failed and at least one succeeded.
    case noneFailedMinOneSuccess = "none_failed_min_one_success"
    /// No dependency at all: runs as soon as the run starts.
    case always

    /// The raw names, for error messages and did-you-mean suggestions.
    public static let names: [String] = allCases.map(\.rawValue)
}
