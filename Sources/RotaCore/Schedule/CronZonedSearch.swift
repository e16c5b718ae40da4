import Foundation

/// Finds the next instant a cron expression fires in a time zone, with
/// cronie-like daylight-saving behaviour.
///
/// Why this shape: between two UTC-offset transitions a zone is just a fixed
/// offset, so the search walks those constant-offset segments and, inside
/// each, asks `CronExpression` for the first matching wall time. At the
/// seams it applies the rules users expect from cron:
///
/// * Spring-forward gap: matching wall times that do not exist fire once, at
///   the transition instant (the first instant after the gap).
/// * Fall-back repeat: matching wall times that occur twice fire in the first
///   occurrence only, unless the expression matches every hour, in which case
///   it keeps firing through the repeat (`*/15 * * * *` stays every 15 real
///   minutes).
///
/// All work is bounded: at most `horizonSeconds` ahead is examined, which is
/// enough for the rarest satisfiable expression (a February 29th, which can
/// be eight years away).
struct CronZonedSearch {
    let expression: CronExpression
    let zone: TimeZone

    static let horizonSeconds: Int64 = 10 * 366 * 86_400
    /// Longer than any backward UTC-offset shift in the tz database.
    private static let lookbackSeconds: Int64 = 48 * 3600

    /// The first fire instant at or after `start` (Unix seconds), if any.
    func firstFire(atOrAfter start: Int64) -> Int64? {
        let horizon = start + Self.horizonSeconds
        let firesTwiceInRepeats = expression.matchesEveryHour
        // Wall times at or beyond this were not yet shown by the clock; below it
        // they already occurred once (only consulted for the fire-once rule).
        var wallSeen = firesTwiceInRepeats ? Int64.min : wallAlreadyShown(before: start)
        var cursor = start
        while cursor < horizon {
            let offset = offsetSeconds(at: cursor)
            let transition = nextTransition(after: cursor)
            let segmentEnd = min(transition ?? horizon, horizon)
            let lower = max(cursor + offset, wallSeen)
            if let wall = expression.firstMatch(atOrAfter: lower, before: segmentEnd + offset) {
                return wall - offset
            }
            guard let transition, transition < horizon else { return nil }
            let offsetAfter = offsetSeconds(at: transition)
            if offsetAfter > offset,
                expression.firstMatch(atOrAfter: transition + offset, before: transition + offsetAfter) != nil
            {
                return transition
            }
            if !firesTwiceInRepeats {
                wallSeen = max(wallSeen, transition + offset)
            }
            cursor = transition
        }
        return nil
    }

    /// The end of the wall-clock range already shown before `start`, when a
    /// recent fall-back transition means the clock is re-showing it.
    private func wallAlreadyShown(before start: Int64) -> Int64 {
        var seen = Int64.min
        var probe = start - Self.lookbackSeconds
        while let transition = nextTransition(after: probe), transition <= start {
            let before = offsetSeconds(at: transition - 1)
            if offsetSeconds(at: transition) < before {
                seen = max(seen, transition + before)
            }
            probe = transition
        }
        return seen
    }

    private func offsetSeconds(at instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
    }

    /// The first whole second at which the next UTC-offset change is in effect.
    private func nextTransition(after instant: Int64) -> Int64? {
        let date = Date(timeIntervalSince1970: Double(instant))
        guard let next = zone.nextDaylightSavingTimeTransition(after: date) else { return nil }
        return max(Int64(next.timeIntervalSince1970.rounded(.up)), instant + 1)
    }
}
