import Foundation
import RotaCore
import RotaTesting
import Testing

/// Jobs fire, run, retry, chain and survive crashes, through the real binary.
@Suite("Execution lifecycle", .serialized)
struct ExecutionLifecycleTests {
    static func executions(_ rota: RotaProcess, _ job: String) async throws -> [JSONValue] {
        try await rota.request(.GET, "/v1/jobs/\(job)/executions?_end=1000").json.arrayValue
    }

    /// `@every 1s` fires once per second; kill -9 and restart neither duplicates nor loses finished
    /// executions, and the one running at the kill is recorded as interrupted.
    @Test(arguments: StoreBackend.allCases)
    func everySecondSurvivesKillNine(backend: StoreBackend) async throws {
        try await withHome(backend) { home, database in
            let rota = try RotaProcess(home: home, extraArguments: database)
            try rota.waitUntilListening()
            _ = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"tick","schedule":"@every 1s","command":"date"}"#)
            _ = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"slow","schedule":"@manually","command":"sleep 30"}"#)
            // On failure the comment carries rota's log (the home, and the log with it, is deleted):
            // once, on a fully loaded CI machine, PostgreSQL's first 4 ticks took over 60 s.
            #expect(try await rota.eventually { try await Self.executions(rota, "tick").count >= 4 },
                    "rota's log:\n\(String(rota.stderr.suffix(20_000)))")
            _ = try await rota.request(.POST, "/v1/jobs/slow")
            #expect(try await rota.eventually { try await Self.executions(rota, "slow").count == 1 },
                    "rota's log:\n\(String(rota.stderr.suffix(20_000)))")
            let before = try await Self.executions(rota, "tick").filter { $0["finished_at"]?.stringValue != "0001-01-01T00:00:00Z" }
            rota.stop(signal: SIGKILL)

            let again = try RotaProcess(home: home, extraArguments: database)
            try again.waitUntilListening()
            let slow = try #require(try await Self.executions(again, "slow").first)
            #expect(slow["success"]?.boolValue == false)
            #expect(slow["reason"]?.stringValue?.contains("interrupted") == true)
            #expect(try await again.eventually { try await Self.executions(again, "tick").count >= before.count + 3 })
            let after = try await Self.executions(again, "tick")
            let afterIds = Set(after.compactMap { $0["id"]?.stringValue })
            for execution in before { #expect(afterIds.contains(execution["id"]?.stringValue ?? "")) }
            // One execution per scheduled second: no two runs share a start second.
            let groups = after.compactMap { $0["group"]?.intValue }
            #expect(Set(groups).count == groups.count)
            let seconds = after.compactMap { $0["started_at"]?.stringValue?.prefix(19) }
            #expect(Set(seconds).count == seconds.count)
            again.stop()
        }
    }

    /// A failing job is retried `retries` times, each attempt numbered, then counted as failed.
    @Test func failedExecutionsAreRetried() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            _ = try await rota.request(.POST, "/v1/jobs?runoncreate",
                                       body: #"{"name":"flaky","schedule":"@manually","command":"sh -c 'echo try; exit 3'","retries":2}"#)
            #expect(try await rota.eventually(timeout: 30) {
                let all = try await Self.executions(rota, "flaky")
                return all.count == 3 && all.allSatisfy { $0["finished_at"]?.stringValue != "0001-01-01T00:00:00Z" }
            })
            let all = try await Self.executions(rota, "flaky")
            #expect(all.compactMap { $0["attempt"]?.intValue } == [3, 2, 1])
            #expect(all.allSatisfy { $0["exit_code"]?.intValue == 3 && $0["output"]?.stringValue == "try\n" })
            #expect(Set(all.compactMap { $0["group"]?.intValue }).count == 1)
            let job = try await rota.request(.GET, "/v1/jobs/flaky").json
            #expect(job["error_count"]?.intValue == 3)
            #expect(job["status"]?.stringValue == "failed")
            rota.stop()
        }
    }

    /// A child job runs after its parent succeeds, and the parent lists it as dependent.
    @Test func dependentJobRunsAfterParentSucceeds() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            _ = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"parent","schedule":"@manually","command":"true"}"#)
            _ = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"child","parent_job":"parent","command":"echo child"}"#)
            let parent = try await rota.request(.GET, "/v1/jobs/parent").json
            #expect(parent["dependent_jobs"]?.arrayValue.compactMap(\.stringValue) == ["child"])
            _ = try await rota.request(.POST, "/v1/jobs/parent/run")
            #expect(try await rota.eventually {
                try await Self.executions(rota, "child").first?["success"]?.boolValue == true
            })
            rota.stop()
        }
    }

    /// With `concurrency: forbid`, a run requested while one is active is skipped.
    @Test func forbidSkipsOverlappingRuns() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            _ = try await rota.request(.POST, "/v1/jobs",
                                       body: #"{"name":"single","schedule":"@manually","command":"sleep 60","concurrency":"forbid"}"#)
            _ = try await rota.request(.POST, "/v1/jobs/single")
            #expect(try await rota.eventually { try await rota.request(.GET, "/v1/busy").json.arrayValue.count == 1 })
            // The first run lasts a minute, so these two certainly overlap it, however loaded the machine.
            _ = try await rota.request(.POST, "/v1/jobs/single")
            _ = try await rota.request(.POST, "/v1/jobs/single")
            try await Task.sleep(for: .seconds(1))
            #expect(try await Self.executions(rota, "single").count == 1)
            #expect(try await rota.request(.GET, "/v1/busy").json.arrayValue.count == 1)
            rota.stop()
        }
    }

    /// A job printing 50 MB finishes with bounded memory and a truncated, marked output.
    @Test func hugeOutputIsBoundedAndMarked() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            _ = try await rota.request(.POST, "/v1/jobs?runoncreate",
                                       body: #"{"name":"loud","schedule":"@manually","executor":"shell","executor_config":{"command":"head -c 52428800 /dev/zero | tr '\\0' 'x'","shell":"true"}}"#)
            #expect(try await rota.eventually(timeout: 60) {
                try await Self.executions(rota, "loud").first?["success"]?.boolValue == true
            })
            let execution = try #require(try await Self.executions(rota, "loud").first)
            let output = execution["output"]?.stringValue ?? ""
            #expect(execution["output_truncated"]?.boolValue == true)
            #expect(output.hasPrefix("[rota: output truncated, 52172800 earlier bytes dropped]"))
            #expect(output.utf8.count < 256_100)
            let status = try String(contentsOfFile: "/proc/\(rota.pid)/status", encoding: .utf8)
            let peakKB = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
                .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
            #expect(peakKB < 200_000, "peak RSS \(peakKB) kB")
            let limited = try await rota.request(.GET, "/v1/jobs/loud/executions?output_size_limit=10").json.arrayValue
            #expect(limited.first?["output"]?.stringValue == "xxxxxxxxxx")
            rota.stop()
        }
    }

    /// A timeout kills the whole process group and says so.
    @Test func timeoutKillsTheProcessGroup() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            let marker = "sleep \(Int.random(in: 3000...3999))"
            _ = try await rota.request(.POST, "/v1/jobs?runoncreate", body: """
                {"name":"stuck","schedule":"@manually","executor":"shell","executor_config":{"command":"\(marker) & \(marker)","shell":"true","timeout":"1s"}}
                """)
            #expect(try await rota.eventually(timeout: 20) {
                let finished = try await Self.executions(rota, "stuck").first?["finished_at"]?.stringValue
                return finished != nil && finished != "0001-01-01T00:00:00Z"
            })
            let execution = try #require(try await Self.executions(rota, "stuck").first)
            #expect(execution["success"]?.boolValue == false)
            #expect(execution["reason"]?.stringValue == "timed out after 1s")
            let leftovers = try runCommand("/usr/bin/pgrep", ["-f", marker])
            #expect(leftovers.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            rota.stop()
        }
    }

    /// SIGTERM stops running children and records their executions as interrupted.
    @Test func sigtermRecordsRunningExecutionsAsInterrupted() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            _ = try await rota.request(.POST, "/v1/jobs?runoncreate", body: #"{"name":"long","schedule":"@manually","command":"sleep 60"}"#)
            #expect(try await rota.eventually { try await rota.request(.GET, "/v1/busy").json.arrayValue.count == 1 })
            let started = Date()
            rota.stop(signal: SIGTERM)
            #expect(Date().timeIntervalSince(started) < 20)
            #expect(rota.process.terminationStatus == 0)
            let again = try RotaProcess(home: home)
            try again.waitUntilListening()
            let execution = try #require(try await Self.executions(again, "long").first)
            #expect(execution["success"]?.boolValue == false)
            #expect(execution["reason"]?.stringValue?.contains("interrupted") == true)
            #expect(execution["finished_at"]?.stringValue != "0001-01-01T00:00:00Z")
            again.stop()
        }
    }
}

func runCommand(_ path: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
