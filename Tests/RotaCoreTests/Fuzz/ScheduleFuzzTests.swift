import Foundation
import RotaCore
import RotaTesting
import Testing

/// Seeded fuzzing of `Schedule.parse` and `next(after:in:)`: grammar-aware schedules (cron fields,
/// descriptors, `@every`, `@at`, `@after`, zone prefixes): half of them valid by construction, the
/// rest with invalid choices and most of those also damaged byte by byte.
///
/// Contract: any text parses or throws `ScheduleError` whose message starts `schedule "<text>": `;
/// a parsed schedule's next fire is strictly after the instant asked about, the next fire asked
/// from any instant in between is the same one, and no input takes long.
@Suite struct ScheduleFuzzTests {
    static let zones = [
        "UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "America/Sao_Paulo",
        "Pacific/Apia", "Europe/Dublin", "Antarctica/Troll", "Asia/Kathmandu", "Africa/Casablanca", "Pacific/Kiritimati",
    ].compactMap { TimeZone(identifier: $0) }

    /// Proves random and damaged schedule strings parse or fail with a prefixed message, and that a
    /// parsed schedule fires strictly later and consistently (asked again from any instant before
    /// the fire, it names the same fire).
    @Test func randomSchedulesParseOrFailAndFireStrictlyLater() {
        var reach = (total: 0, parsed: 0, probed: 0)
        FuzzRun.forEachIteration(target: "schedule", default: 2_500) { fuzz in
            reach.total += 1
            var (text, clean) = ScheduleGrammar.schedule(using: &fuzz.random)
            if !clean, fuzz.random.chance(60) {
                text = FuzzMutator.mutate(text, tokens: ScheduleGrammar.tokens, using: &fuzz.random)
            }
            let zone = fuzz.random.pick(Self.zones)
            let start = ScheduleGrammar.referenceInstant(using: &fuzz.random)
            let jobName = fuzz.random.pick(["", "job", "nightly-backup", "ünïcödé", String(repeating: "z", count: 300)])
            fuzz.trace(text)
            let parsed = fuzz.timed("parse \(text.debugDescription)") {
                Result { () throws(ScheduleError) in try Schedule.parse(text, jobName: jobName) }
            }
            let schedule: Schedule
            switch parsed {
            case .failure(let error):
                let prefix = "schedule \"\(text)\": "
                fuzz.check(error.message.hasPrefix(prefix) && error.message.count > prefix.count,
                           "\(text.debugDescription) failed with an unprefixed message \(error.message.debugDescription)")
                return
            case .success(let value):
                schedule = value
                reach.parsed += 1
            }
            fuzz.check(schedule.description == text, "\(text.debugDescription) kept as \(schedule.description.debugDescription)")
            let what = "\(text.debugDescription) in \(zone.identifier) after \(start.timeIntervalSince1970)"
            let fires = fuzz.timed("three fires of \(what)") {
                var fires: [Date] = []
                var cursor = start
                while fires.count < 3, let next = schedule.next(after: cursor, in: zone) {
                    fires.append(next)
                    if next <= cursor { break }
                    cursor = next
                }
                return fires
            }
            var cursor = start
            for fire in fires {
                fuzz.check(fire > cursor, "\(what): fire \(fire.timeIntervalSince1970) is not after \(cursor.timeIntervalSince1970)")
                cursor = fire
            }
            guard let first = fires.first, first > start, first.timeIntervalSince(start) > 1 else { return }
            reach.probed += 1
            // Any instant before the first fire must lead to that same fire: none was skipped.
            let gap = first.timeIntervalSince(start)
            let probe = start.addingTimeInterval((gap * Double(fuzz.random.int(0..<1_000)) / 1_000).rounded(.down))
            let again = fuzz.timed("next of \(what) from \(probe.timeIntervalSince1970)") {
                schedule.next(after: probe, in: zone)
            }
            fuzz.check(again == first, "\(what): next after \(probe.timeIntervalSince1970) is \(again.map { "\($0.timeIntervalSince1970)" } ?? "nil"), expected \(first.timeIntervalSince1970)")
        }
        // Guard the generator's reach: the fire checks must run on a good share of the inputs.
        #expect(reach.parsed * 4 > reach.total && reach.probed * 5 > reach.total, "reach \(reach)")
    }

