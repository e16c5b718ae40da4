import Foundation
import RotaCore
import Testing

/// Named secrets through the real binary: referenced as `{{ secrets.NAME }}`, given to the task,
/// never stored or returned, and masked in recorded output and in the UI.
@Suite("Secrets", .serialized)
struct SecretsTests {
    static let workflow = """
        id: uses_secret
        tasks:
          - id: check
            command: sh -c 'echo length-$(printf %s "$1" | wc -c) && echo leaked $1' x {{ secrets.DB_PASSWORD }}
        """

    @Test func secretsReachTasksButNeverTheAPIOutputOrUI() async throws {
        try await withHome { home in
            try FileManager.default.createDirectory(atPath: home + "/dags", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: home + "/secrets", withIntermediateDirectories: true)
            try "k3y-from-a-file\n".write(toFile: home + "/secrets/API_KEY", atomically: true, encoding: .utf8)
            try Self.workflow.write(toFile: home + "/dags/uses_secret.yaml", atomically: true, encoding: .utf8)
            let rota = try RotaProcess(home: home, extraArguments: ["--dags-dir", home + "/dags"],
                                       environment: ["ROTA_SECRET_DB_PASSWORD": "s3cr3t-db-pass"])
            defer { rota.stop() }
            try rota.waitUntilListening()

            // A Dkron job: only {{ secrets.NAME }} is replaced; other braces stay as written.
            let job = #"{"name": "api-call", "schedule": "@manually", "executor": "shell", "executor_config": {"command": "echo key={{ secrets.API_KEY }} literal={{.Names}}"}}"#
            #expect(try await rota.request(.POST, "/v1/jobs", body: job).status == 201)
            #expect(try await rota.request(.POST, "/v1/jobs/api-call").status == 200)
            #expect(try await rota.eventually(timeout: 20) {
                try await rota.request(.GET, "/v1/jobs/api-call/executions").json.arrayValue.first?["success"]?.boolValue == true
            })
            let execution = try #require(try await rota.request(.GET, "/v1/jobs/api-call/executions").json.arrayValue.first)
            #expect(execution["success"]?.boolValue == true)
            #expect(execution["output"]?.stringValue == "key=*** literal={{.Names}}\n")
            let stored = try await rota.request(.GET, "/v1/jobs/api-call").text
            #expect(stored.contains("{{ secrets.API_KEY }}"))
            #expect(!stored.contains("k3y-from-a-file"))

            // A workflow task: the secret is one shell-quoted argument; its value is masked.
            let loaded = try await rota.eventually { try await rota.request(.GET, "/api/v2/dags/uses_secret").status == 200 }
            #expect(loaded, "\(rota.stderr)")
            let run = try await rota.request(.POST, "/api/v2/dags/uses_secret/dagRuns", body: #"{"logical_date": null}"#)
            let runId = try #require(run.json["dag_run_id"]?.stringValue)
            #expect(try await rota.eventually(timeout: 30) {
                try await rota.request(.GET, "/api/v2/dags/uses_secret/dagRuns/\(runId)").json["state"]?.stringValue == "success"
            })
            let log = try await rota.request(.GET, "/api/v2/dags/uses_secret/dagRuns/\(runId)/taskInstances/check/logs/1").text
            #expect(log.contains("length-14"), "the task got the secret's 14 characters as one argument")
            #expect(log.contains("leaked ***"))
            #expect(!log.contains("s3cr3t-db-pass"))
            let instances = try await rota.request(.GET, "/api/v2/dags/uses_secret/dagRuns/\(runId)/taskInstances").text
            #expect(!instances.contains("s3cr3t-db-pass"))
            let source = try await rota.request(.GET, "/api/v2/dagSources/uses_secret").text
            #expect(!source.contains("s3cr3t-db-pass"))

            // The UI's task page shows the rendered command with the value masked.
            let taskId = try #require(try await rota.request(.GET, "/api/v2/dags/uses_secret/dagRuns/\(runId)/taskInstances/check")
                .json["id"]?.stringValue.flatMap { Int64($0.suffix(12), radix: 16) })
            let page = try await rota.request(.GET, "/ui/tasks/\(taskId)").text
            #expect(page.contains("***"))
            #expect(!page.contains("s3cr3t-db-pass"))
        }
    }
}
