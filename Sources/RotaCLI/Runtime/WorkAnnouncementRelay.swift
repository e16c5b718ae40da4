import RotaEngine
import ServiceLifecycle

/// Turns other servers' `NOTIFY rota_work` into local wake-ups, so a task made ready on one
/// server reaches the workers waiting on another at once rather than at the next poll.
struct WorkAnnouncementRelay: Service {
    let engine: Engine

    func run() async throws {
        guard let announcements = engine.store.workAnnouncements() else { return }
        await cancelWhenGracefulShutdown {
            for await _ in announcements { engine.workAvailable.signal() }
        }
    }
}
