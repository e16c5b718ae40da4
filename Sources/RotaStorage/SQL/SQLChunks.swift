/// Statement-sized pieces of a long list of bound values.
///
/// Why: SQLite binds at most 32,766 values per statement, and a list of ids or names can be a
/// whole 10,000-task run; every `IN (…)` and multi-row `VALUES` over such a list is cut here.
extension Array {
    /// Consecutive slices of at most `size` elements, in order.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension SQLStore {
    /// `?, ?, …`: `count` placeholders for an `IN (…)` list.
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
