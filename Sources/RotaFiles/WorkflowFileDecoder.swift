import Foundation
import RotaCore

/// Reads one workflow document field by field, collecting every problem with its path and line
/// instead of stopping at the first.
///
/// Each reader returns nil (after recording why) when a value is wrong, and nil silently when it
/// is absent, so the caller applies its default and carries on to the next field.
struct WorkflowFileDecoder {
    let file: String
    let lines: [String: Int]
    let keyOrder: [String: [String]]
    private(set) var problems: [WorkflowFileProblem] = []
    /// Text to check as templates once every param and task id is known.
    var templateSites: [TemplateSite] = []
    /// How many more candidate names the did-you-mean hints of this file may compare against.
    /// Each hint compares its word with every candidate, so a file with thousands of unknown names
    /// and thousands of tasks would cost their product; past the budget problems have no hint.
    var suggestionBudget = 20_000

    init(file: String, lines: [String: Int], keyOrder: [String: [String]]) {
        self.file = file
        self.lines = lines
        self.keyOrder = keyOrder
    }

    // MARK: Problems

    mutating func report(_ path: String, _ message: String) {
        problems.append(WorkflowFileProblem(file: file, line: line(for: path), field: path.isEmpty ? nil : path, message: message))
    }

    /// The line of `path`, or of its nearest ancestor that has one (a missing field is reported on
    /// the line of the mapping that lacks it); 1 for the top of the document.
    func line(for path: String) -> Int {
        var current = path
        while !current.isEmpty {
            if let line = lines[current] { return line }
            current = Self.parent(of: current)
        }
        return 1
    }

    static func parent(of path: String) -> String {
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { return String(path[..<open]) }
        if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
        return ""
    }

    static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The path of item `index` of a value that may be a list or a single item standing for one.
    static func itemPath(_ value: JSONValue?, _ path: String, _ index: Int) -> String {
        if case .array? = value { return "\(path)[\(index)]" }
        return path
    }

