import Foundation
import Hummingbird
import RotaCore
import RotaLuigi
import RotaWeb

extension WebRoutes {
    func registerLuigi(on router: Router<RotaRequestContext>) {
        guard let luigi else { return }
        router.get("ui/luigi") { request, _ in try await page { try await luigiPage(luigi, request) } }
        router.get("ui/luigi/tasks/:id") { _, context in
            try await page {
                let id = try context.path("id")
                let graph = try await luigi.call("dep_graph", .object(["task_id": .string(id)])).objectValue ?? [:]
                let rows = try await luigi.history(taskId: id, limit: 200)
                let history = rows.map { LuigiTaskPage.Event(at: $0.at, status: $0.status, worker: $0.worker, host: $0.host) }
                // A task luigi has dropped from its graph is still shown from its history.
                guard let task = graph[id] ?? rows.first.map({ last in
                    JSONValue.object(["display_name": .string(id), "status": .string(last.status), "name": .string(last.family)])
                }) else { throw APIError(.notFound, "luigi task \(id) not found") }
                var error: String?
                if task.objectValue?["status"]?.stringValue == "FAILED" {
                    error = try await luigi.call("fetch_error", .object(["task_id": .string(id)])).objectValue?["error"]?.stringValue
                }
                return LuigiTaskPage(id: id, task: task, graph: graph, error: error, history: history).render()
            }
        }
    }

    func luigiPage(_ luigi: LuigiScheduler, _ request: Request) async throws -> WebPage {
        let status = (request.query("status") ?? "").uppercased()
        guard status.isEmpty || LuigiPage.statuses.contains(status) else {
            throw APIError(.badRequest, "status: one of \(LuigiPage.statuses.joined(separator: ", "))")
        }
        let search = request.query("search") ?? ""
        var counts: [String: Int] = [:]
        for s in LuigiPage.statuses {
            let answer = try await luigi.call("task_list", .object(["status": .string(s), "max_shown_tasks": .number(0)]))
            if case .number(let n)? = answer.objectValue?["num_tasks"] { counts[s] = Int(n) } else { counts[s] = 0 }
        }
        var args: [String: JSONValue] = ["status": .string(status), "max_shown_tasks": .number(500)]
        if !search.isEmpty { args["search"] = .string(search) }
        let answer = try await luigi.call("task_list", .object(args)).objectValue ?? [:]
        var tooMany: Int?
        var tasks = answer
        if answer.count == 1, case .number(let n)? = answer["num_tasks"] {
            tooMany = Int(n)
            tasks = [:]
        }
        let workers: [JSONValue]
        if case .array(let list) = try await luigi.call("worker_list", .object(["include_running": .bool(true)])) { workers = list } else { workers = [] }
        let resources: [JSONValue]
        if case .array(let list) = try await luigi.call("resource_list", .object([:])) { resources = list } else { resources = [] }
        let paused = try await luigi.call("is_paused", .object([:])).objectValue?["paused"] == .bool(true)
        return LuigiPage(tasks: tasks, tooMany: tooMany, counts: counts, workers: workers, resources: resources,
                         paused: paused, status: status, search: search).render()
    }
}
