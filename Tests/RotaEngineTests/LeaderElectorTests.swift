import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaStorage
import Synchronization
import Testing

/// When a leader takes its duties up again, it is told since when instants may have been missed.
@Suite("Leader election")
struct LeaderElectorTests {
    /// The lease semantics of `SQLStore.leaseAcquire`, in memory, with a switch that makes every
    /// call fail as if the database were unreachable.
    final class FlakyCluster: ClusterStore {
        struct State { var lease: LeaseRecord?; var failing = false }
        let state = Mutex(State())

        func leaseAcquire(name: String, holder: String, ttl: Duration, now: Date) async throws
            -> (lease: LeaseRecord, takenOverFrom: Date?) {
            try state.withLock { state in
                if state.failing { throw StoreError("PostgreSQL unreachable: test") }
                let expires = now.addingTimeInterval(ttl.seconds)
                var takenOver: Date?
                if var lease = state.lease {
                    let free = lease.expiresAt < now
                    if lease.holder == holder || free {
                        if free { takenOver = lease.renewedAt }
                        if lease.holder != holder { lease.acquiredAt = now }
                        lease.holder = holder
                        lease.renewedAt = now
                        lease.expiresAt = expires
                        state.lease = lease
                    }
                } else {
                    state.lease = LeaseRecord(name: name, holder: holder, acquiredAt: now, renewedAt: now, expiresAt: expires)
                }
                return (state.lease!, takenOver)
            }
        }

        func leaseGet(name: String) async throws -> LeaseRecord? {
            try state.withLock { state in
                if state.failing { throw StoreError("PostgreSQL unreachable: test") }
                return state.lease
            }
        }

        func leaseRelease(name: String, holder: String) async throws {}
        func memberExpire(kind: MemberRecord.Kind, before: Date) async throws -> [String] { [] }
        func memberList() async throws -> [MemberRecord] { [] }
        func memberSetStatus(name: String, status: String) async throws {}
        func memberUpsert(_ member: MemberRecord) async throws {}

        func fail(_ failing: Bool) { state.withLock { $0.failing = failing } }
    }

    /// The `missedSince` of every start of the duties.
    final class DutyLog: Sendable {
        let starts = Mutex<[Date?]>([])
        var count: Int { starts.withLock { $0.count } }
        var last: Date?? { starts.withLock { $0.last } }
    }

    static func elector(_ cluster: FlakyCluster, _ log: DutyLog) -> LeaderElector {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return LeaderElector(store: cluster, node: "a", ttl: .seconds(10), renewEvery: .milliseconds(20), logger: logger) { missedSince in
            log.starts.withLock { $0.append(missedSince) }
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    /// Generous: with every suite running at once on 2 cores, the elector's first tick can wait
    /// seconds for a thread; the tests prove what happens, not how fast.
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while !condition(), Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
    }

    /// A database outage shorter than the lease's ttl makes the leader step down (its renewal
    /// failed) and take over again with its own lease still valid: the duties are told to fire
    /// what fell due since the last renewal before the outage. They used to be told nothing, and
    /// every instant of the outage was lost.
    @Test func leaderBackAfterAnOutageShorterThanTheLeaseFiresWhatItMissed() async throws {
        let cluster = FlakyCluster()
        let log = DutyLog()
        let elector = Self.elector(cluster, log)
        let running = Task { try await elector.run() }
        try await Self.waitUntil { log.count == 1 }
        #expect(log.last == .some(nil))
        let lastRenewal = try #require(try await cluster.leaseGet(name: "leader")).renewedAt
        cluster.fail(true)
        let outage = Date()
        try await Self.waitUntil { !elector.isLeader }
        #expect(!elector.isLeader)
        cluster.fail(false)
        try await Self.waitUntil { log.count == 2 }
        let missedSince = log.starts.withLock { $0.last ?? nil }
        #expect(missedSince != nil, "the duties were not told since when instants were missed")
        if let missedSince { #expect(missedSince >= lastRenewal && missedSince <= outage) }
        running.cancel()
        _ = try? await running.value
    }

    /// A server restarted within the ttl finds the lease still its own: it fires what fell due
    /// since the previous process's last renewal.
    @Test func restartedLeaderWithItsLeaseStillValidFiresWhatItMissed() async throws {
        let cluster = FlakyCluster()
        let renewed = Date().addingTimeInterval(-3)
        cluster.state.withLock {
            $0.lease = LeaseRecord(name: "leader", holder: "a", acquiredAt: renewed, renewedAt: renewed,
                                   expiresAt: renewed.addingTimeInterval(10))
        }
        let log = DutyLog()
        let elector = Self.elector(cluster, log)
        let running = Task { try await elector.run() }
        try await Self.waitUntil { log.count == 1 }
        #expect(log.last == .some(renewed))
        running.cancel()
        _ = try? await running.value
    }
}
