import Foundation
import RotaCore

/// Tokens and the audit log. Part of the Store seam in its own protocol, like `ClusterStore`.
public protocol AuthStore: Sendable {
    /// Appends one entry to the audit log.
    func auditAppend(_ entry: AuditRecord) async throws
    /// A page of the audit log, newest first, and the total count.
    func auditList(offset: Int, limit: Int) async throws -> (entries: [AuditRecord], total: Int)
    /// Stores a new token's digest. Throws `StoreError` when the name is taken by an active token.
    func tokenCreate(name: String, role: Role, digest: String, prefix: String, expiresAt: Date?, now: Date) async throws -> TokenRecord
    /// The token with this digest, whatever its state (the caller checks `isActive`).
    func tokenFind(digest: String) async throws -> TokenRecord?
    func tokenGet(id: Int64) async throws -> TokenRecord?
    func tokenList() async throws -> [TokenRecord]
    /// Revokes the active token called `name`; nil when there is none.
    func tokenRevoke(name: String, now: Date) async throws -> TokenRecord?
    /// Records a use (at most once a minute per token, so reads do not turn into writes).
    func tokenTouch(id: Int64, now: Date) async throws
}
