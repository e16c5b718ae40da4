import Foundation

/// RFC 3339 timestamps: `2024-01-01T09:00:00Z`, `2024-01-01T09:00:00.123+02:00`.
///
/// Why hand-written rather than `ISO8601DateFormatter`: parsing must accept
/// exactly what Go's `time.Parse(time.RFC3339, …)` accepts (Dkron's `@at` and
/// `@after` use it): uppercase `T`, optional fractional seconds of any
/// length (kept to the nanosecond), `Z` or a `±hh:mm` offset, real calendar
/// dates only, no leap second. Formatting is always UTC with `Z`, the form
/// the Dkron API emits. It is also pure integer arithmetic, so it is
/// deterministic and independent of locale settings.
public enum RFC3339 {
    /// Parses a timestamp; nil when it is not valid RFC 3339.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20,
            let year = number(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
            let month = number(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"),
            let day = number(bytes, 8, 2), bytes[10] == UInt8(ascii: "T"),
            let hour = number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"),
            let minute = number(bytes, 14, 2), bytes[16] == UInt8(ascii: ":"),
            let second = number(bytes, 17, 2),
            (1...12).contains(month), day >= 1, day <= GregorianDateTime.daysInMonth(month, year: year),
            hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var index = 19
        var nanoseconds = 0
        if bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > start else { return nil }
            for position in start..<(start + 9) {
                let digit = position < index ? Int(bytes[position] - UInt8(ascii: "0")) : 0
                nanoseconds = nanoseconds * 10 + digit
            }
        }
        guard let offset = zoneOffset(bytes[index...]) else { return nil }
        let wall = GregorianDateTime(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        let seconds = wall.secondsSinceEpoch - Int64(offset)
        return Date(
            timeIntervalSinceReferenceDate: Double(seconds - referenceEpoch) + Double(nanoseconds) / 1e9)
    }

    /// `2024-01-01T09:00:00Z`: UTC, whole seconds (any fraction is dropped).
    public static func format(_ date: Date) -> String {
        let seconds = clampedReferenceSeconds(date).rounded(.down)
        return stamp(Int64(seconds) + referenceEpoch) + "Z"
    }

    /// `2024-01-01T09:00:00.123456Z`: UTC to the microsecond, trailing zeros
    /// trimmed and the fraction omitted when zero (like Go's RFC3339Nano).
    public static func formatFractional(_ date: Date) -> String {
        let micros = Int64((clampedReferenceSeconds(date) * 1e6).rounded())
        let split = GregorianDateTime.floorDivide(micros, 1_000_000)
        var fraction = split.remainder
        guard fraction != 0 else { return stamp(split.quotient + referenceEpoch) + "Z" }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        return stamp(split.quotient + referenceEpoch) + "." + padded(Int(fraction), digits) + "Z"
    }

    /// `2024-03-10T03:00:00-04:00`: whole seconds, wall-clock time in
    /// `timeZone` with its UTC offset (`Z` when the offset is zero). Offsets
    /// are written to the minute, as RFC 3339 requires.
    public static func format(_ date: Date, in timeZone: TimeZone) -> String {
        let seconds = Int64(clampedReferenceSeconds(date).rounded(.down)) + referenceEpoch
        // Historic local-mean-time offsets carry seconds, which RFC 3339 cannot
        // write; whole minutes keep the text an exact spelling of the instant.
        let offset = timeZone.secondsFromGMT(for: EpochSeconds.date(seconds)) / 60 * 60
        guard offset != 0 else { return stamp(seconds) + "Z" }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return stamp(seconds + Int64(offset)) + sign + padded(minutes / 60, 2) + ":" + padded(minutes % 60, 2)
    }

    /// Seconds from 1970 to 2001, Foundation's reference date.
    private static let referenceEpoch: Int64 = 978_307_200

    private static func clampedReferenceSeconds(_ date: Date) -> Double {
        let seconds = date.timeIntervalSinceReferenceDate
        guard seconds.isFinite else { return 0 }
        return min(max(seconds, -EpochSeconds.limit), EpochSeconds.limit)
    }

    /// `YYYY-MM-DDTHH:MM:SS` for Unix seconds on whichever clock is meant.
    private static func stamp(_ seconds: Int64) -> String {
        let t = GregorianDateTime(secondsSinceEpoch: seconds)
        return padded(t.year, 4) + "-" + padded(t.month, 2) + "-" + padded(t.day, 2) + "T"
            + padded(t.hour, 2) + ":" + padded(t.minute, 2) + ":" + padded(t.second, 2)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + zeros + digits
    }

    /// `Z` or `±hh:mm`, and nothing after it.
    private static func zoneOffset(_ bytes: ArraySlice<UInt8>) -> Int? {
        let start = bytes.startIndex
        if bytes.count == 1, bytes[start] == UInt8(ascii: "Z") { return 0 }
        guard bytes.count == 6, bytes[start + 3] == UInt8(ascii: ":"),
            let hours = number(Array(bytes), 1, 2), let minutes = number(Array(bytes), 4, 2),
            hours <= 23, minutes <= 59
        else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "+"): return hours * 3600 + minutes * 60
        case UInt8(ascii: "-"): return -(hours * 3600 + minutes * 60)
        default: return nil
        }
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ length: Int) -> Int? {
        var value = 0
        for byte in bytes[start..<(start + length)] {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
