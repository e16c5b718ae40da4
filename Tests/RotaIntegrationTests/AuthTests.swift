import Foundation
import RotaCore
import RotaTesting
import Testing

/// Tokens and roles through the real binary: `rota tokens`, `--auth`, the policy per role, browser
/// sessions with CSRF, worker join tokens and the audit log.
@Suite("Authentication and roles", .serialized)
struct AuthTests {
    /// Creates a token with the CLI against `home`'s database (plus `database` arguments).
    static func token(_ home: String, _ name: String, _ role: String, _ database: [String] = []) throws -> String {
        let made = try runRota(["tokens", "create", "--name", name, "--role", role, "--home", home] + database)
        guard made.code == 0, let line = made.output.split(separator: "\n").first(where: { $0.hasPrefix("rota_") }) else {
            throw TestFailure("rota tokens create failed: \(made.output)")
        }
        return String(line)
    }

    static func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

    static let job = #"{"name": "nightly", "schedule": "@every 1h", "executor": "shell", "executor_config": {"command": "echo hi"}}"#

    /// Without a token nothing but /health answers; viewers read, operators run, admins change
    /// what runs; a refused request changes nothing and is audited with who and from where.
    @Test func rolesDecideWhatEachTokenMayDo() async throws {
        try await withHome { home in
            let admin = try Self.token(home, "alice", "admin")
            let viewer = try Self.token(home, "vic", "viewer")
            let op = try Self.token(home, "ops-bot", "operator")
            let rota = try RotaProcess(home: home, extraArguments: ["--auth"])
            defer { rota.stop() }
            try rota.waitUntilListening()

            let anonymous = try await rota.request(.GET, "/v1/jobs")
            #expect(anonymous.status == 401)
            #expect(anonymous.json["error"]?["message"]?.stringValue?.contains("rota tokens create") == true)
            #expect(try await rota.request(.GET, "/health").status == 200)
            #expect(try await rota.request(.GET, "/v1/jobs", headers: Self.bearer("rota_not-a-real-token")).status == 401)

            let refused = try await rota.request(.POST, "/v1/jobs", body: Self.job, headers: Self.bearer(viewer))
            #expect(refused.status == 403)
            #expect(refused.json["error"]?["message"]?.stringValue?.contains("needs the admin role") == true)
            #expect(try await rota.request(.POST, "/v1/jobs", body: Self.job, headers: Self.bearer(op)).status == 403)
            #expect(try await rota.request(.GET, "/v1/jobs", headers: Self.bearer(admin)).json.arrayValue.isEmpty)
            #expect(try await rota.request(.POST, "/v1/jobs", body: Self.job, headers: Self.bearer(admin)).status == 201)

            #expect(try await rota.request(.GET, "/v1/jobs/nightly", headers: Self.bearer(viewer)).status == 200)
            #expect(try await rota.request(.POST, "/v1/jobs/nightly", headers: Self.bearer(viewer)).status == 403)
            #expect(try await rota.request(.POST, "/v1/jobs/nightly", headers: Self.bearer(op)).status == 200)
            #expect(try await rota.request(.POST, "/v1/jobs/nightly/toggle", headers: Self.bearer(op)).status == 200)
            #expect(try await rota.request(.DELETE, "/v1/jobs/nightly", headers: Self.bearer(op)).status == 403)
            #expect(try await rota.request(.GET, "/v1/jobs/nightly", headers: Self.bearer(admin)).status == 200)

            // Airflow's token exchange: the password is a Rota token.
            let exchanged = try await rota.request(.POST, "/auth/token", body: #"{"username": "x", "password": "\#(op)"}"#)
            #expect(exchanged.status == 201)
            #expect(exchanged.json["access_token"]?.stringValue == op)
            #expect(try await rota.request(.POST, "/auth/token", body: #"{"username": "x", "password": "wrong"}"#).status == 401)

            let audit = try await rota.request(.GET, "/rota/v1/audit", headers: Self.bearer(admin)).json.arrayValue
            let actions = audit.map { "\($0["actor"]?.stringValue ?? "") \($0["action"]?.stringValue ?? "") \($0["status"]?.intValue ?? 0)" }
            #expect(actions.contains("vic POST /v1/jobs 403"))
            #expect(actions.contains("alice POST /v1/jobs 201"))
            #expect(actions.contains("ops-bot DELETE /v1/jobs/nightly 403"))
            #expect(actions.contains("cli:\(ProcessInfo.processInfo.environment["USER"] ?? "unknown") rota tokens create 201"))
            #expect(audit.filter { $0["action"]?.stringValue?.hasPrefix("rota ") == false }.allSatisfy { $0["source"]?.stringValue == "127.0.0.1" })
            #expect(try await rota.request(.GET, "/rota/v1/audit", headers: Self.bearer(viewer)).status == 403)
        }
    }

    /// A browser logs in with a token and gets an HttpOnly, SameSite=Strict session; a viewer's
    /// pages carry no action buttons; a change through the session needs its CSRF token.
    @Test func browserSessionsHideControlsAndRequireTheCSRFToken() async throws {
        try await withHome { home in
            let admin = try Self.token(home, "alice", "admin")
            let viewer = try Self.token(home, "vic", "viewer")
            let op = try Self.token(home, "olga", "operator")
            let rota = try RotaProcess(home: home, extraArguments: ["--auth"])
            defer { rota.stop() }
            try rota.waitUntilListening()
            #expect(try await rota.request(.POST, "/v1/jobs", body: Self.job, headers: Self.bearer(admin)).status == 201)

            // The client follows the 303 to the login page.
            let page = try await rota.request(.GET, "/ui/jobs")
            #expect(page.status == 200)
            #expect(page.text.contains("id=\"login-form\""))
            #expect(page.text.contains("data-next=\"/ui/jobs\""))
            #expect(try await rota.request(.GET, "/ui/login").status == 200)
            #expect(try await rota.request(.POST, "/ui/login", body: #"{"token": "rota_nope"}"#).status == 401)

            func session(_ token: String) async throws -> (cookie: String, csrf: String) {
                let login = try await rota.request(.POST, "/ui/login", body: #"{"token": "\#(token)"}"#)
                #expect(login.status == 200)
                let setCookie = try #require(login.headers.first(name: "Set-Cookie"))
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                let cookie = String(setCookie.split(separator: ";")[0])
                let html = try await rota.request(.GET, "/ui/jobs", headers: ["Cookie": cookie]).text
                let marker = #"<meta name="csrf-token" content=""#
                let start = try #require(html.range(of: marker)).upperBound
                return (cookie, String(html[start...].prefix { $0 != "\"" }))
            }

            let vic = try await session(viewer)
            let viewerPage = try await rota.request(.GET, "/ui/jobs", headers: ["Cookie": vic.cookie])
            #expect(viewerPage.status == 200)
            #expect(viewerPage.text.contains("nightly"))
            #expect(!viewerPage.text.contains("data-action=\"/v1/jobs/nightly\""))
            #expect(!viewerPage.text.contains("New job"))
            #expect(try await rota.request(.GET, "/ui/jobs/new", headers: ["Cookie": vic.cookie]).status == 403)
            #expect(try await rota.request(.POST, "/v1/jobs/nightly", headers: ["Cookie": vic.cookie, "X-CSRF-Token": vic.csrf]).status == 403)

            let olga = try await session(op)
            let operatorPage = try await rota.request(.GET, "/ui/jobs", headers: ["Cookie": olga.cookie]).text
            #expect(operatorPage.contains("data-action=\"/v1/jobs/nightly\""))
            #expect(!operatorPage.contains("data-method=\"DELETE\""))
            #expect(try await rota.request(.POST, "/v1/jobs/nightly", headers: ["Cookie": olga.cookie]).status == 403)
            #expect(try await rota.request(.POST, "/v1/jobs/nightly", headers: ["Cookie": olga.cookie, "X-CSRF-Token": "forged"]).status == 403)
            #expect(try await rota.request(.POST, "/v1/jobs/nightly", headers: ["Cookie": olga.cookie, "X-CSRF-Token": olga.csrf]).status == 200)
            let tampered = olga.cookie.replacingOccurrences(of: "v1.", with: "v1.9")
            #expect(try await rota.request(.GET, "/v1/jobs", headers: ["Cookie": tampered]).status == 401)
        }
    }

    /// A revoked token stops working (within the 5 s cache), and so do the sessions opened with it.
    @Test func revokedTokensAndTheirSessionsStopWorking() async throws {
        try await withHome { home in
            let op = try Self.token(home, "temp", "operator")
            let rota = try RotaProcess(home: home, extraArguments: ["--auth"])
            defer { rota.stop() }
            try rota.waitUntilListening()
            let login = try await rota.request(.POST, "/ui/login", body: #"{"token": "\#(op)"}"#)
            let cookie = String(try #require(login.headers.first(name: "Set-Cookie")).split(separator: ";")[0])
            #expect(try await rota.request(.GET, "/v1/jobs", headers: Self.bearer(op)).status == 200)
            let revoked = try runRota(["tokens", "revoke", "temp", "--home", home])
            #expect(revoked.code == 0, "\(revoked.output)")
            #expect(try await rota.eventually(timeout: 15) {
                try await rota.request(.GET, "/v1/jobs", headers: Self.bearer(op)).status == 401
            })
            #expect(try await rota.request(.GET, "/v1/jobs", headers: ["Cookie": cookie]).status == 401)
            let listed = try runRota(["tokens", "list", "--home", home])
            #expect(listed.output.contains("revoked"))
            #expect(!listed.output.contains(op))
        }
    }

    /// Bad token requests are refused with the field named, and a public address needs --auth
    /// or --insecure.
    @Test func tokenCommandsRefuseBadInputAndPublicAddressesNeedAuth() async throws {
        try await withHome { home in
            let badRole = try runRota(["tokens", "create", "--name", "x", "--role", "root", "--home", home])
            #expect(badRole.code != 0)
            #expect(badRole.output.contains("--role"))
            let badName = try runRota(["tokens", "create", "--name", "../x", "--role", "viewer", "--home", home])
            #expect(badName.code != 0)
            #expect(badName.output.contains("--name"))
            _ = try Self.token(home, "dup", "viewer")
            let duplicate = try runRota(["tokens", "create", "--name", "dup", "--role", "viewer", "--home", home])
            #expect(duplicate.code != 0)
            #expect(duplicate.output.contains("exists"))
            let open = try runRota(["standalone", "--host", "0.0.0.0", "--home", home])
            #expect(open.code != 0)
            #expect(open.output.contains("--auth"))
        }
    }

    /// On PostgreSQL with `rota server --auth`, a worker needs a join token of role worker: with it
    /// tasks run; with an admin's viewer token, or none, the worker protocol answers 401/403.
    @Test func workersNeedAJoinToken() async throws {
        try await withHome(.postgres) { home, database in
            let join = try Self.token(home + "/server", "workers", "worker", database)
            let admin = try Self.token(home + "/server", "alice", "admin", database)
            let viewer = try Self.token(home + "/server", "vic", "viewer", database)
            let server = try RotaProcess(home: home + "/server", extraArguments: database + ["--workers", "0", "--auth"],
                                         command: "server", nodeName: "server-a")
            defer { server.stop() }
            try server.waitUntilListening()
            let claim = #"{"name": "w", "limit": 1, "wait_milliseconds": 0, "tags": {}, "queues": []}"#
            #expect(try await server.request(.POST, "/rota/v1/workers/claim", body: claim).status == 401)
            #expect(try await server.request(.POST, "/rota/v1/workers/claim", body: claim, headers: Self.bearer(viewer)).status == 403)
            let worker = try ClusterTests.WorkerProcess(server: server.baseURL, name: "worker-1", token: join)
            defer { worker.stop() }
            _ = try await server.request(.POST, "/v1/jobs", body: #"{"name":"remote","schedule":"@manually","command":"echo joined"}"#,
                                         headers: Self.bearer(admin))
            #expect(try await server.request(.POST, "/v1/jobs/remote", headers: Self.bearer(admin)).status == 200)
            #expect(try await server.eventually(timeout: 30) {
                let runs = try await server.request(.GET, "/v1/jobs/remote/executions", headers: Self.bearer(admin)).json.arrayValue
                return runs.first?["success"]?.boolValue == true && runs.first?["node_name"]?.stringValue == "worker-1"
            })
        }
    }

