/// The SMTP relay that email notifications go through.
///
/// Rota speaks plain SMTP only: `startTLS` exists so a configuration asking for it is rejected
/// by name (``validate()``) instead of silently sending credentials and mail in clear text.
/// Point Rota at a local relay (Postfix, an MTA sidecar) that does TLS onwards.
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// When set, Rota authenticates with AUTH PLAIN (or AUTH LOGIN when that is all the server
    /// offers). Without TLS the credentials cross the network in base64: use a trusted relay.
    public var username: String?
    public var password: String?
    /// The envelope sender and the `From` header.
    public var from: String
    /// Not supported; ``validate()`` rejects `true`.
    public var startTLS: Bool
    /// Bounds one whole SMTP conversation, connect included.
    public var timeout: Duration

    public init(
        host: String, port: Int = 25, username: String? = nil, password: String? = nil,
        from: String, startTLS: Bool = false, timeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.from = from
        self.startTLS = startTLS
        self.timeout = timeout
    }

    /// Why these settings cannot be used, named by field.
    public struct ValidationError: Error, Equatable, CustomStringConvertible {
        public var field: String
        public var reason: String
        public var description: String { "\(field): \(reason)" }
    }

    /// Throws for settings no delivery could succeed with, so configuration loading can refuse
    /// them up front; the ``Notifier`` fails such deliveries at once, without retrying.
    public func validate() throws(ValidationError) {
        if startTLS {
            throw ValidationError(field: "startTLS",
                                  reason: "STARTTLS is not supported; use a local relay that does TLS")
        }
        if host.isEmpty {
            throw ValidationError(field: "host", reason: "must not be empty")
        }
        if !(1...65_535).contains(port) {
            throw ValidationError(field: "port", reason: "must be between 1 and 65535")
        }
        if EmailAddress(from) == nil {
            throw ValidationError(field: "from", reason: "is not an email address")
        }
        if username != nil && password == nil {
            throw ValidationError(field: "password", reason: "is required when username is set")
        }
    }
}
