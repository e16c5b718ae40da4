import Foundation
import RotaCore
import RotaTesting
import Testing

/// The luigi fixture DAG (wrapper, regular, external, failing-then-retried, dynamic-dependency,
/// batched and resource-limited tasks) under real `luigid` and under Rota, on SQLite and on two
/// `rota server`s sharing PostgreSQL; and what happens when a worker is killed.
@Suite("luigi outcomes: rota against luigid", .serialized)
struct LuigiOutcomeTests {
    /// A real `luigid` 3.8.1 child process, configured by the same luigi.cfg as the workers.
    final class Luigid: @unchecked Sendable {
        let process = Process()
        init(home: String, port: Int) throws {
            try LuigiClient.writeConfig(home: home)
            process.executableURL = URL(fileURLWithPath: LuigiClient.venv + "/bin/luigid")
            process.arguments = ["--port", String(port), "--logdir", home, "--state-path", home + "/luigid.pickle"]
            var env = ProcessInfo.processInfo.environment
            env["LUIGI_CONFIG_PATH"] = home + "/luigi.cfg"
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if (try? LuigiClient.runTool("/usr/bin/env", ["python3", "-c",
                        "import urllib.request; urllib.request.urlopen('http://127.0.0.1:\(port)/api/ping?data=%7B%22worker%22%3A%22probe%22%7D')"]))?.code == 0 {
                    return
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
            throw TestFailure("luigid did not start on port \(port)")
        }
        // SIGKILL: luigid's SIGTERM handler pickles its state and can hang its IOLoop.
        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// luigi's execution summary without what differs between two runs of the same DAG: the
    /// category lines and the task lines under them.
    static func summary(_ output: String) -> [String] {
        let parts = output.components(separatedBy: "===== Luigi Execution Summary =====")
        guard parts.count >= 3 else { return ["no summary: \(output.suffix(2000))"] }
        return parts[1].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("Scheduled") || $0.hasPrefix("*") || $0.hasPrefix("-") || $0.hasPrefix("This progress") }
    }

    /// The fixture DAG ends the same under Rota as under luigid: same exit code, same summary,
    /// same outputs, the same tasks run (each once).
    @Test(.enabled(if: LuigiClient.python != nil, "needs python3"), .timeLimit(.minutes(10)))
    func theFixtureDagEndsTheSameUnderRotaAndUnderLuigid() async throws {
        let luigi = try LuigiClient.prepare()
        try await withHome { luigidHome in
            try await withHome { rotaHome in
                let luigidPort = try freePort()
                let luigid = try Luigid(home: luigidHome, port: luigidPort)
                let underLuigid = try luigi.run(home: luigidHome, port: luigidPort, width: 4)
                _ = luigid
                let port = try freePort()
                let rota = try RotaProcess(home: rotaHome, extraArguments: LuigiClient.rotaArguments(port: port))
                try rota.waitUntilListening()
                let underRota = try luigi.run(home: rotaHome, port: port, width: 4)
                #expect(underLuigid.code == 0, "\(underLuigid.output)")
                #expect(underRota.code == underLuigid.code, "\(underRota.output)")
                #expect(Self.summary(underRota.output) == Self.summary(underLuigid.output),
                        "rota:\n\(Self.summary(underRota.output).joined(separator: "\n"))\nluigid:\n\(Self.summary(underLuigid.output).joined(separator: "\n"))")
                try LuigiClient.expectOutputs(home: rotaHome, width: 4)
                let ranUnderRota = try LuigiClient.runs(home: rotaHome)
                #expect(ranUnderRota.count == Set(ranUnderRota).count, "a task ran twice: \(ranUnderRota)")
                #expect(Set(ranUnderRota) == Set(try LuigiClient.runs(home: luigidHome)))
                // Rota keeps what luigid forgets: every task's status changes.
                let history = try await rota.request(.GET, "/rota/v1/luigi/history?limit=1000").json.arrayValue
                let flaky = history.filter { $0["task_id"]?.stringValue == "Flaky__99914b932b" }.compactMap { $0["status"]?.stringValue }
                // Newest first: luigi's placeholder (UNKNOWN) or PENDING, …, FAILED, PENDING (the retry), …, DONE.
                #expect(flaky.first == "DONE" && flaky.contains("FAILED") && ["UNKNOWN", "PENDING"].contains(flaky.last ?? ""), "\(flaky)")
            }
        }
    }

