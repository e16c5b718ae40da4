import Foundation
import Testing
import RotaCore

/// The search skips by field instead of stepping through time.
@Suite struct SchedulePerformanceTests {
    func timeToFire(_ text: String, count: Int, zone: String) throws -> Duration {
        let schedule = try Schedule.parse(text)
        let timeZone = ScheduleTestSupport.zone(zone)
        var cursor = ScheduleTestSupport.instant("2024-03-09T00:00:00Z")
        let clock = ContinuousClock()
        return try clock.measure {
            for _ in 0..<count {
                cursor = try #require(schedule.next(after: cursor, in: timeZone))
            }
        }
    }

    /// Proves 1,000 consecutive every-second fires take well under a second.
    @Test func thousandEverySecondFiresAreFast() throws {
        #expect(try timeToFire("*/1 * * * * *", count: 1_000, zone: "America/New_York") < .milliseconds(500))
    }

    /// Proves 1,000 daily fires across many DST transitions (fixed hour in the gap) are fast.
    @Test func thousandDailyFiresAcrossTransitionsAreFast() throws {
        #expect(try timeToFire("0 30 2 * * *", count: 1_000, zone: "America/New_York") < .milliseconds(500))
    }

    /// Proves a rare expression (leap day) is found quickly, and far-off or odd dates do not hang.
    @Test func rareAndExtremeSearchesTerminate() throws {
        #expect(try timeToFire("0 0 0 29 2 *", count: 20, zone: "Europe/Berlin") < .milliseconds(500))
        let schedule = try Schedule.parse("0 0 0 29 2 *")
        #expect(schedule.next(after: Date(timeIntervalSince1970: .nan), in: .gmt) == nil)
        #expect(schedule.next(after: Date(timeIntervalSince1970: 1e300), in: .gmt) == nil)
        #expect(schedule.next(after: .distantFuture, in: .gmt) != nil)
        #expect(schedule.next(after: .distantPast, in: .gmt) != nil)
    }
}
