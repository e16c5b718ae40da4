import Logging
import RotaCore
import RotaLuigi
import ServiceLifecycle

/// Prunes the luigi graph on a timer, as luigid does: without it a worker killed while nobody
/// else calls would keep its task RUNNING until the next call, and a FAILED task would wait for
/// a call to be retried. Every server of a cluster runs one; calls are serialised by the graph's
/// lock, so a second prune in the same interval finds nothing to do.
struct LuigiPruneService: Service {
    let luigi: LuigiScheduler
    let logger: Logger

    func run() async throws {
        let every = Duration.milliseconds(Int64(await luigi.pruneEvery * 1000))
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: every)
                if Task.isCancelled { break }
                do {
                    _ = try await luigi.call("prune", .object([:]))
                } catch {
                    logger.warning("luigi prune failed", metadata: ["rota.error": "\(error)"])
                }
            }
        }
    }
}
