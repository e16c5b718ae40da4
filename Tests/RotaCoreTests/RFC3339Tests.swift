import Foundation
import RotaCore
import RotaTesting
import Testing

/// RFC 3339 parsing (Go's `time.RFC3339` rules) and UTC formatting.
@Suite struct RFC3339Tests {
    private let calendarDate = ScheduleTestSupport.calendarDate

    /// Proves UTC and offset timestamps parse to the instant `Calendar` computes.
    @Test func parsesUTCAndOffsets() {
        #expect(RFC3339.parse("2024-01-01T09:00:00Z") == calendarDate(2024, 1, 1, 9, 0, 0))
        #expect(RFC3339.parse("2024-01-01T09:00:00+02:00") == calendarDate(2024, 1, 1, 7, 0, 0))
        #expect(RFC3339.parse("2024-01-01T01:00:00-05:30") == calendarDate(2024, 1, 1, 6, 30, 0))
        #expect(RFC3339.parse("2024-02-29T23:59:59Z") == calendarDate(2024, 2, 29, 23, 59, 59))
        #expect(RFC3339.parse("1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))
    }

    /// Proves fractional seconds of any length are accepted and kept.
    @Test func parsesFractionalSeconds() throws {
        let date = try #require(RFC3339.parse("2024-01-01T09:00:00.123+02:00"))
        #expect(abs(date.timeIntervalSince(calendarDate(2024, 1, 1, 7, 0, 0)) - 0.123) < 1e-6)
        let long = try #require(RFC3339.parse("2024-01-01T09:00:00.123456789999Z"))
        #expect(abs(long.timeIntervalSince(calendarDate(2024, 1, 1, 9, 0, 0)) - 0.123456789) < 1e-6)
    }

    /// Proves everything outside Go's RFC 3339 layout is rejected.
    @Test(arguments: [
        "", "2024-01-01", "2024-01-01T09:00:00", "2024-01-01t09:00:00Z", "2024-01-01 09:00:00Z",
        "2024-01-01T09:00:00z", "2024-02-30T09:00:00Z", "2023-02-29T09:00:00Z", "2024-13-01T09:00:00Z",
        "2024-00-01T09:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T09:60:00Z", "2024-01-01T09:00:60Z",
        "2024-01-01T09:00:00+24:00", "2024-01-01T09:00:00+0200", "2024-01-01T09:00:00+02", "2024-01-01T09:00:00.Z",
        "2024-01-01T09:00:00Zjunk", "2024-1-01T09:00:00Z", "+2024-01-01T09:00:00Z",
    ])
    func rejectsInvalidTimestamps(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    /// Proves formatting is UTC with "Z" at second precision, and fractional to the microsecond.
    @Test func formatsInUTC() {
        let date = calendarDate(2024, 1, 1, 9, 0, 0)
        #expect(RFC3339.format(date) == "2024-01-01T09:00:00Z")
        #expect(RFC3339.format(date.addingTimeInterval(0.999)) == "2024-01-01T09:00:00Z")
        #expect(RFC3339.formatFractional(date) == "2024-01-01T09:00:00Z")
        #expect(RFC3339.formatFractional(date.addingTimeInterval(0.5)) == "2024-01-01T09:00:00.5Z")
        #expect(RFC3339.formatFractional(date.addingTimeInterval(0.123456)) == "2024-01-01T09:00:00.123456Z")
        #expect(RFC3339.formatFractional(Date(timeIntervalSince1970: -0.25)) == "1969-12-31T23:59:59.75Z")
    }

    /// Proves formatting in a zone writes the wall time with its offset.
    @Test func formatsInAZone() {
        let date = calendarDate(2024, 3, 10, 7, 0, 0)
        #expect(RFC3339.format(date, in: ScheduleTestSupport.zone("America/New_York")) == "2024-03-10T03:00:00-04:00")
        #expect(RFC3339.format(date, in: ScheduleTestSupport.zone("Asia/Kolkata")) == "2024-03-10T12:30:00+05:30")
        #expect(RFC3339.format(date, in: ScheduleTestSupport.utc) == "2024-03-10T07:00:00Z")
    }

    /// Proves random instants round-trip through format/parse, also with offsets, and match `Calendar`.
    @Test func roundTripsRandomInstants() throws {
        var rng = FuzzRandom(seed: 3339)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ScheduleTestSupport.utc
        let zones = ["America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Pacific/Chatham"].map(ScheduleTestSupport.zone)
        for _ in 0..<500 {
            let seconds = Int64.random(in: -2_000_000_000...6_000_000_000, using: &rng)
            let date = Date(timeIntervalSince1970: Double(seconds))
            let text = RFC3339.format(date)
            #expect(RFC3339.parse(text) == date)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
                parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
            #expect(text == expected)
            let zoned = RFC3339.format(date, in: zones[Int(seconds.magnitude % 4)])
            #expect(RFC3339.parse(zoned) == date)
            let micro = date.addingTimeInterval(Double(Int.random(in: 0..<1_000_000, using: &rng)) / 1e6)
            let parsed = try #require(RFC3339.parse(RFC3339.formatFractional(micro)))
            #expect(abs(parsed.timeIntervalSince(micro)) < 1e-6)
        }
    }
}
