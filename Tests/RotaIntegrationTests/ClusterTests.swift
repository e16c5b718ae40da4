import Foundation
import RotaCore
import RotaTesting
import Testing

/// Several `rota server`s on one PostgreSQL with remote `rota worker`s, through real processes.
@Suite("Cluster", .serialized)
struct ClusterTests {
    /// A `rota worker` child process.
    final class WorkerProcess: @unchecked Sendable {
        let process = Process()
        init(server: String, name: String, role: String = "test", token: String? = nil) throws {
            process.executableURL = URL(fileURLWithPath: RotaProcess.binary)
            process.arguments = ["worker", "--server", server, "--name", name, "--capacity", "2", "--tag", "role=\(role)"]
                + (token.map { ["--token", $0] } ?? [])
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ROTA_") }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }
        func stop(signal: Int32 = SIGTERM) {
            guard process.isRunning else { return }
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
        }
        deinit { stop(signal: SIGKILL) }
    }

    static func server(_ home: String, _ name: String, _ database: [String]) throws -> RotaProcess {
        let rota = try RotaProcess(home: home + "/" + name, extraArguments: database + ["--workers", "0", "--zombie-timeout", "4"],
                                   command: "server", nodeName: name)
        try rota.waitUntilListening()
        return rota
    }

    static func executions(_ rota: RotaProcess, _ job: String) async throws -> [JSONValue] {
        try await rota.request(.GET, "/v1/jobs/\(job)/executions").json.arrayValue
    }

