import Foundation
import Hummingbird
import RotaCore
import RotaEngine
import RotaStorage
import RotaWorker

/// The server side of `rota worker`: heartbeats, long-poll claims, streamed output, results.
/// Every server answers them (claims are guarded writes, `FOR UPDATE SKIP LOCKED` on PostgreSQL),
/// so workers may talk to any server.
struct WorkerRoutes {
    let engine: Engine
    let cluster: any ClusterStore

    func register(on router: Router<RotaRequestContext>) {
        let group = router.group("rota/v1/workers")
        group.post("heartbeat") { request, _ in
            var request = request
            let beat = try Self.decode(WorkerWire.Heartbeat.self, try await request.bodyData())
            try JobDefinition.validateName(beat.name.lowercased(), field: "name")
            let now = engine.clock.now()
            try await cluster.memberUpsert(MemberRecord(
                name: beat.name, kind: .worker, address: beat.address, tags: beat.tags, capacity: beat.capacity,
                running: beat.running, status: beat.leaving ? "left" : (beat.draining == true ? "leaving" : "alive"),
                startedAt: now, lastSeen: now))
            return try JSONResponse.make(["ok": true], request: request)
        }
        group.post("claim") { request, _ in
            var request = request
            let claim = try Self.decode(WorkerWire.ClaimRequest.self, try await request.bodyData())
            let source = LocalWorkSource(engine: engine)
            let deadline = ContinuousClock.now + .milliseconds(min(max(claim.waitMilliseconds, 0), 30_000))
            var tasks: [ClaimedTask] = []
            while true {
                // A request still open for a worker declared dead (its connection outlived it)
                // must not take work: the worker would never run it. One that is draining (SIGTERM:
                // status `leaving`) or gone gets its empty answer within a second, not at the deadline.
                if try await cluster.memberList().contains(where: { $0.name == claim.name && ["failed", "left", "leaving"].contains($0.status) }) {
                    break
                }
                tasks = try await source.claim(node: claim.name, limit: min(max(claim.limit, 1), 100),
                                               tags: claim.tags ?? [:], queues: claim.queues ?? [])
                if !tasks.isEmpty || ContinuousClock.now >= deadline { break }
                // Woken by this server's events; other servers' work is seen within a second.
                let left = deadline - ContinuousClock.now
                await engine.workAvailable.wait(timeout: min(left, .seconds(1)))
            }
            return try JSONResponse.make(tasks.map(WorkerWire.Task.init), request: request)
        }
        group.post("output") { request, _ in
            var request = request
            let output = try Self.decode(WorkerWire.Output.self, try await request.bodyData(limit: 8 << 20))
            try await engine.recordOutput(attemptId: output.attemptId, output: output.output, truncated: output.truncated)
            return Response(status: .noContent)
        }
        group.post("finish") { request, _ in
            var request = request
            let finish = try Self.decode(WorkerWire.Finish.self, try await request.bodyData(limit: 8 << 20))
            var params = TaskFinishParams(taskInstanceId: finish.taskInstanceId, attemptId: finish.attemptId,
                                          tryNumber: finish.tryNumber, succeeded: finish.succeeded, exitCode: finish.exitCode,
                                          output: finish.output, outputTruncated: finish.truncated, reason: finish.reason,
                                          now: engine.clock.now())
            params.result = finish.result
            let outcome = try await engine.recordFinish(params)
            if let outcome { await engine.handle(outcome) }
            return try JSONResponse.make(WorkerWire.FinishAnswer(accepted: outcome != nil),
                                         status: outcome == nil ? .conflict : .ok, request: request)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        if JSONValue.nestingExceeds(data, 64) { throw RotaError.invalid("malformed worker message: JSON nested deeper than 64 levels") }
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw RotaError.invalid("malformed worker message: \(error)")
        }
    }
}
