import Foundation
import RotaCore

/// Checks a trigger's `conf` against a workflow's declared params (Airflow's params).
enum ParamValidation {
    /// The conf as compact JSON text (params' defaults are applied when templates are rendered).
    ///
    /// - Throws: `RotaError.invalidInput` naming the param: wrong type, not one of its allowed
    ///   values, or required (no default) and missing.
    static func validate(conf: JSONValue?, params: [ParamSpec]) throws -> String {
        var object: [String: JSONValue] = [:]
        switch conf {
        case nil, .null?: break
        case .object(let o)?: object = o
        case let other?: throw RotaError.invalid("conf: expected a JSON object, got \(other.kindName)")
        }
        for param in params {
            guard let value = object[param.name] else {
                if param.defaultValue != nil { continue }
                throw RotaError.invalid("conf.\(param.name): required (the param has no default)")
            }
            if let problem = param.problem(with: value) {
                throw RotaError.invalid("conf.\(param.name): \(problem)")
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(JSONValue.object(object)), as: UTF8.self)
    }
}