    /// Two servers elect one leader; a remote worker runs the jobs either server is asked to run;
    /// /v1/members lists all three; when the leader dies the other takes over.
    @Test func serversShareWorkAndFailOver() async throws {
        try await withHome(.postgres) { home, database in
            let a = try Self.server(home, "server-a", database)
            let b = try Self.server(home, "server-b", database)
            let worker = try WorkerProcess(server: a.baseURL, name: "worker-1")
            #expect(try await a.eventually(timeout: 20) {
                let leaders = [try await a.request(.GET, "/v1/isleader").status, try await b.request(.GET, "/v1/isleader").status]
                return leaders.filter { $0 == 200 }.count == 1
            })
            let leaderName = try await a.request(.GET, "/v1/leader").json["Name"]?.stringValue
            #expect(try await b.request(.GET, "/v1/leader").json["Name"]?.stringValue == leaderName)
            #expect(try await a.eventually(timeout: 20) {
                let names = Set(try await a.request(.GET, "/v1/members").json.arrayValue.compactMap { $0["Name"]?.stringValue })
                return names.isSuperset(of: ["server-a", "server-b", "worker-1"])
            })
            _ = try await a.request(.POST, "/v1/jobs", body: #"{"name":"remote","schedule":"@manually","command":"echo from worker"}"#)
            _ = try await b.request(.POST, "/v1/jobs/remote")
            #expect(try await b.eventually(timeout: 20) {
                try await Self.executions(b, "remote").first?["success"]?.boolValue == true
            })
            let execution = try #require(try await Self.executions(a, "remote").first)
            #expect(["worker-1", "web-1"].contains(execution["node_name"]?.stringValue ?? ""))
            #expect(execution["output"]?.stringValue == "from worker\n")

            // Dkron's tags route a job to the workers that carry them.
            let web = try WorkerProcess(server: b.baseURL, name: "web-1", role: "web")
            _ = try await a.request(.POST, "/v1/jobs", body: #"{"name":"tagged","schedule":"@manually","command":"true","tags":{"role":"web"}}"#)
            for _ in 0..<3 { _ = try await a.request(.POST, "/v1/jobs/tagged") }
            #expect(try await a.eventually(timeout: 30) {
                let all = try await Self.executions(a, "tagged")
                return all.count == 3 && all.allSatisfy { $0["success"]?.boolValue == true }
            })
            #expect(try await Self.executions(a, "tagged").allSatisfy { $0["node_name"]?.stringValue == "web-1" })
            web.stop()

            let (leader, follower) = leaderName == "server-a" ? (a, b) : (b, a)
            leader.stop(signal: SIGKILL)
            #expect(try await follower.eventually(timeout: 30) {
                try await follower.request(.GET, "/v1/isleader").status == 200
            })
            worker.stop()
            follower.stop()
        }
    }

    /// Dkron's `"tags": {"role": "web:2"}` with three web workers (and a db one): each run has
    /// exactly two executions, on two different web workers, in one group; `web:5` runs on all
    /// three; the job's counters go up once per execution.
    @Test func tagCountRunsOnThatManyMatchingWorkers() async throws {
        try await withHome(.postgres) { home, database in
            let server = try Self.server(home, "server-n", database)
            let web = ["web-a", "web-b", "web-c"]
            let workers = try web.map { try WorkerProcess(server: server.baseURL, name: $0, role: "web") }
                + [try WorkerProcess(server: server.baseURL, name: "db-a", role: "db")]
            #expect(try await server.eventually(timeout: 20) {
                let alive = try await server.request(.GET, "/v1/members").json.arrayValue
                    .filter { $0["statusText"]?.stringValue == "alive" }.compactMap { $0["Name"]?.stringValue }
                return Set(alive).isSuperset(of: web + ["db-a"])
            })
            for (job, count) in [("pair", 2), ("every", 5)] {
                _ = try await server.request(.POST, "/v1/jobs", body: """
                    {"name":"\(job)","schedule":"@manually","command":"echo hi","tags":{"role":"web:\(count)"}}
                    """)
                _ = try await server.request(.POST, "/v1/jobs/\(job)")
                let expected = min(count, web.count)
                #expect(try await server.eventually(timeout: 30) {
                    let all = try await Self.executions(server, job)
                    return all.count == expected && all.allSatisfy { $0["success"]?.boolValue == true }
                }, "\(job)")
                let all = try await Self.executions(server, job)
                let nodes = all.compactMap { $0["node_name"]?.stringValue }
                #expect(Set(nodes).count == expected && Set(nodes).isSubset(of: web), "\(job): \(nodes)")
                #expect(Set(all.compactMap { $0["group"]?.intValue }).count == 1, "one run")
                #expect(all.allSatisfy { $0["job_name"]?.stringValue == job })
                let record = try await server.request(.GET, "/v1/jobs/\(job)").json
                #expect(record["success_count"]?.intValue == expected)
                #expect(record["status"]?.stringValue == "success")
            }
            let stopping = Date()
            for worker in workers { worker.stop() }
            print("stopped \(workers.count) workers in \(String(format: "%.1f", Date().timeIntervalSince(stopping))) s")
            server.stop()
        }
    }

    /// SIGTERM drains a worker: it finishes the task it runs, takes nothing new, and exits as soon
    /// as that task is done (its open long poll is answered at once, not after 25 s).
    @Test func aDrainingWorkerFinishesItsTaskAndExitsWithoutWaitingOutItsLongPoll() async throws {
        try await withHome(.postgres) { home, database in
            let server = try Self.server(home, "server-d", database)
            defer { server.stop() }
            let worker = try WorkerProcess(server: server.baseURL, name: "drainer")
            _ = try await server.request(.POST, "/v1/jobs",
                                         body: #"{"name":"slow","schedule":"@manually","command":"sh -c 'sleep 3; echo drained'"}"#)
            _ = try await server.request(.POST, "/v1/jobs/slow")
            #expect(try await server.eventually(timeout: 20) {
                try await Self.executions(server, "slow").first?["node_name"]?.stringValue == "drainer"
            })
            let started = Date()
            kill(worker.process.processIdentifier, SIGTERM)
            #expect(try await server.eventually(timeout: 10) {
                try await server.request(.GET, "/v1/members").json.arrayValue
                    .first { $0["Name"]?.stringValue == "drainer" }?["statusText"]?.stringValue == "leaving"
            })
            _ = try await server.request(.POST, "/v1/jobs/slow")
            worker.process.waitUntilExit()
            let took = Date().timeIntervalSince(started)
            print("draining worker exited after \(String(format: "%.1f", took)) s")
            #expect(took < 20, "the worker waited out its long poll: \(took) s")
            let all = try await Self.executions(server, "slow")
            #expect(all.contains { $0["node_name"]?.stringValue == "drainer" && $0["success"]?.boolValue == true
                && $0["output"]?.stringValue == "drained\n" })
            #expect(all.filter { $0["node_name"]?.stringValue == "drainer" }.count == 1, "took nothing new while draining")
            let members = try await server.request(.GET, "/v1/members").json.arrayValue
            #expect(members.first { $0["Name"]?.stringValue == "drainer" }?["statusText"]?.stringValue == "left")
        }
    }

    /// A worker killed mid-task is declared a zombie after the timeout; its task is retried on
    /// another worker, and the attempt says why.
    @Test func killedWorkersTasksAreRetriedAsZombies() async throws {
        try await withHome(.postgres) { home, database in
            let server = try Self.server(home, "server-z", database)
            let doomed = try WorkerProcess(server: server.baseURL, name: "doomed")
            _ = try await server.request(.POST, "/v1/jobs",
                                         body: #"{"name":"long","schedule":"@manually","command":"sh -c 'sleep 5; echo done'","retries":1}"#)
            _ = try await server.request(.POST, "/v1/jobs/long")
            #expect(try await server.eventually(timeout: 20) {
                try await Self.executions(server, "long").first?["node_name"]?.stringValue == "doomed"
            })
            doomed.stop(signal: SIGKILL)
            let rescuer = try WorkerProcess(server: server.baseURL, name: "rescuer")
            #expect(try await server.eventually(timeout: 60) {
                let all = try await Self.executions(server, "long")
                return all.contains { $0["node_name"]?.stringValue == "rescuer" && $0["success"]?.boolValue == true }
            })
            let all = try await Self.executions(server, "long")
            let zombie = try #require(all.first { $0["node_name"]?.stringValue == "doomed" })
            #expect(zombie["success"]?.boolValue == false)
            #expect(zombie["reason"]?.stringValue?.hasPrefix("zombie: worker doomed") == true)
            #expect(all.compactMap { $0["attempt"]?.intValue }.sorted() == [1, 2])
            let members = try await server.request(.GET, "/v1/members").json.arrayValue
            #expect(members.first { $0["Name"]?.stringValue == "doomed" }?["statusText"]?.stringValue == "failed")
            rescuer.stop()
            server.stop()
        }
    }

    /// When the leader dies, the new leader fires every instant that fell due meanwhile, once:
    /// an `@every 1s` job has one run per second across the failover, with no gap and no duplicate.
    @Test func newLeaderFiresTheInstantsMissedDuringFailover() async throws {
        try await withHome(.postgres) { home, database in
            func server(_ name: String) throws -> RotaProcess {
                let rota = try RotaProcess(home: home + "/" + name, extraArguments: database + ["--workers", "2"],
                                           command: "server", nodeName: name)
                try rota.waitUntilListening()
                return rota
            }
            let a = try server("first")
            let b = try server("second")
            #expect(try await a.eventually(timeout: 20) {
                let first = try await a.request(.GET, "/v1/isleader").status
                let second = try await b.request(.GET, "/v1/isleader").status
                return first == 200 || second == 200
            })
            let (leader, follower) = try await a.request(.GET, "/v1/isleader").status == 200 ? (a, b) : (b, a)
            _ = try await follower.request(.POST, "/v1/jobs", body: #"{"name":"beat","schedule":"@every 1s","command":"true"}"#)
            try await Task.sleep(for: .seconds(3))
            leader.stop(signal: SIGKILL)
            let killedAt = Date()
            #expect(try await follower.eventually(timeout: 30) { try await follower.request(.GET, "/v1/isleader").status == 200 })
            try await Task.sleep(for: .seconds(3))
            let executions = try await follower.request(.GET, "/v1/jobs/beat/executions?_end=1000").json.arrayValue
            let groups = executions.compactMap { $0["group"]?.intValue }
            #expect(Set(groups).count == groups.count, "no instant ran twice")
            // Every second since the kill has its run, although nobody led for ~10 s of them.
            let sinceKill = Int(Date().timeIntervalSince(killedAt))
            let startedAfterKill = executions.filter {
                ($0["started_at"]?.stringValue.flatMap(RFC3339.parse) ?? .distantPast) > killedAt
            }.count
            #expect(startedAfterKill >= sinceKill - 2, "\(startedAfterKill) runs for \(sinceKill) s")
            follower.stop()
        }
    }
}
