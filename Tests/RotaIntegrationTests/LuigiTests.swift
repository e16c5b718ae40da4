import Foundation
import RotaCore
import Testing

/// Real `luigi` 3.8.1 workers (child processes) against a real `rota standalone`.
@Suite("luigi workers against rota", .serialized)
struct LuigiTests {
    /// A wrapper of plain, resource-limited and failing-then-retried tasks runs to the end with two
    /// worker processes, and every output exists.
    @Test(.enabled(if: LuigiClient.python != nil, "needs python3"), .timeLimit(.minutes(10)))
    func luigiRunCompletesThroughRota() async throws {
        let luigi = try LuigiClient.prepare()
        try await withHome { home in
            let port = try freePort()
            let rota = try RotaProcess(home: home, extraArguments: LuigiClient.rotaArguments(port: port))
            try rota.waitUntilListening()
            let run = try luigi.run(home: home, port: port, width: 4)
            #expect(run.code == 0, "\(run.output)\n\(rota.stderr)")
            #expect(run.output.contains("This progress looks :)"), "\(run.output)")
            try LuigiClient.expectOutputs(home: home, width: 4)
            let runs = try LuigiClient.runs(home: home)
            #expect(runs.count == Set(runs).count, "a task ran twice: \(runs)")
            let viaMain = try await rota.request(.GET, "/luigi/api/task_list?data=%7B%22status%22%3A%22DONE%22%7D")
            #expect(viaMain.status == 200)
            #expect(viaMain.text.contains("\"All_4_"), "\(viaMain.text)")
            #expect(try await rota.request(.GET, "/luigi/api/no_such_method").status == 404)
            let bad = try await rota.request(.POST, "/luigi/api/add_task", body: "data=%7B%22task_id%22%3A%22x%22%7D",
                                             contentType: "application/x-www-form-urlencoded")
            #expect(bad.status == 400 && bad.text.contains("worker"), "\(bad.text)")
        }
    }

    /// Two worker processes on the same DAG share it: no task is run twice.
    @Test(.enabled(if: LuigiClient.python != nil, "needs python3"), .timeLimit(.minutes(10)))
    func twoWorkersNeverRunATaskTwice() async throws {
        let luigi = try LuigiClient.prepare()
        try await withHome { home in
            let port = try freePort()
            let rota = try RotaProcess(home: home, extraArguments: LuigiClient.rotaArguments(port: port))
            try rota.waitUntilListening()
            let first = try luigi.start(home: home, port: port, width: 8, sleep: 0.5)
            try await Task.sleep(for: .milliseconds(700))
            let second = try luigi.start(home: home, port: port, width: 8, sleep: 0.5)
            let a = first.finish()
            let b = second.finish()
            #expect(a.code == 0 && b.code == 0, "\(a.output)\n\(b.output)")
            // The second worker may quit early while the first still runs shared tasks; run once
            // more to finish anything left, as a cron rerun would.
            let rest = try luigi.run(home: home, port: port, width: 8, sleep: 0.5)
            #expect(rest.code == 0, "\(rest.output)")
            try LuigiClient.expectOutputs(home: home, width: 8)
            let runs = try LuigiClient.runs(home: home)
            #expect(runs.count == Set(runs).count, "a task ran twice: \(runs)")
        }
    }

    /// kill -9 of Rota in the middle of a run: restarted on the same port and data, the workers
    /// carry on and finish.
    @Test(.enabled(if: LuigiClient.python != nil, "needs python3"), .timeLimit(.minutes(10)))
    func workersCarryOnAfterRotaIsKilled() async throws {
        let luigi = try LuigiClient.prepare()
        try await withHome { home in
            let port = try freePort()
            let rota = try RotaProcess(home: home, extraArguments: LuigiClient.rotaArguments(port: port))
            try rota.waitUntilListening()
            let worker = try luigi.start(home: home, port: port, width: 8, sleep: 1)
            let deadline = Date().addingTimeInterval(60)
            while (try? LuigiClient.runs(home: home).count) ?? 0 < 2 && Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            rota.stop(signal: SIGKILL)
            try await Task.sleep(for: .seconds(2))
            let again = try RotaProcess(home: home, extraArguments: LuigiClient.rotaArguments(port: port))
            try again.waitUntilListening()
            let result = worker.finish()
            #expect(result.code == 0, "\(result.output)\n\(again.stderr)")
            try LuigiClient.expectOutputs(home: home, width: 8)
            let runs = try LuigiClient.runs(home: home)
            #expect(runs.count == Set(runs).count, "a task ran twice: \(runs)")
        }
    }
}

/// A free loopback TCP port (bound then released), for `--luigi-port`.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestFailure("socket() failed") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
    }
    guard bound else { throw TestFailure("bind() failed") }
    return Int(UInt16(bigEndian: addr.sin_port))
}
