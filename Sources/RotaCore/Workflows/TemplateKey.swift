/// One step into a JSON value after a template variable: `.region` / `["region"]` or `[0]`.
public enum TemplateKey: Sendable, Equatable {
    case key(String)
    case index(Int)

    /// Follows the path into `value`; nil when a step does not exist.
    static func follow(_ path: [TemplateKey], into value: JSONValue) -> JSONValue? {
        var current = value
        for step in path {
            switch (step, current) {
            case (.key(let k), .object(let o)):
                guard let next = o[k] else { return nil }
                current = next
            case (.index(let i), .array(let a)):
                guard a.indices.contains(i) else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }
}
