import Foundation
import RotaCore
import Yams

/// Reads a JSON or YAML document into a `JSONValue`, remembering the line of every key so an
/// error about a field can name the line it is on.
struct DocumentReader {
    /// Line of each key path (`"executor_config.command"`, `"[1].schedule"`), 1-based.
    private(set) var lines: [String: Int] = [:]

    /// - Throws: `RotaError.invalidInput` ("file:line: …") when the text is not JSON or YAML.
    mutating func read(_ text: String, file: String) throws(RotaError) -> JSONValue {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw .invalid("\(file): not valid JSON or YAML: \(Self.describe(error))")
        } catch {
            throw .invalid("\(file): not valid JSON or YAML: \(error)")
        }
        guard let node else { throw .invalid("\(file): the file is empty") }
        return convert(node, path: "")
    }

    /// The line for an error message whose text starts with a field path ("schedule: …").
    func line(forMessage message: String, prefix: String = "") -> Int? {
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
            case Tag.Name.float.rawValue: return node.float.map { .number($0) } ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var out: [String: JSONValue] = [:]
            for (key, value) in mapping {
                let name = key.string ?? ""
                let child = path.isEmpty ? name : "\(path).\(name)"
                lines[child] = key.mark?.line
                out[name] = convert(value, path: child)
            }
            return .object(out)
        case .sequence(let sequence):
            return .array(sequence.enumerated().map { index, item in
                let child = "\(path)[\(index)]"
                lines[child] = item.mark?.line
                return convert(item, path: child)
            })
        case .alias:
            return .null
        }
    }

    private static func describe(_ error: YamlError) -> String {
        "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
