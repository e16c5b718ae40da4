import Foundation
import Hummingbird
import NIOCore
import RotaCore
import RotaStorage

/// Every error the API returns: a status and a JSON body `{"error": {"message": …}}`.
///
/// One place decides how any failure becomes a response: `RotaError` codes map to 4xx, a Store
/// failure to 503 (the database is the thing to check), anything else to 500 with a generic
/// message (details go to the log, not to the client).
public struct APIError: HTTPResponseError {
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.make(ErrorBody(error: .init(message: message)), status: status, request: request)
    }

    struct ErrorBody: Encodable {
        struct Inner: Encodable { var message: String }
        var error: Inner
    }

    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as RotaError:
            switch e.code {
            case .invalidInput: return APIError(.badRequest, e.message)
            case .notFound: return APIError(.notFound, e.message)
            case .conflict: return APIError(.conflict, e.message)
            case .paused, .unavailable: return APIError(.serviceUnavailable, e.message)
            default: return APIError(.internalServerError, e.message)
            }
        case let e as StoreError: return APIError(.serviceUnavailable, "storage unavailable: \(e.message)")
        case let e as HTTPError: return APIError(e.status, e.body ?? e.status.reasonPhrase)
        default: return APIError(.internalServerError, "internal error")
        }
    }
}

/// Turns anything a handler throws into an `APIError` response, and stamps Dkron's headers
/// (`X-Whom`, permissive CORS) on every response.
struct APIMiddleware<Context: RequestContext>: RouterMiddleware {
    let nodeName: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if request.method == .options {
            response = Response(status: .noContent)
        } else {
            do {
                response = try await next(request, context)
            } catch {
                let apiError = APIError.from(error)
                if apiError.status.code >= 500 {
                    context.logger.error("request failed", metadata: ["rota.error": "\(error)", "rota.path": "\(request.uri.path)"])
                }
                response = try apiError.response(from: request, context: context)
            }
        }
        response.headers[.xWhom] = nodeName
        response.headers[.allowOrigin] = "*"
        response.headers[.allowMethods] = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
        response.headers[.allowHeaders] = "*"
        response.headers[.exposeHeaders] = "X-Total-Count, X-Whom, Location"
        return response
    }
}
