/// Durations written the way Go's `time.ParseDuration` reads them:
/// `"300ms"`, `"1.5h"`, `"2h45m"`, `"-90s"`.
///
/// Why Go's syntax: Dkron's `@every` and its executor timeouts are Go
/// durations, and jobs migrated from Dkron must keep meaning the same thing.
/// Units are `ns`, `us` (or `µs`/`μs`), `ms`, `s`, `m` and `h`; a leading sign
/// is allowed; a bare `"0"` is zero; the range is Go's (±292 years, i.e. a
/// signed 64-bit count of nanoseconds). Fractions are computed exactly and
/// truncated to the nanosecond.
public enum GoDuration {
    /// Parses a Go duration string.
    public static func parse(_ text: String) throws(ScheduleError) -> Duration {
        func failure(_ reason: String) -> ScheduleError {
            ScheduleError("invalid duration \"\(text)\": \(reason)")
        }
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return .zero }
        guard !rest.isEmpty else { throw failure(text.isEmpty ? "empty string" : "missing number after sign") }
        var total: UInt64 = 0
        while !rest.isEmpty {
            let whole = rest.prefix(while: isDigit)
            rest = rest.dropFirst(whole.count)
            var fraction: Substring = ""
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = rest.prefix(while: isDigit)
                rest = rest.dropFirst(fraction.count)
            }
            guard !whole.isEmpty || !fraction.isEmpty else { throw failure("expected a number at \"\(rest)\"") }
            let unitText = rest.prefix { !isDigit($0) && $0 != "." }
            rest = rest.dropFirst(unitText.count)
            guard !unitText.isEmpty else {
                let number = fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
                throw failure("missing unit after \"\(number)\"")
            }
            guard let unit = nanosecondsPerUnit(String(unitText)) else {
                throw failure("unknown unit \"\(unitText)\" (use ns, us, µs, ms, s, m or h)")
            }
            guard let term = nanoseconds(whole: whole, fraction: fraction, unit: unit) else {
                throw failure("out of range")
            }
            let sum = total.addingReportingOverflow(term)
            guard !sum.overflow else { throw failure("out of range") }
            total = sum.partialValue
        }
        let limit: UInt64 = negative ? 1 << 63 : UInt64(Int64.max)
        guard total <= limit else { throw failure("out of range") }
        return .nanoseconds(negative ? Int64(bitPattern: 0 &- total) : Int64(total))
    }

    /// Formats like Go's `Duration.String()`: `"1h30m0s"`, `"1.5s"`,
    /// `"300ms"`, `"1.5µs"`, `"0s"`. Sub-nanosecond parts are dropped.
    public static func format(_ duration: Duration) -> String {
        let parts = duration.components
        let negative = parts.seconds < 0 || parts.attoseconds < 0
        let seconds = parts.seconds.magnitude
        let nanos = (parts.attoseconds / 1_000_000_000).magnitude
        let text: String
        if seconds == 0 {
            if nanos == 0 { return "0s" }
            if nanos < 1_000 {
                text = "\(nanos)ns"
            } else if nanos < 1_000_000 {
                text = decimal(nanos, fractionDigits: 3) + "\u{00B5}s"
            } else {
                text = decimal(nanos, fractionDigits: 6) + "ms"
            }
        } else {
            let hours = seconds / 3600
            let minutes = seconds / 60 % 60
            let secondsText = decimal((seconds % 60) * 1_000_000_000 + nanos, fractionDigits: 9) + "s"
            if hours > 0 {
                text = "\(hours)h\(minutes)m" + secondsText
            } else if minutes > 0 {
                text = "\(minutes)m" + secondsText
            } else {
                text = secondsText
            }
        }
        return negative ? "-" + text : text
    }

    private static func isDigit(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return ascii >= UInt8(ascii: "0") && ascii <= UInt8(ascii: "9")
    }

    private static func nanosecondsPerUnit(_ unit: String) -> UInt64? {
        switch unit {
        case "ns": 1
        case "us", "\u{00B5}s", "\u{03BC}s": 1_000
        case "ms": 1_000_000
        case "s": 1_000_000_000
        case "m": 60_000_000_000
        case "h": 3_600_000_000_000
        default: nil
        }
    }

    /// `whole.fraction` units in nanoseconds, truncated; nil on overflow.
    private static func nanoseconds(whole: Substring, fraction: Substring, unit: UInt64) -> UInt64? {
        var value: UInt64 = 0
        for digit in whole {
            let next = value.multipliedReportingOverflow(by: 10)
            guard !next.overflow, let digitValue = digit.wholeNumberValue else { return nil }
            let added = next.partialValue.addingReportingOverflow(UInt64(digitValue))
            guard !added.overflow else { return nil }
            value = added.partialValue
        }
        let scaled = value.multipliedReportingOverflow(by: unit)
        guard !scaled.overflow else { return nil }
        // floor(0.fraction × unit) exactly, by long multiplication from the last digit: the carry
        // out of the first digit is the whole part. Every digit counts, however far out (a run of
        // nines can carry into the nanosecond), and the carry stays below `unit`.
        var fractional: UInt64 = 0
        for digit in fraction.reversed() {
            fractional = (UInt64(digit.wholeNumberValue ?? 0) * unit + fractional) / 10
        }
        let total = scaled.partialValue.addingReportingOverflow(fractional)
        return total.overflow ? nil : total.partialValue
    }

    /// `value / 10^fractionDigits` as a decimal without trailing zeros.
    private static func decimal(_ value: UInt64, fractionDigits: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        var fraction = value % scale
        guard fraction != 0 else { return "\(value / scale)" }
        var digits = fractionDigits
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        return "\(value / scale)." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
}
