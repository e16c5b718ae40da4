import Foundation
import Logging
import RotaStorage
import ServiceLifecycle

/// Deletes finished runs beyond the retention policy every ten minutes (and once at start).
struct RetentionService: Service {
    let store: any Store
    let keepPerJob: Int
    let days: Int
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let cutoff = Date().addingTimeInterval(-Double(days) * 86400)
                    let deleted = try await store.runPrune(RunPruneParams(keepPerWorkflow: keepPerJob, olderThan: cutoff))
                    if deleted > 0 { logger.info("retention deleted old runs", metadata: ["rota.count": "\(deleted)"]) }
                } catch {
                    logger.warning("retention failed", metadata: ["rota.error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(600))
            }
        }
    }
}
