import Foundation
import Hummingbird
import NIOCore
import RotaCore

/// `GET …/taskInstances/{task_id}/logs/{try_number}`: the output an attempt captured.
///
/// Airflow 3 answers structured logs, `{"content": [{"event": line, "timestamp": …}, …],
/// "continuation_token": …}`, or the same entries as NDJSON for `Accept: application/x-ndjson`;
/// Rota also answers the raw text for `Accept: text/plain` (Airflow 2's form, handy with curl).
/// The whole tail Rota kept is one page, so `continuation_token` is always null. Rota stores the
/// output without per-line times: output lines carry no `timestamp`, and a first and a last entry
/// say when the attempt started and how it ended.
extension AirflowRoutes {
    struct LogEntry: Encodable, Sendable {
        var event: String
        @Null var timestamp: String?
        var level: String?
        var logger: String?
    }

    struct LogPage: Encodable, Sendable {
        var content: [LogEntry]
        @Null var continuation_token: String?
    }

    func getLog(_ request: Request, _ dagId: String, _ runId: String, _ taskId: String, _ rawTry: String) async throws -> Response {
        guard let tryNumber = Int(rawTry) else {
            throw AirflowValidationError(type: "int_parsing", loc: ["path", "try_number"],
                                         msg: "Input should be a valid integer, unable to parse string as an integer", input: .string(rawTry))
        }
        guard tryNumber > 0 else {
            throw AirflowValidationError(type: "greater_than", loc: ["path", "try_number"], msg: "Input should be greater than 0",
                                         input: .string(rawTry), ctx: ["gt": .number(0)])
        }
        let notFound = APIError(.notFound, "TaskInstance not found")
        guard AirflowQuery(request).string("map_index").map({ $0 == "-1" }) ?? true,
              let run = try await store.runGetByKey(workflow: dagId, runKey: runId),
              let task = try await store.runTaskInstances(runId: run.id).first(where: { $0.taskId == taskId }),
              let attempt = try await store.taskAttempts(taskInstanceId: task.id).first(where: { $0.attempt == tryNumber })
        else { throw notFound }

        let accept = request.headers[.accept]?.lowercased() ?? ""
        if accept.contains("text/plain") && !accept.contains("application/json") {
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: attempt.output)))
        }
        let entries = Self.entries(attempt)
        if accept.contains("application/x-ndjson") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            var lines = Data()
            for entry in entries {
                lines.append(try encoder.encode(entry))
                lines.append(UInt8(ascii: "\n"))
            }
            return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: .init(byteBuffer: ByteBuffer(bytes: lines)))
        }
        return try JSONResponse.make(LogPage(content: entries, continuation_token: nil), request: request)
    }

    static func entries(_ attempt: AttemptRecord) -> [LogEntry] {
        var entries = [LogEntry(event: "attempt \(attempt.attempt) started on \(attempt.node)",
                                timestamp: AirflowFormat.time(attempt.startedAt), level: "info", logger: "rota")]
        var lines = attempt.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        entries += lines.map { LogEntry(event: $0, timestamp: nil, level: nil, logger: nil) }
        if let finished = attempt.finishedAt {
            var outcome = "attempt \(attempt.attempt) finished: \(attempt.state.rawValue)"
            if let code = attempt.exitCode { outcome += " (exit code \(code))" }
            if !attempt.reason.isEmpty { outcome += ": \(attempt.reason)" }
            entries.append(LogEntry(event: outcome, timestamp: AirflowFormat.time(finished),
                                    level: attempt.state == .success ? "info" : "error", logger: "rota"))
        }
        return entries
    }
}
