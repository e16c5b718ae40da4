import Foundation
import Testing
import RotaCore

/// Each element of the cron grammar, evaluated in UTC.
@Suite struct CronSyntaxTests {
    private let fires = ScheduleTestSupport.fires

    /// Proves six fields are read seconds-first.
    @Test func sixFieldsPutSecondsFirst() throws {
        #expect(try fires("15 30 9 * * *", "", "2024-01-01T00:00:00Z", 2, "UTC")
            == ["2024-01-01T09:30:15Z", "2024-01-02T09:30:15Z"])
    }

    /// Proves the classic five-field form fires at second zero.
    @Test func fiveFieldsFireAtSecondZero() throws {
        #expect(try fires("30 9 * * *", "", "2024-01-01T00:00:00Z", 2, "UTC")
            == ["2024-01-01T09:30:00Z", "2024-01-02T09:30:00Z"])
    }

    /// Proves `* * * * * *` fires every second.
    @Test func allWildcardsFireEverySecond() throws {
        #expect(try fires("* * * * * *", "", "2024-01-01T00:00:00Z", 3, "UTC")
            == ["2024-01-01T00:00:01Z", "2024-01-01T00:00:02Z", "2024-01-01T00:00:03Z"])
    }

    /// Proves next(after:) is strictly after a matching instant and rounds fractional inputs up.
    @Test func nextIsStrictlyAfterTheGivenDate() throws {
        let schedule = try Schedule.parse("0 30 9 * * *")
        let utc = ScheduleTestSupport.utc
        let nine30 = ScheduleTestSupport.instant("2024-01-01T09:30:00Z")
        #expect(schedule.next(after: nine30, in: utc) == ScheduleTestSupport.instant("2024-01-02T09:30:00Z"))
        let everySecond = try Schedule.parse("* * * * * *")
        let fractional = nine30.addingTimeInterval(0.25)
        #expect(everySecond.next(after: fractional, in: utc) == nine30.addingTimeInterval(1))
    }

    /// Proves comma lists fire at each listed value.
    @Test func listsFireAtEachValue() throws {
        #expect(try fires("0 0,15,45 * * * *", "", "2024-01-01T00:00:00Z", 3, "UTC")
            == ["2024-01-01T00:15:00Z", "2024-01-01T00:45:00Z", "2024-01-01T01:00:00Z"])
    }

    /// Proves `a-b` ranges are inclusive at both ends.
    @Test func rangesAreInclusive() throws {
        #expect(try fires("0 0 9-11 * * *", "", "2024-01-01T00:00:00Z", 4, "UTC")
            == ["2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z", "2024-01-02T09:00:00Z"])
    }

    /// Proves `*/n` steps from the field minimum.
    @Test func wildcardStepsStartAtTheMinimum() throws {
        #expect(try fires("*/20 * * * * *", "", "2024-01-01T00:00:00Z", 3, "UTC")
            == ["2024-01-01T00:00:20Z", "2024-01-01T00:00:40Z", "2024-01-01T00:01:00Z"])
        #expect(try fires("0 0 */6 * * *", "", "2024-01-01T00:00:00Z", 4, "UTC")
            == ["2024-01-01T06:00:00Z", "2024-01-01T12:00:00Z", "2024-01-01T18:00:00Z", "2024-01-02T00:00:00Z"])
    }

    /// Proves `a-b/n` steps within the range.
    @Test func rangeStepsStayWithinTheRange() throws {
        #expect(try fires("0 10-30/10 * * * *", "", "2024-01-01T00:00:00Z", 4, "UTC")
            == ["2024-01-01T00:10:00Z", "2024-01-01T00:20:00Z", "2024-01-01T00:30:00Z", "2024-01-01T01:10:00Z"])
    }

    /// Proves `a/n` means from a to the field maximum in steps of n (robfig/cron semantics).
    @Test func startStepRunsToTheFieldMaximum() throws {
        #expect(try fires("0 50/5 * * * *", "", "2024-01-01T00:00:00Z", 3, "UTC")
            == ["2024-01-01T00:50:00Z", "2024-01-01T00:55:00Z", "2024-01-01T01:50:00Z"])
    }

    /// Proves month names are accepted in any case, alone and in ranges.
    @Test func monthNamesAreCaseInsensitive() throws {
        #expect(try fires("0 0 0 1 jan,Jul *", "", "2024-01-01T00:00:00Z", 2, "UTC")
            == ["2024-07-01T00:00:00Z", "2025-01-01T00:00:00Z"])
        #expect(try fires("0 0 0 1 MAR-may *", "", "2024-01-01T00:00:00Z", 4, "UTC")
            == ["2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2025-03-01T00:00:00Z"])
    }

    /// Proves weekday names work in ranges (2024-01-06 is a Saturday).
    @Test func weekdayNamesWorkInRanges() throws {
        #expect(try fires("0 0 0 * * MON-fri", "", "2024-01-06T00:00:00Z", 6, "UTC")
            == ["2024-01-08T00:00:00Z", "2024-01-09T00:00:00Z", "2024-01-10T00:00:00Z",
                "2024-01-11T00:00:00Z", "2024-01-12T00:00:00Z", "2024-01-15T00:00:00Z"])
    }

    /// Proves day-of-week 7 means Sunday, alone and as a range end.
    @Test func dayOfWeekSevenIsSunday() throws {
        #expect(try fires("0 0 12 * * 7", "", "2024-01-01T00:00:00Z", 2, "UTC")
            == ["2024-01-07T12:00:00Z", "2024-01-14T12:00:00Z"])
        #expect(try fires("0 0 0 * * 5-7", "", "2024-01-04T00:00:00Z", 4, "UTC")
            == ["2024-01-05T00:00:00Z", "2024-01-06T00:00:00Z", "2024-01-07T00:00:00Z", "2024-01-12T00:00:00Z"])
    }

    /// Proves `?` is an unrestricted day field, in either day position.
    @Test func questionMarkLeavesADayFieldUnrestricted() throws {
        #expect(try fires("0 0 0 1 * ?", "", "2024-01-01T00:00:00Z", 2, "UTC")
            == ["2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"])
        #expect(try fires("0 0 0 ? * MON", "", "2024-01-01T00:00:00Z", 2, "UTC")
            == ["2024-01-08T00:00:00Z", "2024-01-15T00:00:00Z"])
    }

    /// Proves a day matches when day-of-month OR day-of-week matches if both are restricted.
    @Test func restrictedDayFieldsCombineWithOr() throws {
        #expect(try fires("0 0 0 13 * FRI", "", "2024-09-01T00:00:00Z", 8, "UTC")
            == ["2024-09-06T00:00:00Z", "2024-09-13T00:00:00Z", "2024-09-20T00:00:00Z", "2024-09-27T00:00:00Z",
                "2024-10-04T00:00:00Z", "2024-10-11T00:00:00Z", "2024-10-13T00:00:00Z", "2024-10-18T00:00:00Z"])
    }

    /// Proves only the restricted day field counts when the other is a wildcard.
    @Test func wildcardDayFieldDefersToTheOther() throws {
        #expect(try fires("0 0 0 13 * *", "", "2024-09-01T00:00:00Z", 2, "UTC")
            == ["2024-09-13T00:00:00Z", "2024-10-13T00:00:00Z"])
        #expect(try fires("0 0 0 * * FRI", "", "2024-09-01T00:00:00Z", 2, "UTC")
            == ["2024-09-06T00:00:00Z", "2024-09-13T00:00:00Z"])
    }

    /// Proves a stepped wildcard (`*/10`) counts as restricted for the OR rule, but `*/1` does not.
    @Test func steppedWildcardIsRestrictedUnlessStepIsOne() throws {
        #expect(try fires("0 0 0 */10 * SUN", "", "2024-09-01T00:00:00Z", 7, "UTC")
            == ["2024-09-08T00:00:00Z", "2024-09-11T00:00:00Z", "2024-09-15T00:00:00Z", "2024-09-21T00:00:00Z",
                "2024-09-22T00:00:00Z", "2024-09-29T00:00:00Z", "2024-10-01T00:00:00Z"])
        #expect(try fires("0 0 0 */1 * MON", "", "2024-09-01T00:00:00Z", 2, "UTC")
            == ["2024-09-02T00:00:00Z", "2024-09-09T00:00:00Z"])
    }

    /// Proves months lacking the requested day are skipped.
    @Test func monthsWithoutTheDayAreSkipped() throws {
        #expect(try fires("0 0 0 31 * *", "", "2024-01-01T00:00:00Z", 3, "UTC")
            == ["2024-01-31T00:00:00Z", "2024-03-31T00:00:00Z", "2024-05-31T00:00:00Z"])
    }

    /// Proves February 29th is found even eight years ahead (2096 to 2104 skips 2100).
    @Test func leapDayIsFoundAcrossCenturyYears() throws {
        #expect(try fires("0 0 0 29 2 *", "", "2024-03-01T00:00:00Z", 1, "UTC") == ["2028-02-29T00:00:00Z"])
        #expect(try fires("0 0 0 29 2 *", "", "2096-03-01T00:00:00Z", 1, "UTC") == ["2104-02-29T00:00:00Z"])
    }

    /// Proves leading zeros, mixed list terms and extra whitespace are accepted.
    @Test func toleratesLeadingZerosMixedListsAndSpacing() throws {
        #expect(try fires("  00 05\t09 * * *  ", "", "2024-01-01T00:00:00Z", 1, "UTC") == ["2024-01-01T09:05:00Z"])
        #expect(try fires("0 0 1-2,22-23/1,12 * * *", "", "2024-01-01T00:30:00Z", 5, "UTC")
            == ["2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z", "2024-01-01T12:00:00Z",
                "2024-01-01T22:00:00Z", "2024-01-01T23:00:00Z"])
    }

    /// Proves the description is the original text, untouched.
    @Test func descriptionIsTheOriginalText() throws {
        let text = " 0 */5 * * * MON "
        #expect(try Schedule.parse(text).description == text)
        #expect(try Schedule.parse(text).isManual == false)
        #expect(try Schedule.parse(text).isOneShot == false)
    }

    /// Proves a `TZ=`/`CRON_TZ=` prefix (robfig/cron syntax) overrides the caller's zone.
    @Test func timeZonePrefixOverridesTheCallerZone() throws {
        let schedule = try Schedule.parse("CRON_TZ=Asia/Tokyo 0 0 9 * * *")
        #expect(schedule.timeZoneOverride == ScheduleTestSupport.zone("Asia/Tokyo"))
        let next = schedule.next(after: ScheduleTestSupport.instant("2024-01-01T00:00:00Z"), in: .gmt)
        #expect(next == ScheduleTestSupport.instant("2024-01-02T00:00:00Z"))
        #expect(try fires("TZ=America/New_York @daily", "", "2024-01-01T00:00:00Z", 1, "UTC")
            == ["2024-01-01T05:00:00Z"])
        #expect(try Schedule.parse("0 0 9 * * *").timeZoneOverride == nil)
    }
}
