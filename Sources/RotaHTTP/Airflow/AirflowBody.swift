import Foundation
import Hummingbird
import RotaCore

/// A JSON request body checked the way Airflow's pydantic models check it: unknown fields are
/// refused (`extra_forbidden`, Airflow's `StrictBaseModel`), each field's type is checked, and
/// every problem is reported in one 422 rather than the first one alone.
struct AirflowBody {
    let fields: [String: JSONValue]
    private(set) var issues: [AirflowValidationError.Issue] = []

    /// Reads and parses the body; `allowed` lists the model's fields.
    ///
    /// - Throws: `AirflowValidationError` for a missing body, malformed JSON or a non-object,
    ///   `APIError` 413 for a body over 1 MiB.
    static func read(_ request: Request, allowed: Set<String>) async throws -> AirflowBody {
        var request = request
        return try parse(try await request.bodyData(), allowed: allowed)
    }

    static func parse(_ data: Data, allowed: Set<String>) throws -> AirflowBody {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw AirflowValidationError(type: "missing", loc: ["body"], msg: "Field required", input: nil)
        }
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch {
            throw AirflowValidationError(type: "json_invalid", loc: ["body", .index(0)], msg: "JSON decode error",
                                         input: .object([:]), ctx: ["error": .string(error.message)])
        }
        guard case .object(let fields) = value else {
            throw AirflowValidationError(type: "model_attributes_type", loc: ["body"],
                                         msg: "Input should be a valid dictionary or object to extract fields from", input: value)
        }
        var body = AirflowBody(fields: fields)
        for key in fields.keys.sorted() where !allowed.contains(key) {
            body.issues.append(.init(type: "extra_forbidden", loc: ["body", .key(key)], msg: "Extra inputs are not permitted",
                                     input: fields[key]))
        }
        return body
    }

    init(fields: [String: JSONValue]) { self.fields = fields }

    func has(_ key: String) -> Bool { fields[key] != nil }

    /// Records `Field required` for a key the model declares without a default.
    mutating func require(_ key: String) {
        if fields[key] == nil {
            issues.append(.init(type: "missing", loc: ["body", .key(key)], msg: "Field required", input: .object(fields)))
        }
    }

    mutating func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let value = fields[key], value != .null else { return fallback }
        switch value {
        case .bool(let b): return b
        case .number(let n) where n == 0 || n == 1: return n == 1
        case .string(let s): if let b = Self.laxBool(s) { return b }
        default: break
        }
        issue(key, "bool_type", "Input should be a valid boolean", value)
        return fallback
    }

    mutating func string(_ key: String) -> String? {
        guard let value = fields[key], value != .null else { return nil }
        if case .string(let s) = value { return s }
        issue(key, "string_type", "Input should be a valid string", value)
        return nil
    }

    mutating func int(_ key: String) -> Int? {
        guard let value = fields[key], value != .null else { return nil }
        switch value {
        case .number(let n) where n.rounded() == n && abs(n) < 1e15: return Int(n)
        case .string(let s): if let i = Int(s) { return i }
        default: break
        }
        issue(key, "int_type", "Input should be a valid integer", value)
        return nil
    }

    /// An aware datetime (`AwareDatetime`): RFC 3339 with `Z` or an offset.
    mutating func date(_ key: String) -> Date? {
        guard let value = fields[key], value != .null else { return nil }
        guard case .string(let s) = value else {
            issue(key, "datetime_type", "Input should be a valid datetime", value)
            return nil
        }
        if let date = RFC3339.parse(s) ?? RFC3339.parse(s.replacingOccurrences(of: " ", with: "T")) {
            do throws(RotaError) { try JobDefinition.validateTime(date, field: key) } catch {
                issue(key, "datetime_range", "Value error, \(error.message)", value)
                return nil
            }
            return date
        }
        if RFC3339.parse(s + "Z") != nil {
            issue(key, "timezone_aware", "Input should have timezone info", value)
        } else {
            issue(key, "datetime_from_date_parsing", "Input should be a valid datetime or date, invalid character in year", value)
        }
        return nil
    }

    mutating func object(_ key: String) -> [String: JSONValue]? {
        guard let value = fields[key], value != .null else { return nil }
        if case .object(let o) = value { return o }
        issue(key, "dict_type", "Input should be a valid dictionary", value)
        return nil
    }

    mutating func array(_ key: String) -> [JSONValue]? {
        guard let value = fields[key], value != .null else { return nil }
        if case .array(let a) = value { return a }
        issue(key, "list_type", "Input should be a valid list", value)
        return nil
    }

    /// A value from a fixed set (pydantic enums).
    mutating func choice(_ key: String, _ allowed: [String]) -> String? {
        guard let text = string(key) else { return nil }
        if allowed.contains(text) { return text }
        issues.append(AirflowQuery.enumIssue(loc: ["body", .key(key)], value: text, allowed: allowed))
        return nil
    }

    /// A model-level rule (`value_error`), reported at `["body"]` as pydantic does.
    mutating func fail(_ message: String) {
        issues.append(.init(type: "value_error", loc: ["body"], msg: "Value error, " + message, input: .object(fields)))
    }

    mutating func issue(_ key: String, _ type: String, _ msg: String, _ input: JSONValue?, ctx: [String: JSONValue]? = nil) {
        issues.append(.init(type: type, loc: ["body", .key(key)], msg: msg, input: input, ctx: ctx))
    }

    mutating func add(_ issue: AirflowValidationError.Issue) { issues.append(issue) }

    func check() throws {
        if !issues.isEmpty { throw AirflowValidationError(issues) }
    }

    /// Pydantic's lax boolean strings.
    static func laxBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes", "on", "t", "y": return true
        case "false", "0", "no", "off", "f", "n": return false
        default: return nil
        }
    }
}
