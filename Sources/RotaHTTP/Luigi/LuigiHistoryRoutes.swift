import Foundation
import Hummingbird
import RotaCore
import RotaLuigi

/// `GET /rota/v1/luigi/history?task_id=…&limit=100`: every status change of luigi tasks, newest
/// first, kept after luigi drops finished tasks from its graph (`remove_delay`) and pruned with
/// Rota's other history (`retention_days`). It is what luigid's `record_task_history` database
/// held, without a separate database to run.
struct LuigiHistoryRoutes {
    let scheduler: LuigiScheduler

    struct Event: Encodable {
        var at: String
        var task_id: String
        var family: String
        var status: String
        var worker: String
        var host: String
    }

    func register(on router: Router<RotaRequestContext>) {
        router.get("rota/v1/luigi/history") { request, _ in
            let limit = try request.boundedInt("limit", 1...1000, default: 100)
            let taskId = request.query("task_id").flatMap { $0.isEmpty ? nil : $0 }
            let rows = try await scheduler.history(taskId: taskId, limit: limit)
            return try JSONResponse.make(rows.map {
                Event(at: RFC3339.format($0.at), task_id: $0.taskId, family: $0.family, status: $0.status, worker: $0.worker, host: $0.host)
            }, request: request)
        }
    }
}
