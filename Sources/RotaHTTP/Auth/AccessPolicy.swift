import HTTPTypes
import RotaCore

/// Which role a request needs, decided from its method and path in one table, so a new route is
/// admin-only until someone decides otherwise.
///
/// - public: health, the login page, static assets, `/openapi.json`, Airflow's token exchange;
/// - viewer: every read;
/// - operator: decide *when* things run (run now, trigger, clear, mark, pause, enable, backfill)
///   and luigi's RPC (its workers register and report tasks);
/// - admin: decide *what* runs (create, change or delete jobs, workflows and pools; restore);
/// - worker: the worker protocol only.
public enum AccessPolicy {
    public enum Requirement: Equatable, Sendable {
        case open
        case role(Role)
    }

    public static func requirement(method: HTTPRequest.Method, path: String) -> Requirement {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.first == "rota", parts.count >= 3, parts[1] == "v1", parts[2] == "workers" { return .role(.worker) }
        if isOpen(method, parts) { return .open }
        if parts.first == "luigi" { return .role(.operator) }
        if method == .get || method == .head || method == .options { return .role(.viewer) }
        return isOperation(method, parts) ? .role(.operator) : .role(.admin)
    }

    static func isOpen(_ method: HTTPRequest.Method, _ p: [String]) -> Bool {
        switch p.first {
        case "health": return p.count == 1
        case "openapi.json": return p.count == 1
        case "auth": return p.count >= 2 && p[1] == "token"
        case "ui":
            if p.count >= 2 && p[1] == "static" { return true }
            return p.count == 2 && (p[1] == "login" || p[1] == "logout")
        case "api": return method == .get && p == ["api", "v2", "monitor", "health"] || p == ["api", "v2", "version"]
        default: return false
        }
    }

    /// Writes an operator may make.
    static func isOperation(_ method: HTTPRequest.Method, _ p: [String]) -> Bool {
        if p.first == "v1" {
            // POST /v1/jobs/{job} and /run (run now), /toggle (enable/disable), /v1/pause, /v1/unpause.
            if method == .post, p.count == 3, p[1] == "jobs" { return true }
            if method == .post, p.count == 4, p[1] == "jobs", p[3] == "run" || p[3] == "toggle" { return true }
            if method == .post, p.count == 2, p[1] == "pause" || p[1] == "unpause" { return true }
            return false
        }
        if p.count >= 4, p[0] == "api", p[1] == "v2", p[2] == "dags" {
            if method == .patch, p.count == 4 { return true }                                  // pause / unpause
            if method == .post, p.count == 5, p[4] == "dagRuns" { return true }                 // trigger
            if method == .post, p.count == 5, p[4] == "clearTaskInstances" { return true }
            if p.count >= 6, p[4] == "dagRuns" {
                if method == .patch, p.count == 6 { return true }                               // mark a run
                if method == .post, p.count == 7, p[6] == "clear" { return true }
                if method == .patch, p.count >= 8, p[6] == "taskInstances" { return true }      // mark a task
            }
            return false
        }
        if method == .post, p.count == 5, p[0] == "rota", p[1] == "v1", p[2] == "workflows", p[4] == "backfill" { return true }
        return false
    }
}
