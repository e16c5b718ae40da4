import Foundation
import RotaCore
import RotaStorage
import RotaTesting
import Testing

@Suite("Cluster state")
struct ClusterContractTests {
    /// One holder at a time; a lapsed lease is taken over and tells since when work may be missed.
    @Test(arguments: StoreBackend.allCases)
    func leaseHasOneHolderAndIsTakenOverWhenItLapses(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let first = try await store.leaseAcquire(name: "leader", holder: "a", ttl: .seconds(10), now: t0)
            #expect(first.lease.holder == "a")
            #expect(first.takenOverFrom == nil)
            let refused = try await store.leaseAcquire(name: "leader", holder: "b", ttl: .seconds(10), now: t0 + 5)
            #expect(refused.lease.holder == "a")
            _ = try await store.leaseAcquire(name: "leader", holder: "a", ttl: .seconds(10), now: t0 + 6)
            let taken = try await store.leaseAcquire(name: "leader", holder: "b", ttl: .seconds(10), now: t0 + 17)
            #expect(taken.lease.holder == "b")
            #expect(taken.takenOverFrom == t0 + 6)
            try await store.leaseRelease(name: "leader", holder: "b")
            let back = try await store.leaseAcquire(name: "leader", holder: "a", ttl: .seconds(10), now: t0 + 18)
            #expect(back.lease.holder == "a")
        }
    }

    /// Heartbeats upsert members; silent workers expire as failed, once.
    @Test(arguments: StoreBackend.allCases)
    func silentWorkersExpireAsFailed(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            for (name, seen) in [("w1", t0), ("w2", t0 + 30)] {
                try await store.memberUpsert(MemberRecord(name: name, kind: .worker, address: "h", tags: ["role": "web"],
                                                          capacity: 2, running: 1, startedAt: t0, lastSeen: seen))
            }
            try await store.memberUpsert(MemberRecord(name: "s1", kind: .server, address: "h:8080", tags: [:], capacity: 4,
                                                      running: 0, startedAt: t0, lastSeen: t0))
            #expect(try await store.memberExpire(kind: .worker, before: t0 + 10) == ["w1"])
            #expect(try await store.memberExpire(kind: .worker, before: t0 + 10).isEmpty)
            let members = try await store.memberList()
            #expect(members.map(\.name) == ["s1", "w1", "w2"])
            #expect(members.first { $0.name == "w1" }?.status == "failed")
            #expect(members.first { $0.name == "w2" }?.tags == ["role": "web"])
        }
    }
}
