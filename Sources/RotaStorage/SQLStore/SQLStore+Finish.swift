import Foundation
import RotaCore

/// The guarded end of attempts, a batch at a time: workers' reports committed together
/// (`taskFinishAndClaim`), a single report (`taskFinish`) and crash recovery all end here.
///
/// Set-based: one guard query locks every reported task instance, one UPDATE ends the task
/// instances and one the attempts, whatever the batch's size; each finished task's downstream is
/// then counted down, and each run touched is checked for its end once. Bench W4 on PostgreSQL
/// paid a round trip, a parse and a plan per statement: 4 statements per report became 4 per batch.
///
/// On PostgreSQL the runs' rows are locked (see `lockRun`) only after the batch's own rows are
/// written, and only before what reads other transactions' finishes: the downstream countdown,
/// or else the run-end check, which `taskFinishAndClaim` makes after its claim. Two batches of one
/// run then overlap everywhere but in that last stretch (they were serialised whole).
extension SQLStore {
    /// One reported end of an attempt. `output == nil` keeps what was streamed so far.
    struct AttemptEnd {
        var taskInstanceId: Int64
        var attemptId: Int64
        var tryNumber: Int
        var succeeded: Bool
        var exitCode: Int?
        var output: String?
        var truncated: Bool?
        var reason: String
        var result: String?
        var now: Date
    }

    /// A report whose guard passed, with what it decided.
    private struct Ending {
        var index: Int
        var end: AttemptEnd
        var row: SQLRow
        var decision: TaskTransitions.Decision
        var runId: Int64 { row.int("run_id") }
    }

    /// A finish whose runs are still to be checked for their end (`endRuns`), before commit.
    struct Finishing {
        var outcomes: [TaskFinishOutcome?]
        /// Per run touched: the outcome of its last finish in the batch, and that finish's row.
        fileprivate var lastOfRun: [Int64: (index: Int, now: Date, workflow: String, route: String)] = [:]
    }

    /// Reports per pass: bounds the values its CASE updates bind.
    static let reportsPerPass = 100

    /// Ends each reported attempt whose task instance still runs that try, in one pass per chunk.
    /// Outcomes are in report order; nil where the guard failed (a late or duplicate report; of
    /// two reports of the same try in one batch the first wins, as it would one at a time).
    func finish(_ conn: any SQLConnection, _ ends: [AttemptEnd]) async throws -> [TaskFinishOutcome?] {
        var finishing = try await finishLeavingRunEnds(conn, ends)
        try await endRuns(conn, &finishing)
        return finishing.outcomes
    }

    /// `finish` without the run-end checks: the caller makes them with `endRuns` before commit.
    func finishLeavingRunEnds(_ conn: any SQLConnection, _ ends: [AttemptEnd]) async throws -> Finishing {
        var finishing = Finishing(outcomes: [TaskFinishOutcome?](repeating: nil, count: ends.count))
        let passes = Array(ends.indices).chunks(of: Self.reportsPerPass)
        for pass in passes {
            try await finishPass(conn, ends, pass: Array(pass), lockRunsFirst: passes.count > 1, into: &finishing)
        }
        return finishing
    }

    /// Checks every run the finish touched for its end, in run-id order, with its row locked.
    func endRuns(_ conn: any SQLConnection, _ finishing: inout Finishing) async throws {
        let runs = finishing.lastOfRun.sorted { $0.key < $1.key }
        try await lockRuns(conn, runs.map(\.key))
        for (runId, last) in runs {
            guard let state = try await endRunIfDone(conn, runId: runId, now: last.now) else { continue }
            finishing.outcomes[last.index]?.runFinished = state
            if TaskRoute.pinnedNode(last.route) != nil {
                try await setSpreadJobStatus(conn, runId: runId, workflow: last.workflow)
            }
        }
    }

