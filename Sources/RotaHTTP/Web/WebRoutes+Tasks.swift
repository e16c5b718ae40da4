import Foundation
import Hummingbird
import NIOCore
import RotaCore
import RotaEngine
import RotaStorage
import RotaWeb

extension WebRoutes {
    func taskPage(_ request: Request, _ rawId: String) async throws -> WebPage {
        guard let id = Int64(rawId), let task = try await store.taskGet(id: id),
              let run = try await store.runGet(id: task.runId) else {
            throw APIError(.notFound, "task instance \(rawId) not found")
        }
        let attempts = try await store.taskAttempts(taskInstanceId: id).sorted { $0.attempt < $1.attempt }
        var shown = attempts.last
        if let raw = request.query("attempt") {
            guard let n = Int(raw), let chosen = attempts.first(where: { $0.attempt == n }) else {
                throw APIError(.notFound, "attempt \(raw) of task instance \(rawId) not found")
            }
            shown = chosen
        }
        let kind = try await store.workflowGet(name: task.workflow)?.kind
        return TaskInstancePage(task: task, run: run, isJob: kind == .job, attempts: attempts, shown: shown,
                                rendered: await engine.renderedSpec(of: task), now: now).render()
    }

    /// The whole stored output of one attempt as text (with `?download=1`, as a file).
    func attemptLog(_ request: Request, _ rawId: String) async throws -> Response {
        guard let id = Int64(rawId), let attempt = try await store.attemptGet(id: id) else {
            throw APIError(.notFound, "attempt \(rawId) not found")
        }
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
        if request.query("download") != nil {
            let file = "\(attempt.workflow)-\(attempt.taskId)-run\(attempt.runId)-attempt\(attempt.attempt).log"
                .map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" }
            headers[.contentDisposition] = "attachment; filename=\"\(String(file))\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: attempt.output)))
    }
}
