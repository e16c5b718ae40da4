import Foundation
import RotaCore

/// Where a worker pool gets its work and reports back: the Store directly inside `rota
/// standalone` and `rota server`, a server over HTTP for a remote `rota worker`.
public protocol WorkSource: Sendable {
    /// Claims up to `limit` ready task instances for `node`.
    func claim(node: String, limit: Int) async throws -> [ClaimedTask]
    /// Streams the current output tail of a running attempt.
    func reportOutput(attemptId: Int64, output: String, truncated: Bool) async throws
    /// Reports how an attempt ended.
    func finish(_ claimed: ClaimedTask, result: ExecutionResult, output: String, truncated: Bool) async throws
    /// Reports how an attempt ended and claims up to `limit` more for the slot it freed, in one
    /// step where the source can (the default reports, then claims nothing).
    func finish(_ claimed: ClaimedTask, result: ExecutionResult, output: String, truncated: Bool,
                thenClaim limit: Int, node: String) async throws -> [ClaimedTask]
    /// Sleeps until work may be available (signalled) or the next known retry is due.
    func waitForWork(maximum: Duration) async
}

extension WorkSource {
    public func finish(_ claimed: ClaimedTask, result: ExecutionResult, output: String, truncated: Bool,
                       thenClaim limit: Int, node: String) async throws -> [ClaimedTask] {
        try await finish(claimed, result: result, output: output, truncated: truncated)
        return []
    }
}
