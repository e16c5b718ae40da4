import Foundation

extension JSONValue {
    /// Compact JSON text with sorted object keys: the same value always gives the same text, which
    /// templates, environment variables and content hashes rely on.
    public var compactJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The value as a template or environment variable shows it: a string as it is, anything else
    /// as compact JSON.
    public var compactText: String {
        if case .string(let s) = self { return s }
        return compactJSON
    }
}
