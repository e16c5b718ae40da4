import RotaTesting

/// A random cron expression together with the value sets it denotes.
///
/// The sets are computed here directly from the choices made, never by the
/// parser under test, so the property tests compare two independent views.
struct RandomCronSpec: CustomStringConvertible {
    var fieldTexts: [String]
    /// Allowed values per field; day-of-week uses 0-6 (7 already folded to 0).
    var sets: [Set<Int>]
    var dayOfMonthIsWildcard: Bool
    var dayOfWeekIsWildcard: Bool

    var description: String { fieldTexts.joined(separator: " ") }

    private static let bounds = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 6)]
    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
    /// Chance (out of 10) that a field is left as `*`; dense fields keep most
    /// next fires inside the brute-force window.
    private static let wildcardWeight = [0, 3, 5, 7, 8, 7]

    static func make(using rng: inout FuzzRandom) -> RandomCronSpec {
        var texts: [String] = []
        var sets: [Set<Int>] = []
        var wildcards: [Bool] = []
        for index in 0..<6 {
            let field = index == 0 ? seconds(using: &rng) : field(index, using: &rng)
            texts.append(field.text)
            sets.append(field.values)
            wildcards.append(field.isWildcard)
        }
        return RandomCronSpec(
            fieldTexts: texts, sets: sets,
            dayOfMonthIsWildcard: wildcards[3], dayOfWeekIsWildcard: wildcards[5])
    }

    /// The same expression with the hour field pinned to one value, to aim
    /// restricted-hour expressions at a skipped or repeated hour.
    func pinningHour(to hour: Int) -> RandomCronSpec {
        var copy = self
        copy.fieldTexts[2] = String(hour)
        copy.sets[2] = [hour]
        return copy
    }

    /// Whether some calendar day can match (only dom-with-`*`-dow can fail).
    var canEverFire: Bool {
        guard dayOfWeekIsWildcard else { return true }
        let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return sets[4].contains { month in sets[3].contains { $0 <= longest[month - 1] } }
    }

    /// Seconds stay small sets so the reference checks few seconds per minute.
    private static func seconds(using rng: inout FuzzRandom) -> (text: String, values: Set<Int>, isWildcard: Bool) {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return ("0", [0], false)
        case 1:
            let value = Int.random(in: 0...59, using: &rng)
            return (String(value), [value], false)
        case 2:
            let values = Set((0..<2).map { _ in Int.random(in: 0...59, using: &rng) })
            return (values.sorted().map(String.init).joined(separator: ","), values, false)
        default:
            let step = [20, 30].randomElement(using: &rng)!
            return ("*/\(step)", Set(stride(from: 0, through: 59, by: step)), false)
        }
    }

    private static func field(_ index: Int, using rng: inout FuzzRandom) -> (text: String, values: Set<Int>, isWildcard: Bool) {
        let (low, high) = bounds[index]
        let dayField = index == 3 || index == 5
        if Int.random(in: 0..<10, using: &rng) < wildcardWeight[index] {
            return (dayField && Bool.random(using: &rng) ? "?" : "*", Set(low...high), true)
        }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            let value = Int.random(in: low...high, using: &rng)
            return (name(value, index, using: &rng), [value], false)
        case 1:
            let values = Set((0..<Int.random(in: 2...3, using: &rng)).map { _ in Int.random(in: low...high, using: &rng) })
            return (values.sorted().map { name($0, index, using: &rng) }.joined(separator: ","), values, false)
        case 2:
            let a = Int.random(in: low...high, using: &rng)
            let b = Int.random(in: a...high, using: &rng)
            return ("\(name(a, index, using: &rng))-\(name(b, index, using: &rng))", Set(a...b), false)
        case 3:
            let a = Int.random(in: low...high, using: &rng)
            let b = Int.random(in: a...high, using: &rng)
            let step = Int.random(in: 1...4, using: &rng)
            return ("\(a)-\(b)/\(step)", Set(stride(from: a, through: b, by: step)), false)
        case 4:
            let step = Int.random(in: 1...max(1, (high - low) / 2), using: &rng)
            return ("*/\(step)", Set(stride(from: low, through: high, by: step)), step == 1)
        default:
            let a = Int.random(in: low...high, using: &rng)
            let step = Int.random(in: 1...4, using: &rng)
            return ("\(a)/\(step)", Set(stride(from: a, through: high, by: step)), false)
        }
    }

    /// Sometimes spells a month or weekday by name, or Sunday as 7.
    private static func name(_ value: Int, _ index: Int, using rng: inout FuzzRandom) -> String {
        let roll = Int.random(in: 0..<3, using: &rng)
        if index == 4, roll == 0 { return monthNames[value - 1] }
        if index == 5, roll == 0 { return dayNames[value].lowercased() }
        return String(value)
    }
}
