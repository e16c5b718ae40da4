import Foundation
import RotaCore

extension SQLStore {
    public func taskClaim(_ p: TaskClaimParams) async throws -> [ClaimedTask] {
        try await db.write { conn in try await self.claim(conn, p) }
    }

    public func taskFinishAndClaim(_ items: [TaskFinishAndClaim]) async throws -> [TaskFinishAndClaimResult] {
        if items.isEmpty { return [] }
        return try await db.write { conn in
            var results = items.map { _ in TaskFinishAndClaimResult(outcome: nil, claimed: []) }
            // Run order, then task order: concurrent batches (two servers' pools) lock run rows in
            // the same order on PostgreSQL and cannot deadlock on them.
            let order = try await self.runOrder(conn, items.map(\.finish.taskInstanceId))
            for index in items.indices.sorted(by: { order[items[$0].finish.taskInstanceId, default: (0, 0)]
                                                    < order[items[$1].finish.taskInstanceId, default: (0, 0)] }) {
                results[index].outcome = try await self.finish(conn, items[index].finish)
            }
            for group in ClaimGroup.groups(items) {
                var claimed = try await self.claim(conn, group.params)[...]
                for index in group.items {
                    let want = items[index].claim?.limit ?? 0
                    results[index].claimed = Array(claimed.prefix(want))
                    claimed = claimed.dropFirst(want)
                }
            }
            return results
        }
    }

    /// `(run_id, id)` of the given task instances, for a deadlock-free locking order.
    private func runOrder(_ conn: any SQLConnection, _ ids: [Int64]) async throws -> [Int64: (Int64, Int64)] {
        if ids.count < 2 { return [:] }
        let rows = try await conn.query("""
            SELECT id, run_id FROM task_instances WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))
            """, ids.map { .int($0) })
        var order: [Int64: (Int64, Int64)] = [:]
        for row in rows { order[row.int("id")] = (row.int("run_id"), row.int("id")) }
        return order
    }

    private func claim(_ conn: any SQLConnection, _ p: TaskClaimParams) async throws -> [ClaimedTask] {
        let locking = db.dialect.claimLocking
        let candidates = try await conn.query("""
            SELECT id, workflow, pool, pool_slots, route, queue,
                (SELECT kind FROM workflows w WHERE w.name = task_instances.workflow) AS kind
            FROM task_instances
            WHERE state IN ('queued', 'up_for_retry') AND ready_at <= ?
            ORDER BY priority DESC, ready_at, id
            LIMIT ? \(locking)
            """, SQLValue(p.now), SQLValue(p.limit * 4 + 16))
        if candidates.isEmpty { return [] }
        let routed = candidates.filter { row in
            TaskRoute.matches(row.text("route"), tags: p.tags, node: p.node) && (p.queues.isEmpty || p.queues.contains(row.text("queue")))
        }
        if routed.isEmpty { return [] }
        let chosen = try await self.withinLimits(conn, candidates: routed, limit: p.limit)
        if chosen.isEmpty { return [] }
        let rows = try await conn.query("""
            UPDATE task_instances SET state = 'running', try_number = try_number + 1, node = ?, started_at = ?
            WHERE id IN (\(chosen.map { _ in "?" }.joined(separator: ", ")))
            RETURNING *
            """, [.text(p.node), SQLValue(p.now)] + chosen.map { .int($0) })
        let jobs = Set(candidates.filter { $0.optionalText("kind") == WorkflowRecord.Kind.job.rawValue }.map { $0.int("id") })
        var claimed: [ClaimedTask] = []
        for row in rows.sorted(by: { chosen.firstIndex(of: $0.int("id"))! < chosen.firstIndex(of: $1.int("id"))! }) {
            let task = try Self.taskInstance(row)
            let attempt = try await conn.query("""
                INSERT INTO attempts (task_instance_id, run_id, workflow, task_id, attempt, node, state, started_at)
                VALUES (?, ?, ?, ?, ?, ?, 'running', ?) RETURNING id
                """, [.int(task.id), .int(task.runId), .text(task.workflow), .text(task.taskId),
                      SQLValue(task.tryNumber), .text(p.node), SQLValue(p.now)])
            guard let attemptId = attempt.first?.int("id") else { throw StoreError("attempt insert returned no id") }
            // Dkron's job status and counters: jobs only. A DAG's row holds its whole definition,
            // which SQLite rewrites on every update (bench W4: 2.9 MB per claim and per finish).
            if jobs.contains(task.id) {
                _ = try await conn.query("UPDATE workflows SET status = 'running' WHERE name = ? AND kind = 'job' AND status <> 'running'",
                                         .text(task.workflow))
            }
            claimed.append(ClaimedTask(task: task, attemptId: attemptId, startedAt: p.now))
        }
        return claimed
    }

