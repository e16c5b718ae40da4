import Foundation
import RotaCore

extension WorkflowFileDecoder {
    /// `noop` (succeed at once, run nothing) exists only for `bench/`'s engine-only workload: it is
    /// a known field only when `ROTA_BENCH_NOOP_EXECUTOR=1`, the same switch that registers it.
    static let executorFields = ["command", "http", "trigger_workflow"] + (benchNoop ? ["noop"] : [])
    static let benchNoop = ProcessInfo.processInfo.environment["ROTA_BENCH_NOOP_EXECUTOR"] == "1"
    static let httpFields = ["method", "url", "headers", "body", "expect_code", "expect_body"]
    static let triggerFields = ["workflow", "conf", "wait"]

    /// The task's executor and its config: exactly one of `command`, `http`, `trigger_workflow`.
    mutating func executor(_ o: [String: JSONValue], _ path: String, task: String, cwd: String?,
                           workflowId: String) -> (String, [String: String]) {
        let present = Self.executorFields.filter { o[$0] != nil && o[$0] != .null }
        if present.isEmpty {
            report(path, "no executor; give one of command, http or trigger_workflow")
            return ("", [:])
        }
        if present.count > 1 { report(path, "more than one executor (\(present.joined(separator: ", "))); give exactly one") }
        let resolved = present.map { key -> (String, [String: String]) in
            let at = Self.child(path, key)
            switch key {
            case "command": return ("shell", shell(o[key], at, task: task, cwd: cwd))
            case "http": return ("http", http(o[key] ?? .null, at, task: task))
            case "noop": return ("noop", [:])
            default: return ("trigger_workflow", trigger(o[key] ?? .null, at, workflowId: workflowId, task: task))
            }
        }
        return resolved[0]
    }

    /// `command:` runs under `/bin/sh -c`, with templates quoted for the shell.
    private mutating func shell(_ value: JSONValue?, _ path: String, task: String, cwd: String?) -> [String: String] {
        var config = ["shell": "true"]
        if let command = requiredString(value, path) {
            config["command"] = command
            template(command, path, mode: .shell, task: task)
        }
        if let cwd { config["cwd"] = cwd }
        return config
    }

    private mutating func http(_ value: JSONValue, _ path: String, task: String) -> [String: String] {
        guard let o = object(value, path, known: Self.httpFields) else { return [:] }
        let at = { (key: String) in Self.child(path, key) }
        var config: [String: String] = [:]
        let method = requiredIfPresent(o["method"], at("method")) ?? "GET"
        if method.contains(where: { !$0.isLetter }) { report(at("method"), "\"\(method)\" is not an HTTP method") }
        config["method"] = method.uppercased()
        if let url = requiredString(o["url"], at("url")), checkURL(url, at("url")) {
            config["url"] = url
            template(url, at("url"), task: task)
        }
        if let headers = headers(o["headers"], at("headers"), task: task), !headers.isEmpty {
            let lines = headers.keys.sorted().map { JSONValue.string("\($0): \(headers[$0]!)") }
            config["headers"] = JSONValue.array(lines).compactJSON
        }
        if let body = string(o["body"], at("body")) {
            config["body"] = body
            template(body, at("body"), task: task)
        }
        if let codes = expectCodes(o["expect_code"], at("expect_code")) { config["expectCode"] = codes }
        if let pattern = string(o["expect_body"], at("expect_body")) {
            if (try? NSRegularExpression(pattern: pattern)) == nil {
                report(at("expect_body"), "not a valid regular expression")
            } else {
                config["expectBody"] = pattern
            }
        }
        return config
    }

    /// Header names to values; names must be HTTP tokens.
    mutating func headers(_ value: JSONValue?, _ path: String, task: String?) -> [String: String]? {
        guard let map = stringMap(value, path) else { return nil }
        var out: [String: String] = [:]
        for name in keyOrder[path] ?? map.keys.sorted() {
            guard let text = map[name] else { continue }
            if name.isEmpty || name.contains(where: { $0 == ":" || $0.isWhitespace || !$0.isASCII }) {
                report(Self.child(path, name), "not a valid header name")
                continue
            }
            out[name] = text
            template(text, Self.child(path, name), task: task)
        }
        return out
    }

    private mutating func expectCodes(_ value: JSONValue?, _ path: String) -> String? {
        guard let value, value != .null else { return nil }
        let items: [(JSONValue, String)]
        if case .array(let list) = value {
            items = list.enumerated().map { ($1, "\(path)[\($0)]") }
        } else {
            items = [(value, path)]
        }
        var codes: [String] = []
        for (item, at) in items {
            if let code = int(item, at, in: 100...599) { codes.append(String(code)) }
        }
        return codes.isEmpty ? nil : codes.joined(separator: ",")
    }

    /// An http(s) URL with a host; each template counts as one word of text, and a URL that
    /// starts with a template is taken on trust (its scheme is not known until it is rendered).
    mutating func checkURL(_ url: String, _ path: String) -> Bool {
        if url.hasPrefix("{{") { return true }
        guard let parsed = URL(string: Self.withoutTemplates(url)), let scheme = parsed.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = parsed.host, !host.isEmpty else {
            report(path, "expected an http:// or https:// URL, got \"\(url)\"")
            return false
        }
        return true
    }

    /// `text` with each `{{ … }}` replaced by `x`.
    static func withoutTemplates(_ text: String) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { return out + rest[open.lowerBound...] }
            out += "x"
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// `trigger_workflow: name` or `{workflow, conf, wait}`.
    private mutating func trigger(_ value: JSONValue, _ path: String, workflowId: String, task: String) -> [String: String] {
        var config = ["conf": "{}", "wait": "false"]
        var name: String?
        var namePath = path
        if case .string = value {
            name = requiredString(value, path)
        } else if let o = object(value, path, known: Self.triggerFields, what: "a workflow id or {workflow, conf, wait}") {
            namePath = Self.child(path, "workflow")
            name = requiredString(o["workflow"], namePath)
            if let conf = o["conf"], conf != .null {
                if case .object = conf {
                    config["conf"] = conf.compactJSON
                    templateStrings(in: conf, Self.child(path, "conf"), task: task)
                } else {
                    report(Self.child(path, "conf"), "expected a mapping, got \(conf.kindName)")
                }
            }
            if let wait = bool(o["wait"], Self.child(path, "wait")) { config["wait"] = wait ? "true" : "false" }
        }
        if let name, checkName(name, namePath) {
            if name == workflowId { report(namePath, "a workflow cannot trigger itself") }
            config["workflow"] = name
        }
        return config
    }

    /// Every string inside a JSON value is a template (rendered one string at a time).
    private mutating func templateStrings(in value: JSONValue, _ path: String, task: String) {
        switch value {
        case .string(let text): template(text, path, task: task)
        case .array(let items): for (i, item) in items.enumerated() { templateStrings(in: item, "\(path)[\(i)]", task: task) }
        case .object(let object):
            for key in keyOrder[path] ?? object.keys.sorted() {
                if let item = object[key] { templateStrings(in: item, Self.child(path, key), task: task) }
            }
        case .null, .bool, .number: break
        }
    }
}
