import Foundation
import Hummingbird
import NIOCore
import RotaCore
import RotaStorage
import RotaWeb

/// `GET /ui/login` (the form), `POST /ui/login` (`{"token": …}` → session cookie) and
/// `POST /ui/logout` (clears it).
struct LoginRoutes {
    let authenticator: Authenticator?
    let web: WebRoutes
    let clock: @Sendable () -> Date

    struct LoggedIn: Encodable {
        var name: String
        var role: String
    }

    func register(on router: Router<RotaRequestContext>) {
        router.get("ui/login") { request, _ in
            web.html(LoginPage(next: request.query("next") ?? "/", authEnabled: authenticator != nil).render())
        }
        router.post("ui/login") { request, _ in try await login(request) }
        router.post("ui/logout") { request, _ in
            var response = try JSONResponse.make(["logged_out": true], request: request)
            response.headers[.setCookie] = SessionCookie.clearing(secure: authenticator?.secureCookies ?? false)
            return response
        }
    }

    func login(_ request: Request) async throws -> Response {
        guard let authenticator else { throw APIError(.notFound, "authentication is off on this server; nothing to log in to") }
        var request = request
        let data = try await request.bodyData(limit: 8 << 10)
        guard let token = try? JSONValue.parse(data).objectValue?["token"]?.stringValue, !token.isEmpty else {
            throw APIError(.badRequest, "token: required (a JSON body {\"token\": \"rota_…\"})")
        }
        guard let (record, cookie) = try await authenticator.login(token: token, now: clock()) else {
            throw APIError(.unauthorized, "unknown, revoked or expired token")
        }
        var response = try JSONResponse.make(LoggedIn(name: record.name, role: record.role.rawValue), request: request)
        response.headers[.setCookie] = cookie
        return response
    }
}

/// `GET /rota/v1/audit?offset=&limit=` (admins): the audit log, newest first, with `X-Total-Count`.
struct AuditRoutes {
    let store: any AuthStore

    struct Entry: Encodable {
        var id: Int64
        var at: String
        var actor: String
        var role: String
        var action: String
        var query: String
        var status: Int
        var source: String
    }

    func register(on router: Router<RotaRequestContext>) {
        router.get("rota/v1/audit") { request, _ in
            guard Principal.current.role.allows(.admin) else { throw APIError(.forbidden, "the audit log is for admins") }
            let (offset, limit) = try WebRoutes.paging(request, defaultLimit: 100)
            let (entries, total) = try await store.auditList(offset: offset, limit: limit)
            return try JSONResponse.make(entries.map {
                Entry(id: $0.id, at: RFC3339.format($0.at), actor: $0.actor, role: $0.role, action: $0.action, query: $0.target,
                      status: $0.status, source: $0.source)
            }, request: request, headers: [.xTotalCount: String(total)])
        }
    }
}