    private func finishPass(_ conn: any SQLConnection, _ all: [AttemptEnd], pass: [Int], lockRunsFirst: Bool,
                            into finishing: inout Finishing) async throws {
        let endings = try await guardedEndings(conn, pass.map { all[$0] }).map { ending in
            var ending = ending
            ending.index = pass[ending.index]
            return ending
        }
        if endings.isEmpty { return }
        try await updateByCase(conn, table: "task_instances", ids: endings.map { $0.row.int("id") }, columns: [
            ("state", nil, false, endings.map { .text($0.decision.state.rawValue) }),
            ("ready_at", "BIGINT", false, endings.map { SQLValue($0.decision.readyAt ?? $0.row.date("ready_at")) }),
            ("finished_at", "BIGINT", false, endings.map { $0.decision.state.isFinal ? SQLValue($0.end.now) : .null }),
            ("result", nil, true, endings.map { SQLValue($0.end.result) }),
        ], where: "state = 'running'")
        try await updateByCase(conn, table: "attempts", ids: endings.map(\.end.attemptId), columns: [
            ("state", nil, false, endings.map { .text($0.end.succeeded ? "success" : "failed") }),
            ("finished_at", "BIGINT", false, endings.map { SQLValue($0.end.now) }),
            ("exit_code", "BIGINT", false, endings.map { $0.end.exitCode.map { SQLValue($0) } ?? .null }),
            ("output", nil, true, endings.map { SQLValue($0.end.output) }),
            ("output_truncated", "BIGINT", true, endings.map { $0.end.truncated.map { SQLValue($0) } ?? .null }),
            ("reason", nil, false, endings.map { .text($0.end.reason) }),
        ], where: "state = 'running'")
        try await countJobEnds(conn, endings)
        if endings.contains(where: { $0.decision.state == .upForRetry }), let announce = db.dialect.announceWork {
            _ = try await conn.query(announce, [])
        }
        // Downstream first, for every finished task, under the runs' locks; each run touched is
        // checked for its end later (`endRuns`), with its last reported finish.
        let finals = endings.filter { $0.decision.state.isFinal }
        let countsDown = finals.contains { $0.row.optionalText("downstream").map { !$0.isEmpty } ?? true }
        if lockRunsFirst || countsDown { try await lockRuns(conn, Array(Set(finals.map(\.runId)))) }
        for ending in finals {
            let released = try await releaseDownstream(conn, runId: ending.runId, finished: ending.row.text("task_id"),
                                                       state: ending.decision.state,
                                                       downstream: ending.row.optionalText("downstream").map(Self.splitList),
                                                       now: ending.end.now)
            finishing.lastOfRun[ending.runId] = (ending.index, ending.end.now, ending.row.text("workflow"), ending.row.text("route"))
            finishing.outcomes[ending.index] = outcome(ending, releasedWork: released)
        }
        for ending in endings where !ending.decision.state.isFinal {
            finishing.outcomes[ending.index] = outcome(ending, releasedWork: false)
        }
    }

    private func outcome(_ ending: Ending, releasedWork: Bool) -> TaskFinishOutcome {
        var outcome = TaskFinishOutcome(workflow: ending.row.text("workflow"), runId: ending.runId, taskState: ending.decision.state,
                                        retryAt: ending.decision.state == .upForRetry ? ending.decision.readyAt : nil,
                                        runFinished: nil, taskId: ending.row.text("task_id"), tryNumber: ending.end.tryNumber)
        outcome.releasedWork = releasedWork
        return outcome
    }

    /// Dkron's job status and counters, one UPDATE per job in name order (two batches touching
    /// the same jobs lock their rows in one order); jobs only: a DAG's row holds its definition.
    private func countJobEnds(_ conn: any SQLConnection, _ endings: [Ending]) async throws {
        let jobs = Dictionary(grouping: endings.filter { $0.row.optionalText("kind") == WorkflowRecord.Kind.job.rawValue },
                              by: { $0.row.text("workflow") })
        for (name, ends) in jobs.sorted(by: { $0.key < $1.key }) {
            let succeeded = ends.filter(\.end.succeeded)
            let failed = ends.filter { !$0.end.succeeded }
            _ = try await conn.query("""
                UPDATE workflows SET success_count = success_count + ?, error_count = error_count + ?,
                    last_success = COALESCE(?, last_success), last_error = COALESCE(?, last_error), status = ?
                WHERE name = ? AND kind = 'job'
                """, SQLValue(succeeded.count), SQLValue(failed.count), SQLValue(succeeded.last?.end.now),
                SQLValue(failed.last?.end.now), .text(ends.last!.end.succeeded ? "success" : "failed"), .text(name))
        }
    }

