import Foundation

/// Benchmark-only executor: succeeds at once without running anything, so `bench/` can measure the
/// engine alone (queue, claim, state changes, commit). `rota standalone` registers it as `noop`
/// only when `ROTA_BENCH_NOOP_EXECUTOR=1` is set; it is never offered to users.
public struct NoopExecutor: TaskExecutor {
    public init() {}

    public func execute(_ request: ExecutionRequest, output: OutputCollector) async -> ExecutionResult {
        ExecutionResult(succeeded: true, exitCode: 0)
    }

    /// `["noop": NoopExecutor()]` when `ROTA_BENCH_NOOP_EXECUTOR=1`, else nothing.
    public static func benchRegistration() -> [String: any TaskExecutor] {
        ProcessInfo.processInfo.environment["ROTA_BENCH_NOOP_EXECUTOR"] == "1" ? ["noop": NoopExecutor()] : [:]
    }
}
