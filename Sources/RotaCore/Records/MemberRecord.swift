import Foundation

/// A server or worker of the cluster, as its heartbeats describe it (Dkron's members).
public struct MemberRecord: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case server, worker }

    public var name: String
    public var kind: Kind
    public var address: String
    public var tags: [String: String]
    public var capacity: Int
    public var running: Int
    /// `alive`, `left` (stopped cleanly) or `failed` (stopped heartbeating).
    public var status: String
    public var startedAt: Date
    public var lastSeen: Date

    public init(name: String, kind: Kind, address: String, tags: [String: String], capacity: Int, running: Int,
                status: String = "alive", startedAt: Date, lastSeen: Date) {
        self.name = name
        self.kind = kind
        self.address = address
        self.tags = tags
        self.capacity = capacity
        self.running = running
        self.status = status
        self.startedAt = startedAt
        self.lastSeen = lastSeen
    }
}

/// Who holds a lease (the leader's), and since when.
public struct LeaseRecord: Sendable, Equatable {
    public var name: String
    public var holder: String
    public var acquiredAt: Date
    public var renewedAt: Date
    public var expiresAt: Date

    public init(name: String, holder: String, acquiredAt: Date, renewedAt: Date, expiresAt: Date) {
        self.name = name
        self.holder = holder
        self.acquiredAt = acquiredAt
        self.renewedAt = renewedAt
        self.expiresAt = expiresAt
    }
}
