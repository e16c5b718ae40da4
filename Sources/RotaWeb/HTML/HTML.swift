/// A fragment of HTML whose interpolated strings are escaped unless they are `HTML` themselves.
///
/// Why a type and not `String`: every page of the UI shows names, commands and logs that users
/// (or a hostile job definition) control. With `HTML`, `"<td>\(job.name)</td>"` escapes `job.name`
/// by construction, so forgetting to escape is not possible; only a value that is already `HTML`
/// passes through untouched.
public struct HTML: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    public private(set) var text: String

    public init(raw text: String) { self.text = text }
    public init(stringLiteral value: String) { self.text = value }
    public init(stringInterpolation: Interpolation) { self.text = stringInterpolation.text }

    public var description: String { text }

    public static let empty = HTML(raw: "")

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(raw: lhs.text + rhs.text) }
    public static func += (lhs: inout HTML, rhs: HTML) { lhs.text += rhs.text }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }
        public mutating func appendLiteral(_ literal: String) { text += literal }
        public mutating func appendInterpolation(_ value: HTML) { text += value.text }
        public mutating func appendInterpolation(_ value: [HTML]) { for part in value { text += part.text } }
        public mutating func appendInterpolation(_ value: String) { text += HTMLEscape.escape(value) }
        public mutating func appendInterpolation(_ value: Substring) { text += HTMLEscape.escape(String(value)) }
        public mutating func appendInterpolation<T: BinaryInteger>(_ value: T) { text += String(value) }
        public mutating func appendInterpolation(_ value: Double) { text += String(value) }
        public mutating func appendInterpolation(_ value: HTML?) { if let value { text += value.text } }
    }
}

extension Array where Element == HTML {
    /// The fragments one after the other.
    public func joined() -> HTML { HTML(raw: map(\.text).joined()) }
}