    /// With --tls-cert and --tls-key the main port speaks HTTPS (plain HTTP fails) and session
    /// cookies are marked Secure; half a TLS configuration is refused.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
                   && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"), "needs openssl and curl"))
    func tlsServesHTTPSAndMarksSessionCookiesSecure() async throws {
        try await withHome { home in
            let made = try PythonClient.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", home + "/key.pem",
                                                                 "-out", home + "/cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1"])
            #expect(made.code == 0, "\(made.output)")
            let admin = try Self.token(home, "alice", "admin")
            let half = try runRota(["standalone", "--tls-cert", home + "/cert.pem", "--home", home])
            #expect(half.code != 0)
            #expect(half.output.contains("--tls-key"))
            let rota = try RotaProcess(home: home, extraArguments: ["--auth", "--tls-cert", home + "/cert.pem", "--tls-key", home + "/key.pem"])
            defer { rota.stop() }
            try rota.waitUntilListening()
            #expect(rota.baseURL.hasPrefix("https://"))
            let health = try PythonClient.run("/usr/bin/curl", ["-sk", rota.baseURL + "/health"])
            #expect(health.output.contains("healthy"))
            let login = try PythonClient.run("/usr/bin/curl", ["-sk", "-i", "-X", "POST", rota.baseURL + "/ui/login", "-d", #"{"token": "\#(admin)"}"#])
            #expect(login.output.contains("SameSite=Strict; Secure"), "\(login.output)")
            let plain = try PythonClient.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}",
                                                               rota.baseURL.replacingOccurrences(of: "https://", with: "http://") + "/health"])
            #expect(plain.output != "200")
        }
    }
}
