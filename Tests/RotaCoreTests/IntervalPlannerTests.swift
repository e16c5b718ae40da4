import Foundation
import RotaCore
import Testing

@Suite("Data intervals")
struct IntervalPlannerTests {
    let utc = TimeZone(identifier: "UTC")!
    let daily = try! Schedule.parse("@daily")
    func day(_ d: Int, hour: Int = 0) -> Date { RFC3339.parse(String(format: "2026-03-%02dT%02d:00:00Z", d, hour))! }

    /// Without catch-up only the latest complete interval is due.
    @Test func withoutCatchupOnlyTheLatestIntervalIsDue() {
        let due = IntervalPlanner.due(schedule: daily, timeZone: utc, anchor: day(1), endDate: nil, catchup: false,
                                      lastEnd: nil, now: day(5, hour: 12))
        #expect(due == [DataInterval(start: day(4), end: day(5))])
    }

    /// With catch-up every complete interval since the anchor is due, oldest first.
    @Test func withCatchupEveryMissedIntervalIsDue() {
        let due = IntervalPlanner.due(schedule: daily, timeZone: utc, anchor: day(1), endDate: nil, catchup: true,
                                      lastEnd: nil, now: day(5, hour: 12))
        #expect(due.map(\.start) == [day(1), day(2), day(3), day(4)])
        #expect(due.last?.end == day(5))
    }

    /// Intervals already created (up to lastEnd) are not due again; an unfinished one is not due.
    @Test func createdAndUnfinishedIntervalsAreNotDue() {
        let due = IntervalPlanner.due(schedule: daily, timeZone: utc, anchor: day(1), endDate: nil, catchup: true,
                                      lastEnd: day(4), now: day(5, hour: 12))
        #expect(due == [DataInterval(start: day(4), end: day(5))])
        #expect(IntervalPlanner.due(schedule: daily, timeZone: utc, anchor: day(1), endDate: nil, catchup: true,
                                    lastEnd: day(5), now: day(5, hour: 23)).isEmpty)
    }

    /// The end date stops intervals from starting after it.
    @Test func endDateStopsIntervals() {
        let due = IntervalPlanner.due(schedule: daily, timeZone: utc, anchor: day(1), endDate: day(2), catchup: true,
                                      lastEnd: nil, now: day(9))
        #expect(due.map(\.start) == [day(1), day(2)])
        #expect(IntervalPlanner.nextFire(schedule: daily, timeZone: utc, anchor: day(1), endDate: day(2), now: day(9)) == nil)
    }

    /// The next fire is the end of the next interval, never before the first full interval.
    @Test func nextFireIsTheEndOfTheNextInterval() {
        #expect(IntervalPlanner.nextFire(schedule: daily, timeZone: utc, anchor: day(3, hour: 6), endDate: nil,
                                         now: day(1)) == day(5))
        #expect(IntervalPlanner.nextFire(schedule: daily, timeZone: utc, anchor: day(1), endDate: nil,
                                         now: day(5, hour: 12)) == day(6))
    }

    /// A per-second schedule with an anchor years back stays cheap without catch-up.
    @Test func fineSchedulesWithOldAnchorsAreCheap() throws {
        let everySecond = try Schedule.parse("* * * * * *")
        let now = day(5)
        let due = IntervalPlanner.due(schedule: everySecond, timeZone: utc, anchor: now.addingTimeInterval(-3 * 365 * 86400),
                                      endDate: nil, catchup: false, lastEnd: nil, now: now)
        #expect(due == [DataInterval(start: now.addingTimeInterval(-1), end: now)])
    }
}
