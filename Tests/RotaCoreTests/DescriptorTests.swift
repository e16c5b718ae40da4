import Foundation
import Testing
import RotaCore

/// The `@yearly` … `@minutely` shorthands.
@Suite struct DescriptorTests {
    private let start = "2024-05-05T10:00:00Z"  // a Sunday

    /// Proves each descriptor fires at its documented instant after a Sunday mid-morning.
    @Test(arguments: [
        ("@yearly", "2025-01-01T00:00:00Z"),
        ("@annually", "2025-01-01T00:00:00Z"),
        ("@monthly", "2024-06-01T00:00:00Z"),
        ("@weekly", "2024-05-12T00:00:00Z"),
        ("@daily", "2024-05-06T00:00:00Z"),
        ("@midnight", "2024-05-06T00:00:00Z"),
        ("@hourly", "2024-05-05T11:00:00Z"),
        ("@minutely", "2024-05-05T10:01:00Z"),
    ])
    func descriptorFiresAtItsInstant(descriptor: String, expected: String) throws {
        #expect(try ScheduleTestSupport.fires(descriptor, after: start, count: 1) == [expected])
    }

    /// Proves each descriptor is exactly its six-field equivalent over many fires.
    @Test(arguments: [
        ("@yearly", "0 0 0 1 1 *"), ("@annually", "0 0 0 1 1 *"), ("@monthly", "0 0 0 1 * *"),
        ("@weekly", "0 0 0 * * 0"), ("@daily", "0 0 0 * * *"), ("@midnight", "0 0 0 * * *"),
        ("@hourly", "0 0 * * * *"), ("@minutely", "0 * * * * *"),
    ])
    func descriptorEqualsItsExpansion(descriptor: String, expansion: String) throws {
        let a = try ScheduleTestSupport.fires(descriptor, after: start, count: 20, in: "Europe/Berlin")
        let b = try ScheduleTestSupport.fires(expansion, after: start, count: 20, in: "Europe/Berlin")
        #expect(a == b)
        #expect(a.count == 20)
    }

    /// Proves descriptors are evaluated in the given zone (deliberately unlike Dkron).
    @Test func descriptorsUseTheGivenTimeZone() throws {
        #expect(try ScheduleTestSupport.fires("@daily", after: start, count: 1, in: "Asia/Tokyo")
            == ["2024-05-06T00:00:00+09:00"])
        let schedule = try Schedule.parse("@daily")
        #expect(schedule.next(after: ScheduleTestSupport.instant(start), in: ScheduleTestSupport.zone("Asia/Tokyo"))
            == ScheduleTestSupport.instant("2024-05-05T15:00:00Z"))
    }
}
