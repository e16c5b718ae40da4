import Foundation
import RotaCore
import Yams

/// Reads a JSON or YAML document into a `JSONValue`, remembering the line of every key so an
/// error about a field can name the line it is on.
///
/// Anchors and aliases are refused (see `YAMLPreflight`: they are how "billion laughs" files
/// explode), as are duplicate keys and nesting deeper than `maxDepth`.
public struct DocumentReader {
    /// The deepest nesting of lists and mappings accepted (the API's JSON limit).
    public static let maxDepth = 64

    /// Below a path longer than this (a key of kilobytes) no line or key order is recorded: every
    /// node there would copy the whole path, so memory would grow with the key's length times the
    /// number of nodes under it. Problems there are reported at the nearest recorded ancestor's line.
    static let maxRecordedPath = 256

    /// Line of each key path (`"executor_config.command"`, `"[1].schedule"`, `"tasks[2]"`), 1-based.
    public private(set) var lines: [String: Int] = [:]
    /// The keys of each mapping in the order written, by the mapping's path (`""` for the top).
    public private(set) var keyOrder: [String: [String]] = [:]

    public init() {}

    /// - Throws: `RotaError.invalidInput` ("file:line: …") when the text is not JSON or YAML.
    public mutating func read(_ text: String, file: String) throws(RotaError) -> JSONValue {
        switch parse(text) {
        case .success(let value):
            return value
        case .failure(let failure):
            let first = failure.problems[0]
            throw .invalid("\(file)\(first.line.map { ":\($0)" } ?? ""): \(first.message)")
        }
    }

    /// The document, or every problem that keeps it from being read (at least one).
    public mutating func parse(_ text: String) -> Result<JSONValue, DocumentProblems> {
        lines = [:]
        keyOrder = [:]
        let problems = YAMLPreflight.problems(in: text, maxDepth: Self.maxDepth)
        if !problems.isEmpty { return .failure(DocumentProblems(problems)) }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(DocumentProblems([DocumentProblem(line: Self.line(of: error), message: "not valid JSON or YAML: \(Self.describe(error))")]))
        } catch {
            return .failure(DocumentProblems([DocumentProblem(line: nil, message: "not valid JSON or YAML: \(error)")]))
        }
        guard let node else { return .failure(DocumentProblems([DocumentProblem(line: nil, message: "the file is empty")])) }
        return .success(convert(node, path: ""))
    }

    /// The line for an error message whose text starts with a field path ("schedule: …").
    public func line(forMessage message: String, prefix: String = "") -> Int? {
        guard let colon = message.firstIndex(of: ":") else { return nil }
        var path = String(message[..<colon])
        if path.contains(" ") { return nil }
        while !path.isEmpty {
            if let line = lines[prefix + path] { return line }
            guard let dot = path.lastIndex(of: ".") else { break }
            path = String(path[..<dot])
        }
        return nil
    }

    private mutating func convert(_ node: Node, path: String) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: return node.int.map { .number(Double($0)) } ?? .string(scalar.string)
            case Tag.Name.float.rawValue:
                guard let value = node.float, value.isFinite else { return .string(scalar.string) }
                return .number(value)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var out: [String: JSONValue] = [:]
            var order: [String] = []
            let record = path.utf8.count <= Self.maxRecordedPath
            for (key, value) in mapping {
                let name = key.string ?? ""
                let child = record ? (path.isEmpty ? name : "\(path).\(name)") : path
                if record { lines[child] = key.mark?.line }
                order.append(name)
                out[name] = convert(value, path: child)
            }
            if record { keyOrder[path] = order }
            return .object(out)
        case .sequence(let sequence):
            let record = path.utf8.count <= Self.maxRecordedPath
            return .array(sequence.enumerated().map { index, item in
                let child = record ? "\(path)[\(index)]" : path
                if record { lines[child] = item.mark?.line }
                return convert(item, path: child)
            })
        case .alias:
            return .null
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return nil
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }
}
