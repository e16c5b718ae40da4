import Foundation

/// `order_by` as Airflow's `SortParam` applies it: several fields, `-` for descending, nulls last
/// in both directions, and the primary key as the final tie-breaker (descending when the first
/// field is), so pages never overlap or skip rows.
struct AirflowSort<Item>: Sendable {
    /// A sortable value; `absent` is SQL NULL.
    enum Value: Comparable, Sendable {
        case absent
        case number(Double)
        case text(String)

        static func date(_ date: Date?) -> Value { date.map { .number($0.timeIntervalSince1970) } ?? .absent }
        static func int(_ value: Int64) -> Value { .number(Double(value)) }

        static func < (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): return x < y
            case let (.text(x), .text(y)): return x < y
            case (.number, .text): return true
            default: return false
            }
        }
    }

    /// The fields a route allows, by their API name.
    let fields: [String: @Sendable (Item) -> Value]
    /// The primary key, used as the tie-breaker.
    let primary: @Sendable (Item) -> Value
    /// What `order_by` means when absent.
    let fallback: String

    /// Sorts `items` by the `order_by` values (exploded or comma-separated).
    ///
    /// - Throws: `APIError` 400 for an unknown field, with Airflow's message.
    func apply(_ items: [Item], orderBy: [String]) throws -> [Item] {
        let requested = orderBy.isEmpty ? [fallback] : orderBy
        if requested.count > 10 {
            throw APIError(.badRequest, "Ordering with more than 10 parameters is not allowed. Provided: \(requested)")
        }
        let keys: [(key: (Item) -> Value, descending: Bool)] = try requested.map { raw in
            let name = raw.hasPrefix("-") ? String(raw.dropFirst()) : raw
            guard let key = fields[name] else {
                throw APIError(.badRequest, "Ordering with '\(name)' is disallowed or the attribute does not exist on the model")
            }
            return (key, raw.hasPrefix("-"))
        }
        let lastDescending = requested.first?.hasPrefix("-") ?? false
        return items.sorted { a, b in
            for (key, descending) in keys + [(primary, lastDescending)] {
                let x = key(a), y = key(b)
                if x == y { continue }
                if x == .absent { return false }
                if y == .absent { return true }
                return descending ? y < x : x < y
            }
            return false
        }
    }
}

/// A page of a sorted list: `offset` rows skipped, at most `limit` kept.
func airflowPage<Item>(_ items: [Item], limit: Int, offset: Int) -> [Item] {
    guard offset < items.count else { return [] }
    return Array(items[offset..<min(items.count, offset + limit)])
}

/// SQL `ILIKE '%pattern%'`, Airflow's `*_pattern` search: `%` matches any run of characters, `_`
/// one character, case ignored; `~` alone means everything.
func airflowLike(_ text: String, pattern: String) -> Bool {
    let pattern = pattern == "~" ? "%" : pattern
    let t = Array(text.lowercased()), p = Array(("%" + pattern + "%").lowercased())
    // Classic wildcard matching with backtracking to the last `%`.
    var ti = 0, pi = 0, star = -1, mark = 0
    while ti < t.count {
        if pi < p.count, p[pi] == "_" || (p[pi] != "%" && p[pi] == t[ti]) {
            ti += 1; pi += 1
        } else if pi < p.count, p[pi] == "%" {
            star = pi; mark = ti; pi += 1
        } else if star >= 0 {
            pi = star + 1; mark += 1; ti = mark
        } else {
            return false
        }
    }
    while pi < p.count, p[pi] == "%" { pi += 1 }
    return pi == p.count
}
