import Foundation
import RotaCore
import RotaTesting
import Testing

/// The seed's Dkron curl sequence, replayed verbatim against `rota standalone`.
@Suite("Dkron API compatibility", .serialized)
struct DkronSeedTests {
    /// Add, list, get, executions (old path), delete, leader, members and status answer as Dkron does.
    @Test(arguments: StoreBackend.allCases)
    func seedCurlSequenceWorksVerbatim(backend: StoreBackend) async throws {
        try await withHome(backend) { home, database in
            let rota = try RotaProcess(home: home, extraArguments: database)
            try rota.waitUntilListening()

            let status = try await rota.request(.GET, "/v1/?pretty=true")
            #expect(status.status == 200)
            #expect(status.json["agent"]?["name"]?.stringValue == "test-node")
            #expect(status.headers["X-Whom"].first == "test-node")
            #expect(status.text.contains("\n  "), "?pretty indents")

            let leader = try await rota.request(.GET, "/v1/leader?pretty=true")
            #expect(leader.status == 200)
            #expect(leader.json["Name"]?.stringValue == "test-node")
            #expect(leader.json["statusText"] == nil)

            let members = try await rota.request(.GET, "/v1/members?pretty=true")
            #expect(members.json.arrayValue.count == 1)
            #expect(members.json.arrayValue.first?["statusText"]?.stringValue == "alive")
            #expect(members.json.arrayValue.first?["Status"]?.intValue == 1)

            let created = try await rota.request(.POST, "/v1/jobs?pretty=true",
                body: #"{"name":"job_name","command":"/bin/true","schedule":"@every 2m"}"#)
            #expect(created.status == 201)
            #expect(created.headers["Location"].first == "/v1/jobs/job_name")
            #expect(created.json["name"]?.stringValue == "job_name")
            #expect(created.json["id"]?.stringValue == "job_name")
            #expect(created.json["executor"]?.stringValue == "shell")
            #expect(created.json["executor_config"]?["command"]?.stringValue == "/bin/true")
            #expect(created.json["concurrency"]?.stringValue == "allow")
            #expect(created.json["success_count"]?.intValue == 0)
            #expect(created.json["last_success"] == .null)
            #expect(created.json["next"]?.stringValue.flatMap(RFC3339.parse) != nil)

            let list = try await rota.request(.GET, "/v1/jobs?pretty=true")
            #expect(list.status == 200)
            #expect(list.headers["X-Total-Count"].first == "1")
            #expect(list.json.arrayValue.map { $0["name"]?.stringValue } == ["job_name"])

            let one = try await rota.request(.GET, "/v1/jobs/job_name?pretty=true")
            #expect(one.json["schedule"]?.stringValue == "@every 2m")

            _ = try await rota.request(.POST, "/v1/jobs/job_name")
            #expect(try await rota.eventually {
                try await rota.request(.GET, "/v1/executions/job_name?pretty=true").json.arrayValue.first?["success"]?.boolValue == true
            })
            let executions = try await rota.request(.GET, "/v1/executions/job_name?pretty=true")
            let execution = try #require(executions.json.arrayValue.first)
            #expect(execution["job_name"]?.stringValue == "job_name")
            #expect(execution["node_name"]?.stringValue == "test-node")
            #expect(execution["attempt"]?.intValue == 1)
            #expect(execution["exit_code"]?.intValue == 0)
            #expect(execution["finished_at"]?.stringValue.flatMap(RFC3339.parse) != nil)
            let id = try #require(execution["id"]?.stringValue)
            let single = try await rota.request(.GET, "/v1/jobs/job_name/executions/\(id)")
            #expect(single.json["id"]?.stringValue == id)
            let counted = try await rota.request(.GET, "/v1/jobs/job_name")
            // A 2-minute boundary may also have fired meanwhile: the counter equals the executions.
            let finished = try await rota.request(.GET, "/v1/executions/job_name").json.arrayValue
                .filter { $0["success"]?.boolValue == true }.count
            #expect(counted.json["success_count"]?.intValue == finished)
            #expect(finished >= 1)
            #expect(counted.json["status"]?.stringValue == "success")

            let deleted = try await rota.request(.DELETE, "/v1/jobs/job_name?pretty=true")
            #expect(deleted.status == 200)
            #expect(deleted.json["name"]?.stringValue == "job_name")
            #expect(try await rota.request(.GET, "/v1/jobs/job_name").status == 404)
            #expect(try await rota.request(.GET, "/v1/jobs").json.arrayValue.isEmpty)
            rota.stop()
        }
    }

    /// List filters, sorting and slicing follow Dkron (q, status, disabled, metadata, _sort, _start/_end).
    @Test func jobListFiltersSortsAndSlices() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            for (name, team, disabled) in [("alpha", "a", false), ("beta", "b", true), ("gamma", "a", false)] {
                let body = #"{"name":"\#(name)","schedule":"@manually","executor":"shell","executor_config":{"command":"true"},"metadata":{"team":"\#(team)"},"disabled":\#(disabled),"displayname":"Job \#(name)"}"#
                #expect(try await rota.request(.POST, "/v1/jobs", body: body).status == 201)
            }
            func names(_ query: String) async throws -> [String] {
                try await rota.request(.GET, "/v1/jobs?" + query).json.arrayValue.compactMap { $0["name"]?.stringValue }
            }
            #expect(try await names("metadata[team]=a") == ["alpha", "gamma"])
            #expect(try await names("disabled=true") == ["beta"])
            #expect(try await names("q=amm") == ["gamma"])
            #expect(try await names("_sort=name&_order=DESC") == ["gamma", "beta", "alpha"])
            let page = try await rota.request(.GET, "/v1/jobs?_start=1&_end=2")
            #expect(page.headers["X-Total-Count"].first == "3")
            #expect(page.json.arrayValue.compactMap { $0["name"]?.stringValue } == ["beta"])
            #expect(try await names("status=untriggered").count == 3)
            let toggled = try await rota.request(.POST, "/v1/jobs/beta/toggle")
            #expect(toggled.json["disabled"]?.boolValue == false)
            #expect(try await rota.request(.POST, "/v1/pause").json["paused"]?.boolValue == true)
            let refused = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"delta","schedule":"@manually","command":"true"}"#)
            #expect(refused.status == 503)
            #expect(try await rota.request(.POST, "/v1/unpause").json["paused"]?.boolValue == false)
            rota.stop()
        }
    }
}

