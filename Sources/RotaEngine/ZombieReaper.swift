import Foundation
import Logging
import RotaCore
import RotaStorage

/// Fails the running task instances of workers that stopped heartbeating (killed, partitioned),
/// as zombies, and lets their retry policy run them elsewhere (a retry pinned to the dead node by
/// a tag count moves to another matching node). A late report from the zombie is then refused by
/// the Store's guard (its try is no longer the running one), never double-counted.
public struct ZombieReaper: Sendable {
    let engine: Engine
    let cluster: any ClusterStore
    let timeout: Duration
    let logger: Logger

    public init(engine: Engine, cluster: any ClusterStore, timeout: Duration, logger: Logger) {
        self.engine = engine
        self.cluster = cluster
        self.timeout = timeout
        self.logger = logger
    }

    /// One pass; the leader runs it every few seconds.
    @discardableResult
    public func reap() async throws -> Int {
        let now = engine.clock.now()
        var reaped = 0
        _ = try await cluster.memberExpire(kind: .worker, before: now.addingTimeInterval(-timeout.seconds))
        // Every failed worker, not only the ones that just expired: a claim still in flight when
        // its worker died may have handed it a task after it was declared dead.
        let members = try await cluster.memberList()
        let failed = members.filter { $0.kind == .worker && $0.status == "failed" }.map(\.name)
        for name in failed {
            let outcomes = try await engine.store.taskRecoverRunning(
                node: name, reason: "zombie: worker \(name) stopped heartbeating for more than \(GoDuration.format(timeout))", now: now)
            for outcome in outcomes { await engine.handle(outcome) }
            reaped += outcomes.count
            if outcomes.isEmpty { continue }
            logger.warning("worker lost; its running tasks failed as zombies",
                           metadata: ["rota.worker": "\(name)", "rota.count": "\(outcomes.count)"])
        }
        // Instances of a spread run (a tag count) pinned to a node that is gone, including the
        // retries of the zombies just failed, move to another matching node of no other instance.
        // Only members are ever pinned, so with every member claiming there is nothing to move.
        let nodes = Engine.claimingNodes(members, now: now)
        let moved = nodes.count < members.count ? try await engine.store.taskRepin(nodes: nodes) : 0
        if moved > 0 {
            engine.workAvailable.signal()
            logger.warning("task instances pinned to gone nodes moved to other nodes", metadata: ["rota.count": "\(moved)"])
        }
        return reaped
    }

    public func run(every interval: Duration = .seconds(5)) async {
        while !Task.isCancelled {
            do { try await reap() } catch { logger.error("zombie reaper failed", metadata: ["rota.error": "\(error)"]) }
            try? await Task.sleep(for: interval)
        }
    }
}
