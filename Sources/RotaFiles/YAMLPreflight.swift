internal import CYaml

/// A pass over libyaml's event stream before the document is built: syntax errors with their
/// line, duplicate keys at the line of the repeat, anchors and aliases, nesting depth, and a
/// second document.
///
/// Why before composing: an alias makes a node appear many times without costing text, so a few
/// hundred bytes of nested aliases ("billion laughs") expand to billions of nodes, and Yams hashes
/// mapping keys (aliases included) while it composes. Refusing anchors and aliases here, where
/// every event is seen once, keeps reading a file linear in its size; refusing deep nesting keeps
/// the recursive composer within its stack. Workflow and job files never need either.
enum YAMLPreflight {
    private enum Frame {
        case sequence
        case mapping(expectingKey: Bool, keys: Set<String>)
    }

    /// Every problem found; empty when the text can be composed safely. A syntax error ends the
    /// scan (and is the last problem).
    static func problems(in text: String, maxDepth: Int) -> [DocumentProblem] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return [DocumentProblem(line: nil, message: "out of memory")] }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0x20] }
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return scan(&parser, maxDepth: maxDepth)
        }
    }

    private static func scan(_ parser: inout yaml_parser_t, maxDepth: Int) -> [DocumentProblem] {
        var problems: [DocumentProblem] = []
        var frames: [Frame] = []
        var documents = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                problems.append(syntaxProblem(parser, maxDepth: maxDepth))
                return problems
            }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return problems
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    problems.append(DocumentProblem(line: line, message: "more than one YAML document (\"---\"); a file holds one"))
                    return problems
                }
            case YAML_ALIAS_EVENT:
                problems.append(anchorProblem(line, "alias \"*\(name(event.data.alias.anchor))\""))
                noteNode(&frames, key: nil)
            case YAML_SCALAR_EVENT:
                if let anchor = event.data.scalar.anchor { problems.append(anchorProblem(line, "anchor \"&\(name(anchor))\"")) }
                let value = String(decoding: UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length),
                                   as: UTF8.self)
                if let duplicate = noteNode(&frames, key: value) {
                    problems.append(DocumentProblem(line: line, message: "duplicate key \"\(duplicate)\""))
                }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                if let anchor { problems.append(anchorProblem(line, "anchor \"&\(name(anchor))\"")) }
                noteNode(&frames, key: nil)
                frames.append(isMapping ? .mapping(expectingKey: true, keys: []) : .sequence)
                if frames.count > maxDepth {
                    problems.append(DocumentProblem(line: line, message: "nested deeper than \(maxDepth) levels"))
                    return problems
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                _ = frames.popLast()
            default:
                break
            }
        }
    }

    /// Records a node in the enclosing mapping; returns the key when it repeats an earlier one.
    @discardableResult
    private static func noteNode(_ frames: inout [Frame], key: String?) -> String? {
        guard case .mapping(let expectingKey, var keys)? = frames.last else { return nil }
        // Drop the frame's reference first: otherwise `keys` is shared and every insert copies the
        // whole set, making a mapping of n keys cost n² (150,000 keys took minutes).
        frames[frames.count - 1] = .sequence
        var duplicate: String?
        if expectingKey, let key {
            if !keys.insert(key).inserted { duplicate = key }
        }
        frames[frames.count - 1] = .mapping(expectingKey: !expectingKey, keys: keys)
        return duplicate
    }

    private static func anchorProblem(_ line: Int, _ what: String) -> DocumentProblem {
        DocumentProblem(line: line, message: "YAML anchors and aliases are not supported (found \(what)); write the values out")
    }

    private static func name(_ pointer: UnsafeMutablePointer<UInt8>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func syntaxProblem(_ parser: yaml_parser_t, maxDepth: Int) -> DocumentProblem {
        // libyaml's own nesting limit (1000) can trip before the event that would reach ours.
        if let problem = parser.problem, String(cString: problem).hasPrefix("Maximum nesting level") {
            return DocumentProblem(line: Int(parser.problem_mark.line) + 1, message: "nested deeper than \(maxDepth) levels")
        }
        var message = parser.problem.map { String(cString: $0) } ?? "unreadable input"
        if let context = parser.context {
            message += " (\(String(cString: context)) at line \(parser.context_mark.line + 1))"
        }
        let line = parser.error == YAML_READER_ERROR ? nil : Int(parser.problem_mark.line) + 1
        return DocumentProblem(line: line, message: "not valid JSON or YAML: " + message)
    }
}
