/// Why a schedule, duration or timestamp string was rejected.
///
/// Why one error type with a message: schedules arrive from users through the
/// API and job files, and the only useful thing to do with a bad one is to
/// show the user exactly which field and token is wrong. Every message names
/// the offending text, so callers can pass it through unchanged.
public struct ScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public init(_ message: String) {
        self.init(message: message)
    }

    public var description: String { message }
}