@Suite("Dkron API extras", .serialized)
struct DkronExtrasTests {
    /// `/v1/restore` creates parents first; the http executor, ephemeral jobs and /metrics work.
    @Test func restoreHTTPExecutorEphemeralAndMetrics() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            let jobs = """
            [{"name":"kid","parent_job":"mum","command":"echo kid"},
             {"name":"mum","schedule":"@manually","executor":"http","executor_config":{"method":"GET","url":"\(rota.baseURL)/health","expectCode":"200"}},
             {"name":"once","schedule":"@manually","command":"true","ephemeral":true}]
            """
            let boundary = "rotaboundary"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"jobs.json\"\r\nContent-Type: application/json\r\n\r\n\(jobs)\r\n--\(boundary)--\r\n"
            let restored = try await rota.request(.POST, "/v1/restore", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(restored.status == 200)
            #expect(restored.json.stringValue == #"["success create mum","success create once","success create kid"]"#)

            _ = try await rota.request(.POST, "/v1/jobs/mum")
            #expect(try await rota.eventually {
                try await rota.request(.GET, "/v1/jobs/kid/executions").json.arrayValue.first?["output"]?.stringValue == "kid\n"
            })
            let http = try #require(try await rota.request(.GET, "/v1/jobs/mum/executions").json.arrayValue.first)
            #expect(http["exit_code"]?.intValue == 200)
            #expect(http["output"]?.stringValue?.contains("healthy") == true)

            _ = try await rota.request(.POST, "/v1/jobs/once")
            #expect(try await rota.eventually { try await rota.request(.GET, "/v1/jobs/once").status == 404 })

            let metrics = try await rota.request(.GET, "/metrics").text
            for name in ["rota_executions_total{result=\"success\"}", "rota_execution_duration_seconds_bucket",
                         "rota_queue_depth", "rota_running_executions"] {
                #expect(metrics.contains(name), "missing \(name)")
            }
            rota.stop()
        }
    }

    /// Scheduled fires are counted and their lateness recorded.
    @Test func firesAreCountedWithTheirLateness() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            _ = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"tick","schedule":"@every 1s","command":"true"}"#)
            #expect(try await rota.eventually {
                let line = try await rota.request(.GET, "/metrics").text.split(separator: "\n")
                    .first { $0.hasPrefix("rota_fires_total ") }
                return (line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0) >= 2
            })
            #expect(try await rota.request(.GET, "/metrics").text.contains("rota_fire_lateness_seconds_count"))
            rota.stop()
        }
    }
}
