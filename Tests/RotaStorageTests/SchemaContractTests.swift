import Foundation
import RotaStorage
import RotaTesting
import Testing

@Suite("Schema migrations")
struct SchemaContractTests {
    /// Migrating twice applies nothing the second time and reports every known version applied.
    @Test(arguments: StoreBackend.allCases)
    func migratingTwiceIsANoOp(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.schemaMigrate().isEmpty)
            let status = try await store.schemaStatus()
            #expect(status.pending.isEmpty)
            #expect(status.applied == status.known)
        }
    }

    /// Reset drops every table; migrating again recreates an empty schema.
    @Test(arguments: StoreBackend.allCases)
    func resetDropsEverythingAndMigrateRecreates(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await addJob(store, "before-reset")
            try await store.schemaReset()
            #expect(try await store.schemaStatus().applied.isEmpty)
            // Every version this binary knows (1 core, 2 workflows, 3 luigi, and any later ones).
            let known = try await store.schemaStatus().known
            #expect(known.starts(with: [1, 2, 3]))
            #expect(try await store.schemaMigrate() == known)
            #expect(try await store.workflowList(kind: nil).isEmpty)
        }
    }

    /// A database migrated by a newer binary is refused instead of being used half-understood.
    @Test(arguments: StoreBackend.allCases)
    func newerSchemaIsRefused(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await store.adminExecute("INSERT INTO rota_migrations (version, name, applied_at) VALUES (999, 'future', 0)")
            let error = await #expect(throws: StoreError.self) { try await store.schemaMigrate() }
            #expect(error?.message.contains("newer than this rota binary") == true)
            #expect(try await store.schemaStatus().isNewerThanBinary)
        }
    }

    /// Settings round-trip and overwrite.
    @Test(arguments: StoreBackend.allCases)
    func settingsRoundTrip(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.settingGet("paused") == nil)
            try await store.settingSet("paused", "true")
            try await store.settingSet("paused", "false")
            #expect(try await store.settingGet("paused") == "false")
        }
    }
}