    /// "; did you mean …?" for `word`, or "" when nothing is close or the budget is spent.
    mutating func hint(_ word: String, _ candidates: [String]) -> String {
        guard candidates.count <= suggestionBudget else { return "" }
        suggestionBudget -= candidates.count
        // A candidate whose length differs by more than the distance `Suggestion` accepts cannot be
        // the answer: leaving it out keeps a word of megabytes from costing its length per candidate.
        let length = word.lowercased().count
        let slack = max(2, word.count / 3)
        let near = candidates.filter { abs($0.lowercased().count - length) <= slack }
        return Suggestion.nearest(to: word, in: near).map { "; did you mean \"\($0)\"?" } ?? ""
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "\"\(s)\""
        case .number: return value.scalarText ?? "a number"
        default: return value.kindName
        }
    }

    /// Names Airflow users reach for, and what Rota calls them.
    static let airflowNames = [
        "dag_id": "use \"id\"", "task_id": "use \"id\"", "schedule_interval": "use \"schedule\"",
        "default_args": "use \"defaults\"", "bash_command": "use \"command\"", "depends_on": "use \"upstream\"",
        "dependencies": "use \"upstream\"", "timeout": "use the task's \"execution_timeout\"",
        "sla": "use a notification rule with \"on: sla_miss\" and \"sla\"", "environment": "use \"env\"",
    ]

    // MARK: Typed readers

    /// The mapping at `path`, with unknown keys reported (in file order, with a did-you-mean).
    mutating func object(_ value: JSONValue, _ path: String, known: [String], what: String = "a mapping") -> [String: JSONValue]? {
        guard case .object(let object) = value else {
            report(path, "expected \(what), got \(value.kindName)")
            return nil
        }
        let order = keyOrder[path] ?? object.keys.sorted()
        for key in order where !known.contains(key) {
            let advice = Self.airflowNames[key].map { "; \($0)" } ?? self.hint(key, known)
            report(Self.child(path, key), "unknown field" + advice)
        }
        return object
    }

    mutating func string(_ value: JSONValue?, _ path: String) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let s) = value else {
            report(path, "expected a string, got \(value.kindName)")
            return nil
        }
        return s
    }

    /// A string that must be present and not blank.
    mutating func requiredString(_ value: JSONValue?, _ path: String) -> String? {
        guard let value, value != .null else {
            report(path, "required")
            return nil
        }
        guard let s = string(value, path) else { return nil }
        if s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            report(path, "must not be empty")
            return nil
        }
        return s
    }

    mutating func bool(_ value: JSONValue?, _ path: String) -> Bool? {
        guard let value, value != .null else { return nil }
        guard case .bool(let b) = value else {
            report(path, "expected true or false, got \(Self.describe(value))")
            return nil
        }
        return b
    }

    mutating func int(_ value: JSONValue?, _ path: String, in range: ClosedRange<Int>) -> Int? {
        guard let value, value != .null else { return nil }
        guard case .number(let n) = value, n.rounded() == n, n >= Double(range.lowerBound), n <= Double(range.upperBound) else {
            report(path, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(Self.describe(value))")
            return nil
        }
        return Int(n)
    }

    /// A list of strings; a single string counts as a list of one when `single` is allowed.
    mutating func stringList(_ value: JSONValue?, _ path: String, allowSingle: Bool = false) -> [String]? {
        guard let value, value != .null else { return nil }
        if allowSingle, case .string(let s) = value { return [s] }
        guard case .array(let items) = value else {
            report(path, "expected a list of strings, got \(value.kindName)")
            return nil
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let text = item.scalarText else {
                report("\(path)[\(i)]", "expected a string, got \(item.kindName)")
                continue
            }
            out.append(text)
        }
        return out
    }

    /// A mapping of names to scalars (numbers and booleans are taken as their text).
    mutating func stringMap(_ value: JSONValue?, _ path: String) -> [String: String]? {
        guard let value, value != .null else { return nil }
        guard case .object(let object) = value else {
            report(path, "expected a mapping of names to values, got \(value.kindName)")
            return nil
        }
        var out: [String: String] = [:]
        for key in keyOrder[path] ?? object.keys.sorted() {
            guard let item = object[key], let text = item.scalarText else {
                report(Self.child(path, key), "expected a string, got \(object[key]?.kindName ?? "nothing")")
                continue
            }
            out[key] = text
        }
        return out
    }

    /// The longest duration a workflow file may give (a retry delay, timeout or SLA of more than a
    /// year is a typo, and doubling it for retries would leave every clock's range).
    static let longestDuration = Duration.seconds(365 * 86_400)

    /// A Go duration ("90s", "1h30m") or a number of seconds, at most `longestDuration`.
    /// `positive` refuses zero.
    mutating func duration(_ value: JSONValue?, _ path: String, positive: Bool) -> Duration? {
        guard let value, value != .null else { return nil }
        let parsed: Duration
        switch value {
        case .number(let seconds) where seconds.isFinite && abs(seconds) < 1e12:
            parsed = .milliseconds(Int64((seconds * 1000).rounded()))
        case .string(let text):
            do { parsed = try GoDuration.parse(text.trimmingCharacters(in: .whitespaces)) } catch {
                report(path, error.message)
                return nil
            }
        default:
            report(path, "expected a duration such as \"30s\", \"5m\" or \"1h30m\", got \(Self.describe(value))")
            return nil
        }
        if parsed < .zero || (positive && parsed == .zero) {
            report(path, "must be \(positive ? "positive" : "zero or more"), got \(Self.describe(value))")
            return nil
        }
        if parsed > Self.longestDuration {
            report(path, "must be at most 8760h (365 days), got \(Self.describe(value))")
            return nil
        }
        return parsed
    }

    /// Dkron's name rule (lower-case letters, digits, `_`, `-`), reported at `path`.
    mutating func checkName(_ name: String, _ path: String) -> Bool {
        do {
            try JobDefinition.validateName(name, field: path)
            return true
        } catch {
            let prefix = "\(path): "
            report(path, error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message)
            return false
        }
    }

    /// Records text to check as a template once params and task ids are known.
    mutating func template(_ text: String, _ path: String, mode: TemplateMode = .raw, task: String? = nil) {
        guard text.contains("{{") else { return }
        templateSites.append(TemplateSite(path: path, text: text, mode: mode, task: task))
    }
}
