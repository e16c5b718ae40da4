import Foundation

/// An API token as stored: only its SHA-256 digest, never the token itself, so a copy of the
/// database does not hand out access.
public struct TokenRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var role: Role
    /// Hex SHA-256 of the token.
    public var digest: String
    /// The token's first characters, to tell tokens apart in `rota tokens list`.
    public var prefix: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: Int64, name: String, role: Role, digest: String, prefix: String, createdAt: Date,
                expiresAt: Date?, lastUsedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.name = name
        self.role = role
        self.digest = digest
        self.prefix = prefix
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// Usable now: not revoked and not expired.
    public func isActive(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}

/// One change made through the API or the CLI: who, what, when, from where.
public struct AuditRecord: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    /// The token's name, `anonymous` when auth is off, or `cli:<user>` for CLI changes.
    public var actor: String
    public var role: String
    public var action: String
    public var target: String
    public var status: Int
    public var source: String

    public init(id: Int64 = 0, at: Date, actor: String, role: String, action: String, target: String, status: Int, source: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.role = role
        self.action = action
        self.target = target
        self.status = status
        self.source = source
    }
}
