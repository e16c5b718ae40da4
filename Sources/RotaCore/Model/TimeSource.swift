import Foundation

/// Where components read "now" from.
///
/// Injected everywhere time matters (cron fires, retry delays, leases) so tests can set the clock
/// instead of sleeping; Luigi's scattered `time.time()` calls are the cautionary tale.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// The real clock.
public struct SystemTime: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}