    /// Picks candidates in order while their pool has open slots and their workflow is under
    /// `max_active_tasks`. Jobs (no pool, no limit) take the fast path with no extra query.
    private func withinLimits(_ conn: any SQLConnection, candidates: [SQLRow], limit: Int) async throws -> [Int64] {
        let pools = Set(candidates.map { $0.text("pool") }.filter { !$0.isEmpty })
        let workflows = Set(candidates.map { $0.text("workflow") })
        var poolRoom: [String: Int] = [:]
        if !pools.isEmpty {
            let names = Array(pools)
            let marks = names.map { _ in "?" }.joined(separator: ", ")
            let capacity = try await conn.query("SELECT name, slots FROM pools WHERE name IN (\(marks)) \(db.dialect.rowLocking)",
                                                names.map { .text($0) })
            for row in capacity { poolRoom[row.text("name")] = Int(row.int("slots")) }
            let used = try await conn.query("""
                SELECT pool, CAST(SUM(pool_slots) AS BIGINT) AS used FROM task_instances WHERE state = 'running' AND pool IN (\(marks)) GROUP BY pool
                """, names.map { .text($0) })
            for row in used { poolRoom[row.text("pool"), default: 0] -= Int(row.int("used")) }
        }
        var taskRoom: [String: Int] = [:]
        let marks = workflows.map { _ in "?" }.joined(separator: ", ")
        let limited = try await conn.query("SELECT name, max_active_tasks FROM workflows WHERE max_active_tasks > 0 AND name IN (\(marks))",
                                           workflows.map { .text($0) })
        if !limited.isEmpty {
            for row in limited { taskRoom[row.text("name")] = Int(row.int("max_active_tasks")) }
            let names = Array(taskRoom.keys)
            let running = try await conn.query("""
                SELECT workflow, COUNT(*) AS n FROM task_instances WHERE state = 'running'
                AND workflow IN (\(names.map { _ in "?" }.joined(separator: ", "))) GROUP BY workflow
                """, names.map { .text($0) })
            for row in running { taskRoom[row.text("workflow"), default: 0] -= Int(row.int("n")) }
        }
        var chosen: [Int64] = []
        for row in candidates where chosen.count < limit {
            let pool = row.text("pool"), workflow = row.text("workflow"), slots = Int(row.int("pool_slots"))
            if !pool.isEmpty, let room = poolRoom[pool], room < slots { continue }
            if let room = taskRoom[workflow], room < 1 { continue }
            if !pool.isEmpty, poolRoom[pool] != nil { poolRoom[pool]! -= slots }
            if taskRoom[workflow] != nil { taskRoom[workflow]! -= 1 }
            chosen.append(row.int("id"))
        }
        return chosen
    }

