import Foundation
import RotaCore

/// Dkron's execution JSON for one attempt, plus Rota's `exit_code` and `reason`.
///
/// `id` is the attempt's number in the Store (Dkron uses `<started_at nanos>-<node>`); clients
/// treat it as opaque. `group` is the run: every attempt of one run shares it.
struct DkronExecution: Encodable {
    var attempt: AttemptRecord
    var outputSizeLimit: Int?
    var includeTruncatedFlag: Bool

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        var output = attempt.output
        var truncated = attempt.outputTruncated
        if let limit = outputSizeLimit, limit >= 0, output.utf8.count > limit {
            output = String(decoding: output.utf8.suffix(limit), as: UTF8.self)
            truncated = true
        }
        try c.encode(String(attempt.id), forKey: "id")
        try c.encode(attempt.workflow, forKey: "job_name")
        try c.encode(RFC3339.formatFractional(attempt.startedAt), forKey: "started_at")
        try c.encode(attempt.finishedAt.map(RFC3339.formatFractional) ?? DkronJob.zeroTime, forKey: "finished_at")
        try c.encode(attempt.state == .success, forKey: "success")
        try c.encode(output, forKey: "output")
        try c.encode(attempt.node, forKey: "node_name")
        try c.encode(attempt.runId, forKey: "group")
        try c.encode(attempt.attempt, forKey: "attempt")
        try c.encode(attempt.exitCode, forKey: "exit_code")
        try c.encode(attempt.state.rawValue, forKey: "state")
        if !attempt.reason.isEmpty { try c.encode(attempt.reason, forKey: "reason") }
        if includeTruncatedFlag { try c.encode(truncated, forKey: "output_truncated") }
    }
}
