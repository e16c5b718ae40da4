// TEMPORARY: replaced by the real schedule parser.
import Foundation
public struct Schedule: Sendable, Equatable {
    public static func parse(_ text: String, jobName: String = "") throws(ScheduleError) -> Schedule { Schedule() }
    public func next(after date: Date, in timeZone: TimeZone) -> Date? { date.addingTimeInterval(1) }
    public func dueNow(at now: Date) -> Date? { nil }
    public var isManual: Bool { false }
    public var isOneShot: Bool { false }
}
public struct ScheduleError: Error, Sendable, Equatable { public var message: String }
public enum GoDuration { public static func parse(_ text: String) throws(ScheduleError) -> Duration { .seconds(1) } }
public enum RFC3339 { public static func parse(_ text: String) -> Date? { nil }; public static func format(_ date: Date) -> String { "" }; public static func formatFractional(_ date: Date) -> String { "" } }
public struct ScheduleBounds: Sendable, Equatable { public var startsAt: Date?; public var expiresAt: Date?; public init(startsAt: Date? = nil, expiresAt: Date? = nil) { self.startsAt = startsAt; self.expiresAt = expiresAt }
    public func next(of schedule: Schedule, after date: Date, in timeZone: TimeZone) -> Date? { schedule.next(after: date, in: timeZone) } }
