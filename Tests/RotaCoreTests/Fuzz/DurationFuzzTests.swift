import RotaCore
import RotaTesting
import Testing

/// Seeded fuzzing of the duration parsers: Go durations (`@every`, timeouts) and ISO 8601
/// durations (`@after`'s grace period).
///
/// Contract: any text parses or throws `ScheduleError` naming the text; grammar-built texts parse
/// to exactly the value an independent big-number evaluation gives (or fail exactly when that
/// value is out of range); and every Go duration formats to text that parses back to itself.
@Suite struct DurationFuzzTests {
    /// Proves generated Go durations parse to their exact value, or fail exactly when invalid or
    /// out of range, and that damaged ones fail with a message naming the text.
    @Test func goDurationsParseToTheirExactValueOrFailWithAMessage() {
        FuzzRun.forEachIteration(target: "go-duration", default: 20_000) { fuzz in
            let generated = DurationGrammar.goText(using: &fuzz.random)
            let mutated = fuzz.random.chance(40)
            let text = mutated ? FuzzMutator.mutate(generated.text, tokens: DurationGrammar.goTokens, using: &fuzz.random)
                : generated.text
            fuzz.trace(text)
            let parsed = fuzz.timed("GoDuration.parse(\(text.debugDescription))") {
                Result { () throws(ScheduleError) in try GoDuration.parse(text) }
            }
            switch parsed {
            case .success(let duration):
                let formatted = GoDuration.format(duration)
                let again = try? GoDuration.parse(formatted)
                fuzz.check(again == duration, "\(text.debugDescription) formats as \(formatted.debugDescription), which reads back as \(again.map { "\($0)" } ?? "an error")")
            case .failure(let error):
                let prefix = "invalid duration \"\(text)\": "
                fuzz.check(error.message.hasPrefix(prefix) && error.message.count > prefix.count,
                           "\(text.debugDescription): unprefixed message \(error.message.debugDescription)")
            }
            guard !mutated else { return }
            switch (parsed, generated.nanoseconds) {
            case (.success(let duration), .some(let expected)):
                fuzz.check(duration == .nanoseconds(expected), "\(text.debugDescription) parsed as \(duration), expected \(expected)ns")
            case (.success(let duration), .none):
                fuzz.fail("\(text.debugDescription) is invalid or out of range but parsed as \(duration)")
            case (.failure(let error), .some(let expected)):
                fuzz.fail("\(text.debugDescription) is \(expected)ns but failed: \(error.message)")
            case (.failure, .none):
                break
            }
        }
    }

    /// Proves every whole-nanosecond duration formats to Go's spelling that parses back to it.
    @Test func everyGoDurationFormatsToTextThatParsesBack() {
        FuzzRun.forEachIteration(target: "go-format", default: 20_000) { fuzz in
            let magnitude = fuzz.random.int(0...63)
            let bits = magnitude == 0 ? 0 : Int64(truncatingIfNeeded: fuzz.random.next() >> UInt64(64 - magnitude))
            let nanoseconds = fuzz.random.chance(5) ? fuzz.random.pick([Int64.max, .min, .min + 1, 0, -1, 1]) : bits
            let duration = Duration.nanoseconds(fuzz.random.chance(50) ? nanoseconds : nanoseconds / 2 &* -1)
            let text = GoDuration.format(duration)
            let back = try? GoDuration.parse(text)
            fuzz.check(back == duration, "\(duration) formats as \(text.debugDescription), which reads back as \(back.map { "\($0)" } ?? "an error")")
        }
    }