    public func taskRepin(nodes: [RouteCandidate]) async throws -> Int {
        try await db.write { conn in
            let waiting = try await conn.query("""
                SELECT id, run_id, workflow, task_id, route FROM task_instances
                WHERE state IN ('scheduled', 'queued', 'up_for_retry') AND route LIKE ? ORDER BY id
                """, .text("%\(TaskRoute.nodeKey)=%"))
            let present = Set(nodes.map(\.name))
            // Only the engine's spread instances (`<job>@<node>`); a pin a user wrote stays put.
            let stranded = waiting.filter { row in
                guard let node = TaskRoute.pinnedNode(row.text("route")) else { return false }
                return !present.contains(node) && row.text("task_id") == "\(row.text("workflow"))@\(node)"
            }
            if stranded.isEmpty { return 0 }
            var taken: [Int64: Set<String>] = [:]
            var moved = 0
            for row in stranded {
                let runId = row.int("run_id"), route = row.text("route")
                if taken[runId] == nil {
                    let routes = try await conn.query("SELECT route FROM task_instances WHERE run_id = ?", .int(runId))
                    taken[runId] = Set(routes.compactMap { TaskRoute.pinnedNode($0.text("route")) })
                }
                let used = taken[runId] ?? []
                let choices = nodes.filter { node in
                    !used.contains(node.name) && TaskRoute.matches(TaskRoute.pin(route, to: node.name), tags: node.tags, node: node.name)
                }
                guard let choice = choices.randomElement() else { continue }
                let updated = try await conn.query("""
                    UPDATE task_instances SET route = ?, task_id = ?
                    WHERE id = ? AND route = ? AND state IN ('scheduled', 'queued', 'up_for_retry') RETURNING id
                    """, .text(TaskRoute.pin(route, to: choice.name)), .text("\(row.text("workflow"))@\(choice.name)"),
                    .int(row.int("id")), .text(route))
                if updated.isEmpty { continue }
                taken[runId, default: []].insert(choice.name)
                moved += 1
            }
            if moved > 0, let announce = self.db.dialect.announceWork { _ = try await conn.query(announce, []) }
            return moved
        }
    }

    public func taskCountClaimable() async throws -> Int {
        try await db.read { conn in
            Int(try await conn.query("""
                SELECT COUNT(*) AS n FROM task_instances WHERE state IN ('queued', 'up_for_retry')
                """, []).first?.int("n") ?? 0)
        }
    }

    public func taskFinish(_ p: TaskFinishParams) async throws -> TaskFinishOutcome? {
        try await db.write { conn in try await self.finish(conn, p) }
    }

    private func finish(_ conn: any SQLConnection, _ p: TaskFinishParams) async throws -> TaskFinishOutcome? {
        try await finish(conn, taskInstanceId: p.taskInstanceId, attemptId: p.attemptId, tryNumber: p.tryNumber,
                         succeeded: p.succeeded, exitCode: p.exitCode, output: p.output,
                         truncated: p.outputTruncated, reason: p.reason, result: p.result, now: p.now)
    }

    public func taskGet(id: Int64) async throws -> TaskInstanceRecord? {
        try await db.read { conn in
            try await conn.query("SELECT * FROM task_instances WHERE id = ?", .int(id)).first.map(Self.taskInstance)
        }
    }

    public func taskAttempts(taskInstanceId: Int64) async throws -> [AttemptRecord] {
        try await db.read { conn in
            try await conn.query("SELECT * FROM attempts WHERE task_instance_id = ? ORDER BY attempt", .int(taskInstanceId))
                .map(Self.attempt)
        }
    }

    public func taskNextReadyAt() async throws -> Date? {
        try await db.read { conn in
            try await conn.query("""
                SELECT MIN(ready_at) AS ready_at FROM task_instances WHERE state IN ('queued', 'up_for_retry')
                """, []).first?.optionalDate("ready_at")
        }
    }

