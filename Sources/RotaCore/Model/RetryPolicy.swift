/// How often and how soon a failed task is tried again.
///
/// Dkron retries immediately on the same node; Airflow waits `retry_delay`, optionally doubling it up
/// to `max_retry_delay`. Rota uses Airflow's policy for both, because a delay is what keeps a flapping
/// dependency from being hammered, and a job's default (1 s, doubling, capped at one minute) keeps
/// Dkron's "retry soon" feel.
public struct RetryPolicy: Sendable, Equatable, Codable {
    /// Re-runs allowed after the first failure (Dkron's `retries`).
    public var retries: Int
    public var delay: Duration
    public var exponentialBackoff: Bool
    public var maxDelay: Duration?

    public init(retries: Int = 0, delay: Duration = .seconds(1), exponentialBackoff: Bool = true,
                maxDelay: Duration? = .seconds(60)) {
        self.retries = max(0, retries)
        self.delay = delay
        self.exponentialBackoff = exponentialBackoff
        self.maxDelay = maxDelay
    }

    /// The total number of tries a task instance may make.
    public var maxTries: Int { retries + 1 }

    /// The longest wait between tries, whatever the policy says: doubling a long `retry_delay` 30
    /// times would otherwise overflow `Duration` and the Store's millisecond times.
    public static let longestDelay = Duration.seconds(365 * 86_400)

    /// The wait before try number `nextTry` (2 for the first retry), at most `longestDelay`.
    public func delay(beforeTry nextTry: Int) -> Duration {
        var wait = min(max(delay, .zero), Self.longestDelay)
        if exponentialBackoff, nextTry > 2 {
            let doublings = min(nextTry - 2, 30)
            wait = wait * (1 << doublings)
        }
        if let cap = maxDelay, wait > cap { wait = cap }
        return min(wait, Self.longestDelay)
    }

    private enum CodingKeys: String, CodingKey {
        case retries, delayMs = "delay_ms", exponentialBackoff = "exponential_backoff", maxDelayMs = "max_delay_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(retries: try c.decode(Int.self, forKey: .retries),
                  delay: .milliseconds(try c.decode(Int64.self, forKey: .delayMs)),
                  exponentialBackoff: try c.decode(Bool.self, forKey: .exponentialBackoff),
                  maxDelay: try c.decodeIfPresent(Int64.self, forKey: .maxDelayMs).map { .milliseconds($0) })
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(retries, forKey: .retries)
        try c.encode(delay.milliseconds, forKey: .delayMs)
        try c.encode(exponentialBackoff, forKey: .exponentialBackoff)
        try c.encodeIfPresent(maxDelay?.milliseconds, forKey: .maxDelayMs)
    }
}
