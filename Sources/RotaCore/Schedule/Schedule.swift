import Foundation

/// A job's schedule as Dkron accepts it: a cron expression (five or six
/// fields, with Dkron's `~` job-name hash), a descriptor such as `@daily`,
/// `@every <Go duration>`, a one-shot `@at` / `@after`, or `@manually`.
///
/// Why a parsed value that keeps its text: the Dkron-compatible API stores
/// and returns the schedule string verbatim, while the engine needs cheap,
/// deterministic "when does this fire next?" answers. Parsing once, at job
/// submission, both validates the string (with a message naming the bad
/// field and token) and makes every later lookup allocation-light.
///
/// Wall-clock fields are evaluated in the zone passed to `next(after:in:)`,
/// including for descriptors such as `@daily` (Dkron ignores the job's zone
/// for those; we deliberately do not). See `CronZonedSearch` for the
/// daylight-saving rules.
public struct Schedule: Sendable, Equatable, CustomStringConvertible {
    /// The original text, exactly as given to `parse`.
    public let description: String
    let kind: Kind

    init(description: String, kind: Kind) {
        self.description = description
        self.kind = kind
    }

    /// Parses a schedule string. `jobName` feeds Dkron's `~` hash. Throws
    /// `ScheduleError` with a message that names the field and the bad token.
    public static func parse(_ text: String, jobName: String = "") throws(ScheduleError) -> Schedule {
        Schedule(description: text, kind: try ScheduleTextParser.parse(text, jobName: jobName))
    }

    /// The first fire instant strictly after `date`, evaluating wall-clock
    /// fields in `timeZone`; nil when it never fires again.
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        switch kind {
        case .cron(let expression, let override):
            guard let start = EpochSeconds.wholeSecond(after: date) else { return nil }
            let search = CronZonedSearch(expression: expression, zone: override ?? timeZone)
            return search.firstFire(atOrAfter: start).map(EpochSeconds.date)
        case .every(let interval):
            guard let start = EpochSeconds.wholeSecond(after: date) else { return nil }
            return EpochSeconds.date(interval.firstFire(atOrAfter: start))
        case .at(let instant), .after(let instant, _):
            return instant > date ? instant : nil
        case .manual:
            return nil
        }
    }

    /// The first fire instant at or after `date` (used to honour `starts_at`).
    func fire(atOrAfter date: Date, in timeZone: TimeZone) -> Date? {
        switch kind {
        case .cron(let expression, let override):
            guard let start = EpochSeconds.wholeSecond(atOrAfter: date) else { return nil }
            let search = CronZonedSearch(expression: expression, zone: override ?? timeZone)
            return search.firstFire(atOrAfter: start).map(EpochSeconds.date)
        case .every(let interval):
            guard let start = EpochSeconds.wholeSecond(atOrAfter: date) else { return nil }
            return EpochSeconds.date(interval.firstFire(atOrAfter: start))
        case .at(let instant), .after(let instant, _):
            return instant >= date ? instant : nil
        case .manual:
            return nil
        }
    }

    /// For `@after T <grace`: when `now` is within [T, T+grace] returns T (a
    /// due instant the engine fires immediately; the engine dedups by
    /// instant). nil otherwise and for all other kinds.
    public func dueNow(at now: Date) -> Date? {
        guard case .after(let instant, let grace) = kind else { return nil }
        let graceEnd = instant.addingTimeInterval(Self.timeInterval(grace))
        return now >= instant && now <= graceEnd ? instant : nil
    }

    /// True for `@manually`: the job never fires on its own.
    public var isManual: Bool {
        kind == .manual
    }

    /// True for the one-shot kinds `@at` and `@after`.
    public var isOneShot: Bool {
        switch kind {
        case .at, .after: true
        case .cron, .every, .manual: false
        }
    }

    /// The zone named by a `TZ=` / `CRON_TZ=` prefix, which takes precedence
    /// over the zone passed to `next(after:in:)`; nil when there was none.
    public var timeZoneOverride: TimeZone? {
        guard case .cron(_, let zone) = kind else { return nil }
        return zone
    }

    static func timeInterval(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
