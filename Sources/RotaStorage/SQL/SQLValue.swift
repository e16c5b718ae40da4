import Foundation

/// A value bound to, or read from, a SQL statement. Deliberately tiny: Rota stores integers
/// (times as Unix milliseconds), text and nothing else, so both dialects agree on every column.
public enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case text(String)

    public init(_ value: Int) { self = .int(Int64(value)) }
    public init(_ value: Bool) { self = .int(value ? 1 : 0) }
    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    public init(_ date: Date?) { self = date.map { .int(Self.millis($0)) } ?? .null }

    public static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// One result row: values by column position, names for lookup.
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ name: String) -> SQLValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    public func int(_ name: String) -> Int64 {
        if case .int(let v) = self[name] { return v }
        if case .text(let t) = self[name] { return Int64(t) ?? 0 }
        return 0
    }

    public func optionalInt(_ name: String) -> Int64? {
        if case .null = self[name] { return nil }
        return int(name)
    }

    public func text(_ name: String) -> String {
        switch self[name] {
        case .text(let t): return t
        case .int(let v): return String(v)
        case .null: return ""
        }
    }

    public func optionalText(_ name: String) -> String? {
        if case .null = self[name] { return nil }
        return text(name)
    }

    public func bool(_ name: String) -> Bool { int(name) != 0 }

    public func date(_ name: String) -> Date { Date(timeIntervalSince1970: Double(int(name)) / 1000) }

    public func optionalDate(_ name: String) -> Date? { optionalInt(name).map { Date(timeIntervalSince1970: Double($0) / 1000) } }
}
