import Foundation
import Hummingbird
import RotaCore
import RotaEngine
import RotaLuigi
import RotaStorage

/// Dkron's REST API, every route declared in this one function (as Dkron's `api.go` does).
struct DkronRoutes {
    let catalog: JobCatalog
    let node: NodeInfo
    /// Its workers are listed among the members.
    var luigi: LuigiScheduler?

    var store: any Store { catalog.engine.store }

    func register(on router: Router<RotaRequestContext>) {
        let v1 = router.group("v1")
        router.get("v1") { request, _ in try index(request) }
        v1.get("members") { request, _ in
            let all = try await members()
            return try JSONResponse.make(all, request: request, headers: totalCount(all.count))
        }
        v1.get("leader") { request, _ in
            guard let cluster = store as? any ClusterStore, let lease = try await cluster.leaseGet(name: "leader"),
                  lease.expiresAt > Date() else {
                if node.isLeader() { return try JSONResponse.make(member(list: false), request: request) }
                throw RotaError.notFound("no leader")
            }
            if lease.holder == node.name { return try JSONResponse.make(member(list: false), request: request) }
            var leader = try await members().first { $0.name == lease.holder }
                ?? DkronMember(name: lease.holder, address: "", port: 0, tags: ["server": "true"], withListFields: false)
            leader.withListFields = false
            return try JSONResponse.make(leader, request: request)
        }
        v1.get("isleader") { request, _ in
            node.isLeader() ? try JSONResponse.make("I am a leader", request: request)
                : try JSONResponse.make("I am a follower", status: .notFound, request: request)
        }
        v1.post("leave") { request, _ in try JSONResponse.make([member(list: true)], request: request) }
        v1.get("busy") { request, _ in
            let running = try await store.attemptsRunning()
            return try JSONResponse.make(running.map { DkronExecution(attempt: $0, includeTruncatedFlag: false) },
                                         request: request, headers: totalCount(running.count))
        }
        v1.get("pause") { request, _ in try JSONResponse.make(["paused": try await catalog.isPaused()], request: request) }
        v1.post("pause") { request, _ in
            try await catalog.setPaused(true)
            return try JSONResponse.make(["paused": true], request: request)
        }
        v1.post("unpause") { request, _ in
            try await catalog.setPaused(false)
            return try JSONResponse.make(["paused": false], request: request)
        }
        v1.get("stats") { request, _ in try await stats(request) }
        v1.get("jobs") { request, _ in try await DkronJobList(catalog: catalog).respond(request) }
        v1.post("jobs") { request, _ in try await upsert(request) }
        v1.patch("jobs") { request, _ in try await upsert(request) }
        v1.put("jobs/:job") { request, _ in try await upsert(request) }
        v1.get("jobs/:job") { request, context in
            try JSONResponse.make(DkronJob(try await catalog.get(try context.parameters.require("job"))), request: request)
        }
        v1.delete("jobs/:job") { request, context in
            try JSONResponse.make(DkronJob(try await catalog.delete(try context.parameters.require("job"))), request: request)
        }
        v1.post("jobs/:job") { request, context in try await runNow(request, context) }
        v1.post("jobs/:job/run") { request, context in try await runNow(request, context) }
        v1.post("jobs/:job/toggle") { request, context in
            try JSONResponse.make(DkronJob(try await catalog.toggle(try context.parameters.require("job"))), request: request)
        }
        v1.get("jobs/:job/executions") { request, context in
            try await executions(request, job: try context.parameters.require("job"))
        }
        v1.delete("jobs/:job/executions") { request, context in
            let name = try context.parameters.require("job")
            _ = try await catalog.get(name)
            try await store.attemptDeleteAll(workflow: name)
            return try JSONResponse.make(DkronJob(try await catalog.get(name)), request: request)
        }
        v1.get("jobs/:job/executions/:execution") { request, context in
            let name = try context.parameters.require("job")
            let raw = try context.parameters.require("execution")
            guard let id = Int64(raw), let attempt = try await store.attemptGet(id: id), attempt.workflow == name else {
                throw RotaError.notFound("execution \"\(raw)\" of job \"\(name)\" not found")
            }
            return try JSONResponse.make(DkronExecution(attempt: attempt, includeTruncatedFlag: true), request: request)
        }
        v1.get("executions/:job") { request, context in
            try await executions(request, job: try context.parameters.require("job"))
        }
        v1.post("restore") { request, _ in try await DkronRestore(catalog: catalog).respond(request) }
    }