    /// Two `rota server`s on one PostgreSQL, a luigi worker on each: the work is split with no task
    /// run twice, both servers list both workers among their members, and after a `kill -9` of
    /// one server and its restart its worker carries on.
    @Test(.enabled(if: LuigiClient.python != nil, "needs python3"), .timeLimit(.minutes(10)))
    func twoServersOnPostgresServeOneGraph() async throws {
        let luigi = try LuigiClient.prepare()
        try await withHome(.postgres) { home, database in
            let (portA, portB) = (try freePort(), try freePort())
            func server(_ name: String, _ luigiPort: Int) throws -> RotaProcess {
                let rota = try RotaProcess(home: home + "/" + name, extraArguments: database + LuigiClient.rotaArguments(port: luigiPort),
                                           command: "server", nodeName: name)
                try rota.waitUntilListening()
                return rota
            }
            let a = try server("server-a", portA)
            let b = try server("server-b", portB)
            let first = try luigi.start(home: home, port: portA, width: 12, sleep: 0.5)
            try await Task.sleep(for: .milliseconds(500))
            let second = try luigi.start(home: home, port: portB, width: 12, sleep: 0.5)
            #expect(try await b.eventually(timeout: 30) {
                let names = try await b.request(.GET, "/v1/members").json.arrayValue
                    .filter { $0["Tags"]?["role"]?.stringValue == "luigi-worker" }
                return names.count == 2
            }, "luigi workers missing from /v1/members")
            let deadline = Date().addingTimeInterval(120)
            while (try? LuigiClient.runs(home: home).count) ?? 0 < 4 && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            a.stop(signal: SIGKILL)
            try await Task.sleep(for: .seconds(1))
            let again = try server("server-a", portA)
            let (x, y) = (first.finish(), second.finish())
            #expect(x.code == 0 && y.code == 0, "\(x.output)\n\(y.output)\n\(again.stderr)")
            let rest = try luigi.run(home: home, port: portB, width: 12, sleep: 0.5)
            #expect(rest.code == 0, "\(rest.output)")
            try LuigiClient.expectOutputs(home: home, width: 12)
            let runs = try LuigiClient.runs(home: home)
            #expect(runs.count == Set(runs).count, "a task ran twice: \(runs)")
            let done = try await again.request(.GET, "/luigi/api/task_list?data=%7B%22status%22%3A%22DONE%22%7D").text
            #expect(done.contains("Leaf_11_"), "\(done)")
        }
    }

    /// A worker killed with its task running: the task is FAILED once the worker has been silent
    /// for `worker_disconnect_delay`, then PENDING again after `retry_delay`, and the next worker
    /// runs it.
    @Test(.enabled(if: LuigiClient.python != nil, "needs python3"), .timeLimit(.minutes(10)))
    func aKilledWorkersTaskFailsAfterTheDisconnectDelayAndIsRetried() async throws {
        let luigi = try LuigiClient.prepare()
        try await withHome { home in
            let port = try freePort()
            let rota = try RotaProcess(home: home, extraArguments: LuigiClient.rotaArguments(port: port)
                                       + ["--luigi-worker-disconnect-delay", "3"])
            try rota.waitUntilListening()
            // One process: the task runs inside the worker, so kill -9 takes both.
            let doomed = try luigi.start(home: home, port: port, width: 1, sleep: 60, workers: 1)
            let running = "/luigi/api/task_list?data=%7B%22status%22%3A%22RUNNING%22%7D"
            #expect(try await rota.eventually(timeout: 60) { try await rota.request(.GET, running).json["response"]?.objectValue?.isEmpty == false })
            let victim = try #require(try await rota.request(.GET, running).json["response"]?.objectValue?.keys.first)
            kill(doomed.process.processIdentifier, SIGKILL)
            _ = doomed.finish()
            let path = "/rota/v1/luigi/history?task_id=" + (victim.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? victim)
            var seen: [String] = []
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                seen = try await rota.request(.GET, path).json.arrayValue.compactMap { $0["status"]?.stringValue }
                if Array(seen.prefix(2)) == ["PENDING", "FAILED"] { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(Array(seen.prefix(2)) == ["PENDING", "FAILED"], "\(seen) \(path)")
            let rest = try luigi.run(home: home, port: port, width: 1, sleep: 0.2)
            #expect(rest.code == 0, "\(rest.output)")
            try LuigiClient.expectOutputs(home: home, width: 1)
            #expect(try LuigiClient.runs(home: home).contains(victim))
        }
    }
}
