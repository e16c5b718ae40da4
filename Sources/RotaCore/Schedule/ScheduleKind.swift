import Foundation

extension Schedule {
    /// What a schedule string turned out to be once parsed.
    ///
    /// Why an enum: the five kinds answer "when next?" in entirely different
    /// ways (calendar search, interval arithmetic, a fixed instant, nothing),
    /// and a closed set lets each public query switch over them exhaustively.
    enum Kind: Equatable, Sendable {
        /// A cron expression or descriptor; `timeZone` is set when the text
        /// carried a `TZ=` / `CRON_TZ=` prefix, which overrides the caller's zone.
        case cron(CronExpression, timeZone: TimeZone?)
        /// `@every <duration>`.
        case every(EpochInterval)
        /// `@at <time>`: fires once.
        case at(Date)
        /// `@after <time> <grace`: fires once, or immediately when late by at most `grace`.
        case after(Date, grace: Duration)
        /// `@manually`: only ever triggered by hand.
        case manual
    }
}
