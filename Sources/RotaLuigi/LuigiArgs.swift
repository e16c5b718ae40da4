import Foundation
import RotaCore

/// The keyword arguments of one RPC call (luigi's `data` JSON object), read with type checks.
///
/// Luigi calls `method(**arguments)`; a missing required argument or a value of the wrong kind is a
/// client error, reported as `LuigiError.badArguments` naming the method and the argument.
struct LuigiArgs {
    let method: String
    let values: [String: JSONValue]

    func has(_ name: String) -> Bool {
        if case .some(.null) = values[name] { return false }
        return values[name] != nil
    }

    func raw(_ name: String) -> JSONValue? {
        guard let value = values[name], value != .null else { return nil }
        return value
    }

    func requiredPresent(_ name: String) throws(LuigiError) -> JSONValue {
        guard let value = values[name] else { throw .badArguments("\(method): missing required argument \"\(name)\"") }
        return value
    }

    func string(_ name: String) throws(LuigiError) -> String? {
        guard let value = raw(name) else { return nil }
        switch value {
        case .string(let s): return s
        case .number, .bool: return value.scalarText
        default: throw wrong(name, "a string", value)
        }
    }

    func requiredString(_ name: String) throws(LuigiError) -> String {
        _ = try requiredPresent(name)
        guard let s = try string(name) else { throw .badArguments("\(method): argument \"\(name)\" must not be null") }
        return s
    }

    func bool(_ name: String) throws(LuigiError) -> Bool? {
        guard let value = raw(name) else { return nil }
        switch value {
        case .bool(let b): return b
        case .number(let n): return n != 0
        default: throw wrong(name, "a boolean", value)
        }
    }

    func number(_ name: String) throws(LuigiError) -> Double? {
        guard let value = raw(name) else { return nil }
        switch value {
        case .number(let n): return n
        case .string(let s):
            if let n = Double(s) { return n }
            throw wrong(name, "a number", value)
        default: throw wrong(name, "a number", value)
        }
    }

    func stringList(_ name: String) throws(LuigiError) -> [String]? {
        guard let value = raw(name) else { return nil }
        guard case .array(let items) = value else { throw wrong(name, "a list of strings", value) }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else { throw wrong(name, "a list of strings", value) }
            out.append(s)
        }
        return out
    }

    func object(_ name: String) throws(LuigiError) -> [String: JSONValue]? {
        guard let value = raw(name) else { return nil }
        guard case .object(let o) = value else { throw wrong(name, "an object", value) }
        return o
    }

    /// A `{name: integer}` map (resources).
    func intMap(_ name: String) throws(LuigiError) -> [String: Int]? {
        guard let o = try object(name) else { return nil }
        var out: [String: Int] = [:]
        for (key, value) in o {
            guard case .number(let n) = value, n.rounded() == n else { throw wrong(name, "a map of integers", value) }
            out[key] = Int(n)
        }
        return out
    }

    private func wrong(_ name: String, _ expected: String, _ got: JSONValue) -> LuigiError {
        .badArguments("\(method): argument \"\(name)\" must be \(expected), got \(got.kindName)")
    }
}
