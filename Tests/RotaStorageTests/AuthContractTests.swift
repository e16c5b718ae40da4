import Foundation
import RotaCore
import RotaStorage
import RotaTesting
import Testing

@Suite("Tokens and audit log")
struct AuthContractTests {
    /// A token is found by its digest, a name is unique among active tokens, revoking frees the
    /// name and the revoked token stays (inactive) for the record.
    @Test(arguments: StoreBackend.allCases)
    func tokensAreFoundByDigestAndRevokedByName(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let made = try await store.tokenCreate(name: "ci", role: .operator, digest: "d1", prefix: "rota_abc", expiresAt: nil, now: t0)
            #expect(made.role == .operator)
            #expect(try await store.tokenFind(digest: "d1")?.name == "ci")
            #expect(try await store.tokenFind(digest: "nope") == nil)
            await #expect(throws: StoreError.self) {
                _ = try await store.tokenCreate(name: "ci", role: .admin, digest: "d2", prefix: "p", expiresAt: nil, now: t0)
            }
            let revoked = try #require(try await store.tokenRevoke(name: "ci", now: t0 + 5))
            #expect(revoked.isActive(at: t0 + 6) == false)
            #expect(try await store.tokenRevoke(name: "ci", now: t0 + 6) == nil)
            _ = try await store.tokenCreate(name: "ci", role: .viewer, digest: "d3", prefix: "p", expiresAt: t0 + 100, now: t0 + 7)
            let all = try await store.tokenList()
            #expect(all.map(\.name) == ["ci", "ci"])
            #expect(all.filter { $0.isActive(at: t0 + 8) }.map(\.digest) == ["d3"])
            #expect(all.filter { $0.isActive(at: t0 + 200) }.isEmpty)
            try await store.tokenTouch(id: all[1].id, now: t0 + 9)
            #expect(try await store.tokenGet(id: all[1].id)?.lastUsedAt == t0 + 9)
        }
    }

    /// The audit log pages newest first and counts every entry.
    @Test(arguments: StoreBackend.allCases)
    func auditLogPagesNewestFirst(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            for i in 0..<5 {
                try await store.auditAppend(AuditRecord(at: t0 + Double(i), actor: "alice", role: "admin", action: "POST /v1/jobs",
                                                        target: "job-\(i)", status: 201, source: "127.0.0.1"))
            }
            let (page, total) = try await store.auditList(offset: 1, limit: 2)
            #expect(total == 5)
            #expect(page.map(\.target) == ["job-3", "job-2"])
            #expect(page[0].at == t0 + 3)
        }
    }
}
