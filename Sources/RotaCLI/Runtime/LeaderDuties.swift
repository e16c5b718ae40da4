import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaStorage
import ServiceLifecycle

/// What only the leader does: the cron timer, SLA checks, retention and the zombie reaper.
struct LeaderDuties: Sendable {
    let scheduler: CronScheduler
    let sla: SLAMonitor
    let retention: RetentionService
    let reaper: ZombieReaper

    /// Runs every duty until cancelled (the lease was lost, or shutdown). `missedSince` is the
    /// previous leader's last renewal: instants due since then are fired (once each).
    func run(missedSince: Date?) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await scheduler.run(firingMissedSince: missedSince) }
            group.addTask { try? await sla.run() }
            group.addTask { try? await retention.run() }
            group.addTask { await reaper.run() }
            await group.waitForAll()
        }
    }

    /// For `rota standalone`: the only process, so always the leader.
    func alwaysLeader() -> some Service { AlwaysLeader(duties: self) }

    private struct AlwaysLeader: Service {
        let duties: LeaderDuties
        func run() async throws {
            let task = Task { await duties.run(missedSince: nil) }
            await withGracefulShutdownHandler {
                await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
            } onGracefulShutdown: {
                task.cancel()
            }
        }
    }
}

/// A server's own heartbeat in `members` (so `/v1/members` lists every server and worker).
/// Its capacity is its in-process pool's (0 with `--workers 0`: it takes no tasks).
struct MemberHeartbeat: Service {
    /// A server's tags (Dkron's): its in-process pool claims with them too.
    static let tags = ["server": "true"]

    let cluster: any ClusterStore
    let node: String
    let address: String
    let capacity: Int
    let logger: Logger

    func run() async throws {
        let started = Date()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await cluster.memberUpsert(MemberRecord(name: node, kind: .server, address: address, tags: Self.tags,
                                                             capacity: capacity, running: 0, startedAt: started, lastSeen: Date()))
                try? await Task.sleep(for: .seconds(5))
            }
        }
        try? await cluster.memberSetStatus(name: node, status: "left")
    }
}
