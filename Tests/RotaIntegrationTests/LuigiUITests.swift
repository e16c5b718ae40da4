import Foundation
import RotaCore
import Testing

/// Luigi's tasks and workers in Rota's UI: the Luigi page lists them by status with workers and
/// resources; a task page draws its dependency graph; actions go through luigi's RPC.
@Suite("Luigi in the web UI", .serialized)
struct LuigiUITests {
    static func rpc(_ rota: RotaProcess, _ method: String, _ data: String) async throws -> RotaProcess.HTTPResult {
        let encoded = data.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? data
        return try await rota.request(.POST, "/luigi/api/\(method)?data=\(encoded)")
    }

    @Test func luigiTasksWorkersAndGraphsAppearInTheUI() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home, extraArguments: ["--luigi-port", "0"])
            defer { rota.stop() }
            try rota.waitUntilListening()
            #expect(try await Self.rpc(rota, "add_task", #"{"worker": "w-1", "task_id": "Extract_2026", "status": "DONE", "family": "Extract", "params": {"day": "2026"}}"#).status == 200)
            #expect(try await Self.rpc(rota, "add_task", #"{"worker": "w-1", "task_id": "Load_2026", "status": "FAILED", "family": "Load", "params": {"day": "2026"}, "deps": ["Extract_2026"], "expl": "boom: disk full"}"#).status == 200)
            let page = try await rota.request(.GET, "/ui/luigi")
            #expect(page.status == 200)
            #expect(page.text.contains("Load(day=2026)") || page.text.contains("Load_2026"))
            #expect(page.text.contains("w-1"))
            #expect(page.text.contains("forgive_failures"))
            let failed = try await rota.request(.GET, "/ui/luigi?status=FAILED").text
            #expect(!failed.contains("Extract_2026\""))
            let task = try await rota.request(.GET, "/ui/luigi/tasks/Load_2026")
            #expect(task.status == 200)
            #expect(task.text.contains("class=\"dag-graph\""))
            #expect(task.text.contains("boom: disk full"))
            #expect(task.text.contains("id=\"luigi-history\""), "the task's status changes are listed")
            #expect(try await rota.request(.GET, "/ui/luigi/tasks/Nope_1").status == 404)
            #expect(try await rota.request(.GET, "/ui/luigi?status=BOGUS").status == 400)
            #expect(try await Self.rpc(rota, "mark_as_done", #"{"task_id": "Load_2026"}"#).status == 200)
            #expect(try await rota.request(.GET, "/ui/luigi?status=DONE").text.contains("Load"))
        }
    }
}
