import Testing
import RotaCore

/// Daylight-saving behaviour in Europe/Berlin, 2024: clocks jump from
/// 02:00 CET to 03:00 CEST on March 31 and fall back from 03:00 CEST to
/// 02:00 CET on October 27 (so 02:00-02:59 happens twice).
@Suite struct DSTBerlinTests {
    private func fires(_ text: String, after start: String, count: Int, in zone: String = "Europe/Berlin") throws -> [String] {
        try ScheduleTestSupport.fires(text, after: start, count: count, in: zone)
    }

    /// Proves a nonexistent 02:30 fires at 03:00 CEST, then at 02:30 on normal days.
    @Test func gapFiresAtTheEndOfTheGap() throws {
        #expect(try fires("0 30 2 * * *", after: "2024-03-30T12:00:00+01:00", count: 2)
            == ["2024-03-31T03:00:00+02:00", "2024-04-01T02:30:00+02:00"])
    }

    /// Proves an every-hour expression fires once for the whole skipped hour.
    @Test func everyHourExpressionCrossesTheGap() throws {
        #expect(try fires("0 */10 * * * *", after: "2024-03-31T01:45:00+01:00", count: 3)
            == ["2024-03-31T01:50:00+01:00", "2024-03-31T03:00:00+02:00", "2024-03-31T03:10:00+02:00"])
        #expect(try fires("@hourly", after: "2024-03-31T00:30:00+01:00", count: 3)
            == ["2024-03-31T01:00:00+01:00", "2024-03-31T03:00:00+02:00", "2024-03-31T04:00:00+02:00"])
    }

    /// Proves a fixed-hour time in the repeated hour fires only in the first (CEST) occurrence.
    @Test func repeatFiresOnceWhenHourIsFixed() throws {
        #expect(try fires("0 30 2 * * *", after: "2024-10-26T12:00:00+02:00", count: 2)
            == ["2024-10-27T02:30:00+02:00", "2024-10-28T02:30:00+01:00"])
    }

    /// Proves an every-hour expression fires in both the CEST and CET occurrences.
    @Test func everyHourExpressionFiresInBothOccurrences() throws {
        #expect(try fires("0 0,30 * * * *", after: "2024-10-27T01:45:00+02:00", count: 5)
            == ["2024-10-27T02:00:00+02:00", "2024-10-27T02:30:00+02:00", "2024-10-27T02:00:00+01:00",
                "2024-10-27T02:30:00+01:00", "2024-10-27T03:00:00+01:00"])
    }

    /// Proves @daily fires at the first instant of a day whose midnight does not exist (São Paulo, 2018).
    @Test func dailyFiresWhenMidnightIsSkipped() throws {
        #expect(try fires("@daily", after: "2018-11-03T12:00:00-03:00", count: 2, in: "America/Sao_Paulo")
            == ["2018-11-04T01:00:00-02:00", "2018-11-05T00:00:00-02:00"])
    }

    /// Proves half-hour shifts work too (Lord Howe moves 02:00 to 02:30 in October).
    @Test func halfHourShiftGap() throws {
        #expect(try fires("0 15 2 * * *", after: "2024-10-05T12:00:00+10:30", count: 2, in: "Australia/Lord_Howe")
            == ["2024-10-06T02:30:00+11:00", "2024-10-07T02:15:00+11:00"])
    }
}
