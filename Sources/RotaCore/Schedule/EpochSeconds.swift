import Foundation

/// Conversions between `Date` and whole Unix seconds.
///
/// Why: every fire instant this module produces is a whole second, while the
/// `Date`s callers pass in may carry fractions. Rounding in one place keeps
/// "strictly after" and "at or after" exact, and rejects dates so far out
/// (or not finite) that integer arithmetic on them would overflow.
enum EpochSeconds {
    /// About 300,000 years either side of 1970: far beyond any real schedule.
    static let limit: Double = 1e13

    /// The first whole second strictly after `date`.
    static func wholeSecond(after date: Date) -> Int64? {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < limit else { return nil }
        return Int64(seconds.rounded(.down)) + 1
    }

    /// The first whole second at or after `date`.
    static func wholeSecond(atOrAfter date: Date) -> Int64? {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < limit else { return nil }
        return Int64(seconds.rounded(.up))
    }

    static func date(_ seconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(seconds))
    }
}
