import Foundation
import RotaCore

extension SQLStore {
    public func taskClaim(_ p: TaskClaimParams) async throws -> [ClaimedTask] {
        try await db.write { conn in try await self.claim(conn, p) }
    }

    public func taskFinishAndClaim(_ items: [TaskFinishAndClaim]) async throws -> [TaskFinishAndClaimResult] {
        if items.isEmpty { return [] }
        return try await db.write { conn in
            // The run-end checks come last: on PostgreSQL they lock the runs' rows, held to commit.
            var finishing = try await self.finishLeavingRunEnds(conn, items.map { AttemptEnd($0.finish) })
            var claims = [[ClaimedTask]](repeating: [], count: items.count)
            for group in ClaimGroup.groups(items) {
                var claimed = try await self.claim(conn, group.params)[...]
                for index in group.items {
                    let want = items[index].claim?.limit ?? 0
                    claims[index] = Array(claimed.prefix(want))
                    claimed = claimed.dropFirst(want)
                }
            }
            try await self.endRuns(conn, &finishing)
            return zip(finishing.outcomes, claims).map { TaskFinishAndClaimResult(outcome: $0, claimed: $1) }
        }
    }

    private func claim(_ conn: any SQLConnection, _ p: TaskClaimParams) async throws -> [ClaimedTask] {
        // A window of exactly the claim's size first: on PostgreSQL every candidate is row-locked
        // (`SKIP LOCKED`) until commit, so a candidate locked and not taken is hidden from every
        // concurrent claim (a second batch in flight found nothing), and locking four times the
        // claim's size was the costliest statement of a claim (bench W4). Only when routes,
        // queues or limits leave the claim short does a wide window follow.
        var candidates = try await claimCandidates(conn, p, window: p.limit, excluding: [])
        var chosen = try await chooseCandidates(conn, p, candidates)
        if chosen.count < p.limit, candidates.count == p.limit {
            candidates += try await claimCandidates(conn, p, window: p.limit * 4 + 16, excluding: candidates.map { $0.int("id") })
            chosen = try await chooseCandidates(conn, p, candidates)
        }
        if chosen.isEmpty { return [] }
        let rows = try await conn.query("""
            UPDATE task_instances SET state = 'running', try_number = try_number + 1, node = ?, started_at = ?
            WHERE id IN (\(Self.marks(chosen.count)))
            RETURNING *
            """, [.text(p.node), SQLValue(p.now)] + chosen.map { .int($0) })
        let tasks = try rows.map(Self.taskInstance).sorted { chosen.firstIndex(of: $0.id)! < chosen.firstIndex(of: $1.id)! }
        if tasks.isEmpty { return [] }
        // One INSERT for the batch's attempts; their ids come back with their task instance's.
        var binds: [SQLValue] = []
        for task in tasks {
            binds += [.int(task.id), .int(task.runId), .text(task.workflow), .text(task.taskId), SQLValue(task.tryNumber),
                      .text(p.node), SQLValue(p.now)]
        }
        let inserted = try await conn.query("""
            INSERT INTO attempts (task_instance_id, run_id, workflow, task_id, attempt, node, state, started_at)
            VALUES \(tasks.map { _ in "(?, ?, ?, ?, ?, ?, 'running', ?)" }.joined(separator: ", ")) RETURNING id, task_instance_id
            """, binds)
        var attemptIds: [Int64: Int64] = [:]
        for row in inserted { attemptIds[row.int("task_instance_id")] = row.int("id") }
        // Dkron's job status and counters: jobs only. A DAG's row holds its whole definition,
        // which SQLite rewrites on every update (bench W4: 2.9 MB per claim and per finish).
        let kinds = Dictionary(candidates.map { ($0.int("id"), $0.optionalText("kind")) }, uniquingKeysWith: { first, _ in first })
        let jobs = Array(Set(tasks.filter { kinds[$0.id] == WorkflowRecord.Kind.job.rawValue }.map(\.workflow))).sorted()
        if !jobs.isEmpty {
            _ = try await conn.query("""
                UPDATE workflows SET status = 'running' WHERE name IN (\(Self.marks(jobs.count))) AND kind = 'job' AND status <> 'running'
                """, jobs.map { .text($0) })
        }
        var claimed: [ClaimedTask] = []
        for task in tasks {
            guard let attemptId = attemptIds[task.id] else { throw StoreError("attempt insert returned no id for \(task.id)") }
            claimed.append(ClaimedTask(task: task, attemptId: attemptId, startedAt: p.now))
        }
        return claimed
    }

