import Foundation

/// Links between pages, percent-encoded in one place (names may hold any safe-alphabet character,
/// task ids dots and dashes).
public enum WebURL {
    static func segment(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? s
    }

    static func query(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
    }

    public static func job(_ name: String) -> String { "/ui/jobs/\(segment(name))" }
    public static func jobEdit(_ name: String) -> String { "/ui/jobs/\(segment(name))/edit" }
    public static func workflow(_ id: String, tab: String? = nil, run: Int64? = nil) -> String {
        var items: [String] = []
        if let tab { items.append("tab=\(tab)") }
        if let run { items.append("run=\(run)") }
        return "/ui/workflows/\(segment(id))" + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }
    public static func task(_ id: Int64) -> String { "/ui/tasks/\(id)" }
    public static func attemptLog(_ id: Int64) -> String { "/ui/attempts/\(id)/log" }

    /// Airflow API paths the UI's buttons call.
    public static func airflowRun(_ workflow: String, _ runKey: String) -> String {
        "/api/v2/dags/\(segment(workflow))/dagRuns/\(segment(runKey))"
    }
    public static func dkronJob(_ name: String) -> String { "/v1/jobs/\(segment(name))" }

    /// `base` with `offset` replaced (other query items kept).
    public static func page(_ base: String, query: [String: String], offset: Int) -> String {
        var items = query.filter { $0.key != "offset" && !$0.value.isEmpty }
        if offset > 0 { items["offset"] = String(offset) }
        if items.isEmpty { return base }
        return base + "?" + items.keys.sorted().map { "\($0)=\(Self.query(items[$0]!))" }.joined(separator: "&")
    }
}
