import Foundation
import FuzzSupport
import RotaCore

// The libFuzzer callback: any bytes are a Go duration and an ISO 8601 duration. Contract: each parser
// returns or throws `ScheduleError` with a message, and a parsed Go duration formats to text that
// parses back to the same value.

func fuzzDuration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let duration = try GoDuration.parse(text)
        let formatted = GoDuration.format(duration)
        let again = try? GoDuration.parse(formatted)
        check(again == duration, "\(text.debugDescription) formats as \(formatted) which does not parse back")
    } catch {
        check(!error.message.isEmpty, "empty error message for \(text.debugDescription)")
    }
    do {
        _ = try ISODuration.parse(text)
    } catch {
        check(!error.message.isEmpty, "empty error message for \(text.debugDescription)")
    }
    return 0
}
