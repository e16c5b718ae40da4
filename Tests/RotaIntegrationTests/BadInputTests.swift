import Foundation
import NIOHTTP1
import RotaCore
import Testing

/// Bad requests get a 4xx with a JSON message that says what is wrong, and store nothing.
@Suite("Bad input", .serialized)
struct BadInputTests {
    static let cases: [(body: String, status: Int, mentions: String)] = [
        ("{bad json", 400, "malformed JSON"),
        (#"{"name":"x","schedule":"@every 1m","executor":"docker","executor_config":{"command":"true"}}"#, 400, "unknown executor"),
        (#"{"name":"x","schedule":"0 61 * * * *","command":"true"}"#, 400, "schedule"),
        (#"{"name":"Bad Name","schedule":"@every 1m","command":"true"}"#, 400, "name"),
        (#"{"name":"x","schedul":"@every 1m","command":"true"}"#, 400, "did you mean \"schedule\""),
        (#"{"name":"x","schedule":"@every 1m","retries":"three","command":"true"}"#, 400, "retries"),
        (#"{"name":"x","schedule":"@every 1m","command":"true","timezone":"Mars/Olympus"}"#, 400, "timezone"),
        (#"{"name":"x","schedule":"@every 1m","command":"true","parent_job":"ghost"}"#, 404, "parent job not found"),
        (#"[1,2]"#, 400, "expected a JSON object"),
        (#"{"name":"x","schedule":"@every 1m","command":"echo hi > /tmp/x"}"#, 400, "shell"),
    ]

    /// Every malformed job is refused with a JSON error, and the job list stays empty.
    @Test func malformedJobsAreRefusedAndNothingIsStored() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            for item in Self.cases {
                let response = try await rota.request(.POST, "/v1/jobs", body: item.body)
                #expect(response.status == item.status, "\(item.body)")
                let message = response.json["error"]?["message"]?.stringValue ?? ""
                #expect(message.contains(item.mentions), "\(item.body) → \(message)")
            }
            #expect(try await rota.request(.GET, "/v1/jobs").json.arrayValue.isEmpty)
            #expect(try await rota.request(.GET, "/v1/jobs/ghost").status == 404)
            #expect(try await rota.request(.POST, "/v1/jobs/ghost").status == 404)
            #expect(try await rota.request(.GET, "/v1/jobs/ghost/executions").status == 404)
            #expect(try await rota.request(.GET, "/v1/stats?days=9999").status == 400)
            let huge = String(repeating: "x", count: 2 << 20)
            #expect(try await rota.request(.POST, "/v1/jobs", body: huge).status == 413)
            rota.stop()
        }
    }

    /// Jobs and workflows share one namespace: a Dkron job named like a workflow is refused with
    /// 409 (it used to replace the workflow, which vanished from the Airflow API), alone or in a
    /// restore, and the workflow stays.
    @Test func aJobNamedLikeAWorkflowIsRefusedAndTheWorkflowStays() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            let stored = try await rota.request(.PUT, "/rota/v1/workflows/flow", body: Self.flowFile, contentType: "application/yaml")
            #expect(stored.status == 200 || stored.status == 201)
            let job = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"flow","# + Self.job + "}")
            #expect(job.status == 409)
            #expect(job.json["error"]?["message"]?.stringValue?.contains("namespace") == true)
            let restore = try await rota.request(.POST, "/v1/restore", body: #"[{"name":"flow","# + Self.job + #"},{"name":"other","# + Self.job + "}]")
            #expect(restore.status == 200)
            #expect(restore.text.contains("fail create flow") && restore.text.contains("success create other"))
            #expect(try await rota.request(.GET, "/api/v2/dags/flow").status == 200)
            #expect(try await rota.request(.GET, "/v1/jobs").json.arrayValue.compactMap { $0["name"]?.stringValue } == ["other"])
            rota.stop()
        }
    }

    /// One hostile request: where it goes, the status it must get, and a word of the answer that
    /// names the field (Airflow's 422s name it in `loc`, workflow uploads in `problems`).
    struct Hostile {
        var method: HTTPMethod
        var path: String
        var body: String
        var status: Int
        var mentions: String
    }

    static let job = #""schedule":"@manually","command":"true""#
    static let flowFile = "id: flow\nparams: {x: hi}\ntasks:\n  - id: a\n    command: echo {{ params.x }}\n"

    /// A workflow file for `PUT /rota/v1/workflows/flow` with `task` as its only task's extra lines.
    static func flow(_ task: String, top: String = "") -> String {
        "id: flow\nparams: {x: hi}\n" + top + "tasks:\n  - id: a\n" + task
    }

    /// The hostile inputs of docs/security-hostile-input.md, against every API that takes a body.
    static let hostile: [Hostile] = [
        // Size and depth.
        Hostile(method: .POST, path: "/v1/jobs", body: String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
                status: 400, mentions: "nested deeper than 64 levels"),
        Hostile(method: .POST, path: "/v1/jobs", body: "{\"name\":\"x\",\"metadata\":" + String(repeating: "{\"a\":", count: 65) + "1"
                + String(repeating: "}", count: 65) + "}", status: 400, mentions: "nested deeper than 64 levels"),
        Hostile(method: .POST, path: "/api/v2/dags/flow/dagRuns", body: #"{"logical_date":null,"conf":"# + String(repeating: "[", count: 70)
                + String(repeating: "]", count: 70) + "}", status: 422, mentions: "nested deeper than 64 levels"),
        Hostile(method: .POST, path: "/rota/v1/workers/heartbeat", body: String(repeating: "[", count: 1000), status: 400, mentions: "nested deeper"),
        Hostile(method: .GET, path: "/luigi/api/ping?data=" + String(repeating: "%5B", count: 70), body: "", status: 400, mentions: "nested deeper"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: "id: flow\n" + String(repeating: "x", count: 5 << 20), status: 413,
                mentions: "larger than"),
        // YAML bombs.
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n" + flowFile, status: 400, mentions: "anchors and aliases are not supported"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flowFile + "description: " + String(repeating: "[", count: 3000),
                status: 400, mentions: "nested deeper than 64 levels"),
        // Names.
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"../x",\#(job)}"#, status: 400, mentions: "name: "),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x\u0000",\#(job)}"#, status: 400, mentions: "name: "),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"\#(String(repeating: "a", count: 201))",\#(job)}"#, status: 400,
                mentions: "name: longer than 200"),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x",\#(job),"tags":{"a b":"c"}}"#, status: 400, mentions: "tags.a b"),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x",\#(job),"metadata":{"k]":"v"}}"#, status: 400, mentions: "metadata.k]"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/Flow", body: "id: Flow\ntasks: [{id: a, command: \"true\"}]", status: 400, mentions: "id: "),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: \"true\"\n  - id: B/c\n    command: \"true\"\n"),
                status: 400, mentions: "tasks[1].id"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: \"true\"\n    pool: \"../p\"\n"), status: 400,
                mentions: "tasks[0].pool"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: "id: flow\nparams: {\"x-y\": 1}\ntasks: [{id: a, command: \"true\"}]\n",
                status: 400, mentions: "params.x-y"),
        Hostile(method: .POST, path: "/api/v2/pools", body: #"{"name":"../etc","slots":1}"#, status: 422, mentions: "name"),
        Hostile(method: .POST, path: "/api/v2/dags/flow/dagRuns", body: #"{"logical_date":null,"dag_run_id":"../x"}"#, status: 400,
                mentions: "dag_run_id"),
        Hostile(method: .POST, path: "/api/v2/dags/flow/dagRuns", body: #"{"logical_date":null,"dag_run_id":".."}"#, status: 400,
                mentions: "dag_run_id"),
        // Durations.
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x","schedule":"@every 0s","command":"true"}"#, status: 400, mentions: "schedule"),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x","schedule":"@every 9999999999h","command":"true"}"#, status: 400,
                mentions: "out of range"),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x","schedule":"@every -1m","command":"true"}"#, status: 400, mentions: "schedule"),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x","schedule":"@manually","executor":"shell","executor_config":{"command":"true","timeout":"0s"}}"#,
                status: 400, mentions: "executor_config.timeout"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: \"true\"\n    retry_delay: 99999999999\n"), status: 400,
                mentions: "tasks[0].retry_delay"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: \"true\"\n    execution_timeout: 0s\n"), status: 400,
                mentions: "tasks[0].execution_timeout"),
        // Schedules that never fire.
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x","schedule":"0 0 30 2 *","command":"true"}"#, status: 400, mentions: "never fires"),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x","schedule":"0 0 31 4 *","command":"true"}"#, status: 400, mentions: "never fires"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: \"true\"\n", top: "schedule: \"0 0 30 2 *\"\n"),
                status: 400, mentions: "never fires"),
        // Times.
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x",\#(job),"starts_at":"0000-01-01T00:00:00Z"}"#, status: 400, mentions: "starts_at"),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x",\#(job),"starts_at":"99999-01-01T00:00:00Z"}"#, status: 400, mentions: "starts_at"),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x",\#(job),"starts_at":"2030-01-01T00:00:00+99:00"}"#, status: 400, mentions: "starts_at"),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x",\#(job),"starts_at":"2030-01-01T00:00:00Z","expires_at":"2029-01-01T00:00:00Z"}"#,
                status: 400, mentions: "expires_at"),
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x","schedule":"@at 1969-07-20T20:17:00Z","command":"true"}"#, status: 400,
                mentions: "schedule"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: \"true\"\n", top: "start_date: 0000-01-01\n"), status: 400,
                mentions: "start_date"),
        Hostile(method: .POST, path: "/api/v2/dags/flow/dagRuns", body: #"{"logical_date":"0000-01-01T00:00:00Z"}"#, status: 422,
                mentions: "logical_date"),
        Hostile(method: .POST, path: "/api/v2/dags/flow/dagRuns", body: #"{"logical_date":"3500-01-01T00:00:00Z"}"#, status: 422,
                mentions: "logical_date"),
        Hostile(method: .POST, path: "/rota/v1/workflows/flow/backfill", body: #"{"from":"0000-01-01","to":"2026-01-01"}"#, status: 400,
                mentions: "from"),
        // Templates that would escape their quoting.
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: echo \"{{ params.x }}\"\n"), status: 400,
                mentions: "inside quotes"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: echo '{{ params.x }}'\n"), status: 400,
                mentions: "inside quotes"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: echo `{{ params.x }}`\n"), status: 400,
                mentions: "backquotes"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: |\n      cat <<EOF\n      {{ params.x }}\n      EOF\n"),
                status: 400, mentions: "here-document"),
        // Paths.
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"x","schedule":"@manually","executor":"shell","executor_config":{"command":"true","cwd":"/srv/../etc"}}"#,
                status: 400, mentions: "executor_config.cwd"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: \"true\"\n    cwd: /srv/{{ ds }}/../../etc\n"), status: 400,
                mentions: "tasks[0].cwd"),
        Hostile(method: .PUT, path: "/rota/v1/workflows/flow", body: flow("    command: \"true\"\n    outputs: [/data/../etc/passwd]\n"), status: 400,
                mentions: "tasks[0].outputs[0]"),
        // The existing job, changed by a hostile body: refused, left as it was.
        Hostile(method: .POST, path: "/v1/jobs", body: #"{"name":"seed",\#(job),"starts_at":"0000-01-01T00:00:00Z"}"#, status: 400, mentions: "starts_at"),
    ]

    /// What the Store holds, as the APIs show it: jobs, workflows with their versions, pools and runs.
    static func snapshot(_ rota: RotaProcess) async throws -> [String] {
        [
            try await rota.request(.GET, "/v1/jobs").json.compactJSON,
            try await rota.request(.GET, "/v1/jobs/seed").json.compactJSON,
            String(try await rota.request(.GET, "/api/v2/dags").json["total_entries"]?.intValue ?? -1),
            try await rota.request(.GET, "/api/v2/dags/flow").json["bundle_version"]?.stringValue ?? "?",
            String(try await rota.request(.GET, "/api/v2/pools").json["total_entries"]?.intValue ?? -1),
            String(try await rota.request(.GET, "/api/v2/dags/~/dagRuns").json["total_entries"]?.intValue ?? -1),
        ]
    }

    /// Every hostile input of the table gets its 4xx with a message naming the field, and the
    /// Store is exactly as before: same jobs (the existing one unchanged), workflows, versions,
    /// pools and runs.
    @Test func hostileInputsAreRefusedNamingTheFieldAndChangeNothing() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            #expect(try await rota.request(.POST, "/v1/jobs", body: #"{"name":"seed",\#(Self.job)}"#).status == 201)
            #expect(try await rota.request(.PUT, "/rota/v1/workflows/flow", body: Self.flowFile, contentType: "application/yaml").status == 201)
            let before = try await Self.snapshot(rota)
            #expect(before[2] == "1" && before[5] == "0", "\(before)")
            for item in Self.hostile {
                let response = try await rota.request(item.method, item.path, body: item.method == .GET ? nil : item.body,
                                                      contentType: item.path.hasPrefix("/rota/v1/workflows/flow") && item.method == .PUT
                                                          ? "application/yaml" : "application/json")
                #expect(response.status == item.status, "\(item.path) \(item.body.prefix(120)) → \(response.text.prefix(300))")
                #expect(response.text.contains(item.mentions), "\(item.path) \(item.body.prefix(120)) → \(response.text.prefix(300))")
            }
            let after = try await Self.snapshot(rota)
            #expect(after == before, "\(before) → \(after)")
            rota.stop()
        }
    }

    /// The config file is read like a workflow file: an alias bomb or deep nesting is refused with
    /// its line before Yams builds the document.
    @Test func configFilesWithAliasesOrDeepNestingAreRefused() async throws {
        try await withHome { home in
            let config = home + "/rota.yaml"
            for (text, mentions) in [("port: &p 8080\nworkers: *p\n", ":1: YAML anchors and aliases are not supported"),
                                     ("port: " + String(repeating: "[", count: 2000) + "\n", "nested deeper than 64 levels")] {
                try text.write(toFile: config, atomically: true, encoding: .utf8)
                let result = try runRota(["db", "check", "--config", config])
                #expect(result.code != 0)
                #expect(result.output.contains(config) && result.output.contains(mentions), "\(result.output)")
            }
        }
    }

    /// Template values that would move a task's `cwd` or `outputs` out of their folder fail the
    /// task on the worker, without running it (before, an output pointed at an existing file made
    /// the task "complete").
    @Test func renderedPathsThatClimbOutOfTheirFolderFailTheTaskWithoutRunningIt() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            let file = """
                id: paths
                params: {p: here}
                tasks:
                  - id: out
                    command: "true"
                    outputs: ["/tmp/{{ params.p }}"]
                  - id: dir
                    command: pwd
                    cwd: /tmp/{{ params.p }}
                """
            #expect(try await rota.request(.PUT, "/rota/v1/workflows/paths", body: file, contentType: "application/yaml").status == 201)
            let run = try await rota.request(.POST, "/api/v2/dags/paths/dagRuns",
                                             body: #"{"logical_date":null,"dag_run_id":"climb","conf":{"p":"../etc/passwd"}}"#)
            #expect(run.status == 200, "\(run.text)")
            for task in ["out", "dir"] {
                let path = "/api/v2/dags/paths/dagRuns/climb/taskInstances/\(task)"
                #expect(try await rota.eventually { try await rota.request(.GET, path).json["state"]?.stringValue == "failed" }, "\(task)")
                let log = try await rota.request(.GET, path + "/logs/1").text
                #expect(log.contains("component"), "\(task): \(log.prefix(600))")
            }
            rota.stop()
        }
    }
}
