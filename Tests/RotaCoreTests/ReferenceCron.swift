import Foundation

/// A deliberately naive evaluator of the documented firing rules, used as
/// the oracle for property tests.
///
/// It judges each candidate instant on its own: wall-clock fields come from
/// `Calendar` (not the code under test), UTC offsets from `TimeZone`, and the
/// daylight-saving rules are applied literally:
/// * an instant fires when its wall time matches and, unless the expression
///   matches every hour, that wall time was not already shown earlier;
/// * a forward transition instant fires when a wall time skipped by the gap matches.
final class ReferenceCron {
    let spec: RandomCronSpec
    let zone: TimeZone
    private let calendar: Calendar
    private var hourCache: [Int64: (month: Int, day: Int, hour: Int, weekday: Int)] = [:]
    private let secondValues: [Int]

    init(spec: RandomCronSpec, zone: TimeZone) {
        self.spec = spec
        self.zone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        self.calendar = calendar
        secondValues = spec.sets[0].sorted()
    }

    private var matchesEveryHour: Bool { spec.sets[2].count == 24 }

    func utcOffset(_ instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
    }

    func wallMatches(_ wall: Int64) -> Bool {
        let second = Int(((wall % 60) + 60) % 60)
        let minute = Int((((wall / 60) % 60) + 60) % 60)
        guard spec.sets[0].contains(second), spec.sets[1].contains(minute) else { return false }
        let hourKey = Int64((Double(wall) / 3600).rounded(.down))
        let fields: (month: Int, day: Int, hour: Int, weekday: Int)
        if let cached = hourCache[hourKey] {
            fields = cached
        } else {
            let parts = calendar.dateComponents(
                [.month, .day, .hour, .weekday], from: Date(timeIntervalSince1970: Double(wall)))
            fields = (parts.month!, parts.day!, parts.hour!, parts.weekday! - 1)
            hourCache[hourKey] = fields
        }
        guard spec.sets[2].contains(fields.hour), spec.sets[4].contains(fields.month) else { return false }
        let domMatch = spec.sets[3].contains(fields.day)
        let dowMatch = spec.sets[5].contains(fields.weekday)
        if spec.dayOfMonthIsWildcard || spec.dayOfWeekIsWildcard {
            return domMatch && dowMatch
        }
        return domMatch || dowMatch
    }

    /// Whether some earlier instant showed the same wall time (fall-back repeat).
    private func wallShownBefore(_ instant: Int64, offset: Int64) -> Bool {
        guard utcOffset(instant - 10_800) != offset || utcOffset(instant - 5_400) != offset else { return false }
        return stride(from: Int64(60), through: 10_800, by: 60).contains { utcOffset(instant - $0) == offset + $0 }
    }

    func isFire(_ instant: Int64) -> Bool {
        let offset = utcOffset(instant)
        if wallMatches(instant + offset), matchesEveryHour || !wallShownBefore(instant, offset: offset) {
            return true
        }
        let before = utcOffset(instant - 1)
        guard before < offset else { return false }
        let gapStart = instant + before
        let gapEnd = instant + offset
        var minute = gapStart - ((gapStart % 60) + 60) % 60
        while minute < gapEnd {
            for second in secondValues {
                let wall = minute + Int64(second)
                if wall >= gapStart, wall < gapEnd, wallMatches(wall) { return true }
            }
            minute += 60
        }
        return false
    }

    /// The first fire instant in `(after, through]`, scanning minute by minute.
    func firstFire(after start: Int64, through limit: Int64) -> Int64? {
        var minute = start - ((start % 60) + 60) % 60
        while minute <= limit {
            let offset = utcOffset(minute)
            let wallMinute = Int(((((minute + offset) / 60) % 60) + 60) % 60)
            if spec.sets[1].contains(wallMinute) || utcOffset(minute - 1) != offset {
                let candidates = Set([minute] + secondValues.map { minute + Int64($0) }).sorted()
                for candidate in candidates where candidate > start && candidate <= limit {
                    if isFire(candidate) { return candidate }
                }
            }
            minute += 60
        }
        return nil
    }
}
