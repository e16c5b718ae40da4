import Foundation

/// One data interval of a scheduled workflow run: the run's logical date is `start`, and it is
/// created once `end` has passed (Airflow's data-interval semantics).
public struct DataInterval: Sendable, Equatable, Hashable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }
}

/// Which intervals of a schedule are due, for scheduled runs and for catch-up.
///
/// Pure: the scheduler passes the last interval it created and "now", so catch-up after downtime
/// and restarts is the same computation as a normal tick, and tests need no clock.
public enum IntervalPlanner {
    /// Intervals whose end is at or before `now` and after `lastEnd`, oldest first. Without
    /// `catchup` only the latest such interval is returned (Airflow's behaviour).
    ///
    /// - Parameters:
    ///   - anchor: where intervals may begin: the workflow's `start_date` (or when it was first stored).
    ///   - lastEnd: the end of the latest interval that already has a run.
    public static func due(schedule: Schedule, timeZone: TimeZone, anchor: Date, endDate: Date?, catchup: Bool,
                           lastEnd: Date?, now: Date, limit: Int = 1000) -> [DataInterval] {
        var from = max(anchor, lastEnd ?? anchor)
        if !catchup { from = max(from, recentStart(schedule: schedule, timeZone: timeZone, now: now)) }
        // The first boundary at or after `from`.
        guard var start = schedule.next(after: from.addingTimeInterval(-0.001), in: timeZone) else { return [] }
        var intervals: [DataInterval] = []
        while let end = schedule.next(after: start, in: timeZone), end <= now {
            if let endDate, start > endDate { break }
            intervals.append(DataInterval(start: start, end: end))
            if catchup, intervals.count >= limit { break }
            if !catchup, intervals.count > 2 { intervals.removeFirst() }
            start = end
        }
        return catchup ? intervals : Array(intervals.suffix(1))
    }

    /// The instant the next interval ends after `now` (when the scheduler must wake), or nil when
    /// no interval is left (past `endDate`).
    public static func nextFire(schedule: Schedule, timeZone: TimeZone, anchor: Date, endDate: Date?, now: Date) -> Date? {
        guard let first = schedule.next(after: anchor.addingTimeInterval(-0.001), in: timeZone),
              let firstEnd = schedule.next(after: first, in: timeZone) else { return nil }
        let end: Date
        if now < firstEnd {
            end = firstEnd
        } else {
            guard let next = schedule.next(after: now, in: timeZone) else { return nil }
            end = next
        }
        if let endDate, let start = end == firstEnd ? first : previousBoundary(before: end, schedule, timeZone), start > endDate {
            return nil
        }
        return end
    }

    /// A point far enough back that at least two boundaries lie between it and `now`, found by
    /// doubling a window, so a per-second schedule with a start date years ago costs nothing.
    static func recentStart(schedule: Schedule, timeZone: TimeZone, now: Date) -> Date {
        guard let next = schedule.next(after: now, in: timeZone) else { return now }
        var window = max(1, next.timeIntervalSince(now)) * 2
        for _ in 0..<40 {
            let start = now.addingTimeInterval(-window)
            if let first = schedule.next(after: start, in: timeZone), let second = schedule.next(after: first, in: timeZone),
               second <= now {
                return start
            }
            window *= 2
        }
        return now.addingTimeInterval(-window)
    }

    public static func previousBoundary(before date: Date, _ schedule: Schedule, _ timeZone: TimeZone) -> Date? {
        let start = recentStart(schedule: schedule, timeZone: timeZone, now: date)
        var current = schedule.next(after: start, in: timeZone)
        var previous: Date?
        while let c = current, c < date {
            previous = c
            current = schedule.next(after: c, in: timeZone)
        }
        return previous
    }
}
