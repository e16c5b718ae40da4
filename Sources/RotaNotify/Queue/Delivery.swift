/// One notification on its way to one target: the unit that is queued, attempted and retried.
struct Delivery: Sendable {
    enum Target: Sendable, Equatable {
        case webhook(WebhookTarget)
        case email(EmailTarget)
    }

    /// Enqueue order; smaller is older. Also identifies the delivery inside its lane.
    let id: UInt64
    let event: NotificationEvent
    let target: Target
    /// The number of the attempt being made (1 for the first), or of the last one made.
    var attempt = 0
    /// Set after a failed attempt: not to be tried again before this instant.
    var notBefore: ContinuousClock.Instant?

    /// Deliveries with the same key share a lane: at most one of them is in flight.
    var laneKey: String {
        switch target {
        case .webhook(let hook): "webhook \(hook.url)"
        case .email(let mail): "email \(mail.to.joined(separator: ","))"
        }
    }

    /// How the target appears in logs. Webhook URLs are cut to scheme, host and port: their
    /// paths and queries often carry the secret (Slack and Teams hooks do).
    var logName: String {
        switch target {
        case .webhook(let hook): "webhook \(Self.origin(of: hook.url))"
        case .email(let mail): "email \(mail.to.joined(separator: ", "))"
        }
    }

    static func origin(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "(invalid URL)" }
        let afterScheme = url[schemeEnd.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map(String.init) ?? ""
        return url[..<schemeEnd.upperBound] + host
    }
}
