import Foundation

/// A job's `starts_at` / `expires_at` window around its schedule.
///
/// Why separate from `Schedule`: the bounds are job settings, not part of
/// the schedule string, and Dkron applies them on top of any schedule kind.
/// The job does not run before `startsAt` nor after `expiresAt` (an instant
/// exactly at `expiresAt` still runs, as in Dkron). While `startsAt` is in the
/// future the next fire is the first schedule instant at or after it; unlike
/// Dkron, which reports `startsAt` itself, this never invents an instant the
/// schedule does not contain.
public struct ScheduleBounds: Sendable, Equatable {
    public var startsAt: Date?
    public var expiresAt: Date?

    public init(startsAt: Date? = nil, expiresAt: Date? = nil) {
        self.startsAt = startsAt
        self.expiresAt = expiresAt
    }

    /// The first instant of `schedule` strictly after `date` that lies
    /// within the bounds; nil when there is none.
    public func next(of schedule: Schedule, after date: Date, in timeZone: TimeZone) -> Date? {
        let candidate: Date?
        if let startsAt, date < startsAt {
            candidate = schedule.fire(atOrAfter: startsAt, in: timeZone)
        } else {
            candidate = schedule.next(after: date, in: timeZone)
        }
        guard let candidate else { return nil }
        if let expiresAt, candidate > expiresAt { return nil }
        return candidate
    }
}