    private func totalCount(_ n: Int) -> HTTPFields {
        [.xTotalCount: String(n)]
    }

    /// Every server and worker that heartbeats (this node first), then the luigi workers, as Dkron members.
    private func members() async throws -> [DkronMember] {
        var out = [member(list: true)]
        guard let cluster = store as? any ClusterStore else { return out }
        for record in try await cluster.memberList() where record.name != node.name {
            let parts = record.address.split(separator: ":")
            var tags = record.tags
            tags["role"] = record.kind == .server ? "rota-server" : "rota-worker"
            tags["capacity"] = String(record.capacity)
            tags["running"] = String(record.running)
            tags["last_seen"] = RFC3339.format(record.lastSeen)
            out.append(DkronMember(name: record.name, address: parts.first.map(String.init) ?? record.address,
                                   port: parts.count > 1 ? Int(parts[1]) ?? 0 : 0, tags: tags, withListFields: true,
                                   status: record.status))
        }
        if let luigi { out += try await DkronLuigiMembers.list(luigi) }
        return out
    }

    private func member(list: Bool) -> DkronMember {
        DkronMember(name: node.name, address: node.address, port: node.port, tags: node.memberTags, withListFields: list)
    }

    private func index(_ request: Request) throws -> Response {
        struct Status: Encodable {
            var agent: [String: String]
            var serf: [String: String]
            var tags: [String: String]
        }
        let status = Status(agent: ["name": node.name, "version": node.version, "backend": store.backend],
                            serf: ["members": "1", "failed": "0", "left": "0", "encrypted": "false"],
                            tags: node.memberTags)
        return try JSONResponse.make(status, request: request)
    }

    private func upsert(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.bodyData()
        let job = try JobDefinition.parse(try JSONValue.parse(body))
        let runOnCreate = request.uri.queryParameters["runoncreate"] != nil
        let (view, _) = try await catalog.upsert(job, runOnCreate: runOnCreate)
        return try JSONResponse.make(DkronJob(view), status: .created, request: request,
                                     headers: [.location: "/v1/jobs/\(view.definition.name)"])
    }

    private func runNow(_ request: Request, _ context: RotaRequestContext) async throws -> Response {
        let view = try await catalog.runNow(try context.parameters.require("job"))
        return try JSONResponse.make(DkronJob(view), request: request)
    }

    private func executions(_ request: Request, job name: String) async throws -> Response {
        _ = try await catalog.get(name)
        let newestFirst = (request.query("_order") ?? "DESC").uppercased() != "ASC"
        // Clamped so that `start + 100` and `end - start` cannot overflow (a trap would kill the server).
        let bound = Int(Int32.max)
        let start = min(max(0, Int(request.query("_start") ?? "") ?? 0), bound)
        let end = min(max(0, Int(request.query("_end") ?? "") ?? (start + 100)), bound)
        let limit = request.query("output_size_limit").flatMap { Int($0) }
        let page = try await store.attemptList(AttemptListParams(
            workflow: name, offset: start, limit: max(0, min(end - start, 10_000)), newestFirst: newestFirst))
        return try JSONResponse.make(
            page.attempts.map { DkronExecution(attempt: $0, outputSizeLimit: limit, includeTruncatedFlag: true) },
            request: request, headers: totalCount(page.total))
    }

    private func stats(_ request: Request) async throws -> Response {
        struct Day: Encodable { var date: String; var success_count: Int; var failed_count: Int }
        let raw = request.query("days").map { Int($0) } ?? 30
        guard let days = raw, (1...365).contains(days) else {
            throw RotaError.invalid("days: a whole number from 1 to 365")
        }
        let since = Calendar(identifier: .gregorian).startOfDay(for: Date()).addingTimeInterval(-Double(days - 1) * 86400)
        let stats = try await store.attemptStats(since: since)
        return try JSONResponse.make(["stats": stats.map {
            Day(date: RFC3339.format($0.day), success_count: $0.successCount, failed_count: $0.failedCount)
        }], request: request)
    }
}
