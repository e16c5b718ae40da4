import Metrics

/// Every metric Rota emits, in one place (names are Prometheus-style; see docs/operations.md).
public enum EngineMetrics {
    /// Scheduled instants that created a run.
    static let fires = Counter(label: "rota_fires_total")
    /// Scheduled instants skipped because `concurrency: forbid` and a run was active.
    static let firesSkipped = Counter(label: "rota_fires_skipped_total")
    /// Seconds between a scheduled instant and the moment its run was created.
    static let fireLateness = Recorder(label: "rota_fire_lateness_seconds", aggregate: true)
    /// Finished attempts, by result (`success` or `failed`).
    static func executions(result: String) -> Counter {
        Counter(label: "rota_executions_total", dimensions: [("result", result)])
    }
    /// Wall-clock seconds per attempt.
    static let executionDuration = Recorder(label: "rota_execution_duration_seconds", aggregate: true)
    /// Claimable task instances (set when metrics are scraped).
    public static let queueDepth = Gauge(label: "rota_queue_depth")
    /// Attempts running now (set when metrics are scraped).
    public static let running = Gauge(label: "rota_running_executions")
}
