/// Why one attempt failed, in words fit for a log line, and whether trying again can help.
///
/// Misconfiguration (no SMTP settings, STARTTLS requested, a malformed address or URL) fails
/// the same way every time, so it is not retried: the error shows up once, right away.
struct DeliveryFailure: Error, CustomStringConvertible {
    let message: String
    let retryable: Bool

    static func transient(_ message: String) -> DeliveryFailure {
        DeliveryFailure(message: message, retryable: true)
    }

    static func permanent(_ message: String) -> DeliveryFailure {
        DeliveryFailure(message: message, retryable: false)
    }

    var description: String { message }
}
