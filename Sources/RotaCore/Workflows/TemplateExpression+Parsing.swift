import Foundation

extension TemplateExpression {
    private enum Step: Equatable {
        case name(String)
        case key(String)
        case index(Int)

        var asKey: TemplateKey {
            switch self {
            case .name(let s), .key(let s): return .key(s)
            case .index(let i): return .index(i)
            }
        }

        var text: String? {
            switch self {
            case .name(let s), .key(let s): return s
            case .index: return nil
            }
        }
    }

    /// Parses the text between the braces (surrounding whitespace allowed).
    public static func parse(_ source: String) -> Result<TemplateExpression, TemplateExpressionError> {
        let text = source.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .failure(.empty) }
        if let literal = literal(text) { return .success(.literal(literal)) }
        if text.contains("xcom_pull") { return .failure(.xcomPull) }
        guard let steps = steps(text), case .name(let root)? = steps.first else {
            return .failure(.unsupportedSyntax)
        }
        let rest = Array(steps.dropFirst())
        if let simple = simple[root] {
            return rest.isEmpty ? .success(simple) : .failure(unknown(text, root: root, field: rest.first?.text))
        }
        if let known = fields[root] {
            guard let field = rest.first?.text, let found = known[field] else {
                if rest.isEmpty { return .failure(.incomplete(text, expected: "\(root).<field>")) }
                return .failure(unknown(text, root: root, field: rest.first?.text))
            }
            if case .conf = found { return .success(.conf(path: rest.dropFirst().map(\.asKey))) }
            return rest.count == 1 ? .success(found) : .failure(unknown(text, root: root, field: field))
        }
        switch root {
        case "params":
            guard let name = rest.first?.text else { return .failure(.incomplete(text, expected: "params.<name>")) }
            return .success(.param(name, path: rest.dropFirst().map(\.asKey)))
        case "conf":
            return .success(.conf(path: rest.map(\.asKey)))
        case "secrets":
            guard rest.count == 1, let name = rest.first?.text, SecretValues.isValidName(name) else {
                return .failure(.incomplete(text, expected: "secrets.<NAME> (letters, digits and _)"))
            }
            return .success(.secret(name))
        case "tasks":
            guard let id = rest.first?.text, rest.count >= 2, rest[1] == .name("result") else {
                return .failure(.incomplete(text, expected: "tasks.<id>.result"))
            }
            return .success(.taskResult(id, path: rest.dropFirst(2).map(\.asKey)))
        default:
            return .failure(unknown(text, root: root, field: nil))
        }
    }

    /// An unknown name, with a suggestion that fixes the root (`param.x` → `params.x`) or the field
    /// (`dag.idd` → `dag.id`).
    private static func unknown(_ text: String, root: String, field: String?) -> TemplateExpressionError {
        if let known = fields[root], let field, let near = TemplateSuggestion.nearest(to: field, in: Array(known.keys).sorted()) {
            return .unknownVariable(text, suggestion: "\(root).\(near)")
        }
        guard simple[root] == nil, fields[root] == nil,
              let near = TemplateSuggestion.nearest(to: root, in: roots.sorted()) else {
            return .unknownVariable(text, suggestion: nil)
        }
        return .unknownVariable(text, suggestion: near + text.dropFirst(root.count))
    }

    /// `'text'` or `"text"` with no quote of the same kind inside.
    private static func literal(_ text: String) -> String? {
        guard let first = text.first, first == "'" || first == "\"", text.count >= 2, text.last == first else { return nil }
        let body = text.dropFirst().dropLast()
        return body.contains(first) ? nil : String(body)
    }

    /// `root(.name | ["key"] | ['key'] | [0])*`; nil when the text has any other syntax.
    private static func steps(_ text: String) -> [Step]? {
        let chars = Array(text)
        var i = 0
        var steps: [Step] = []
        func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }
        func name() -> String? {
            let start = i
            while i < chars.count, isNameChar(chars[i]) { i += 1 }
            return i > start ? String(chars[start..<i]) : nil
        }
        guard let first = chars.first, first.isLetter || first == "_", let root = name() else { return nil }
        steps.append(.name(root))
        while i < chars.count {
            if chars[i] == "." {
                i += 1
                guard let field = name() else { return nil }
                steps.append(.name(field))
            } else if chars[i] == "[" {
                i += 1
                guard i < chars.count else { return nil }
                if chars[i] == "'" || chars[i] == "\"" {
                    let quote = chars[i]
                    i += 1
                    let start = i
                    while i < chars.count, chars[i] != quote { i += 1 }
                    guard i < chars.count else { return nil }
                    steps.append(.key(String(chars[start..<i])))
                    i += 1
                } else {
                    let start = i
                    while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                    guard i > start, let index = Int(String(chars[start..<i])) else { return nil }
                    steps.append(.index(index))
                }
                guard i < chars.count, chars[i] == "]" else { return nil }
                i += 1
            } else {
                return nil
            }
        }
        return steps
    }
}
