import Foundation
import RotaCore
import RotaTesting
import Testing

/// Crash and fault tests through the real binary: `kill -9` at random moments of a large workflow,
/// a disk that fills up under SQLite, PostgreSQL restarted underneath `rota server`. Each ends by
/// checking what must hold after any crash or outage (see docs/reliability.md).
@Suite("Crash and fault tests", .serialized)
struct ChaosTests {
    // MARK: kill -9

    /// One attempt as the database recorded it.
    struct Attempt { var number: Int; var state: String; var reason: String }

    /// One task instance of the chaos workflow with its attempts and the executions its command
    /// itself wrote down (one marker line per execution: `run task try`).
    struct Instance {
        var state = ""
        var tryNumber = 0
        var attempts: [Attempt] = []
        var markers: [Int] = []
        var firstMarker = Int.max
        var markerOfTry: [Int: Int] = [:]
    }

    /// `kill -9` of `rota standalone` at random moments of a 1,000-task workflow (ten chains of 100),
    /// twenty times (`ROTA_CHAOS_KILLS`), restarting it on the same data each time; then the run
    /// completes and: every task instance succeeded; its attempts are numbered 1…n with no gap; the
    /// last succeeded and every earlier one failed as interrupted (none left running); every
    /// execution of its command belongs to one attempt and ran once — so nothing ran again after
    /// its success; no task ran before its upstream's successful execution; and the SQLite file is sound.
    @Test func killNineAtRandomMomentsLosesNothingAndRunsNoSuccessTwice() async throws {
        let seed = ChaosEnvironment.seed
        let kills = max(1, ChaosEnvironment.integer("ROTA_CHAOS_KILLS", default: 20))
        let taskCount = max(10, ChaosEnvironment.integer("ROTA_CHAOS_TASKS", default: 1000)) / 10 * 10
        let workers = 8
        var random = SeededGenerator(seed: seed)
        let began = Date()
        print("chaos: seed \(seed) (replay with ROTA_CHAOS_SEED=\(seed)), \(kills) kills, \(taskCount) tasks")
        try await withHome { home in
            let data = home + "/data", markers = home + "/markers.txt"
            var yaml = "id: chaos\nmax_active_tasks: 64\ndefaults:\n  retries: \(kills + 2)\n  retry_delay: 0s\ntasks:\n"
            for i in 0..<taskCount {
                yaml += "  - id: t\(i)\n    command: echo \"$ROTA_RUN_ID $ROTA_TASK_ID $ROTA_TRY_NUMBER\" >> \(markers); sleep 0.2\n"
                if i >= 10 { yaml += "    upstream: [t\(i - 10)]\n" }
            }
            try WorkflowTests.write(yaml, to: home + "/dags/chaos.yaml")
            // Each process gets its own folder for its log; the data directory is shared.
            var cycle = 0
            func spawn() throws -> RotaProcess {
                cycle += 1
                return try RotaProcess(home: home + "/process-\(cycle)",
                                       extraArguments: ["--home", data, "--dags-dir", home + "/dags", "--workers", "\(workers)",
                                                        "--luigi-port", "0"])
            }
            var runs: [String] = []
            var startupKills = 0
            for kill in 1...kills {
                let rota = try spawn()
                if kill > 1, Double.random(in: 0..<1, using: &random) < 0.2 {
                    // During start-up: migration, recovery of interrupted attempts, file loading.
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...700, using: &random)))
                    rota.stop(signal: SIGKILL)
                    startupKills += 1
                    continue
                }
                try rota.waitUntilListening()
                if kill == 1 {
                    _ = try await rota.eventually(timeout: 20) { try await rota.request(.GET, "/api/v2/dags/chaos").status == 200 }
                }
                // Keep a run going: once one has finished, the next kills hit another.
                var finished = true
                if let last = runs.last { finished = try await WorkflowTests.runState(rota, "chaos", last) == "success" }
                if finished { runs.append(try await WorkflowTests.trigger(rota, "chaos")) }
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...1200, using: &random)))
                rota.stop(signal: SIGKILL)
            }
            let chaosSeconds = Date().timeIntervalSince(began)

            let rota = try spawn()
            try rota.waitUntilListening()
            for run in runs {
                #expect(try await WorkflowTests.waitFinal(rota, "chaos", run, timeout: 120) == "success", "run \(run)")
            }
            #expect(try await rota.eventually { try await rota.request(.GET, "/v1/busy").json.arrayValue.isEmpty })
            var instances: [String: Instance] = [:]
            for run in runs {
                for (task, item) in try await Self.taskInstances(rota, "chaos", run) {
                    instances["\(run) \(task)", default: Instance()].state = item.state
                    instances["\(run) \(task)", default: Instance()].tryNumber = item.tryNumber
                }
            }
            // The tries the Airflow API reports, for a sample of retried task instances.
            var triesFromAPI: [String: [Attempt]] = [:]
            rota.stop()
            #expect(rota.process.terminationStatus == 0, "graceful stop: \(rota.stderr.suffix(2000))")

            // Read back what the database and the commands recorded.
            let database = data + "/rota.sqlite"
            #expect(try SQLiteFile.integrity(database) == "ok")
            for row in try SQLiteFile.query(database, """
                SELECT r.run_key AS run, ti.task_id AS task, a.attempt AS attempt, a.state AS state, a.reason AS reason
                FROM attempts a JOIN task_instances ti ON ti.id = a.task_instance_id JOIN runs r ON r.id = ti.run_id
                WHERE ti.workflow = 'chaos' ORDER BY a.task_instance_id, a.attempt
                """) {
                let key = "\(row["run"]?.stringValue ?? "") \(row["task"]?.stringValue ?? "")"
                instances[key, default: Instance()].attempts.append(Attempt(
                    number: row["attempt"]?.intValue ?? -1, state: row["state"]?.stringValue ?? "",
                    reason: row["reason"]?.stringValue ?? ""))
            }
            let stuck = try SQLiteFile.query(database, """
                SELECT (SELECT COUNT(*) FROM attempts WHERE state = 'running') AS attempts,
                       (SELECT COUNT(*) FROM task_instances WHERE state = 'running') AS tasks
                """).first
            #expect(stuck?["attempts"]?.intValue == 0 && stuck?["tasks"]?.intValue == 0, "executions left running: \(String(describing: stuck))")
            let lines = try String(contentsOfFile: markers, encoding: .utf8).split(separator: "\n")
            for (position, line) in lines.enumerated() {
                let parts = line.split(separator: " ")
                guard parts.count == 3, let attempt = Int(parts[2]) else {
                    Issue.record("unreadable marker line \(position): \(line)")
                    continue
                }
                let key = "\(parts[0]) \(parts[1])"
                instances[key, default: Instance()].markers.append(attempt)
                instances[key, default: Instance()].firstMarker = min(instances[key]?.firstMarker ?? .max, position)
                instances[key, default: Instance()].markerOfTry[attempt] = position
            }

            // The invariants, per task instance.
            var problems: [String] = []
            var interrupted = 0, retried = 0, executions = 0, ranTwice = 0
            for run in runs {
                for i in 0..<taskCount {
                    let key = "\(run) t\(i)"
                    guard let instance = instances[key] else {
                        problems.append("\(key): no task instance")
                        continue
                    }
                    let numbers = instance.attempts.map(\.number)
                    let last = instance.attempts.last
                    if instance.state != "success" { problems.append("\(key): state \(instance.state)") }
                    if numbers != Array(1...max(1, numbers.count)) || numbers.count != instance.tryNumber {
                        problems.append("\(key): attempts \(numbers), try_number \(instance.tryNumber)")
                    }
                    if last?.state != "success" { problems.append("\(key): last attempt \(String(describing: last))") }
                    for attempt in instance.attempts.dropLast()
                    where attempt.state != "failed" || !attempt.reason.hasPrefix("interrupted: rota stopped") {
                        problems.append("\(key): earlier attempt \(attempt)")
                    }
                    // "No succeeded task ran twice": every execution of the command belongs to a
                    // recorded attempt, no attempt executed twice, and the successful attempt ran.
                    // A task killed mid-execution may have run before, only as an earlier,
                    // interrupted attempt.
                    if Set(instance.markers).count != instance.markers.count { problems.append("\(key): an attempt ran twice: \(instance.markers)") }
                    if !instance.markers.allSatisfy({ numbers.contains($0) }) {
                        problems.append("\(key): ran as attempts \(instance.markers), recorded \(numbers)")
                    }
                    if let last, instance.markerOfTry[last.number] == nil { problems.append("\(key): the successful attempt never ran") }
                    // Dependencies held across crashes: nothing ran before its upstream's success.
                    if i >= 10, let upstream = instances["\(run) t\(i - 10)"],
                       let success = upstream.attempts.last.flatMap({ upstream.markerOfTry[$0.number] }),
                       instance.firstMarker < success {
                        problems.append("\(key): ran before its upstream t\(i - 10) succeeded")
                    }
                    interrupted += instance.attempts.count - 1
                    retried += instance.attempts.count > 1 ? 1 : 0
                    executions += instance.markers.count
                    ranTwice += instance.markers.count > 1 ? 1 : 0
                    if instance.attempts.count > 1, triesFromAPI.count < 20 { triesFromAPI[key] = instance.attempts }
                }
            }
            #expect(problems.isEmpty, "\(problems.count) violations: \(problems.prefix(20).joined(separator: "\n"))")
            // Each kill interrupts at most the attempts its process was running.
            #expect(interrupted <= kills * workers, "\(interrupted) interrupted attempts for \(kills) kills")

            // The tries API agrees with the file for retried task instances.
            let again = try spawn()
            try again.waitUntilListening()
            for (key, attempts) in triesFromAPI {
                let parts = key.split(separator: " ")
                let escaped = String(parts[0]).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let tries = try await again.request(.GET, "/api/v2/dags/chaos/dagRuns/\(escaped)/taskInstances/\(parts[1])/tries")
                    .json["task_instances"]?.arrayValue ?? []
                #expect(tries.compactMap { $0["try_number"]?.intValue } == attempts.map(\.number), "\(key)")
                #expect(tries.compactMap { $0["state"]?.stringValue } == attempts.map(\.state), "\(key)")
            }
            again.stop()
            print("""
                chaos: seed \(seed): \(kills) kills (\(startupKills) during start-up) over \(runs.count) run(s) of \(taskCount) tasks \
                in \(Int(chaosSeconds)) s, \(Int(Date().timeIntervalSince(began))) s in all; \(executions) executions, \
                \(interrupted) interrupted attempts on \(retried) task instances, \(ranTwice) ran twice (as a visible retry), \
                \(problems.count) invariant violations
                """)
        }
    }

    struct TaskInstanceSummary { var state: String; var tryNumber: Int }

    /// Every task instance of a run, through the Airflow API (paged).
    static func taskInstances(_ rota: RotaProcess, _ dag: String, _ run: String) async throws -> [String: TaskInstanceSummary] {
        let escaped = run.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? run
        var out: [String: TaskInstanceSummary] = [:]
        var offset = 0
        while true {
            let page = try await rota.request(.GET, "/api/v2/dags/\(dag)/dagRuns/\(escaped)/taskInstances?limit=100&offset=\(offset)").json
            let items = page["task_instances"]?.arrayValue ?? []
            for item in items {
                out[item["task_id"]?.stringValue ?? ""] = TaskInstanceSummary(state: item["state"]?.stringValue ?? "null",
                                                                              tryNumber: item["try_number"]?.intValue ?? -1)
            }
            offset += items.count
            if items.isEmpty || offset >= page["total_entries"]?.intValue ?? 0 { return out }
        }
    }
}
