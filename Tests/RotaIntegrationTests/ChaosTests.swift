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

    // MARK: Disk full (SQLite)

    static func executions(_ rota: RotaProcess, _ job: String) async throws -> [JSONValue] {
        try await rota.request(.GET, "/v1/jobs/\(job)/executions?_end=100000").json.arrayValue
    }

    static func finished(_ execution: JSONValue) -> Bool {
        let finished = execution["finished_at"]?.stringValue ?? ""
        return !finished.isEmpty && finished != "0001-01-01T00:00:00Z"
    }

    static func started(_ execution: JSONValue) -> Date {
        execution["started_at"]?.stringValue.flatMap(RFC3339.parse) ?? .distantPast
    }

    /// `rota standalone` with its data directory on a small tmpfs (29 MB) that fills up (a ballast
    /// file leaves 512 kB, which two `@every 1s` jobs, one printing 200 kB a run, use up) while a
    /// 15-second job runs. While the disk is full: writes through the API answer 503 with a JSON
    /// message saying the disk is full, `/health` answers 503, the log says so, reads keep
    /// working. Once space is freed: `/health` is 200 again, the jobs fire again and every second
    /// that fell due meanwhile gets its run (once), the job that finished meanwhile is recorded as
    /// succeeded (nothing left running), every execution committed before is still there, and
    /// `PRAGMA integrity_check` is ok.
    @Test(.enabled(if: TmpfsMount.permitted, "mounting a tmpfs needs root"))
    func fullDiskFailsClearlyAndRecoversWithoutLosingCommittedWork() async throws {
        try await withHome { home in
            let data = home + "/data"
            // Full for at least ten seconds (`ROTA_CHAOS_DISK_FULL_SECONDS`), and until "long" has
            // finished, which it cannot record. Once freed, the instants that failed meanwhile are
            // fired, "loud" printing 200 kB each: room for them, so the disk does not fill again.
            let fullSeconds = Double(ChaosEnvironment.integer("ROTA_CHAOS_DISK_FULL_SECONDS", default: 10))
            let disk = try TmpfsMount(path: data, megabytes: 24 + Int(fullSeconds + 20) / 2)
            defer { disk.unmount() }
            let rota = try RotaProcess(home: home + "/process", extraArguments: ["--home", data, "--luigi-port", "0"])
            try rota.waitUntilListening()
            for job in [#"{"name":"tick","schedule":"@every 1s","command":"date"}"#,
                        #"{"name":"loud","schedule":"@every 1s","executor":"shell","executor_config":{"command":"head -c 200000 /dev/zero | tr '\\0' x","shell":"true"}}"#,
                        #"{"name":"long","schedule":"@manually","command":"sh -c 'sleep 15; echo survived'"}"#] {
                let created = try await rota.request(.POST, "/v1/jobs", body: job)
                #expect(created.status == 201, "\(created.text)")
            }
            #expect(try await rota.eventually { try await Self.executions(rota, "tick").filter(Self.finished).count >= 3 })
            _ = try await rota.request(.POST, "/v1/jobs/long")
            #expect(try await rota.eventually { try await Self.executions(rota, "long").count == 1 })
            let longStarted = Date()
            var before: Set<String> = []
            for job in ["tick", "loud"] {
                before.formUnion(try await Self.executions(rota, job).filter(Self.finished).compactMap { $0["id"]?.stringValue })
            }

            try disk.fill(ballast: data + "/ballast", leaving: 512 << 10)
            let filled = Date()
            var refused = RotaProcess.HTTPResult(status: 0, headers: [:], text: "")
            var probe = 0
            #expect(try await rota.eventually(timeout: 60) {
                probe += 1
                refused = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"probe\#(probe)","schedule":"@manually","command":"true"}"#)
                return refused.status == 503
            }, "writes still accepted \(Int(Date().timeIntervalSince(filled))) s after filling the disk (\(disk.freeBytes) bytes free)")
            let refusedAfter = Date().timeIntervalSince(filled)
            #expect(refused.json["error"]?["message"]?.stringValue?.contains("disk is full") == true, "\(refused.text)")
            var health = RotaProcess.HTTPResult(status: 0, headers: [:], text: "")
            #expect(try await rota.eventually(timeout: 30) {
                health = try await rota.request(.GET, "/health")
                return health.status == 503
            }, "/health: \(health.status) \(health.text)")
            #expect(health.json["status"]?.stringValue == "unhealthy")
            #expect(health.text.contains("disk is full"), "\(health.text)")
            #expect(rota.stderr.contains("database or disk is full"))
            #expect(try await rota.request(.GET, "/v1/jobs").status == 200, "reads keep working")
            #expect(Date() < longStarted.addingTimeInterval(15), "the disk filled up only after the 15 s job ended")
            let fullUntil = max(filled.addingTimeInterval(fullSeconds), longStarted.addingTimeInterval(18))
            let fullFor = max(0, fullUntil.timeIntervalSinceNow)
            try await Task.sleep(for: .milliseconds(Int(fullFor * 1000)))
            #expect(try await Self.executions(rota, "long").first.map(Self.finished) == false)

            try FileManager.default.removeItem(atPath: data + "/ballast")
            let freed = Date()
            #expect(try await rota.eventually(timeout: 30) { try await rota.request(.GET, "/health").status == 200 })
            #expect(try await rota.eventually(timeout: 30) {
                try await Self.executions(rota, "tick").filter { Self.started($0) > freed && Self.finished($0) }.count >= 3
            }, "tick fires again")
            #expect(try await rota.eventually(timeout: 30) {
                try await Self.executions(rota, "long").first?["success"]?.boolValue == true
            }, "the result of the job that ended while the disk was full is recorded")
            #expect(try await Self.executions(rota, "long").first?["output"]?.stringValue == "survived\n")
            #expect(try await rota.request(.POST, "/v1/jobs", body: #"{"name":"after","schedule":"@manually","command":"true"}"#).status == 201)
            var after: Set<String> = []
            for job in ["tick", "loud"] {
                after.formUnion(try await Self.executions(rota, job).compactMap { $0["id"]?.stringValue })
            }
            #expect(before.isSubset(of: after), "lost: \(before.subtracting(after).sorted())")
            #expect(try await rota.eventually(timeout: 60) { try await rota.request(.GET, "/v1/busy").json.arrayValue.isEmpty })
            rota.stop()
            #expect(rota.process.terminationStatus == 0)

            let database = data + "/rota.sqlite"
            #expect(try SQLiteFile.integrity(database) == "ok")
            let running = try SQLiteFile.query(database, "SELECT COUNT(*) AS n FROM attempts WHERE state = 'running'").first?["n"]?.intValue
            #expect(running == 0)
            // Every second of "tick" has its run, once: the fires refused while the disk was full
            // were made up once writes worked again.
            let seconds = try SQLiteFile.query(database, "SELECT run_key FROM runs WHERE workflow = 'tick'")
                .compactMap { $0["run_key"]?.stringValue.flatMap { RFC3339.parse(String($0.dropFirst("scheduled__".count))) } }
                .map { Int($0.timeIntervalSince1970.rounded()) }.sorted()
            if let first = seconds.first, let last = seconds.last {
                #expect(seconds == Array(first...last), "missing seconds: \(Set(first...last).subtracting(seconds).sorted())")
                #expect(Double(last - first) >= freed.timeIntervalSince(filled), "runs only from \(first) to \(last)")
            }
            print("""
                disk full: \(before.count) executions committed before; API writes refused \(Int(refusedAfter)) s after the \
                ballast; full for \(Int(freed.timeIntervalSince(filled))) s; recovered
                """)
        }
    }

    // MARK: PostgreSQL restarted underneath

    /// `rota server` on a PostgreSQL cluster of its own, with an `@every 1s` job and an 80-task
    /// workflow running; PostgreSQL is stopped (`pg_ctl -m fast stop`) for about six seconds and
    /// started again, then restarted five times in quick succession (`ROTA_CHAOS_PG_RESTARTS`)
    /// under a second run. While it is down `/health` and the API answer 503 within seconds, with the
    /// reason, and the log says PostgreSQL is unreachable. Afterwards: `/health` is 200, the server leads
    /// again, every second of the job has exactly one run — the instants missed during the outage
    /// fired once each, no instant twice, no execution twice — both runs succeed with every task
    /// run once, and nothing is left running.
    @Test func postgresRestartedUnderneathServerFiresMissedInstantsOnceAndLosesNothing() async throws {
        let postgres = try ThrowawayPostgres()
        defer { postgres.destroy() }
        try await withHome { home in
            var yaml = "id: flow\ndefaults:\n  retries: 2\n  retry_delay: 1s\ntasks:\n"
            for i in 0..<80 {
                yaml += "  - id: s\(i)\n    command: sleep 0.5\n"
                if i >= 4 { yaml += "    upstream: [s\(i - 4)]\n" }
            }
            try WorkflowTests.write(yaml, to: home + "/dags/flow.yaml")
            let rota = try RotaProcess(home: home + "/server",
                                       extraArguments: ["--database-url", postgres.url, "--dags-dir", home + "/dags",
                                                        "--workers", "4", "--luigi-port", "0"],
                                       command: "server", nodeName: "pg-restart")
            try rota.waitUntilListening()
            #expect(try await rota.eventually(timeout: 30) { try await rota.request(.GET, "/v1/isleader").status == 200 })
            #expect(try await rota.eventually(timeout: 20) { try await rota.request(.GET, "/api/v2/dags/flow").status == 200 })
            _ = try await rota.request(.POST, "/v1/jobs", body: #"{"name":"beat","schedule":"@every 1s","command":"true"}"#)
            try await Task.sleep(for: .seconds(3))
            let run = try await WorkflowTests.trigger(rota, "flow")
            #expect(try await rota.eventually(timeout: 30) {
                (try await WorkflowTests.taskStates(rota, "flow", run)).values.filter { $0 == "success" }.count >= 4
            })

            try postgres.stop()
            let stopped = Date()
            // A read (a write would first wait for the audit log's own write, doubling the wait).
            async let read = rota.request(.GET, "/v1/jobs")
            var health = RotaProcess.HTTPResult(status: 0, headers: [:], text: "")
            #expect(try await rota.eventually(timeout: 20) {
                health = try await rota.request(.GET, "/health")
                return health.status == 503
            }, "/health while PostgreSQL is down: \(health.status) \(health.text)")
            let unhealthyAfter = Date().timeIntervalSince(stopped)
            #expect(health.text.contains("PostgreSQL unreachable"), "\(health.text)")
            let refused = try await read
            #expect(refused.status == 503, "\(refused.text)")
            #expect(refused.json["error"]?["message"]?.stringValue?.contains("PostgreSQL unreachable") == true, "\(refused.text)")
            let downSeconds = Double(ChaosEnvironment.integer("ROTA_CHAOS_PG_DOWN_SECONDS", default: 6))
            try await Task.sleep(for: .milliseconds(Int(max(0, downSeconds - Date().timeIntervalSince(stopped)) * 1000)))
            try postgres.start()
            let restarted = Date()
            let downFor = restarted.timeIntervalSince(stopped)

            #expect(try await rota.eventually(timeout: 30) { try await rota.request(.GET, "/health").status == 200 })
            let healthyAfter = Date().timeIntervalSince(restarted)
            #expect(try await rota.eventually(timeout: 30) { try await rota.request(.GET, "/v1/isleader").status == 200 })
            #expect(try await WorkflowTests.waitFinal(rota, "flow", run, timeout: 120) == "success")

            // Then restarts in quick succession under a second run, alternately `-m fast` and
            // `-m immediate` (connections cut mid-statement, crash recovery at start).
            let restarts = ChaosEnvironment.integer("ROTA_CHAOS_PG_RESTARTS", default: 5)
            let seed = ChaosEnvironment.seed
            var random = SeededGenerator(seed: seed)
            let second = try await WorkflowTests.trigger(rota, "flow")
            for restart in 0..<restarts {
                try await Task.sleep(for: .milliseconds(Int.random(in: 300...1500, using: &random)))
                try postgres.stop(mode: restart % 2 == 0 ? "fast" : "immediate")
                try await Task.sleep(for: .milliseconds(Int.random(in: 200...1500, using: &random)))
                try postgres.start()
            }
            #expect(try await WorkflowTests.waitFinal(rota, "flow", second, timeout: 120) == "success",
                    "the run under \(restarts) restarts (seed \(seed)) did not finish")
            try await Task.sleep(for: .seconds(3))
            let log = rota.stderr
            #expect(log.contains("PostgreSQL unreachable"))
            #expect(try await rota.eventually { try await rota.request(.GET, "/v1/busy").json.arrayValue.isEmpty })
            rota.stop()

            // One run per second of the job, from its first to its last: no gap, no duplicate.
            let instants = try postgres.query("SELECT run_key FROM runs WHERE workflow = 'beat' ORDER BY logical_date")
                .compactMap { $0.first.flatMap { RFC3339.parse(String($0.dropFirst("scheduled__".count))) } }
            let seconds = instants.map { Int($0.timeIntervalSince1970.rounded()) }
            #expect(Set(seconds).count == seconds.count, "an instant fired twice")
            if let first = seconds.first, let last = seconds.last {
                #expect(seconds == Array(first...last), "missing instants: \(Set(first...last).subtracting(seconds).sorted())")
                #expect(Double(last - first) >= downFor, "runs only from \(first) to \(last)")
            }
            let perRun = try postgres.query("""
                SELECT r.run_key, COUNT(a.id) FROM runs r LEFT JOIN attempts a ON a.run_id = r.id
                WHERE r.workflow = 'beat' GROUP BY r.run_key HAVING COUNT(a.id) > 1
                """)
            #expect(perRun.isEmpty, "instants executed twice: \(perRun.prefix(5))")
            let flow = try postgres.query("""
                SELECT ti.task_id, ti.state, ti.try_number, COUNT(a.id), SUM(CASE WHEN a.state = 'success' THEN 1 ELSE 0 END)
                FROM task_instances ti LEFT JOIN attempts a ON a.task_instance_id = ti.id
                WHERE ti.workflow = 'flow' GROUP BY ti.id, ti.task_id, ti.state, ti.try_number
                """)
            #expect(flow.count == 160)
            for row in flow where row.count == 5 {
                #expect(row[1] == "success" && row[2] == "1" && row[3] == "1" && row[4] == "1", "\(row)")
            }
            #expect(try postgres.query("SELECT COUNT(*) FROM attempts WHERE state = 'running'").first?.first == "0")
            print("""
                postgres restart: down \(String(format: "%.1f", downFor)) s, /health 503 after \(String(format: "%.1f", unhealthyAfter)) s, \
                healthy \(String(format: "%.1f", healthyAfter)) s after the restart; then \(restarts) restarts (seed \(seed)); \
                \(seconds.count) beat runs, one per second; 2 runs of 80 tasks, each task run once
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
