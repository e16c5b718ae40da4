import Foundation
import Testing
import RotaCore

/// `@at`, `@after` and `@manually`.
@Suite struct OneShotScheduleTests {
    private let instant = ScheduleTestSupport.instant

    /// Proves `@at` returns its instant only while it is strictly in the future.
    @Test func atFiresOnceInTheFuture() throws {
        let schedule = try Schedule.parse("@at 2024-01-01T09:00:00Z")
        let at = instant("2024-01-01T09:00:00Z")
        #expect(schedule.next(after: instant("2023-12-31T00:00:00Z"), in: .gmt) == at)
        #expect(schedule.next(after: at.addingTimeInterval(-0.001), in: .gmt) == at)
        #expect(schedule.next(after: at, in: .gmt) == nil)
        #expect(schedule.next(after: instant("2024-06-01T00:00:00Z"), in: .gmt) == nil)
        #expect(schedule.isOneShot)
        #expect(!schedule.isManual)
        #expect(schedule.dueNow(at: at) == nil)
    }

    /// Proves `@at` honours the offset in its timestamp.
    @Test func atHonoursTheTimestampOffset() throws {
        let schedule = try Schedule.parse("@at 2019-02-04T09:20:00+06:00")
        #expect(schedule.next(after: .distantPast, in: .gmt) == instant("2019-02-04T03:20:00Z"))
    }

    /// Proves `@after` returns T while it is in the future and nil afterwards.
    @Test func afterNextIsTheInstantWhileInTheFuture() throws {
        let schedule = try Schedule.parse("@after 2025-01-01T00:00:00Z <PT2H")
        let at = instant("2025-01-01T00:00:00Z")
        #expect(schedule.next(after: instant("2024-12-31T23:00:00Z"), in: .gmt) == at)
        #expect(schedule.next(after: at, in: .gmt) == nil)
        #expect(schedule.next(after: instant("2025-01-01T01:00:00Z"), in: .gmt) == nil)
        #expect(schedule.isOneShot)
    }

    /// Proves `@after` is due now from T through T + grace inclusive, and not before or after.
    @Test(arguments: [
        ("2024-12-31T23:00:00Z", false),
        ("2024-12-31T23:59:59Z", false),
        ("2025-01-01T00:00:00Z", true),
        ("2025-01-01T01:00:00Z", true),
        ("2025-01-01T01:59:59Z", true),
        ("2025-01-01T02:00:00Z", true),
        ("2025-01-01T02:00:01Z", false),
    ])
    func afterIsDueWithinTheGracePeriod(now: String, due: Bool) throws {
        let schedule = try Schedule.parse("@after 2025-01-01T00:00:00Z <PT2H")
        let expected = due ? instant("2025-01-01T00:00:00Z") : nil
        #expect(schedule.dueNow(at: instant(now)) == expected)
    }

    /// Proves long ISO grace periods work (P30D covers a job created 15 days late).
    @Test func afterAcceptsLongGracePeriods() throws {
        let schedule = try Schedule.parse("@after 2025-01-01T00:00:00Z <P30D")
        #expect(schedule.dueNow(at: instant("2025-01-15T00:00:00Z")) == instant("2025-01-01T00:00:00Z"))
        #expect(schedule.dueNow(at: instant("2025-01-31T00:00:01Z")) == nil)
    }

    /// Proves `@manually` never fires and is reported as manual.
    @Test func manuallyNeverFires() throws {
        let schedule = try Schedule.parse("@manually")
        #expect(schedule.next(after: .distantPast, in: .gmt) == nil)
        #expect(schedule.dueNow(at: Date()) == nil)
        #expect(schedule.isManual)
        #expect(!schedule.isOneShot)
    }

    /// Proves `dueNow` is nil for every kind except `@after`.
    @Test(arguments: ["* * * * * *", "@daily", "@every 1s", "@at 2025-01-01T00:00:00Z", "@manually"])
    func dueNowIsOnlyForAfter(text: String) throws {
        let schedule = try Schedule.parse(text)
        #expect(schedule.dueNow(at: instant("2025-01-01T00:00:00Z")) == nil)
    }
}
