/// One email: every address in `to` receives the same message, in one SMTP transaction.
public struct EmailTarget: Sendable, Equatable {
    /// Recipients, as `ops@example.com` or `Ops <ops@example.com>`.
    public var to: [String]
    /// A subject template with the same placeholders as webhook payloads (not JSON-escaped).
    /// `nil` means `[rota] <workflow> <task> <kind>`.
    public var subject: String?

    public init(to: [String], subject: String? = nil) {
        self.to = to
        self.subject = subject
    }
}
