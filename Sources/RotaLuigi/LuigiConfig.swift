import Foundation

/// Luigi's `[scheduler]` section and `[resources]` limits, with luigid's defaults.
///
/// Times are seconds, as in luigi's config. Rota reads them from its own settings
/// (`luigi_retry_delay`, …); see docs/luigi.md for the mapping.
public struct LuigiConfig: Sendable, Equatable {
    public var retryDelay: Double = 900
    public var removeDelay: Double = 600
    public var workerDisconnectDelay: Double = 60
    public var disableWindow: Double = 3600
    public var retryCount: Double = 999_999_999
    public var disableHardTimeout: Double = 999_999_999
    public var disablePersist: Double = 86400
    public var maxShownTasks = 100_000
    public var maxGraphNodes = 100_000
    public var stableDoneCooldown: Double = 10
    public var pauseEnabled = true
    public var sendMessages = true
    public var pruneOnGetWork = false
    /// How often the graph is pruned, piggy-backed on incoming calls (luigid: a 60 s timer).
    public var pruneInterval: Double = 60
    /// `[resources] name=N`; a resource not named here has a limit of 1.
    public var resources: [String: Int] = [:]

    public init() {}

    /// Parses `name=N,name2=M` (the `luigi_resources` setting).
    ///
    /// - Throws: `LuigiError.badArguments` naming the entry that is not `name=non-negative integer`.
    public static func parseResources(_ text: String) throws(LuigiError) -> [String: Int] {
        var out: [String: Int] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let n = Int(parts[1]), n >= 0 else {
                throw .badArguments("\"\(entry)\" is not name=N with N a non-negative integer")
            }
            out[parts[0]] = n
        }
        return out
    }
}

/// Per-task retry policy: the server's defaults overlaid with the task's `retry_policy_dict`.
struct LuigiRetryPolicy: Codable, Sendable, Equatable {
    var retryCount: Double
    var disableHardTimeout: Double
    var disableWindow: Double
}
