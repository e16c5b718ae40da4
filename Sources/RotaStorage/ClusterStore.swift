import Foundation
import RotaCore

/// The cluster's shared state: members and the leader's lease. Part of the Store seam, kept in
/// its own protocol so each capability's surface reads on its own.
public protocol ClusterStore: Sendable {
    /// Takes or renews the lease `name` for `holder` until `now + ttl`. Returns the lease as it
    /// stands afterwards (held by someone else when it was not free) and, when `holder` just took
    /// it over (from another, or its own lapsed lease), the last renewal before the gap.
    func leaseAcquire(name: String, holder: String, ttl: Duration, now: Date) async throws
        -> (lease: LeaseRecord, takenOverFrom: Date?)
    func leaseGet(name: String) async throws -> LeaseRecord?
    /// Gives the lease up (a clean shutdown), so another server takes over at once.
    func leaseRelease(name: String, holder: String) async throws

    /// Marks members not seen since `before` as failed; returns their names (alive until then).
    func memberExpire(kind: MemberRecord.Kind, before: Date) async throws -> [String]
    func memberList() async throws -> [MemberRecord]
    func memberSetStatus(name: String, status: String) async throws
    /// Records a heartbeat (inserting the member on its first).
    func memberUpsert(_ member: MemberRecord) async throws
}
