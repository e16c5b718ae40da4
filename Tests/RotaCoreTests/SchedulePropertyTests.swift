import Foundation
import RotaCore
import RotaTesting
import Testing

/// Randomised checks against the brute-force `ReferenceCron`, reproducible
/// through a fixed SplitMix64 seed per zone.
@Suite struct SchedulePropertyTests {
    static let zones = [
        "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata",
        "America/Santiago", "Pacific/Chatham", "UTC", "America/Sao_Paulo",
    ]
    /// The brute-force window; results further away are checked for "no fire before the window end".
    static let windowSeconds: Int64 = 26 * 3600

    /// Proves, for random expressions and starts (many right around DST
    /// transitions), that next(after:) is strictly later, is a fire instant by
    /// the documented rules, and that no fire instant was skipped.
    @Test(arguments: zones)
    func nextMatchesBruteForceReference(zoneIdentifier: String) throws {
        let zone = ScheduleTestSupport.zone(zoneIdentifier)
        var rng = FuzzRandom(seed: UInt64(truncatingIfNeeded: zoneIdentifier.hashValueStable))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var stats = (checked: 0, bruteForced: 0, nearTransition: 0)
        for _ in 0..<250 {
            var cursor = Self.randomStart(in: zone, using: &rng)
            var spec = RandomCronSpec.make(using: &rng)
            if Int.random(in: 0..<4, using: &rng) == 0 {
                spec = spec.pinningHour(to: calendar.component(.hour, from: cursor))
            }
            let schedule: Schedule
            do {
                schedule = try Schedule.parse(spec.description)
            } catch {
                #expect(!spec.canEverFire, "rejected a satisfiable expression \(spec): \(error)")
                continue
            }
            let reference = ReferenceCron(spec: spec, zone: zone)
            for _ in 0..<3 {
                let start = Int64(cursor.timeIntervalSince1970)
                guard let next = schedule.next(after: cursor, in: zone) else {
                    Issue.record("\(spec) in \(zoneIdentifier) never fires after \(RFC3339.format(cursor))")
                    break
                }
                let fire = Int64(next.timeIntervalSince1970)
                let context = "\(spec) in \(zoneIdentifier) after \(RFC3339.format(cursor, in: zone))"
                #expect(next > cursor, "\(context)")
                #expect(reference.isFire(fire), "\(context): \(RFC3339.format(next, in: zone)) is not a fire instant")
                let limit = min(fire, start + Self.windowSeconds)
                let expected = reference.firstFire(after: start, through: limit)
                stats.checked += 1
                if let transition = zone.nextDaylightSavingTimeTransition(after: cursor.addingTimeInterval(-7_200)),
                    transition.timeIntervalSince(next) < 7_200
                {
                    stats.nearTransition += 1
                }
                if fire <= start + Self.windowSeconds {
                    stats.bruteForced += 1
                    #expect(expected == fire, "\(context): got \(RFC3339.format(next, in: zone)), reference \(expected.map { RFC3339.format(Date(timeIntervalSince1970: Double($0)), in: zone) } ?? "none")")
                } else {
                    #expect(expected == nil, "\(context): skipped a fire at \(expected.map(String.init) ?? "")")
                }
                cursor = next
            }
        }
        // Guard the oracle's reach: most results must be brute-forced, and DST
        // zones must actually have been probed around their transitions.
        #expect(stats.bruteForced * 4 > stats.checked * 3)
        #expect(stats.nearTransition > 0 || zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 946_684_800)) == nil)
    }

    /// Proves consecutive fires strictly increase and `@every` instants are epoch multiples.
    @Test func everyInstantsAreEpochMultiples() throws {
        var rng = FuzzRandom(seed: 7)
        for _ in 0..<300 {
            let seconds = Int64.random(in: 1...200_000, using: &rng)
            let schedule = try Schedule.parse("@every \(seconds)s")
            let start = Date(timeIntervalSince1970: Double.random(in: 0...4e9, using: &rng))
            let next = try #require(schedule.next(after: start, in: .gmt))
            let value = Int64(next.timeIntervalSince1970)
            #expect(next > start)
            #expect(value % seconds == 0)
            #expect(Double(value - seconds) <= start.timeIntervalSince1970)
        }
    }

    /// A random start between 2000 and 2037, half of them within three hours of a transition.
    static func randomStart(in zone: TimeZone, using rng: inout FuzzRandom) -> Date {
        let base = Date(timeIntervalSince1970: Double(Int64.random(in: 946_684_800...2_114_380_800, using: &rng)))
        let jitter = Double(Int.random(in: -10_800...10_800, using: &rng))
        if Bool.random(using: &rng), let transition = zone.nextDaylightSavingTimeTransition(after: base) {
            return transition.addingTimeInterval(jitter)
        }
        return base.addingTimeInterval(jitter)
    }
}

extension String {
    /// A hash that, unlike `hashValue`, is the same in every process (FNV-1a).
    fileprivate var hashValueStable: UInt64 {
        utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
