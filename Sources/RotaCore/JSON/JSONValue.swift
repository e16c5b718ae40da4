import Foundation

/// A parsed JSON (or YAML) document, kept as data rather than decoded straight into model types.
///
/// Decoding through this type lets Rota say exactly which field is wrong ("retries: expected a
/// non-negative integer, got \"three\""), reject unknown fields with a did-you-mean, and accept the
/// loose spellings Dkron clients send (a boolean where Dkron wants the string "true").
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value as text when it is a scalar: Dkron's string-only maps accept `true` and `3` too.
    public var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .number(let n):
            if n.rounded() == n, abs(n) < 1e15 { return String(Int64(n)) }
            return String(n)
        case .null, .array, .object: return nil
        }
    }

    /// A short name of the kind of value, for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let b = try? container.decode(Bool.self) { self = .bool(b); return }
        if let n = try? container.decode(Double.self) { self = .number(n); return }
        if let s = try? container.decode(String.self) { self = .string(s); return }
        if let a = try? container.decode([JSONValue].self) { self = .array(a); return }
        if let o = try? container.decode([String: JSONValue].self) { self = .object(o); return }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "unsupported value")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 1e15 { try container.encode(Int64(n)) } else { try container.encode(n) }
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

extension JSONValue {
    /// Parses JSON text, turning the parser's complaint into a message a person can act on.
    ///
    /// `nonFinite` also accepts `Infinity`, `-Infinity` and `NaN` as numbers, as Python's `json`
    /// module writes and reads them (luigi sends `max_batch_size: Infinity`); it goes through the
    /// JSON5 reader, so it is only for endpoints whose clients are such programs.
    ///
    /// - Throws: `RotaError.invalidInput` naming what could not be parsed.
    public static func parse(_ data: Data, maxDepth: Int = 64, nonFinite: Bool = false) throws(RotaError) -> JSONValue {
        // Checked before decoding, on the bytes: a body of 100,000 "[" is refused in one pass with a
        // message naming the limit, instead of being decoded (Foundation gives up at 512 levels with
        // "malformed JSON").
        if nestingExceeds(data, maxDepth) {
            throw .invalid("Unable to parse payload: JSON nested deeper than \(maxDepth) levels")
        }
        let value: JSONValue
        do {
            let decoder = JSONDecoder()
            decoder.allowsJSON5 = nonFinite
            value = try decoder.decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw .invalid("Unable to parse payload: malformed JSON" + (detail.map { " (\($0))" } ?? ""))
        } catch {
            throw .invalid("Unable to parse payload: malformed JSON")
        }
        return value
    }

    /// True when arrays and objects in `data` open more than `maxDepth` deep (brackets inside
    /// strings do not count). Exact for valid JSON; malformed text is left to the decoder.
    public static func nestingExceeds(_ data: Data, _ maxDepth: Int) -> Bool {
        data.withUnsafeBytes { bytes in
            var depth = 0
            var inString = false
            var escaped = false
            for byte in bytes {
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    if depth > maxDepth { return true }
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                default: break
                }
            }
            return false
        }
    }

    /// How deeply arrays and objects nest (a scalar is 0).
    public var depth: Int {
        switch self {
        case .array(let a): return 1 + (a.map(\.depth).max() ?? 0)
        case .object(let o): return 1 + (o.values.map(\.depth).max() ?? 0)
        default: return 0
        }
    }
}