    /// Claimable task instances, due, in claim order (locked on PostgreSQL; others' locked ones skipped).
    private func claimCandidates(_ conn: any SQLConnection, _ p: TaskClaimParams, window: Int,
                                 excluding seen: [Int64]) async throws -> [SQLRow] {
        try await conn.query("""
            SELECT id, workflow, pool, pool_slots, route, queue,
                (SELECT kind FROM workflows w WHERE w.name = task_instances.workflow) AS kind
            FROM task_instances
            WHERE state IN ('queued', 'up_for_retry') AND ready_at <= ?\(seen.isEmpty ? "" : " AND id NOT IN (\(Self.marks(seen.count)))")
            ORDER BY priority DESC, ready_at, id
            LIMIT ? \(db.dialect.claimLocking)
            """, [SQLValue(p.now)] + seen.map { .int($0) } + [SQLValue(window)])
    }

    /// The candidates this claimer may take: its routes and queues, then pools and task limits.
    private func chooseCandidates(_ conn: any SQLConnection, _ p: TaskClaimParams, _ candidates: [SQLRow]) async throws -> [Int64] {
        let routed = candidates.filter { row in
            TaskRoute.matches(row.text("route"), tags: p.tags, node: p.node) && (p.queues.isEmpty || p.queues.contains(row.text("queue")))
        }
        if routed.isEmpty { return [] }
        return try await withinLimits(conn, candidates: routed, limit: p.limit)
    }

    /// Picks candidates in order while their pool has open slots and their workflow is under
    /// `max_active_tasks`. Jobs (no pool, no limit) take the fast path with no extra query.
    private func withinLimits(_ conn: any SQLConnection, candidates: [SQLRow], limit: Int) async throws -> [Int64] {
        let pools = Set(candidates.map { $0.text("pool") }.filter { !$0.isEmpty })
        let workflows = Set(candidates.map { $0.text("workflow") })
        var poolRoom: [String: Int] = [:]
        let poolNames = Array(pools)
        if !pools.isEmpty {
            let capacity = try await conn.query("SELECT name, slots FROM pools WHERE name IN (\(Self.marks(poolNames.count))) ORDER BY name \(db.dialect.rowLocking)",
                                                poolNames.map { .text($0) })
            for row in capacity { poolRoom[row.text("name")] = Int(row.int("slots")) }
        }
        var taskRoom: [String: Int] = [:]
        let limited = try await conn.query("""
            SELECT name, max_active_tasks FROM workflows WHERE max_active_tasks > 0 AND name IN (\(Self.marks(workflows.count)))
            """, workflows.map { .text($0) })
        for row in limited { taskRoom[row.text("name")] = Int(row.int("max_active_tasks")) }
        // Running task instances are counted only when a pool or a limit needs them.
        if !pools.isEmpty || !taskRoom.isEmpty, let hint = db.dialect.claimCountHint { _ = try await conn.query(hint, []) }
        if !pools.isEmpty {
            let used = try await conn.query("""
                SELECT pool, CAST(SUM(pool_slots) AS BIGINT) AS used FROM task_instances WHERE state = 'running'
                AND pool IN (\(Self.marks(poolNames.count))) GROUP BY pool
                """, poolNames.map { .text($0) })
            for row in used { poolRoom[row.text("pool"), default: 0] -= Int(row.int("used")) }
        }
        if !taskRoom.isEmpty {
            let names = Array(taskRoom.keys)
            let running = try await conn.query("""
                SELECT workflow, COUNT(*) AS n FROM task_instances WHERE state = 'running'
                AND workflow IN (\(Self.marks(names.count))) GROUP BY workflow
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
        try await db.write { conn in try await self.finish(conn, [AttemptEnd(p)])[0] }
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
            let ends = try await conn.query(sql + " ORDER BY ti.id", binds).map { row in
                AttemptEnd(taskInstanceId: row.int("id"), attemptId: row.int("attempt_id"), tryNumber: Int(row.int("try_number")),
                           succeeded: false, exitCode: nil, output: nil, truncated: nil, reason: reason, result: nil, now: now)
            }
            return try await self.finish(conn, ends).compactMap { $0 }
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
}
