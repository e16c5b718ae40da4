import Foundation

/// Typed access to the fields of a JSON object, with errors that name the field.
struct FieldReader {
    let object: [String: JSONValue]

    init(_ object: [String: JSONValue]) { self.object = object }

    private func present(_ key: String) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    private func mismatch(_ key: String, _ expected: String, _ got: JSONValue) -> RotaError {
        .invalid("\(key): expected \(expected), got \(got.kindName)")
    }

    func string(_ key: String) throws(RotaError) -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(let s) = value else { throw mismatch(key, "a string", value) }
        return s
    }

    func bool(_ key: String) throws(RotaError) -> Bool? {
        guard let value = present(key) else { return nil }
        switch value {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"): return false
        default: throw mismatch(key, "true or false", value)
        }
    }

    func nonNegativeInt(_ key: String) throws(RotaError) -> Int? {
        guard let value = present(key) else { return nil }
        guard case .number(let n) = value, n.rounded() == n, n >= 0, n <= 1_000_000 else {
            throw .invalid("\(key): expected a whole number from 0 to 1000000, got \(describe(value))")
        }
        return Int(n)
    }

    func stringMap(_ key: String) throws(RotaError) -> [String: String]? {
        guard let value = present(key) else { return nil }
        guard case .object(let o) = value else { throw mismatch(key, "an object of strings", value) }
        var out: [String: String] = [:]
        for (k, v) in o {
            guard let text = v.scalarText else {
                throw .invalid("\(key).\(k): expected a string, got \(v.kindName)")
            }
            out[k] = text
        }
        return out
    }

    func stringList(_ key: String) throws(RotaError) -> [String]? {
        guard let value = present(key) else { return nil }
        guard case .array(let a) = value else { throw mismatch(key, "an array of strings", value) }
        var out: [String] = []
        for (i, v) in a.enumerated() {
            guard let text = v.scalarText else { throw .invalid("\(key)[\(i)]: expected a string, got \(v.kindName)") }
            out.append(text)
        }
        return out
    }

    func processors(_ key: String) throws(RotaError) -> [String: [String: String]]? {
        guard let value = present(key) else { return nil }
        guard case .object(let o) = value else { throw mismatch(key, "an object of processor configs", value) }
        var out: [String: [String: String]] = [:]
        for (name, config) in o {
            out[name] = try FieldReader(["\(key).\(name)": config]).stringMap("\(key).\(name)") ?? [:]
        }
        return out
    }

    func date(_ key: String) throws(RotaError) -> Date? {
        guard let value = present(key) else { return nil }
        guard case .string(let s) = value else { throw mismatch(key, "an RFC 3339 time", value) }
        if s.isEmpty || s == "0001-01-01T00:00:00Z" { return nil }
        guard let date = RFC3339.parse(s) else {
            throw .invalid("\(key): \"\(s)\" is not an RFC 3339 time (for example 2026-01-02T15:04:05Z)")
        }
        return date
    }

    private func describe(_ value: JSONValue) -> String {
        if case .string(let s) = value { return "\"\(s)\"" }
        if case .number(let n) = value { return String(n) }
        return value.kindName
    }
}