    public func taskRecoverRunning(node: String?, reason: String, now: Date) async throws -> [TaskFinishOutcome] {
        try await db.write { conn in
            var sql = """
                SELECT ti.id, ti.try_number, a.id AS attempt_id FROM task_instances ti
                JOIN attempts a ON a.task_instance_id = ti.id AND a.attempt = ti.try_number
                WHERE ti.state = 'running'
                """
            var binds: [SQLValue] = []
            if let node {
                sql += " AND ti.node = ?"
                binds.append(.text(node))
            }
            var outcomes: [TaskFinishOutcome] = []
            for row in try await conn.query(sql + " ORDER BY ti.id", binds) {
                if let outcome = try await self.finish(conn, taskInstanceId: row.int("id"), attemptId: row.int("attempt_id"),
                                                       tryNumber: Int(row.int("try_number")), succeeded: false, exitCode: nil,
                                                       output: nil, truncated: nil, reason: reason, result: nil, now: now) {
                    outcomes.append(outcome)
                }
            }
            return outcomes
        }
    }

    public func taskSetState(id: Int64, state: TaskState, now: Date) async throws -> TaskInstanceRecord? {
        guard state == .success || state == .failed else { throw StoreError("a task instance can only be marked success or failed") }
        return try await db.write { conn in
            guard let row = try await conn.query("SELECT * FROM task_instances WHERE id = ? \(self.db.dialect.rowLocking)", .int(id)).first
            else { return nil }
            let task = try Self.taskInstance(row)
            _ = try await conn.query("""
                UPDATE attempts SET state = ?, finished_at = ?, reason = ? WHERE task_instance_id = ? AND state = 'running'
                """, .text(state == .success ? "success" : "failed"), SQLValue(now), .text("marked \(state.rawValue) by a user"), .int(id))
            let updated = try await conn.query("UPDATE task_instances SET state = ?, finished_at = ? WHERE id = ? RETURNING *",
                                               .text(state.rawValue), SQLValue(now), .int(id))
            _ = try await conn.query("""
                UPDATE runs SET state = 'running', finished_at = NULL WHERE id = ? AND state IN ('success', 'failed')
                """, .int(task.runId))
            _ = try await self.evaluateRun(conn, runId: task.runId, now: now)
            return try updated.first.map(Self.taskInstance)
        }
    }

