import Foundation
import Testing
import RotaCore

/// `@every <Go duration>`: multiples of the interval since the Unix epoch.
@Suite struct EveryScheduleTests {
    private func epoch(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// Proves fire instants are whole multiples of the interval since 1970 (7 × 143 = 1001).
    @Test func firesAreAnchoredToTheEpoch() throws {
        let schedule = try Schedule.parse("@every 7s")
        #expect(schedule.next(after: epoch(1000), in: .gmt) == epoch(1001))
        #expect(schedule.next(after: epoch(1001), in: .gmt) == epoch(1008))
        #expect(schedule.next(after: epoch(1000.5), in: .gmt) == epoch(1001))
        #expect(schedule.next(after: epoch(-10), in: .gmt) == epoch(-7))
    }

    /// Proves the same instants come out no matter when the scheduler restarts.
    @Test func instantsAreStableAcrossRestarts() throws {
        let schedule = try Schedule.parse("@every 1h")
        #expect(try ScheduleTestSupport.fires("@every 1h", after: "2024-01-01T00:30:00Z", count: 2)
            == ["2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z"])
        let restart = ScheduleTestSupport.instant("2024-01-01T01:17:42Z")
        #expect(schedule.next(after: restart, in: .gmt) == ScheduleTestSupport.instant("2024-01-01T02:00:00Z"))
    }

    /// Proves compound Go durations are honoured (1h30m10s = 5410 s).
    @Test func compoundDurationsAreHonoured() throws {
        let schedule = try Schedule.parse("@every 1h30m10s")
        #expect(schedule.next(after: epoch(0), in: .gmt) == epoch(5410))
        #expect(schedule.next(after: epoch(5410), in: .gmt) == epoch(10820))
    }

    /// Proves the time zone plays no part.
    @Test func timeZoneIsIrrelevant() throws {
        let schedule = try Schedule.parse("@every 90m")
        let start = ScheduleTestSupport.instant("2024-03-10T06:59:00Z")
        let zones = ["UTC", "America/New_York", "Asia/Kathmandu"].map(ScheduleTestSupport.zone)
        let results = Set(zones.compactMap { schedule.next(after: start, in: $0) })
        #expect(results == [ScheduleTestSupport.instant("2024-03-10T07:30:00Z")])
        let prefixed = try Schedule.parse("TZ=Asia/Tokyo @every 90m")
        #expect(prefixed.next(after: start, in: .gmt) == ScheduleTestSupport.instant("2024-03-10T07:30:00Z"))
    }

    /// Proves `@every` is neither manual nor one-shot, and never "due now".
    @Test func everyIsRecurring() throws {
        let schedule = try Schedule.parse("@every 5m")
        #expect(!schedule.isManual)
        #expect(!schedule.isOneShot)
        #expect(schedule.dueNow(at: epoch(300)) == nil)
    }
}
