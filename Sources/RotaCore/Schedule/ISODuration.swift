/// ISO 8601 durations: `PnYnMnDTnHnMnS` (any subset, in that order) or `PnW`.
///
/// Why: Dkron's `@after <time> <grace` spells its grace period this way
/// (`<PT30M`). Calendar units have no fixed length, so like Dkron we use
/// fixed approximations: a year is 365 days, a month 30 days, a week 7 days
/// and a day 24 hours. Only the seconds may carry a fraction (`.` or `,`),
/// which is exact to the attosecond; weeks cannot be mixed with other units.
public enum ISODuration {
    /// Parses an ISO 8601 duration such as `PT30M`, `P1DT12H`, `PT0.5S` or `P2W`.
    public static func parse(_ text: String) throws(ScheduleError) -> Duration {
        func failure(_ reason: String) -> ScheduleError {
            ScheduleError("invalid ISO 8601 duration \"\(text)\": \(reason)")
        }
        guard !text.isEmpty else { throw failure("empty string") }
        guard text.first == "P" else { throw failure("must start with \"P\"") }
        var rest = Substring(text).dropFirst()
        guard !rest.isEmpty else { throw failure("no components after \"P\"") }
        let dateUnits: [(Character, Int64)] = [("Y", 365 * 86_400), ("M", 30 * 86_400), ("W", 7 * 86_400), ("D", 86_400)]
        let timeUnits: [(Character, Int64)] = [("H", 3_600), ("M", 60), ("S", 1)]
        var inTimePart = false
        var lastUnit = -1
        var components = 0
        var timeComponents = 0
        var hasWeeks = false
        var seconds: Int64 = 0
        var attoseconds: Int64 = 0
        while let next = rest.first {
            if next == "T" {
                guard !inTimePart else { throw failure("\"T\" appears twice") }
                inTimePart = true
                lastUnit = -1
                rest = rest.dropFirst()
                continue
            }
            let digits = rest.prefix(while: isDigit)
            rest = rest.dropFirst(digits.count)
            guard !digits.isEmpty else { throw failure("expected a number at \"\(rest)\"") }
            var fraction: Substring = ""
            if let separator = rest.first, separator == "." || separator == "," {
                rest = rest.dropFirst()
                fraction = rest.prefix(while: isDigit)
                rest = rest.dropFirst(fraction.count)
                guard !fraction.isEmpty else { throw failure("missing digits after \"\(separator)\"") }
            }
            guard let designator = rest.first else { throw failure("missing unit after \"\(digits)\"") }
            rest = rest.dropFirst()
            let units = inTimePart ? timeUnits : dateUnits
            guard let index = units.firstIndex(where: { $0.0 == designator }) else {
                let part = inTimePart ? "time" : "date"
                throw failure("unexpected \"\(designator)\" in the \(part) part")
            }
            guard index > lastUnit else { throw failure("\"\(designator)\" is repeated or out of order") }
            lastUnit = index
            guard fraction.isEmpty || (inTimePart && designator == "S") else {
                throw failure("only seconds may have a fraction")
            }
            guard let value = Int64(digits) else { throw failure("\"\(digits)\" is too large") }
            let product = value.multipliedReportingOverflow(by: units[index].1)
            let sum = seconds.addingReportingOverflow(product.partialValue)
            guard !product.overflow, !sum.overflow else { throw failure("too large") }
            seconds = sum.partialValue
            if !fraction.isEmpty {
                let digits18 = String(fraction.prefix(18))
                attoseconds = Int64(digits18 + String(repeating: "0", count: 18 - digits18.count)) ?? 0
            }
            hasWeeks = hasWeeks || (!inTimePart && designator == "W")
            components += 1
            timeComponents += inTimePart ? 1 : 0
        }
        guard !inTimePart || timeComponents > 0 else {
            throw failure("\"T\" must be followed by hours, minutes or seconds")
        }
        guard !hasWeeks || components == 1 else { throw failure("weeks cannot be combined with other units") }
        return Duration(secondsComponent: seconds, attosecondsComponent: attoseconds)
    }

    private static func isDigit(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return ascii >= UInt8(ascii: "0") && ascii <= UInt8(ascii: "9")
    }
}
