import Foundation
import Hummingbird
import Logging
import NIOCore
import RotaCore
import RotaStorage

/// Authenticates every request (when auth is on), enforces `AccessPolicy`, checks the CSRF token
/// of browser sessions, and writes every change to the audit log (who, what, when, from where).
///
/// With auth off (`authenticator` nil) everyone is the anonymous admin, which is only allowed on
/// a loopback address (see `rota standalone --insecure`); changes are still audited.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = RotaRequestContext
    let authenticator: Authenticator?
    let audit: (any AuthStore)?
    let clock: @Sendable () -> Date
    /// One requirement for every route (luigi's listener), instead of `AccessPolicy`'s table.
    var requirement: AccessPolicy.Requirement? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method
        let path = request.uri.path
        var principal = Principal.anonymous
        if let authenticator {
            let requirement = self.requirement ?? AccessPolicy.requirement(method: method, path: path)
            let identified = try await authenticator.identify(request.headers, now: clock())
            if case .role(let needed) = requirement {
                guard let who = identified else {
                    let response = try unauthenticated(request, context, path: path)
                    await record(request, context, Principal(name: "?", role: .viewer, csrf: nil, authenticated: false), status: 401)
                    return response
                }
                guard who.role.allows(needed) else {
                    await record(request, context, who, status: 403)
                    throw APIError(.forbidden, "\(who.name) (role \(who.role.rawValue)) may not \(method.rawValue) \(path): it needs the \(needed.rawValue) role")
                }
                if Self.changes(method), let csrf = who.csrf, request.headers[.csrfToken] != csrf {
                    await record(request, context, who, status: 403)
                    throw APIError(.forbidden, "missing or wrong X-CSRF-Token header for this browser session; reload the page")
                }
            }
            if let who = identified { principal = who }
        }
        do {
            let response = try await Principal.$current.withValue(principal) { try await next(request, context) }
            await record(request, context, principal, status: Int(response.status.code))
            return response
        } catch {
            await record(request, context, principal, status: Int(APIError.from(error).status.code))
            throw error
        }
    }

    static func changes(_ method: HTTPRequest.Method) -> Bool {
        !(method == .get || method == .head || method == .options)
    }

    /// A browser asking for a page goes to the login page; an API client gets a 401.
    private func unauthenticated(_ request: Request, _ context: Context, path: String) throws -> Response {
        let wantsPage = request.method == .get && (path == "/" || path.hasPrefix("/ui/"))
        if wantsPage {
            let next = request.uri.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
            return Response(status: .seeOther, headers: [.location: "/ui/login?next=\(next)"])
        }
        var response = try APIError(.unauthorized, "authentication required: send \"Authorization: Bearer <token>\" (an admin creates tokens with `rota tokens create`)")
            .response(from: request, context: context)
        response.headers[.wwwAuthenticate] = "Bearer realm=\"rota\""
        return response
    }

    /// Changes only, and not the worker protocol or luigi's RPC (their traffic is the work itself,
    /// recorded as attempts and luigi task history).
    private func record(_ request: Request, _ context: Context, _ who: Principal, status: Int) async {
        guard let audit, Self.changes(request.method) else { return }
        let path = request.uri.path
        if path.hasPrefix("/rota/v1/workers/") || path.hasPrefix("/luigi/") { return }
        let source = context.remoteAddress?.ipAddress ?? "unknown"
        let entry = AuditRecord(at: clock(), actor: who.name, role: who.authenticated ? who.role.rawValue : (who.name == "?" ? "none" : "anonymous"),
                                action: "\(request.method.rawValue) \(path)", target: request.uri.query ?? "", status: status, source: source)
        do { try await audit.auditAppend(entry) } catch {
            context.logger.warning("audit log write failed", metadata: ["rota.error": "\(error)", "rota.path": "\(path)"])
        }
    }
}
