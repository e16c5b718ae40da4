import RotaCore

/// Reading luigi's RPC answers in the Luigi pages (internal: other modules have their own).
extension JSONValue {
    subscript(_ key: String) -> JSONValue? { objectValue?[key] }

    var numberValue: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
