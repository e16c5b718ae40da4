/// The JSON type a workflow param holds: Airflow's `Param(type=...)`, the JSON Schema names.
public enum ParamType: String, CaseIterable, Codable, Sendable, Hashable {
    case string
    case integer
    case number
    case boolean
    case array
    case object

    /// The raw names, for error messages and did-you-mean suggestions.
    public static let names: [String] = allCases.map(\.rawValue)

    /// "a string", "an integer", … for error messages.
    public var phrase: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .number: return "a number"
        case .boolean: return "a boolean"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Whether `value` is of this type (an integer is also a number; null is no type).
    public func accepts(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.boolean, .bool), (.array, .array), (.object, .object): return true
        case (.number, .number(let n)): return n.isFinite
        case (.integer, .number(let n)): return n.isFinite && n.rounded() == n
        default: return false
        }
    }

    /// The type a bare value has, for `region: eu` written without a `type`.
    public static func inferred(from value: JSONValue) -> ParamType? {
        switch value {
        case .string: return .string
        case .bool: return .boolean
        case .number(let n): return n.rounded() == n ? .integer : .number
        case .array: return .array
        case .object: return .object
        case .null: return nil
        }
    }
}
