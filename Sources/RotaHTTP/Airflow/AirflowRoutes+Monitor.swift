import Foundation
import Hummingbird
import RotaCore

/// Health, version and tokens: the routes a client calls before anything else.
extension AirflowRoutes {
    /// One component of the health answer: a status and, except for the database, a heartbeat
    /// under a key named after the component.
    struct Component: Encodable, Sendable {
        @Null var status: String?
        var heartbeatKey: String?
        @Null var heartbeat: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(_status, forKey: "status")
            if let heartbeatKey { try c.encode(_heartbeat, forKey: Key(stringValue: heartbeatKey)) }
        }
    }

    /// `GET /api/v2/monitor/health`. The scheduler and the file processor run inside this process,
    /// so they are healthy whenever it answers and the database does; there is no triggerer
    /// (Rota has no deferrable tasks), which Airflow reports as a null status. Always 200, as in
    /// Airflow: the statuses say what is wrong.
    func health(_ request: Request) async throws -> Response {
        var databaseUp = true
        do { try await store.probeHealth() } catch { databaseUp = false }
        let now = RFC3339.formatFractional(Date())
        let state = databaseUp ? "healthy" : "unhealthy"
        let body: [String: Component] = [
            "metadatabase": Component(status: state),
            "scheduler": Component(status: state, heartbeatKey: "latest_scheduler_heartbeat", heartbeat: now),
            "triggerer": Component(status: nil, heartbeatKey: "latest_triggerer_heartbeat", heartbeat: nil),
            "dag_processor": Component(status: state, heartbeatKey: "latest_dag_processor_heartbeat", heartbeat: now),
        ]
        return try JSONResponse.make(body, request: request)
    }

    /// `POST /auth/token` and `/auth/token/cli`: 201 `{"access_token": …}`.
    ///
    /// With auth on (`rota … --auth`), the password must be a Rota API token (`rota tokens create`):
    /// the answer's `access_token` is that token, which the client then sends as its bearer token,
    /// so the official client works with `username` anything and `password` the token. With auth
    /// off (loopback only) any non-empty user name and password get an opaque token nobody checks.
    func token(_ request: Request) async throws -> Response {
        var request = request
        let data = try await request.bodyData()
        let contentType = (request.headers[.contentType] ?? "application/json").lowercased()
        var fields: [String: String] = [:]
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            for pair in String(decoding: data, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                fields[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
        } else if contentType.hasPrefix("application/json") {
            var body = try AirflowBody.parse(data, allowed: ["username", "password"])
            body.require("username")
            body.require("password")
            fields["username"] = body.string("username")
            fields["password"] = body.string("password")
            try body.check()
        } else {
            throw APIError(.unsupportedMediaType, "Content-Type must be application/json or application/x-www-form-urlencoded")
        }
        guard let user = fields["username"], !user.isEmpty, let password = fields["password"], !password.isEmpty else {
            throw APIError(.badRequest, "Username and password must be provided")
        }
        if let authenticator {
            guard try await authenticator.login(token: password, now: Date()) != nil else {
                throw APIError(.unauthorized, "Invalid credentials: the password must be an active Rota API token")
            }
            return try JSONResponse.make(["access_token": password], status: .created, request: request)
        }
        return try Self.issueToken(request)
    }

    static func issueToken(_ request: Request) throws -> Response {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return try JSONResponse.make(["access_token": token], status: .created, request: request)
    }
}
