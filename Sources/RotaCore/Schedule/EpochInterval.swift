/// The `@every <duration>` schedule: every whole multiple of the interval
/// since the Unix epoch.
///
/// Why anchored to the epoch rather than to "when the scheduler started"
/// (robfig/cron's behaviour): a leader that restarts, or a new leader that
/// takes over, computes exactly the same fire instants, so runs are neither
/// skipped nor doubled and the engine can deduplicate by instant. Being
/// instant arithmetic, it is independent of time zones.
struct EpochInterval: Equatable, Sendable {
    /// The interval in whole seconds, at least 1.
    let seconds: Int64

    /// The first multiple of the interval at or after `start` (Unix seconds).
    func firstFire(atOrAfter start: Int64) -> Int64 {
        let split = GregorianDateTime.floorDivide(start, seconds)
        return split.remainder == 0 ? start : (split.quotient + 1) * seconds
    }
}
