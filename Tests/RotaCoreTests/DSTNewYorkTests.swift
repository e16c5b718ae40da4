import Testing
import RotaCore

/// Daylight-saving behaviour in America/New_York, 2024: clocks jump from
/// 02:00 EST to 03:00 EDT on March 10 and fall back from 02:00 EDT to
/// 01:00 EST on November 3 (so 01:00-01:59 happens twice).
@Suite struct DSTNewYorkTests {
    private func fires(_ text: String, after start: String, count: Int) throws -> [String] {
        try ScheduleTestSupport.fires(text, after: start, count: count, in: "America/New_York")
    }

    /// Proves a nonexistent 02:30 fires at the first instant after the gap (03:00 EDT).
    @Test func gapFiresAtTheEndOfTheGap() throws {
        #expect(try fires("30 2 * * *", after: "2024-03-09T12:00:00-05:00", count: 3)
            == ["2024-03-10T03:00:00-04:00", "2024-03-11T02:30:00-04:00", "2024-03-12T02:30:00-04:00"])
    }

    /// Proves several nonexistent wall times collapse into one fire.
    @Test func severalGapTimesFireOnce() throws {
        #expect(try fires("0,30 2 * * *", after: "2024-03-09T12:00:00-05:00", count: 3)
            == ["2024-03-10T03:00:00-04:00", "2024-03-11T02:00:00-04:00", "2024-03-11T02:30:00-04:00"])
        #expect(try fires("0 30 2,3 * * *", after: "2024-03-10T00:00:00-05:00", count: 2)
            == ["2024-03-10T03:00:00-04:00", "2024-03-10T03:30:00-04:00"])
    }

    /// Proves an every-hour expression keeps its rhythm across the gap, firing once at 03:00.
    @Test func everyHourExpressionCrossesTheGap() throws {
        #expect(try fires("*/15 * * * *", after: "2024-03-10T01:30:00-05:00", count: 4)
            == ["2024-03-10T01:45:00-05:00", "2024-03-10T03:00:00-04:00",
                "2024-03-10T03:15:00-04:00", "2024-03-10T03:30:00-04:00"])
    }

    /// Proves an every-second expression jumps straight from 01:59:59 EST to 03:00:00 EDT.
    @Test func everySecondCrossesTheGap() throws {
        #expect(try fires("* * * * * *", after: "2024-03-10T01:59:58-05:00", count: 3)
            == ["2024-03-10T01:59:59-05:00", "2024-03-10T03:00:00-04:00", "2024-03-10T03:00:01-04:00"])
    }

    /// Proves a fixed-hour time in the repeated hour fires once, in the first occurrence.
    @Test func repeatFiresOnceWhenHourIsFixed() throws {
        #expect(try fires("30 1 * * *", after: "2024-11-03T00:00:00-04:00", count: 2)
            == ["2024-11-03T01:30:00-04:00", "2024-11-04T01:30:00-05:00"])
    }

    /// Proves starting inside the second occurrence does not re-fire a fixed-hour time.
    @Test func secondOccurrenceDoesNotRefireFixedHour() throws {
        #expect(try fires("30 1 * * *", after: "2024-11-03T01:10:00-05:00", count: 1)
            == ["2024-11-04T01:30:00-05:00"])
        #expect(try fires("*/20 1 * * *", after: "2024-11-03T00:50:00-04:00", count: 4)
            == ["2024-11-03T01:00:00-04:00", "2024-11-03T01:20:00-04:00",
                "2024-11-03T01:40:00-04:00", "2024-11-04T01:00:00-05:00"])
    }

    /// Proves an every-hour expression fires in both occurrences of the repeated hour.
    @Test func everyHourExpressionFiresInBothOccurrences() throws {
        #expect(try fires("*/15 * * * *", after: "2024-11-03T00:50:00-04:00", count: 9)
            == ["2024-11-03T01:00:00-04:00", "2024-11-03T01:15:00-04:00", "2024-11-03T01:30:00-04:00",
                "2024-11-03T01:45:00-04:00", "2024-11-03T01:00:00-05:00", "2024-11-03T01:15:00-05:00",
                "2024-11-03T01:30:00-05:00", "2024-11-03T01:45:00-05:00", "2024-11-03T02:00:00-05:00"])
        #expect(try fires("@hourly", after: "2024-11-03T00:30:00-04:00", count: 3)
            == ["2024-11-03T01:00:00-04:00", "2024-11-03T01:00:00-05:00", "2024-11-03T02:00:00-05:00"])
    }

    /// Proves starting inside the second occurrence still finds the every-hour fire there.
    @Test func secondOccurrenceStillFiresEveryHourExpression() throws {
        #expect(try fires("30 * * * *", after: "2024-11-03T01:10:00-05:00", count: 2)
            == ["2024-11-03T01:30:00-05:00", "2024-11-03T02:30:00-05:00"])
    }

    /// Proves an explicit 0-23 hour range counts as "every hour".
    @Test func fullHourRangeCountsAsEveryHour() throws {
        #expect(try fires("0 0-23 * * *", after: "2024-11-03T00:30:00-04:00", count: 3)
            == ["2024-11-03T01:00:00-04:00", "2024-11-03T01:00:00-05:00", "2024-11-03T02:00:00-05:00"])
    }
}
