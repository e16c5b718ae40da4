import RotaCore

extension WorkflowFileDecoder {
    static let paramFields = ["type", "default", "description", "enum"]

    /// `params:`: name → `{type, default, description, enum}`, or name → a bare default value
    /// whose type is inferred (`region: eu`). In file order.
    mutating func params(_ value: JSONValue?) -> [ParamSpec] {
        guard let value, value != .null else { return [] }
        guard case .object(let object) = value else {
            report("params", "expected a mapping of param names to a default or to {type, default, description, enum}, got \(value.kindName)")
            return []
        }
        var specs: [ParamSpec] = []
        var byVariable: [String: String] = [:]
        for name in keyOrder["params"] ?? object.keys.sorted() {
            let path = "params.\(name)"
            guard name.utf8.count <= Self.maxVariableName else {
                report(path, "a param name is at most \(Self.maxVariableName) characters")
                continue
            }
            guard Self.isParamName(name) else {
                report(path, "a param name must start with a letter or \"_\" and hold only letters, digits and \"_\"")
                continue
            }
            if let other = byVariable[name.uppercased()] {
                report(path, "same environment variable ROTA_PARAM_\(name.uppercased()) as params.\(other)")
                continue
            }
            byVariable[name.uppercased()] = name
            if let spec = param(name, object[name] ?? .null, path) { specs.append(spec) }
        }
        return specs
    }

    private mutating func param(_ name: String, _ value: JSONValue, _ path: String) -> ParamSpec? {
        guard case .object = value else {
            guard let type = ParamType.inferred(from: value) else {
                report(path, "give a default value, or a mapping with type, default, description or enum")
                return nil
            }
            return ParamSpec(name: name, type: type, defaultValue: value)
        }
        guard let o = object(value, path, known: Self.paramFields) else { return nil }
        let defaultValue = o["default"].flatMap { $0 == .null ? nil : $0 }
        let description = string(o["description"], "\(path).description") ?? ""
        var type: ParamType?
        if let name = string(o["type"], "\(path).type") {
            type = ParamType(rawValue: name)
            if type == nil {
                let hint = self.hint(name, ParamType.names)
                report("\(path).type", "unknown type \"\(name)\"" + (hint.isEmpty ? " (one of \(ParamType.names.joined(separator: ", ")))" : hint))
                return nil
            }
        } else if o["type"] == nil || o["type"] == .null {
            guard let inferred = defaultValue.flatMap(ParamType.inferred(from:)) else {
                report(path, "give a type or a default")
                return nil
            }
            type = inferred
        }
        guard let type else { return nil }
        var spec = ParamSpec(name: name, type: type, description: description)
        if let allowed = o["enum"], allowed != .null {
            guard case .array(let values) = allowed, !values.isEmpty else {
                report("\(path).enum", "expected a list of allowed values, got \(allowed == .array([]) ? "an empty list" : allowed.kindName)")
                return nil
            }
            for (i, item) in values.enumerated() where !type.accepts(item) {
                report("\(path).enum[\(i)]", "expected \(type.phrase), got \(item.kindName)")
            }
            spec.enumValues = values
        }
        if let defaultValue {
            if let problem = spec.problem(with: defaultValue) {
                report("\(path).default", problem)
            } else {
                spec.defaultValue = defaultValue
            }
        }
        return spec
    }

    static func isParamName(_ name: String) -> Bool {
        isEnvironmentName(name)
    }
}
