/// Turns the five or six whitespace-separated cron fields into a `CronExpression`.
///
/// Why a separate parser: the accepted grammar is robfig/cron v3's (lists,
/// ranges, `*`, `?`, steps, `a/n` meaning "a to the end, step n", month and
/// weekday names) plus Dkron's `~` hash, and every rejection has to say which
/// field and which token is wrong. Errors thrown here carry no schedule
/// prefix; `ScheduleTextParser` adds it.
enum CronExpressionParser {
    /// Parses `fields` (5 fields: seconds are 0; 6 fields: seconds first).
    static func parse(fields: [Substring], nameSum: Int) throws(ScheduleError) -> CronExpression {
        var fieldTexts = fields
        switch fields.count {
        case 6: break
        case 5: fieldTexts.insert("0", at: 0)
        default: throw ScheduleError("expected 5 or 6 fields, got \(fields.count)")
        }
        var sets: [CronFieldSet] = []
        var wildcards: [Bool] = []
        for field in CronField.allCases {
            let parsed = try parseField(fieldTexts[field.rawValue], as: field, nameSum: nameSum)
            sets.append(parsed.set)
            wildcards.append(parsed.isWildcard)
        }
        let expression = CronExpression(
            seconds: sets[0], minutes: sets[1], hours: sets[2],
            daysOfMonth: sets[3], months: sets[4], daysOfWeek: sets[5],
            dayOfMonthIsWildcard: wildcards[3], dayOfWeekIsWildcard: wildcards[5])
        guard expression.canEverFire else {
            let dom = fieldTexts[CronField.dayOfMonth.rawValue]
            let month = fieldTexts[CronField.month.rawValue]
            throw ScheduleError("never fires: day-of-month \"\(dom)\" never occurs in month \"\(month)\"")
        }
        return expression
    }

    /// One field: a comma-separated list of terms, after substituting `~`.
    static func parseField(
        _ raw: Substring, as field: CronField, nameSum: Int
    ) throws(ScheduleError) -> (set: CronFieldSet, isWildcard: Bool) {
        let hashed = raw.contains("~")
        let tilde = field.tildeValue(nameSum: nameSum)
        let text = hashed ? raw.map { $0 == "~" ? String(tilde) : String($0) }.joined() : String(raw)
        do throws(ScheduleError) {
            var set = CronFieldSet()
            var isWildcard = false
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard !item.isEmpty else { throw ScheduleError("empty item in list \"\(text)\"") }
                let term = try parseTerm(item, as: field)
                set.formUnion(term.set)
                isWildcard = isWildcard || term.isWildcard
            }
            if field == .dayOfWeek, set.contains(7) {
                set.remove(7)
                set.insert(0)
            }
            return (set, isWildcard)
        } catch {
            let note = hashed ? " (~ resolves to \(tilde))" : ""
            throw ScheduleError("\(field.label) field: \(error.message)\(note)")
        }
    }

    /// One term: `*`, `?`, `v`, `a-b`, each optionally followed by `/step`.
    private static func parseTerm(
        _ item: Substring, as field: CronField
    ) throws(ScheduleError) -> (set: CronFieldSet, isWildcard: Bool) {
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw ScheduleError("\"\(item)\" has more than one \"/\"") }
        let base = parts[0]
        var step = 1
        if parts.count == 2 {
            guard isDigits(parts[1]), let value = Int(parts[1]), value > 0 else {
                throw ScheduleError("step \"\(parts[1])\" in \"\(item)\" must be a positive integer")
            }
            step = value
        }
        if base == "*" || base == "?" {
            if base == "?", !field.acceptsQuestionMark {
                throw ScheduleError("\"?\" is only allowed in day-of-month and day-of-week")
            }
            let set = CronFieldSet.values(
                from: field.lowerBound, through: field.implicitUpperBound, step: step)
            return (set, step == 1)
        }
        let ends = base.split(separator: "-", omittingEmptySubsequences: false)
        switch ends.count {
        case 1:
            let start = try value(ends[0], in: item, as: field)
            let end = parts.count == 2 ? max(start, field.implicitUpperBound) : start
            return (CronFieldSet.values(from: start, through: end, step: step), false)
        case 2:
            let start = try value(ends[0], in: item, as: field)
            let end = try value(ends[1], in: item, as: field)
            guard start <= end else { throw ScheduleError("range \"\(base)\" starts after it ends") }
            return (CronFieldSet.values(from: start, through: end, step: step), false)
        default:
            throw ScheduleError("\"\(base)\" has more than one \"-\"")
        }
    }

    /// A number within the field's bounds or one of its names.
    private static func value(
        _ token: Substring, in item: Substring, as field: CronField
    ) throws(ScheduleError) -> Int {
        guard !token.isEmpty else { throw ScheduleError("\"\(item)\" is missing a value") }
        if isDigits(token) {
            guard let number = Int(token), number >= field.lowerBound, number <= field.upperBound else {
                throw ScheduleError("\(token) is out of range \(field.lowerBound)-\(field.upperBound)")
            }
            return number
        }
        if let named = field.names[token.lowercased()] {
            return named
        }
        throw ScheduleError("\"\(token)\" is not a valid value")
    }

    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
