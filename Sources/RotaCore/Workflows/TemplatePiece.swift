/// A template split at its braces: literal text, `{{ … }}` expressions, and an unclosed `{{`.
///
/// Scanning once, the same way for rendering and for checking, guarantees that what the checker
/// accepted is exactly what is rendered.
enum TemplatePiece: Equatable {
    case text(Substring)
    /// `source` is the whole `{{ … }}`; `inner` the text between the braces.
    case expression(source: Substring, inner: Substring)
    /// From an unclosed `{{` to the end of the text.
    case unclosed(Substring)

    static func split(_ text: String) -> [TemplatePiece] {
        var pieces: [TemplatePiece] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(rest[..<open.lowerBound])) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                pieces.append(.unclosed(rest[open.lowerBound...]))
                return pieces
            }
            pieces.append(.expression(source: rest[open.lowerBound..<close.upperBound],
                                      inner: rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(rest)) }
        return pieces
    }
}
