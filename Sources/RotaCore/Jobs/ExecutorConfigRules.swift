import Foundation

/// What each built-in executor requires of its `executor_config`, checked when a job is submitted
/// so a typo is a 400 now rather than a failed execution at 3 a.m.
public enum ExecutorConfigRules {
    public static let executors = ["shell", "http"]

    static let shellKeys = ["command", "shell", "env", "cwd", "timeout", "su", "mem_limit", "payload"]
    static let httpKeys = ["method", "url", "headers", "body", "timeout", "expectCode", "expectBody", "debug",
                           "tlsNoVerifyPeer", "tlsCertificateFile", "tlsCertificateKeyFile", "tlsRootCAsFile"]

    /// - Throws: `RotaError.invalidInput` naming the executor or the `executor_config` key.
    public static func validate(executor: String, config: [String: String]) throws(RotaError) {
        switch executor {
        case "shell": try validateShell(config)
        case "http": try validateHTTP(config)
        case "":
            throw .invalid("executor: required (one of \(executors.joined(separator: ", ")))")
        default:
            let hint = Suggestion.nearest(to: executor, in: executors).map { "; did you mean \"\($0)\"?" } ?? ""
            throw .invalid("executor: unknown executor \"\(executor)\" (known: \(executors.joined(separator: ", ")))\(hint)")
        }
    }

    private static func checkKeys(_ config: [String: String], _ known: [String], _ executor: String) throws(RotaError) {
        for key in config.keys.sorted() where !known.contains(key) {
            let hint = Suggestion.nearest(to: key, in: known).map { "; did you mean \"\($0)\"?" } ?? ""
            throw .invalid("executor_config.\(key): unknown key for the \(executor) executor\(hint)")
        }
    }

    private static func validateShell(_ config: [String: String]) throws(RotaError) {
        try checkKeys(config, shellKeys, "shell")
        guard let command = config["command"], !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("executor_config.command: required for the shell executor")
        }
        if let shell = config["shell"], !["true", "false", ""].contains(shell) {
            throw .invalid("executor_config.shell: must be \"true\" or \"false\", got \"\(shell)\"")
        }
        if let timeout = config["timeout"], !timeout.isEmpty {
            do {
                let d = try GoDuration.parse(timeout)
                if d <= .zero { throw ScheduleError(message: "must be positive") }
            } catch {
                throw .invalid("executor_config.timeout: \"\(timeout)\" is not a positive duration such as \"90s\" or \"1h30m\"")
            }
        }
        if let env = config["env"], !env.isEmpty {
            for pair in env.split(separator: ",") where !pair.contains("=") {
                throw .invalid("executor_config.env: \"\(pair)\" is not KEY=value (pairs are separated by commas)")
            }
        }
        if let cwd = config["cwd"], !cwd.isEmpty, let problem = PathPolicy.problem(cwd) {
            throw .invalid("executor_config.cwd: \(problem)")
        }
        if let su = config["su"], !su.isEmpty {
            throw .invalid("executor_config.su: running as another user is not supported; run the worker as that user")
        }
        if let limit = config["mem_limit"], !limit.isEmpty {
            throw .invalid("executor_config.mem_limit: memory limits are not supported yet")
        }
    }

    private static func validateHTTP(_ config: [String: String]) throws(RotaError) {
        try checkKeys(config, httpKeys, "http")
        guard let method = config["method"], !method.isEmpty else {
            throw .invalid("executor_config.method: required for the http executor")
        }
        if method.contains(where: { !$0.isLetter }) {
            throw .invalid("executor_config.method: \"\(method)\" is not an HTTP method")
        }
        guard let url = config["url"], let parsed = URL(string: url), let scheme = parsed.scheme,
              ["http", "https"].contains(scheme.lowercased()), parsed.host != nil else {
            throw .invalid("executor_config.url: required, an http:// or https:// URL")
        }
        if let timeout = config["timeout"], !timeout.isEmpty, (Int(timeout) ?? 0) <= 0 {
            throw .invalid("executor_config.timeout: seconds as a positive whole number, got \"\(timeout)\"")
        }
        if let codes = config["expectCode"], !codes.isEmpty {
            for code in codes.split(separator: ",") where Int(code.trimmingCharacters(in: .whitespaces)) == nil {
                throw .invalid("executor_config.expectCode: \"\(code)\" is not a status code")
            }
        }
        if let headers = config["headers"], !headers.isEmpty {
            guard let value = try? JSONValue.parse(Data(headers.utf8)), case .array(let items) = value,
                  items.allSatisfy({ $0.stringValue?.contains(":") == true }) else {
                throw .invalid("executor_config.headers: expected a JSON array of \"Name: value\" strings")
            }
        }
        if let pattern = config["expectBody"], !pattern.isEmpty, (try? NSRegularExpression(pattern: pattern)) == nil {
            throw .invalid("executor_config.expectBody: not a valid regular expression")
        }
    }
}
