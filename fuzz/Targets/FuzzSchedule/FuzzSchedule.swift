import Foundation
import FuzzSupport
import RotaCore

// The libFuzzer callback: any bytes are a schedule string. Contract: `Schedule.parse` returns or throws
// `ScheduleError` with a message, and every next fire of a parsed schedule is strictly later than
// the instant it was asked about.

private let zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham"]
    .compactMap { TimeZone(identifier: $0) }
private let reference = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

func fuzzSchedule(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let schedule: Schedule
    do {
        schedule = try Schedule.parse(text, jobName: "fuzz-job")
    } catch {
        check(!error.message.isEmpty, "empty error message for \(text.debugDescription)")
        return 0
    }
    let zone = zones[size % zones.count]
    var cursor = reference
    for _ in 0..<3 {
        guard let next = schedule.next(after: cursor, in: zone) else { break }
        check(next > cursor, "\(text.debugDescription): next \(next) is not after \(cursor)")
        cursor = next
    }
    return 0
}