    /// Proves generated ISO 8601 durations parse to their exact value, or fail exactly when they
    /// break a rule or overflow, and that damaged ones fail with a message naming the text.
    @Test func isoDurationsParseToTheirExactValueOrFailWithAMessage() {
        FuzzRun.forEachIteration(target: "iso-duration", default: 20_000) { fuzz in
            let generated = DurationGrammar.isoText(using: &fuzz.random)
            let mutated = fuzz.random.chance(40)
            let text = mutated ? FuzzMutator.mutate(generated.text, tokens: DurationGrammar.isoTokens, using: &fuzz.random)
                : generated.text
            fuzz.trace(text)
            let parsed = fuzz.timed("ISODuration.parse(\(text.debugDescription))") {
                Result { () throws(ScheduleError) in try ISODuration.parse(text) }
            }
            if case .failure(let error) = parsed {
                let prefix = "invalid ISO 8601 duration \"\(text)\": "
                fuzz.check(error.message.hasPrefix(prefix) && error.message.count > prefix.count,
                           "\(text.debugDescription): unprefixed message \(error.message.debugDescription)")
            }
            guard !mutated else { return }
            switch (parsed, generated.value) {
            case (.success(let duration), .some(let expected)):
                fuzz.check(duration == expected, "\(text.debugDescription) parsed as \(duration), expected \(expected)")
            case (.success(let duration), .none):
                fuzz.fail("\(text.debugDescription) breaks a rule or overflows but parsed as \(duration)")
            case (.failure(let error), .some(let expected)):
                fuzz.fail("\(text.debugDescription) is \(expected) but failed: \(error.message)")
            case (.failure, .none):
                break
            }
        }
    }
}

/// Generators of Go and ISO 8601 duration texts, each with the value it must parse to, computed
/// independently of the parsers with 128-bit integers and long multiplication.
enum DurationGrammar {
    static let goTokens = ["ns", "us", "µs", "\u{3BC}s", "ms", "s", "m", "h", ".", "-", "+", "0", "9999999999"]
    static let isoTokens = ["P", "T", "Y", "M", "W", "D", "H", "S", ".", ",", "0", "9999999999"]

    private static let goUnits: [(String, Int128)] = [
        ("ns", 1), ("us", 1_000), ("\u{00B5}s", 1_000), ("\u{03BC}s", 1_000), ("ms", 1_000_000),
        ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]
    private static let badGoUnits = ["", "d", "S", "H", "sec", "µ", " s", "mss", "u"]

    /// A Go duration text and its value in nanoseconds; nil when it must be rejected. An invalid
    /// text has one flaw, placed so it cannot merge with a neighbour into something valid: a
    /// number without digits only as the sole term, an unknown unit only on the last.
    static func goText(using random: inout FuzzRandom) -> (text: String, nanoseconds: Int64?) {
        let sign = random.chance(80) ? "" : random.pick(["-", "+"])
        if random.chance(3) { return (sign + "0", 0) }
        let terms = random.chance(70) ? 1 : random.int(2...4)
        let flaw = random.chance(90) ? nil : random.pick(["no digits", "bad unit"])
        var text = sign
        var total: Int128 = 0
        for term in 0..<terms {
            var whole = random.chance(90) ? random.digits(random.int(0...4)) : random.digits(random.int(5...22))
            var fraction = ""
            var hasPoint = false
            if random.chance(25) {
                hasPoint = true
                fraction = random.chance(80) ? random.digits(random.int(0...9)) : random.digits(random.int(10...30))
            }
            let (unitName, perUnit) = random.pick(goUnits)
            // Aim some fractions just below a whole nanosecond, where digits past the 18th decide.
            if perUnit > 1, random.chance(5) {
                fraction = nearCarryFraction(perUnit, using: &random)
                hasPoint = true
            }
            if flaw == "no digits" {
                text += random.pick(["", "."]) + unitName
                return (text, nil)
            }
            if whole.isEmpty && fraction.isEmpty { whole = "0" }
            text += whole + (hasPoint ? "." + fraction : "")
            if flaw == "bad unit", term == terms - 1 {
                text += random.pick(badGoUnits)
                return (text == sign + "0" ? (text, 0) : (text, nil))  // "0" with no unit is zero
            }
            text += unitName
            total += (whole.isEmpty ? 0 : Int128(whole)!) * perUnit + floorOfFraction(fraction, times: perUnit)
        }
        let limit: Int128 = sign == "-" ? Int128(Int64.max) + 1 : Int128(Int64.max)
        guard total <= limit else { return (text, nil) }
        return (text, Int64(sign == "-" ? -total : total))
    }

