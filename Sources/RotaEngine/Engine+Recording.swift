import Foundation
import RotaCore
import RotaStorage

extension Engine {
    /// Stores a running attempt's output tail, secrets masked (local and remote workers alike).
    public func recordOutput(attemptId: Int64, output: String, truncated: Bool) async throws {
        try await store.attemptOutputUpdate(id: attemptId, output: secrets.mask(output), truncated: truncated)
    }

    /// Records how an attempt ended, with secrets masked in its output, reason and result.
    public func recordFinish(_ params: TaskFinishParams) async throws -> TaskFinishOutcome? {
        var p = params
        if !secrets.isEmpty {
            p.output = secrets.mask(p.output)
            p.reason = secrets.mask(p.reason)
            p.result = p.result.map(secrets.mask)
        }
        return try await store.taskFinish(p)
    }
}
