import Foundation
import RotaCore

extension WorkflowFileDecoder {
    /// Reads the settings `defaults:` and tasks share, from a mapping already checked for
    /// unknown keys. `task` names the task whose templates these are (nil for `defaults`).
    mutating func knobs(_ object: [String: JSONValue], _ path: String, task: String?) -> TaskKnobs {
        var k = TaskKnobs()
        let at = { (key: String) in Self.child(path, key) }
        k.retries = int(object["retries"], at("retries"), in: 0...1000)
        k.retryDelay = duration(object["retry_delay"], at("retry_delay"), positive: false)
        k.exponentialBackoff = bool(object["retry_exponential_backoff"], at("retry_exponential_backoff"))
        k.maxRetryDelay = duration(object["max_retry_delay"], at("max_retry_delay"), positive: true)
        k.executionTimeout = duration(object["execution_timeout"], at("execution_timeout"), positive: true)
        k.pool = name(object["pool"], at("pool"))
        k.poolSlots = int(object["pool_slots"], at("pool_slots"), in: 1...10_000)
        k.priorityWeight = int(object["priority_weight"], at("priority_weight"), in: -1_000_000...1_000_000)
        k.queue = name(object["queue"], at("queue"))
        if let rule = string(object["trigger_rule"], at("trigger_rule")) {
            k.triggerRule = TriggerRule(rawValue: rule)
            if k.triggerRule == nil {
                let hint = self.hint(rule, TriggerRule.names)
                report(at("trigger_rule"), "unknown trigger rule \"\(rule)\"" + (hint.isEmpty ? " (one of \(TriggerRule.names.joined(separator: ", ")))" : hint))
            }
        }
        k.env = environment(object["env"], at("env"), task: task)
        if let cwd = requiredIfPresent(object["cwd"], at("cwd")) {
            if let problem = PathPolicy.problem(Self.withoutTemplates(cwd)) {
                report(at("cwd"), problem)
            } else {
                k.cwd = cwd
                template(cwd, at("cwd"), task: task)
            }
        }
        return k
    }

    /// A non-empty string when the key is present.
    mutating func requiredIfPresent(_ value: JSONValue?, _ path: String) -> String? {
        guard let value, value != .null else { return nil }
        return requiredString(value, path)
    }

    /// A pool or queue name: `JobDefinition.validateLabel`'s letters, digits, `_`, `-` and `.`.
    private mutating func name(_ value: JSONValue?, _ path: String) -> String? {
        guard let text = requiredIfPresent(value, path) else { return nil }
        do { try JobDefinition.validateLabel(text, field: path) } catch {
            report(path, String(error.message.dropFirst(path.count + 2)))
            return nil
        }
        return text
    }

    /// Environment variables: POSIX names, values as text, `ROTA_` reserved.
    mutating func environment(_ value: JSONValue?, _ path: String, task: String?) -> [String: String]? {
        guard let map = stringMap(value, path) else { return nil }
        var out: [String: String] = [:]
        for key in keyOrder[path] ?? map.keys.sorted() {
            guard let text = map[key] else { continue }
            let at = Self.child(path, key)
            if key.utf8.count > Self.maxVariableName {
                report(at, "an environment variable name is at most \(Self.maxVariableName) characters")
            } else if !Self.isEnvironmentName(key) {
                report(at, "not a valid environment variable name (letters, digits and \"_\", not starting with a digit)")
            } else if key.hasPrefix("ROTA_") {
                report(at, "names starting with ROTA_ are set by Rota")
            } else {
                out[key] = text
                template(text, at, task: task)
            }
        }
        return out
    }

    /// The longest environment variable or param name accepted.
    static let maxVariableName = 200

    static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
