import Foundation
import Hummingbird
import RotaCore

/// A 422 in FastAPI's shape: `{"detail": [{"type", "loc", "msg", "input", "ctx"?}]}`.
///
/// Airflow 3 answers every malformed request this way (pydantic's error list), and the official
/// client decodes it into `HTTPValidationError`; reproducing the `type` names pydantic uses
/// (`missing`, `extra_forbidden`, `int_parsing`, …) lets scripts that branch on them keep working.
struct AirflowValidationError: Error {
    struct Issue: Encodable, Sendable {
        var type: String
        var loc: [Location]
        var msg: String
        @Null var input: JSONValue?
        var ctx: [String: JSONValue]?
    }

    /// One step of a `loc` path: a field name or an array index.
    enum Location: Encodable, Sendable, ExpressibleByStringLiteral {
        case key(String)
        case index(Int)

        init(stringLiteral value: String) { self = .key(value) }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .key(let k): try c.encode(k)
            case .index(let i): try c.encode(i)
            }
        }
    }

    var issues: [Issue]

    init(_ issues: [Issue]) { self.issues = issues }

    init(type: String, loc: [Location], msg: String, input: JSONValue?, ctx: [String: JSONValue]? = nil) {
        self.issues = [Issue(type: type, loc: loc, msg: msg, input: input, ctx: ctx)]
    }
}

/// Errors under `/api/v2` and `/auth` as Airflow writes them: `{"detail": "…"}`, or the 422 list,
/// including the router's own 404 for a path no route serves. Other paths' errors pass through
/// to the Dkron-shaped `APIMiddleware`.
///
/// The status comes from `APIError.from`, the one place that maps Rota's errors to HTTP, so both
/// APIs agree on what is a 400, 404, 409 or 503; only the body differs from Dkron's.
struct AirflowErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let prefixes: [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard prefixes.contains(where: { request.uri.path.hasPrefix($0) }) else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as AirflowValidationError {
            return try JSONResponse.make(["detail": error.issues], status: .unprocessableContent, request: request)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["rota.error": "\(error)", "rota.path": "\(request.uri.path)"])
            }
            return try JSONResponse.make(["detail": apiError.message], status: apiError.status, request: request)
        }
    }
}

/// The 4xx messages Airflow's routes send, worded as Airflow words them.
enum AirflowMessage {
    static func dagNotFound(_ dagId: String) -> APIError {
        APIError(.notFound, "The Dag with ID: `\(dagId)` was not found")
    }

    static func runNotFound(_ dagId: String, _ runId: String) -> APIError {
        APIError(.notFound, "The DagRun with dag_id: `\(dagId)` and run_id: `\(runId)` was not found")
    }

    static func taskInstanceNotFound(_ dagId: String, _ runId: String, _ taskId: String) -> APIError {
        APIError(.notFound, "The Task Instance with dag_id: `\(dagId)`, run_id: `\(runId)` and task_id: `\(taskId)` was not found")
    }
}
