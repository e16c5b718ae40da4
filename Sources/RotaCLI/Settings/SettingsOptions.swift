import ArgumentParser
import Foundation
import RotaCore
import RotaFiles
import RotaLuigi
import Yams

/// The flags every server-like command shares, and their resolution into `RotaSettings`.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Config file (YAML); also ROTA_CONFIG.") var config: String?
    @Option(help: "Data directory (default ./rota-data); also ROTA_HOME.") var home: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "HTTP port (default 8080; 0 picks a free one).") var port: Int?
    @Option(help: "postgres://user:password@host:port/db (default: SQLite in the data directory).") var databaseURL: String?
    @Option(help: "This node's name (default: the host name).") var nodeName: String?
    @Option(help: "Folder of job files loaded at start (default ./jobs).") var jobsDir: String?
    @Option(help: "Folder of workflow files, watched for changes (default ./dags).") var dagsDir: String?
    @Option(help: "Tasks run at once by this process (default 4).") var workers: Int?
    @Option(help: "Bytes of output kept per execution (default 256000).") var outputLimit: Int?
    @Option(help: "Finished runs kept per job (default 1000).") var retentionRuns: Int?
    @Option(help: "Days finished runs are kept (default 90).") var retentionDays: Int?
    @Option(help: "Seconds without a heartbeat before a worker's tasks fail as zombies (default 60).") var zombieTimeout: Int?
    @Option(help: "trace, debug, info, notice, warning, error or critical (default info).") var logLevel: String?
    @Option(help: "SMTP relay for e-mail notifications (default: none).") var smtpHost: String?
    @Option(help: "SMTP port (default 25).") var smtpPort: Int?
    @Option(help: "Sender address of notification e-mails.") var smtpFrom: String?
    @Option(help: "SMTP user (the password comes from ROTA_SMTP_PASSWORD or the config file).") var smtpUsername: String?
    @Option(help: "URL told about every job execution (Dkron's webhook-endpoint).") var webhookURL: String?
    @Option(help: "Body template of that webhook ({{ workflow }}, {{ state }}, …).") var webhookPayload: String?
    @Option(help: "Headers of that webhook: \"Name: value; Other: value\".") var webhookHeaders: String?
    @Option(help: "luigid-compatible port for luigi workers (default 8082; 0 turns it off).") var luigiPort: Int?
    @Option(help: "luigi [scheduler] retry_delay, seconds (default 900).") var luigiRetryDelay: Double?
    @Option(help: "luigi [scheduler] worker_disconnect_delay, seconds (default 60).") var luigiWorkerDisconnectDelay: Double?
    @Option(help: "luigi [scheduler] remove_delay, seconds (default 600).") var luigiRemoveDelay: Double?
    @Option(help: "luigi [scheduler] disable_window, seconds (default 3600).") var luigiDisableWindow: Double?
    @Option(help: "luigi [scheduler] retry_count (default 999999999).") var luigiRetryCount: Double?
    @Option(help: "luigi [scheduler] disable_hard_timeout, seconds (default 999999999).") var luigiDisableHardTimeout: Double?
    @Option(help: "luigi [scheduler] disable_persist, seconds (default 86400).") var luigiDisablePersist: Double?
    @Option(help: "luigi [resources] limits: name=N,name2=M (others: 1).") var luigiResources: String?
    @Option(help: "Folder of secret files, one per secret named after it (default <home>/secrets); also ROTA_SECRET_<NAME> variables.") var secretsDir: String?
    @Option(help: "PEM certificate (chain) for HTTPS on the main port; with --tls-key.") var tlsCert: String?
    @Option(help: "PEM private key for HTTPS; with --tls-cert.") var tlsKey: String?
    @Flag(help: "Require API tokens (rota tokens create) on every route but /health; also ROTA_AUTH=true.") var auth = false
    @Flag(help: "Listen on a non-loopback address without --auth (behind a firewall or proxy); also ROTA_INSECURE=1.") var insecure = false

    /// Flags over environment over file over defaults.
    ///
    /// - Throws: `ValidationError` naming the file, line and key of a bad config entry.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RotaSettings {
        var file: [String: (value: String, line: Int)] = [:]
        let path = config ?? environment["ROTA_CONFIG"]
        if let path { file = try Self.readConfigFile(path) }
        func pick(_ key: String, _ flag: String?) -> (String, String)? {
            if let flag { return (flag, "--\(key.replacingOccurrences(of: "_", with: "-"))") }
            if let env = environment["ROTA_" + key.uppercased()], !env.isEmpty { return (env, "ROTA_" + key.uppercased()) }
            if let entry = file[key], let path { return (entry.value, "\(path):\(entry.line): \(key)") }
            return nil
        }
        func int(_ key: String, _ flag: Int?, range: ClosedRange<Int>) throws -> Int? {
            guard let (text, source) = pick(key, flag.map(String.init)) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw ValidationError("\(source): \"\(text)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        var s = RotaSettings()
        if let (v, _) = pick("home", home) { s.home = v }
        if let (v, _) = pick("host", host) { s.host = v }
        if let v = try int("port", port, range: 0...65535) { s.port = v }
        if let (v, _) = pick("database_url", databaseURL) { s.databaseURL = v.isEmpty ? nil : v }
        if let (v, _) = pick("node_name", nodeName) { s.nodeName = v }
        if let (v, _) = pick("jobs_dir", jobsDir) { s.jobsDir = v }
        if let (v, _) = pick("dags_dir", dagsDir) { s.dagsDir = v }
        if let v = try int("workers", workers, range: 0...1024) { s.workers = v }
        if let v = try int("output_limit", outputLimit, range: 1024...(64 << 20)) { s.outputLimit = v }
        if let v = try int("retention_runs", retentionRuns, range: 1...10_000_000) { s.retentionRuns = v }
        if let v = try int("retention_days", retentionDays, range: 1...36_500) { s.retentionDays = v }
        if let v = try int("zombie_timeout", zombieTimeout, range: 2...86_400) { s.zombieTimeout = v }
        if let (v, _) = pick("smtp_host", smtpHost) { s.smtpHost = v.isEmpty ? nil : v }
        if let v = try int("smtp_port", smtpPort, range: 1...65535) { s.smtpPort = v }
        if let (v, _) = pick("smtp_from", smtpFrom) { s.smtpFrom = v }
        if let (v, _) = pick("smtp_username", smtpUsername) { s.smtpUsername = v }
        if let (v, _) = pick("smtp_password", nil) { s.smtpPassword = v }
        if let (v, source) = pick("webhook_url", webhookURL), !v.isEmpty {
            guard let url = URL(string: v), ["http", "https"].contains(url.scheme ?? "") else {
                throw ValidationError("\(source): \"\(v)\" is not an http:// or https:// URL")
            }
            s.webhookURL = v
        }
        if let (v, _) = pick("webhook_payload", webhookPayload) { s.webhookPayload = v }
        if let (v, _) = pick("webhook_headers", webhookHeaders) { s.webhookHeaders = v }
        if let v = try int("luigi_port", luigiPort, range: 0...65535) { s.luigiPort = v }
        func seconds(_ key: String, _ flag: Double?) throws -> Double? {
            guard let (text, source) = pick(key, flag.map { String($0) }) else { return nil }
            guard let value = Double(text), value.isFinite else { throw ValidationError("\(source): \"\(text)\" is not a number") }
            return value
        }
        if let v = try seconds("luigi_retry_delay", luigiRetryDelay) { s.luigi.retryDelay = v }
        if let v = try seconds("luigi_worker_disconnect_delay", luigiWorkerDisconnectDelay) { s.luigi.workerDisconnectDelay = v }
        if let v = try seconds("luigi_remove_delay", luigiRemoveDelay) { s.luigi.removeDelay = v }
        if let v = try seconds("luigi_disable_window", luigiDisableWindow) { s.luigi.disableWindow = v }
        if let v = try seconds("luigi_retry_count", luigiRetryCount) { s.luigi.retryCount = v }
        if let v = try seconds("luigi_disable_hard_timeout", luigiDisableHardTimeout) { s.luigi.disableHardTimeout = v }
        if let v = try seconds("luigi_disable_persist", luigiDisablePersist) { s.luigi.disablePersist = v }
        if let (v, source) = pick("luigi_resources", luigiResources) {
            do { s.luigi.resources = try LuigiConfig.parseResources(v) } catch { throw ValidationError("\(source): \(error)") }
        }
        func flag(_ key: String, _ given: Bool) throws -> Bool? {
            guard let (text, source) = pick(key, given ? "true" : nil) else { return nil }
            switch text.lowercased() {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: throw ValidationError("\(source): \"\(text)\" is not true or false")
            }
        }
        if let v = try flag("auth", auth) { s.auth = v }
        if let (v, _) = pick("secrets_dir", secretsDir) { s.secretsDir = v }
        if let (v, _) = pick("tls_cert", tlsCert) { s.tlsCert = v.isEmpty ? nil : v }
        if let (v, _) = pick("tls_key", tlsKey) { s.tlsKey = v.isEmpty ? nil : v }
        if (s.tlsCert == nil) != (s.tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together: give both or neither") }
        if let v = try flag("insecure", insecure) { s.insecure = v }
        if let (v, source) = pick("log_level", logLevel) {
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(v) else {
                throw ValidationError("\(source): \"\(v)\" is not a log level (trace, debug, info, notice, warning, error, critical)")
            }
            s.logLevel = v
        }
        return s
    }

    /// Reads `key: value` pairs from a YAML mapping, keeping each key's line for error messages.
    static func readConfigFile(_ path: String) throws -> [String: (value: String, line: Int)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("\(path): cannot read the config file")
        }
        if text.utf8.count > 1 << 20 { throw ValidationError("\(path): larger than 1 MiB") }
        // Refused before composing, as in workflow files: anchors and aliases ("billion laughs"),
        // duplicate keys, nesting deeper than 64 levels.
        var reader = DocumentReader()
        if case .failure(let failure) = reader.parse(text), let problem = failure.problems.first,
           problem.message != "the file is empty" {
            throw ValidationError("\(path)\(problem.line.map { ":\($0)" } ?? ""): \(problem.message)")
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw ValidationError("\(path): not valid YAML: \(error)")
        }
        guard let node else { return [:] }
        guard let mapping = node.mapping else { throw ValidationError("\(path): expected a mapping of settings") }
        var out: [String: (value: String, line: Int)] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            let line = key.mark?.line ?? 0
            guard RotaSettings.keys.contains(name) else {
                let hint = Suggestion.nearest(to: name, in: RotaSettings.keys).map { "; did you mean \"\($0)\"?" } ?? ""
                throw ValidationError("\(path):\(line): unknown setting \"\(name)\"\(hint)")
            }
            guard let scalar = value.scalar else { throw ValidationError("\(path):\(line): \(name): expected a single value") }
            out[name] = (scalar.string, line)
        }
        return out
    }
}
