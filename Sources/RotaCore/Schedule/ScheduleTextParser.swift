import Foundation

/// Decides what kind of schedule a string is and parses it.
///
/// Why here and not in `Schedule`: the dispatch mirrors Dkron's own layering
/// (its `extcron` parser handles `@at`, `@after`, `@manually` and `@minutely`,
/// then hands everything else to robfig/cron, which handles the `TZ=` prefix,
/// the classic descriptors, `@every` and the fields). Every error leaving
/// this type is prefixed with `schedule "<text>": ` so users see which of
/// their schedules is wrong.
enum ScheduleTextParser {
    static func parse(_ text: String, jobName: String) throws(ScheduleError) -> Schedule.Kind {
        do throws(ScheduleError) {
            return try parseBody(text, jobName: jobName)
        } catch {
            throw ScheduleError("schedule \"\(text)\": \(error.message)")
        }
    }

    private static func parseBody(_ text: String, jobName: String) throws(ScheduleError) -> Schedule.Kind {
        var tokens = text.split(whereSeparator: \.isWhitespace)
        guard let first = tokens.first else { throw ScheduleError("empty schedule") }
        var zone: TimeZone?
        if first.hasPrefix("TZ=") || first.hasPrefix("CRON_TZ=") {
            let identifier = String(first.drop { $0 != "=" }.dropFirst())
            guard let named = ZoneIdentifier.timeZone(identifier) else {
                throw ScheduleError("unknown time zone \"\(identifier)\"")
            }
            zone = named
            tokens.removeFirst()
            guard !tokens.isEmpty else {
                throw ScheduleError("a time zone prefix needs a schedule after it")
            }
        }
        if tokens[0].hasPrefix("@") {
            return try parseDescriptor(String(tokens[0]), arguments: Array(tokens.dropFirst()), zone: zone)
        }
        let expression = try CronExpressionParser.parse(
            fields: tokens, nameSum: JobNameHash.sum(of: jobName))
        return .cron(expression, timeZone: zone)
    }

    private static func parseDescriptor(
        _ name: String, arguments: [Substring], zone: TimeZone?
    ) throws(ScheduleError) -> Schedule.Kind {
        if let fields = cronEquivalent(of: name) {
            guard arguments.isEmpty else { throw ScheduleError("\"\(name)\" takes no arguments") }
            let expression = try CronExpressionParser.parse(
                fields: fields.split(separator: " "), nameSum: 0)
            return .cron(expression, timeZone: zone)
        }
        switch name {
        case "@every":
            return .every(try parseEvery(arguments))
        case "@at", "@after", "@manually":
            guard zone == nil else {
                throw ScheduleError("a time zone prefix is not allowed with \"\(name)\"")
            }
            return try parseOneShot(name, arguments: arguments)
        default:
            throw ScheduleError("unknown descriptor \"\(name)\"")
        }
    }

    /// The classic descriptors, as six-field expressions.
    private static func cronEquivalent(of name: String) -> String? {
        switch name {
        case "@yearly", "@annually": "0 0 0 1 1 *"
        case "@monthly": "0 0 0 1 * *"
        case "@weekly": "0 0 0 * * 0"
        case "@daily", "@midnight": "0 0 0 * * *"
        case "@hourly": "0 0 * * * *"
        case "@minutely": "0 * * * * *"
        default: nil
        }
    }

    private static func parseEvery(_ arguments: [Substring]) throws(ScheduleError) -> EpochInterval {
        guard arguments.count == 1 else {
            throw ScheduleError("\"@every\" expects one Go duration, e.g. \"@every 1h30m\"")
        }
        let duration = try GoDuration.parse(String(arguments[0]))
        let parts = duration.components
        guard duration >= .seconds(1) else {
            throw ScheduleError("\"@every\" interval must be at least 1s, got \(GoDuration.format(duration))")
        }
        guard parts.attoseconds == 0 else {
            throw ScheduleError(
                "\"@every\" interval must be a whole number of seconds, got \(GoDuration.format(duration))")
        }
        return EpochInterval(seconds: parts.seconds)
    }

    private static func parseOneShot(
        _ name: String, arguments: [Substring]
    ) throws(ScheduleError) -> Schedule.Kind {
        switch name {
        case "@manually":
            guard arguments.isEmpty else { throw ScheduleError("\"@manually\" takes no arguments") }
            return .manual
        case "@at":
            guard arguments.count == 1 else {
                throw ScheduleError("\"@at\" expects one RFC 3339 time, e.g. \"@at 2024-01-01T09:00:00Z\"")
            }
            return .at(try instant(arguments[0]))
        default:
            guard arguments.count == 2 else {
                throw ScheduleError(
                    "\"@after\" expects an RFC 3339 time and a grace period, "
                        + "e.g. \"@after 2024-01-01T09:00:00Z <PT30M\"")
            }
            let date = try instant(arguments[0])
            guard arguments[1].hasPrefix("<") else {
                throw ScheduleError("grace period must start with \"<\", got \"\(arguments[1])\"")
            }
            let grace = try ISODuration.parse(String(arguments[1].dropFirst()))
            guard grace > .zero else { throw ScheduleError("grace period must be greater than zero") }
            return .after(date, grace: grace)
        }
    }

    private static func instant(_ text: Substring) throws(ScheduleError) -> Date {
        guard let date = RFC3339.parse(String(text)) else {
            throw ScheduleError("invalid RFC 3339 time \"\(text)\"")
        }
        return date
    }
}
