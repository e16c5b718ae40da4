import Foundation
import Testing
import RotaCore

/// `starts_at` / `expires_at` around a schedule.
@Suite struct ScheduleBoundsTests {
    private let instant = ScheduleTestSupport.instant

    /// Proves a future starts_at yields the first schedule instant after it, not starts_at itself.
    @Test func futureStartYieldsFirstInstantAfterIt() throws {
        let schedule = try Schedule.parse("0 0 9 * * *")
        let bounds = ScheduleBounds(startsAt: instant("2024-01-10T12:00:00Z"))
        #expect(bounds.next(of: schedule, after: instant("2024-01-01T00:00:00Z"), in: .gmt)
            == instant("2024-01-11T09:00:00Z"))
    }

    /// Proves a schedule instant exactly at starts_at counts ("at or after").
    @Test func instantExactlyAtStartCounts() throws {
        let schedule = try Schedule.parse("0 0 9 * * *")
        let bounds = ScheduleBounds(startsAt: instant("2024-01-10T09:00:00Z"))
        #expect(bounds.next(of: schedule, after: instant("2024-01-01T00:00:00Z"), in: .gmt)
            == instant("2024-01-10T09:00:00Z"))
    }

    /// Proves a past starts_at changes nothing.
    @Test func pastStartChangesNothing() throws {
        let schedule = try Schedule.parse("0 0 9 * * *")
        let bounds = ScheduleBounds(startsAt: instant("2023-01-01T00:00:00Z"))
        #expect(bounds.next(of: schedule, after: instant("2024-01-01T10:00:00Z"), in: .gmt)
            == instant("2024-01-02T09:00:00Z"))
    }

    /// Proves nothing fires after expires_at, while an instant exactly at it still does.
    @Test func expiryIsInclusive() throws {
        let schedule = try Schedule.parse("0 0 9 * * *")
        let after = instant("2024-01-01T10:00:00Z")
        #expect(ScheduleBounds(expiresAt: instant("2024-01-02T08:59:59Z")).next(of: schedule, after: after, in: .gmt) == nil)
        #expect(ScheduleBounds(expiresAt: instant("2024-01-02T09:00:00Z")).next(of: schedule, after: after, in: .gmt)
            == instant("2024-01-02T09:00:00Z"))
        #expect(ScheduleBounds(expiresAt: instant("2023-06-01T00:00:00Z")).next(of: schedule, after: after, in: .gmt) == nil)
    }

    /// Proves empty bounds are the plain schedule.
    @Test func emptyBoundsArePassThrough() throws {
        let schedule = try Schedule.parse("*/5 * * * *")
        let after = instant("2024-01-01T10:02:00Z")
        #expect(ScheduleBounds().next(of: schedule, after: after, in: .gmt) == schedule.next(after: after, in: .gmt))
    }

    /// Proves one-shot and interval kinds respect starts_at too.
    @Test func boundsApplyToEveryKind() throws {
        let start = ScheduleBounds(startsAt: instant("2024-01-10T00:00:00Z"))
        let early = instant("2024-01-01T00:00:00Z")
        let atBefore = try Schedule.parse("@at 2024-01-05T00:00:00Z")
        #expect(start.next(of: atBefore, after: early, in: .gmt) == nil)
        let atAfter = try Schedule.parse("@at 2024-01-12T00:00:00Z")
        #expect(start.next(of: atAfter, after: early, in: .gmt) == instant("2024-01-12T00:00:00Z"))
        let every = try Schedule.parse("@every 7h")
        let expected = every.next(after: instant("2024-01-09T23:59:59Z"), in: .gmt)
        #expect(start.next(of: every, after: early, in: .gmt) == expected)
        #expect(start.next(of: try Schedule.parse("@manually"), after: early, in: .gmt) == nil)
    }
}
