import Foundation
import Testing
import RotaCore

/// Dkron's `~` token: a per-field value derived from the job name.
///
/// "job" sums to 106 + 111 + 98 = 315, so `~` is 15 (second), 15 (minute),
/// 3 (hour, 315 % 24), 8 (day, 315 % 28 + 1), 4 (month, 315 % 12 + 1) and
/// 0 (weekday, 315 % 7).
@Suite struct JobNameHashTests {
    /// Proves `~` in every field resolves to Dkron's per-field modulus of the name sum.
    @Test func tildeResolvesPerField() throws {
        let hashed = try ScheduleTestSupport.fires("~ ~ ~ ~ ~ ~", jobName: "job", after: "2024-01-01T00:00:00Z", count: 6)
        let literal = try ScheduleTestSupport.fires("15 15 3 8 4 0", after: "2024-01-01T00:00:00Z", count: 6)
        #expect(hashed == literal)
        #expect(hashed.first == "2024-04-07T03:15:15Z")  // April: the 8th or any Sunday
    }

    /// Proves `~` works as the start of a step (`~/15` = 15/15 = 15,30,45 for "job").
    @Test func tildeStartsAStep() throws {
        #expect(try ScheduleTestSupport.fires("0 ~/15 * * * *", jobName: "job", after: "2024-01-01T00:00:00Z", count: 4)
            == ["2024-01-01T00:15:00Z", "2024-01-01T00:30:00Z", "2024-01-01T00:45:00Z", "2024-01-01T01:15:00Z"])
    }

    /// Proves `~` works inside a range (`~-23` in hours = 3-23 for "job").
    @Test func tildeStartsARange() throws {
        #expect(try ScheduleTestSupport.fires("0 0 ~-23 * * *", jobName: "job", after: "2024-01-01T00:00:00Z", count: 2)
            == ["2024-01-01T03:00:00Z", "2024-01-01T04:00:00Z"])
    }

    /// Proves the five-field form hashes by field meaning (first field = minute).
    @Test func fiveFieldFormHashesByFieldMeaning() throws {
        #expect(try ScheduleTestSupport.fires("~ * * * *", jobName: "job", after: "2024-01-01T00:00:00Z", count: 1)
            == ["2024-01-01T00:15:00Z"])
    }

    /// Proves the sum is over Unicode scalars (ジョブ = 12472 + 12519 + 12502 = 37493; 37493 % 60 = 53).
    @Test func nonASCIINamesSumUnicodeScalars() throws {
        #expect(try ScheduleTestSupport.fires("0 ~ * * * *", jobName: "ジョブ", after: "2024-01-01T00:00:00Z", count: 1)
            == ["2024-01-01T00:53:00Z"])
    }

    /// Proves an empty job name hashes to zero (and day fields to their minimum).
    @Test func emptyNameHashesToZero() throws {
        #expect(try ScheduleTestSupport.fires("~ ~ ~ ~ ~ *", after: "2024-01-01T00:00:00Z", count: 1)
            == ["2025-01-01T00:00:00Z"])
    }

    /// Proves different names spread the same expression to different instants.
    @Test func differentNamesSpreadLoad() throws {
        let a = try Schedule.parse("0 ~ * * * *", jobName: "backup")
        let b = try Schedule.parse("0 ~ * * * *", jobName: "report")
        let start = ScheduleTestSupport.instant("2024-01-01T00:00:00Z")
        #expect(a.next(after: start, in: .gmt) != b.next(after: start, in: .gmt))
        #expect(a != b)
    }
}
