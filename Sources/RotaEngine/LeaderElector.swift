import Foundation
import Logging
import RotaCore
import RotaStorage
import ServiceLifecycle
import Synchronization

/// Decides which `rota server` runs the leader's duties (cron timer, SLA monitor, retention,
/// zombie reaper), through a lease row in the shared database.
///
/// ```
///   follower ──lease free or expired──► leader ──renew every `renewEvery`──┐
///      ▲                                   │ ◄────────────────────────────┘
///      └──renewal failed / lease lost──────┘   (duties cancelled at once)
/// ```
/// A lease rather than an advisory lock: it needs no dedicated connection (so it works through
/// the same pool, and on SQLite), and its renewal time tells a new leader since when instants may
/// have been missed, so it fires them (each once: run keys are unique). The trust window: a
/// leader that cannot renew stops its duties when `renewEvery` fails, well before `ttl` lets
/// another take over; a paused process may overlap for a moment, which unique run keys make
/// harmless.
public final class LeaderElector: Service, Sendable {
    public typealias Duties = @Sendable (_ missedSince: Date?) async -> Void

    private let store: any ClusterStore
    private let node: String
    private let ttl: Duration
    private let renewEvery: Duration
    private let logger: Logger
    private let duties: Duties
    private let leader = Mutex(false)
    private let duty = Mutex<Task<Void, Never>?>(nil)

    public init(store: any ClusterStore, node: String, ttl: Duration = .seconds(10), renewEvery: Duration = .seconds(2),
                logger: Logger, duties: @escaping Duties) {
        self.store = store
        self.node = node
        self.ttl = ttl
        self.renewEvery = renewEvery
        self.logger = logger
        self.duties = duties
    }

    public var isLeader: Bool { leader.withLock { $0 } }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.tick()
                try? await Task.sleep(for: self.renewEvery)
            }
        }
        if let task = duty.withLock({ $0 }) {
            stepDown(task)
            await task.value
            try? await store.leaseRelease(name: "leader", holder: node)
        }
    }

    /// One renewal: take or keep the lease, start or stop the duties accordingly.
    ///
    /// Taking up the duties again while the lease is still ours — this node stepped down when a
    /// renewal failed (a database outage shorter than `ttl`), or restarted within `ttl` — fires
    /// what fell due since our last renewal too: the store reports only lapsed leases as taken over.
    private func tick() async {
        let running = duty.withLock { $0 }
        do {
            var ownLastRenewal: Date?
            if running == nil, let current = try await store.leaseGet(name: "leader"), current.holder == node {
                ownLastRenewal = current.renewedAt
            }
            let (lease, takenOver) = try await store.leaseAcquire(name: "leader", holder: node, ttl: ttl, now: Date())
            let mine = lease.holder == node
            if mine, running == nil {
                leader.withLock { $0 = true }
                logger.notice("became leader", metadata: ["rota.node": "\(node)"])
                let duties = self.duties
                let missedSince = takenOver ?? ownLastRenewal
                duty.withLock { $0 = Task { await duties(missedSince) } }
            } else if !mine, let task = running {
                stepDown(task)
            }
        } catch {
            logger.error("leader lease failed", metadata: ["rota.error": "\(error)"])
            if let task = running { stepDown(task) }
        }
    }

    private func stepDown(_ task: Task<Void, Never>) {
        leader.withLock { $0 = false }
        duty.withLock { $0 = nil }
        task.cancel()
        logger.notice("no longer leader", metadata: ["rota.node": "\(node)"])
    }
}
