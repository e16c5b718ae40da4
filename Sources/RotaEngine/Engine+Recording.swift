import Foundation
import RotaCore
import RotaStorage

extension Engine {
    /// Stores a running attempt's output tail, secrets masked (local and remote workers alike).
    public func recordOutput(attemptId: Int64, output: String, truncated: Bool) async throws {
        try await store.attemptOutputUpdate(id: attemptId, output: secrets.mask(output), truncated: truncated)
    }

    /// Records how an attempt ended, with secrets masked in its output, reason and result.
    /// Reports from local slots and remote workers that arrive together share one commit.
    public func recordFinish(_ params: TaskFinishParams) async throws -> TaskFinishOutcome? {
        try await reports.submit(TaskFinishAndClaim(finish: masked(params), claim: nil)).outcome
    }

    /// `recordFinish`, and claims up to `claim.limit` task instances in the same transaction.
    public func recordFinish(_ params: TaskFinishParams, thenClaim claim: TaskClaimParams) async throws
        -> (outcome: TaskFinishOutcome?, claimed: [ClaimedTask]) {
        let result = try await reports.submit(TaskFinishAndClaim(finish: masked(params), claim: claim))
        return (result.outcome, result.claimed)
    }

    private func masked(_ params: TaskFinishParams) -> TaskFinishParams {
        var p = params
        if !secrets.isEmpty {
            p.output = secrets.mask(p.output)
            p.reason = secrets.mask(p.reason)
            p.result = p.result.map(secrets.mask)
        }
        return p
    }
}