    public func taskClear(_ p: TaskClearParams) async throws -> [TaskInstanceRecord] {
        try await db.write { conn in
            let rows = try await conn.query("SELECT * FROM task_instances WHERE run_id = ? \(self.db.dialect.rowLocking)", .int(p.runId))
            let tasks = try rows.map(Self.taskInstance)
            var selected = Set(p.taskIds.isEmpty ? tasks.map(\.taskId) : p.taskIds)
            if p.includeDownstream {
                let nodes = tasks.map { DagNode($0.taskId, state: $0.state, upstream: $0.upstream,
                                                triggerRule: TriggerRule(rawValue: $0.triggerRule) ?? .allSuccess) }
                selected.formUnion(DagEvaluator.downstream(of: selected, in: nodes))
            }
            var cleared: [TaskInstanceRecord] = []
            for task in tasks where selected.contains(task.taskId) && task.state != .running {
                if p.onlyFailed, task.state != .failed, task.state != .upstreamFailed { continue }
                let updated = try await conn.query("""
                    UPDATE task_instances SET state = 'scheduled', ready_at = ?, finished_at = NULL, max_tries = try_number + ?
                    WHERE id = ? AND state <> 'running' RETURNING *
                    """, SQLValue(p.now), SQLValue(task.spec.retry.maxTries), .int(task.id))
                cleared += try updated.map(Self.taskInstance)
            }
            if !cleared.isEmpty {
                _ = try await conn.query("""
                    UPDATE runs SET state = 'running', finished_at = NULL WHERE id = ? AND state IN ('success', 'failed')
                    """, .int(p.runId))
                _ = try await self.evaluateRun(conn, runId: p.runId, now: p.now)
            }
            return cleared
        }
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

    /// The guarded end of an attempt, shared by workers' reports and crash recovery.
    /// `output == nil` keeps what was streamed so far.
    private func finish(_ conn: any SQLConnection, taskInstanceId: Int64, attemptId: Int64, tryNumber: Int,
                        succeeded: Bool, exitCode: Int?, output: String?, truncated: Bool?, reason: String,
                        result: String?, now: Date) async throws -> TaskFinishOutcome? {
        // The spec (the task's whole definition, JSON) is read only when a failure needs its retry
        // policy: decoding it on every finish was ~4 % of Rota's CPU per task (bench W4).
        // On PostgreSQL this locks the run's row too (`FOR UPDATE` over the join): finishes within
        // one run are serialised on it (see `lockRun`), here without a statement of its own.
        let guardRows = try await conn.query("""
            SELECT ti.id, ti.run_id, ti.workflow, ti.task_id, ti.max_tries, ti.ready_at, ti.route, ti.downstream,
                (SELECT kind FROM workflows w WHERE w.name = ti.workflow) AS kind\(succeeded ? "" : ", ti.spec")
            FROM task_instances ti JOIN runs r ON r.id = ti.run_id
            WHERE ti.id = ? AND ti.state = 'running' AND ti.try_number = ? \(db.dialect.rowLocking)
            """, .int(taskInstanceId), SQLValue(tryNumber))
        guard let row = guardRows.first else { return nil }
        let task = (id: row.int("id"), runId: row.int("run_id"), workflow: row.text("workflow"), taskId: row.text("task_id"))
        let policy = succeeded ? RetryPolicy() : try Self.spec(row).retry
        let decision = TaskTransitions.attemptFinished(succeeded: succeeded, tryNumber: tryNumber, maxTries: Int(row.int("max_tries")),
                                                       policy: policy, now: now)
        _ = try await conn.query("""
            UPDATE task_instances SET state = ?, ready_at = ?, finished_at = ?, result = COALESCE(?, result)
            WHERE id = ? AND state = 'running' AND try_number = ?
            """, [.text(decision.state.rawValue), SQLValue(decision.readyAt ?? row.date("ready_at")),
                  decision.state.isFinal ? SQLValue(now) : .null, SQLValue(result), .int(task.id), SQLValue(tryNumber)])
        _ = try await conn.query("""
            UPDATE attempts SET state = ?, finished_at = ?, exit_code = ?, output = COALESCE(?, output),
                output_truncated = COALESCE(?, output_truncated), reason = ?
            WHERE id = ? AND state = 'running'
            """, [.text(succeeded ? "success" : "failed"), SQLValue(now), exitCode.map { SQLValue($0) } ?? .null,
                  SQLValue(output), truncated.map { SQLValue($0) } ?? .null, .text(reason), .int(attemptId)])
        // Dkron's job status and counters: jobs only (a DAG's row holds its whole definition).
        let isJob = row.optionalText("kind") == WorkflowRecord.Kind.job.rawValue
        if isJob, succeeded {
            _ = try await conn.query("""
                UPDATE workflows SET success_count = success_count + 1, last_success = ?, status = 'success' WHERE name = ? AND kind = 'job'
                """, SQLValue(now), .text(task.workflow))
        } else if isJob {
            _ = try await conn.query("""
                UPDATE workflows SET error_count = error_count + 1, last_error = ?, status = 'failed' WHERE name = ? AND kind = 'job'
                """, SQLValue(now), .text(task.workflow))
        }
        if decision.state == .upForRetry, let announce = db.dialect.announceWork { _ = try await conn.query(announce, []) }
        let (runFinished, released) = decision.state.isFinal
            ? try await evaluateDownstream(conn, runId: task.runId, finished: task.taskId, state: decision.state,
                                           downstream: row.optionalText("downstream").map(Self.splitList), now: now) : (nil, false)
        if runFinished != nil, TaskRoute.pinnedNode(row.text("route")) != nil {
            try await setSpreadJobStatus(conn, runId: task.runId, workflow: task.workflow)
        }
        var outcome = TaskFinishOutcome(workflow: task.workflow, runId: task.runId, taskState: decision.state,
                                        retryAt: decision.state == .upForRetry ? decision.readyAt : nil, runFinished: runFinished,
                                        taskId: task.taskId, tryNumber: tryNumber)
        outcome.releasedWork = released
        return outcome
    }
}
