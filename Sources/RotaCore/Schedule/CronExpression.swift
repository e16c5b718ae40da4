/// A parsed six-field cron expression, matched against wall-clock time.
///
/// Why wall-clock only: cron fields describe what a clock on the wall shows,
/// not instants. This type answers "which is the first matching wall time in
/// this window", skipping whole months, days, hours and minutes that cannot
/// match. Turning wall times into instants (and the daylight-saving rules
/// that requires) is `CronZonedSearch`'s job.
struct CronExpression: Equatable, Sendable {
    var seconds: CronFieldSet
    var minutes: CronFieldSet
    var hours: CronFieldSet
    var daysOfMonth: CronFieldSet
    var months: CronFieldSet
    var daysOfWeek: CronFieldSet
    /// The day-of-month field was an unrestricted `*` or `?`.
    var dayOfMonthIsWildcard: Bool
    /// The day-of-week field was an unrestricted `*` or `?`.
    var dayOfWeekIsWildcard: Bool

    /// True when every hour of the day matches. Such schedules fire in both
    /// occurrences of a repeated (fall-back) hour; the others fire once.
    var matchesEveryHour: Bool {
        hours == CronFieldSet.values(from: 0, through: 23)
    }

    /// The Vixie/robfig day rule: when both day fields are restricted a day
    /// matches if either does; otherwise both must match.
    func matchesDay(dayNumber: Int64, day: Int) -> Bool {
        let domMatch = daysOfMonth.contains(day)
        let dowMatch = daysOfWeek.contains(GregorianDateTime.weekday(dayNumber: dayNumber))
        if dayOfMonthIsWildcard || dayOfWeekIsWildcard {
            return domMatch && dowMatch
        }
        return domMatch || dowMatch
    }

    /// The first matching wall time in `[lower, upper)`, in wall seconds.
    func firstMatch(atOrAfter lower: Int64, before upper: Int64) -> Int64? {
        guard lower < upper else { return nil }
        let perDay = GregorianDateTime.secondsPerDay
        let lowerSplit = GregorianDateTime.floorDivide(lower, perDay)
        let lastDay = GregorianDateTime.floorDivide(upper - 1, perDay).quotient
        var dayNumber = lowerSplit.quotient
        var fromSecond = Int(lowerSplit.remainder)
        var (year, month, day) = GregorianDateTime.civilDate(dayNumber: dayNumber)

        while dayNumber <= lastDay {
            guard months.contains(month) else {
                if let later = months.next(atOrAfter: month + 1) {
                    month = later
                } else {
                    year += 1
                    month = months.first ?? 1
                }
                day = 1
                dayNumber = GregorianDateTime.dayNumber(year: year, month: month, day: 1)
                fromSecond = 0
                continue
            }
            if matchesDay(dayNumber: dayNumber, day: day),
                let second = firstMatchingSecond(ofDayFrom: fromSecond)
            {
                let wall = dayNumber * perDay + Int64(second)
                return wall < upper ? wall : nil
            }
            dayNumber += 1
            fromSecond = 0
            day += 1
            if day > GregorianDateTime.daysInMonth(month, year: year) {
                day = 1
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                }
            }
        }
        return nil
    }

    /// The first matching second of a day at or after `secondOfDay`.
    private func firstMatchingSecond(ofDayFrom secondOfDay: Int) -> Int? {
        var hour = secondOfDay / 3600
        var minute = secondOfDay / 60 % 60
        var second = secondOfDay % 60
        while let matchingHour = hours.next(atOrAfter: hour) {
            if matchingHour != hour {
                hour = matchingHour
                minute = 0
                second = 0
            }
            while let matchingMinute = minutes.next(atOrAfter: minute) {
                if matchingMinute != minute {
                    minute = matchingMinute
                    second = 0
                }
                if let matchingSecond = seconds.next(atOrAfter: second) {
                    return hour * 3600 + minute * 60 + matchingSecond
                }
                minute += 1
                second = 0
            }
            hour += 1
            minute = 0
            second = 0
        }
        return nil
    }

    /// False when no calendar date can ever match, e.g. February 30th.
    ///
    /// Only a restricted day-of-month combined with an unrestricted
    /// day-of-week can be impossible: every month has every weekday.
    /// February counts as having 29 days since leap years recur.
    var canEverFire: Bool {
        guard dayOfWeekIsWildcard else { return true }
        for month in 1...12 where months.contains(month) {
            let longest = month == 2 ? 29 : GregorianDateTime.daysInMonth(month, year: 2001)
            if let firstDay = daysOfMonth.first, firstDay <= longest {
                return true
            }
        }
        return false
    }
}
