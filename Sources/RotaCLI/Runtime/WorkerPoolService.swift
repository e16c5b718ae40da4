import RotaWorker
import ServiceLifecycle

/// Runs the in-process worker pool until shutdown; then stops its children, which are recorded
/// as interrupted before this service returns.
struct WorkerPoolService: Service {
    let pool: WorkerPool

    func run() async throws {
        let task = Task { await pool.run() }
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await task.value
            } onCancel: {
                task.cancel()
            }
        } onGracefulShutdown: {
            pool.shutdown()
            task.cancel()
        }
    }
}
