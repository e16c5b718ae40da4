/// A proleptic-Gregorian date and time of day with no time zone attached.
///
/// Why integer arithmetic instead of `Calendar`: the cron search asks
/// "which year, month, day and hour is this count of seconds" many times per
/// lookup, and RFC 3339 needs the same conversion. Plain integer math is
/// exact, allocation-free and independent of the host calendar settings;
/// `TimeZone` is then only consulted for UTC offsets.
///
/// "Seconds since epoch" here counts seconds since 1970-01-01T00:00:00 on
/// whatever clock the caller means: UTC for instants, local wall-clock time
/// for cron matching.
struct GregorianDateTime: Equatable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    static let secondsPerDay: Int64 = 86_400

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    init(secondsSinceEpoch seconds: Int64) {
        let split = Self.floorDivide(seconds, Self.secondsPerDay)
        let date = Self.civilDate(dayNumber: split.quotient)
        let secondOfDay = Int(split.remainder)
        self.init(
            year: date.year, month: date.month, day: date.day,
            hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }

    var secondsSinceEpoch: Int64 {
        Self.dayNumber(year: year, month: month, day: day) * Self.secondsPerDay
            + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 (day 0) of a civil date.
    ///
    /// Counts in 400-year cycles of years that start on March 1st, so the
    /// leap day is always the last day of such a year and needs no special case.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int64 {
        let marchYear = Int64(month <= 2 ? year - 1 : year)
        let cycle = floorDivide(marchYear, 400).quotient
        let yearInCycle = marchYear - cycle * 400
        let monthFromMarch = Int64(month <= 2 ? month + 9 : month - 3)
        let dayInYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
        let dayInCycle = yearInCycle * 365 + yearInCycle / 4 - yearInCycle / 100 + dayInYear
        return cycle * 146_097 + dayInCycle - 719_468
    }

    /// The civil date of a day number; the inverse of `dayNumber`.
    static func civilDate(dayNumber: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = dayNumber + 719_468
        let cycle = floorDivide(shifted, 146_097).quotient
        let dayInCycle = shifted - cycle * 146_097
        let yearInCycle =
            (dayInCycle - dayInCycle / 1460 + dayInCycle / 36_524 - dayInCycle / 146_096) / 365
        let dayInYear = dayInCycle - (365 * yearInCycle + yearInCycle / 4 - yearInCycle / 100)
        let monthFromMarch = (5 * dayInYear + 2) / 153
        let day = dayInYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = cycle * 400 + yearInCycle + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday).
    static func weekday(dayNumber: Int64) -> Int {
        Int(floorDivide(dayNumber + 4, 7).remainder)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Division rounding toward negative infinity, with a non-negative remainder.
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}
