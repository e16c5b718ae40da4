/// Who receives an email notification.
public struct EmailTarget: Sendable, Equatable, Codable {
    /// `ops@example.com` or `Ops <ops@example.com>`.
    public var to: [String]
    /// The subject, with the same placeholders as a webhook payload; nil uses the notifier's default.
    public var subject: String?

    public init(to: [String], subject: String? = nil) {
        self.to = to
        self.subject = subject
    }
}
