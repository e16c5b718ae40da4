import Foundation
import Testing
import RotaCore

/// Small helpers shared by the schedule tests.
enum ScheduleTestSupport {
    static let utc = TimeZone(identifier: "UTC")!

    static func zone(_ identifier: String) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier) else {
            Issue.record("unknown time zone \(identifier)")
            return utc
        }
        return zone
    }

    /// An instant written in RFC 3339 (RFC3339 itself is tested against `Calendar`).
    static func instant(_ text: String) -> Date {
        guard let date = RFC3339.parse(text) else {
            Issue.record("not RFC 3339: \(text)")
            return .distantPast
        }
        return date
    }

    /// A UTC instant built with `Calendar`, independent of the code under test.
    static func calendarDate(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0
    ) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return calendar.date(from: components) ?? .distantPast
    }

    /// The next `count` fire instants after `start`, each written in `zone`
    /// with its UTC offset, so DST expectations read like a wall clock.
    static func fires(
        _ text: String, jobName: String = "", after start: String, count: Int,
        in zoneIdentifier: String = "UTC"
    ) throws -> [String] {
        let schedule = try Schedule.parse(text, jobName: jobName)
        let zone = zone(zoneIdentifier)
        var cursor = instant(start)
        var result: [String] = []
        for _ in 0..<count {
            guard let next = schedule.next(after: cursor, in: zone) else { break }
            result.append(RFC3339.format(next, in: zone))
            cursor = next
        }
        return result
    }

    /// The error message `Schedule.parse` produces, or nil when it parses.
    static func parseError(_ text: String, jobName: String = "") -> String? {
        do {
            _ = try Schedule.parse(text, jobName: jobName)
            return nil
        } catch {
            return error.message
        }
    }
}
