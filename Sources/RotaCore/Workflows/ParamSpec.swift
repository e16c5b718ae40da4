/// A declared input of a workflow: Airflow's `params`, which a run's `conf` may override.
///
/// Declared with a type so a trigger with a wrong value is refused up front ("region: expected a
/// string") instead of failing inside a task, and so a UI can build a trigger form.
public struct ParamSpec: Sendable, Equatable, Codable {
    public var name: String
    public var type: ParamType
    public var defaultValue: JSONValue?
    public var description: String
    /// The only values allowed, when set.
    public var enumValues: [JSONValue]?

    public init(name: String, type: ParamType, defaultValue: JSONValue? = nil, description: String = "",
                enumValues: [JSONValue]? = nil) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.description = description
        self.enumValues = enumValues
    }

    /// Why `value` is not acceptable for this param, or nil when it is.
    public func problem(with value: JSONValue) -> String? {
        guard type.accepts(value) else { return "expected \(type.phrase), got \(value.kindName)" }
        if let allowed = enumValues, !allowed.contains(value) {
            let list = allowed.map(\.compactJSON).joined(separator: ", ")
            return "\(value.compactJSON) is not one of the allowed values (\(list))"
        }
        return nil
    }

    private enum CodingKeys: String, CodingKey {
        case name, type, defaultValue = "default", description, enumValues = "enum"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name),
                  type: try c.decode(ParamType.self, forKey: .type),
                  defaultValue: try c.decodeIfPresent(JSONValue.self, forKey: .defaultValue),
                  description: try c.decodeIfPresent(String.self, forKey: .description) ?? "",
                  enumValues: try c.decodeIfPresent([JSONValue].self, forKey: .enumValues))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(defaultValue, forKey: .defaultValue)
        try c.encode(description, forKey: .description)
        try c.encodeIfPresent(enumValues, forKey: .enumValues)
    }
}