    /// Proves a one-shot schedule fires exactly at its RFC 3339 instant, once.
    @Test func oneShotSchedulesFireAtTheirInstantOnce() {
        FuzzRun.forEachIteration(target: "schedule-at", default: 500) { fuzz in
            let stamp = ScheduleGrammar.rfc3339(valid: true, using: &fuzz.random)
            guard let instant = RFC3339.parse(stamp) else {
                fuzz.fail("generated an invalid RFC 3339 time \(stamp)")
                return
            }
            let text = fuzz.random.chance(50) ? "@at \(stamp)" : "@after \(stamp) <PT\(fuzz.random.int(1...90))M"
            guard let schedule = try? Schedule.parse(text) else {
                fuzz.fail("\(text) does not parse")
                return
            }
            let zone = fuzz.random.pick(Self.zones)
            fuzz.check(schedule.next(after: instant.addingTimeInterval(-0.5), in: zone) == instant, "\(text) misses its instant")
            fuzz.check(schedule.next(after: instant, in: zone) == nil, "\(text) fires twice")
        }
    }
}

/// A generator of schedule strings that follows the grammar closely enough to reach the field
/// parser, the descriptors and the next-fire search, with out-of-range and odd values mixed in.
enum ScheduleGrammar {
    static let tokens = [
        "*", "?", "/", "-", ",", "~", "@every", "@at", "@after", "@daily", "@manually", "TZ=", "CRON_TZ=", "jan", "SUN",
        "7", "59", "60", "31", "29", "2", "0", "<PT", "T", "Z", "+02:00", "h", "ms", "µs",
    ]
    static let zoneNames = [
        "UTC", "Europe/Berlin", "America/New_York", "Pacific/Apia", "Etc/GMT+12", "Etc/GMT-14", "GMT+5", "UTC+01:00",
        "Mars/Olympus", "", "../../../etc/passwd", "Europe/", "europe/berlin", "EST5EDT", "Z", "+0100",
    ]
    static let descriptors = [
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "@minutely", "@manually",
        "@every", "@at", "@after", "@reboot", "@once", "@", "@DAILY",
    ]
    private static let bounds = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
    private static let months = ["jan", "FEB", "Mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let days = ["sun", "MON", "Tue", "wed", "thu", "fri", "sat"]

    /// A schedule string; half of them are clean (every choice valid, so they parse unless the
    /// day-of-month never occurs in the months given), the rest mix in invalid choices everywhere.
    static func schedule(using random: inout FuzzRandom) -> (text: String, clean: Bool) {
        let clean = random.chance(50)
        var words: [String] = []
        if random.chance(15) {
            let zone = clean ? random.pick(["UTC", "Europe/Berlin", "America/New_York", "Pacific/Apia", "Etc/GMT+12", "GMT+5"])
                : random.pick(zoneNames)
            words.append((random.chance(50) ? "TZ=" : "CRON_TZ=") + zone)
        }
        switch random.int(0..<12) {
        case 0..<6:
            words += cronFields(clean: clean, using: &random)
        case 6:
            words.append(random.pick(clean ? Array(descriptors.prefix(8)) : descriptors))
            if !clean, random.chance(20) { words.append(random.pick(["1h", "x", "*"])) }
        case 7, 8:
            words.append("@every")
            if clean {
                words.append(random.pick(["\(random.int(1...100_000))s", "\(random.int(1...5_000))m", "1h30m", "\(random.int(1...900))h"]))
            } else if random.chance(90) {
                words.append(DurationGrammar.goText(using: &random).text)
            }
        case 9 where !(clean && !words.isEmpty):
            words.append("@at")
            words.append(rfc3339(valid: clean || random.chance(70), using: &random))
        case 10 where !(clean && !words.isEmpty):
            words.append("@after")
            words.append(rfc3339(valid: clean || random.chance(80), using: &random))
            words.append(clean ? "<PT\(random.int(1...90))M" : (random.chance(90) ? "<" : "") + DurationGrammar.isoText(using: &random).text)
        default:
            words.append(clean ? "@manually" : random.pick(descriptors))
            if clean { words = Array(words.suffix(1)) }  // one-shot kinds take no zone prefix
        }
        var text = ""
        for (index, word) in words.enumerated() {
            if index > 0 || (!clean && random.chance(5)) {
                text += clean || random.chance(90) ? " " : random.pick(["  ", "\t", "\n", " \u{A0}"])
            }
            text += word
        }
        return (text, clean)
    }

    /// Five or six fields; unclean ones sometimes have too few or too many.
    static func cronFields(clean: Bool, using random: inout FuzzRandom) -> [String] {
        let count = clean || random.chance(90) ? random.pick([5, 6]) : random.int(0...8)
        let offset = count == 5 ? 1 : 0
        return (0..<count).map { index in field(min(index + offset, 5), clean: clean, using: &random) }
    }

    static func field(_ index: Int, clean: Bool, using random: inout FuzzRandom) -> String {
        let dayField = index == 3 || index == 5
        if random.chance(35) { return random.chance(80) || (clean && !dayField) ? "*" : "?" }
        let terms = random.chance(75) ? 1 : random.int(2...4)
        var items = (0..<terms).map { _ in term(index, clean: clean, using: &random) }
        if !clean, random.chance(3) { items.insert("", at: random.int(0...items.count)) }
        return items.joined(separator: ",")
    }

    static func term(_ index: Int, clean: Bool, using random: inout FuzzRandom) -> String {
        let base: String
        switch random.int(0..<7) {
        case 0: base = "*"
        case 1, 2: base = value(index, clean: clean, using: &random)
        case 3, 4:
            let ends = [value(index, clean: clean, using: &random), value(index, clean: clean, using: &random)]
            // Clean ranges run upwards (named values compare by what they name).
            base = clean ? ends.sorted { numeric($0, index) < numeric($1, index) }.joined(separator: "-") : ends.joined(separator: "-")
        case 5: base = clean || random.chance(50) ? "~" : "~-" + value(index, clean: clean, using: &random)
        default: base = random.chance(50) && (!clean || index == 3 || index == 5) ? "?" : value(index, clean: clean, using: &random)
        }
        guard random.chance(35) else { return base }
        let step = clean || random.chance(85) ? String(random.int(1...30))
            : random.pick(["0", "", "-1", "64", "99999999999999999999", "1/2", "x"])
        return base + "/" + step
    }

    static func value(_ index: Int, clean: Bool, using random: inout FuzzRandom) -> String {
        let (low, high) = bounds[index]
        if index == 4, random.chance(25) { return random.pick(months) }
        if index == 5, random.chance(25) { return random.pick(days) }
        if !clean, random.chance(8) {
            return random.pick(["-1", String(high + 1), "64", "100", "007", "00", "9223372036854775808", "x", "L", "W", "#"])
        }
        return String(random.int(low...high))
    }

    /// The number a clean value stands for (a month or weekday name, or digits).
    private static func numeric(_ value: String, _ index: Int) -> Int {
        if let number = Int(value) { return number }
        let names = index == 4 ? months : days
        let position = names.firstIndex { $0.lowercased() == value.lowercased() } ?? 0
        return index == 4 ? position + 1 : position
    }

    /// An RFC 3339 time; invalid ones break one rule (a date that does not exist, a lowercase
    /// `t`, a missing zone, a leap second, an offset out of range).
    static func rfc3339(valid: Bool, using random: inout FuzzRandom) -> String {
        let year = random.chance(90) ? random.int(1970...2100) : random.int(0...9999)
        let month = random.int(1...12)
        let days = month == 2 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28)
            : [4, 6, 9, 11].contains(month) ? 30 : 31
        var day = random.int(1...days)
        var separator = "T"
        var second = random.int(0...59)
        var zone = random.chance(50) ? "Z" : String(format: "%@%02d:%02d", random.chance(50) ? "+" : "-", random.int(0...23), random.int(0...59))
        var fraction = random.chance(30) ? "." + random.digits(random.int(1...12)) : ""
        if !valid {
            switch random.int(0..<5) {
            case 0: day = days + 1
            case 1: separator = "t"
            case 2: zone = random.pick(["", "+24:00", "+0100", "UTC", "+01:60"])
            case 3: second = 60
            default: fraction = "."
            }
        }
        return String(format: "%04d-%02d-%02d", year, month, day) + separator
            + String(format: "%02d:%02d:%02d", random.int(0...23), random.int(0...59), second) + fraction + zone
    }

    /// Mostly 1970-2100, sometimes at the far edges of what `Date` can hold.
    static func referenceInstant(using random: inout FuzzRandom) -> Date {
        if random.chance(95) {
            return Date(timeIntervalSince1970: Double(random.int(0...4_102_444_800)) + (random.chance(20) ? 0.5 : 0))
        }
        return random.pick([
            .distantPast, .distantFuture, Date(timeIntervalSince1970: -1e12), Date(timeIntervalSince1970: 9.99e12),
            Date(timeIntervalSince1970: -62_135_596_800), Date(timeIntervalSince1970: .greatestFiniteMagnitude),
        ])
    }
}