    /// `0.digits × unit`, rounded down, by schoolbook multiplication of the digit string.
    static func floorOfFraction(_ digits: String, times unit: Int128) -> Int128 {
        var carry: Int128 = 0
        for digit in digits.utf8.reversed() {
            carry = (Int128(digit - UInt8(ascii: "0")) * unit + carry) / 10
        }
        return carry
    }

    /// Eighteen digits whose value times `unit` falls just short of a whole number, followed by
    /// nines that carry it over: only an exact parser rounds these right.
    private static func nearCarryFraction(_ unit: Int128, using random: inout FuzzRandom) -> String {
        let scale: Int128 = 1_000_000_000_000_000_000
        let target = Int128(random.int(1...Int(min(unit - 1, 1_000_000))))
        let numerator = (target * scale + unit - 1) / unit - 1
        let digits = String(numerator)
        return String(repeating: "0", count: 18 - digits.count) + digits + String(repeating: "9", count: random.int(3...12))
    }

    private static let dateUnits: [(Character, Int128)] = [("Y", 365 * 86_400), ("M", 30 * 86_400), ("W", 7 * 86_400), ("D", 86_400)]
    private static let timeUnits: [(Character, Int128)] = [("H", 3_600), ("M", 60), ("S", 1)]

    /// An ISO 8601 duration and its value; nil when it breaks a rule or overflows. Invalid texts
    /// break exactly one rule, chosen so the text cannot accidentally be valid.
    static func isoText(using random: inout FuzzRandom) -> (text: String, value: Duration?) {
        var date = dateUnits.indices.filter { _ in random.chance(35) }
        var time = timeUnits.indices.filter { _ in random.chance(40) }
        if random.chance(10) {
            date = [2]
            time = []
        }
        if date.isEmpty && time.isEmpty { time = [random.int(0..<3)] }
        let flaw = random.chance(75) ? nil : random.int(0..<9)
        var seconds: Int128 = 0
        var attoseconds: Int128 = 0
        var numbers: [String] = []
        func number(_ random: inout FuzzRandom) -> String {
            let digits = random.chance(90) ? random.digits(random.int(1...3)) : random.digits(random.int(4...22))
            numbers.append(digits)
            return digits
        }
        var text = "P"
        for index in date {
            let digits = number(&random)
            text += digits + String(dateUnits[index].0)
            seconds += Int128(digits)! * dateUnits[index].1
        }
        if !time.isEmpty || flaw == 2 { text += "T" }
        for index in time {
            let digits = number(&random)
            text += digits
            seconds += Int128(digits)! * timeUnits[index].1
            if timeUnits[index].0 == "S", random.chance(40) {
                let fraction = random.digits(random.int(1...25))
                text += random.pick([".", ","]) + fraction
                let first18 = String(fraction.prefix(18))
                attoseconds = Int128(first18 + String(repeating: "0", count: 18 - first18.count))!
            }
            text += String(timeUnits[index].0)
        }
        switch flaw {
        case 0: text.removeFirst()  // no P
        case 1: text = random.pick(["P", "", "p1D", "PT", "1D"])
        case 2 where time.isEmpty: break  // a T with nothing after it (added above)
        case 2, 3: text += text.contains("T") ? "1H" : "T1H1H"  // out of order or repeated
        case 4: text += text.contains("T") ? "1.5M" : "T1.5M"  // fraction on minutes
        case 5: text = date == [2] && time.isEmpty ? "P1W1D" : text.replacingOccurrences(of: "P", with: "P1W")
        case 6: text += random.pick(["1X", "1s", "1h", "5"])
        case 7: text += text.contains("T") ? "S" : "TS"  // designator without a number
        case 8: text += text.contains("T") ? "T1S" : "T1.S"  // second T, or a point without digits
        default:
            // Weeks stand alone.
            guard seconds <= Int128(Int64.max), !date.contains(2) || date.count + time.count == 1 else { return (text, nil) }
            return (text, Duration(secondsComponent: Int64(seconds), attosecondsComponent: Int64(attoseconds)))
        }
        return (text, nil)
    }
}