    /// Locks the reported task instances that still run (in run-id order) and decides each report
    /// that passes. `index` in what it returns is the report's position in `ends`.
    private func guardedEndings(_ conn: any SQLConnection, _ ends: [AttemptEnd]) async throws -> [Ending] {
        let ids = Array(Set(ends.map(\.taskInstanceId))).sorted()
        // The spec (the task's whole definition, JSON) is read only when a failure needs its
        // retry policy: decoding it on every finish was ~4 % of Rota's CPU per task (bench W4).
        let anyFailed = ends.contains { !$0.succeeded }
        let rows = try await conn.query("""
            SELECT ti.id, ti.run_id, ti.workflow, ti.task_id, ti.try_number, ti.max_tries, ti.ready_at, ti.route, ti.downstream,
                (SELECT kind FROM workflows w WHERE w.name = ti.workflow) AS kind\(anyFailed ? ", ti.spec" : "")
            FROM task_instances ti
            WHERE ti.id IN (\(Self.marks(ids.count))) AND ti.state = 'running'
            ORDER BY ti.run_id, ti.id \(db.dialect.rowLocking)
            """, ids.map { .int($0) })
        var position: [Int64: Int] = [:]
        for (k, row) in rows.enumerated() { position[row.int("id")] = k }
        var endings: [Ending] = []
        var taken: Set<Int64> = []
        for (index, end) in ends.enumerated() {
            guard let k = position[end.taskInstanceId], rows[k].int("try_number") == Int64(end.tryNumber),
                  taken.insert(end.taskInstanceId).inserted else { continue }
            let row = rows[k]
            let policy = end.succeeded ? RetryPolicy() : try Self.spec(row).retry
            let decision = TaskTransitions.attemptFinished(succeeded: end.succeeded, tryNumber: end.tryNumber,
                                                           maxTries: Int(row.int("max_tries")), policy: policy, now: end.now)
            endings.append(Ending(index: index, end: end, row: row, decision: decision))
        }
        return endings.sorted { (position[$0.end.taskInstanceId]!) < (position[$1.end.taskInstanceId]!) }
    }

    /// `UPDATE table SET column = CASE id WHEN ? THEN ? … END, … WHERE id IN (…) AND extra`: one
    /// statement for a batch whose rows each get their own values. A `keep` column keeps its
    /// current value where the new one is NULL; `cast` types the values for PostgreSQL, which
    /// otherwise reads a CASE of bound values as text.
    private func updateByCase(_ conn: any SQLConnection, table: String, ids: [Int64],
                              columns: [(name: String, cast: String?, keep: Bool, values: [SQLValue])],
                              where extra: String) async throws {
        var sets: [String] = []
        var binds: [SQLValue] = []
        for column in columns {
            let value = column.cast.map { "CAST(? AS \($0))" } ?? "?"
            let cases = "CASE id " + ids.map { _ in "WHEN ? THEN \(value)" }.joined(separator: " ") + " END"
            sets.append("\(column.name) = " + (column.keep ? "COALESCE(\(cases), \(column.name))" : cases))
            for (id, v) in zip(ids, column.values) { binds += [.int(id), v] }
        }
        _ = try await conn.query("UPDATE \(table) SET \(sets.joined(separator: ", ")) WHERE id IN (\(Self.marks(ids.count))) AND \(extra)",
                                 binds + ids.map { .int($0) })
    }

    /// A job run spread over several nodes (a tag count) ends with Dkron's job status over all of
    /// them: `success` or `failed` when every node agrees, else `partially_failed`.
    private func setSpreadJobStatus(_ conn: any SQLConnection, runId: Int64, workflow: String) async throws {
        let states = try await conn.query("SELECT state FROM task_instances WHERE run_id = ?", .int(runId)).map { $0.text("state") }
        guard states.count > 1 else { return }
        let succeeded = states.filter { $0 == TaskState.success.rawValue }.count
        let status = succeeded == states.count ? "success" : succeeded == 0 ? "failed" : "partially_failed"
        _ = try await conn.query("UPDATE workflows SET status = ? WHERE name = ?", .text(status), .text(workflow))
    }
}

extension SQLStore.AttemptEnd {
    /// A worker's report (the memberwise initializer serves crash recovery, which keeps output).
    init(_ p: TaskFinishParams) {
        self.init(taskInstanceId: p.taskInstanceId, attemptId: p.attemptId, tryNumber: p.tryNumber, succeeded: p.succeeded,
                  exitCode: p.exitCode, output: p.output, truncated: p.outputTruncated, reason: p.reason, result: p.result,
                  now: p.now)
    }
}
