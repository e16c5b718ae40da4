import Foundation
import Hummingbird
import RotaCore
import RotaEngine
import RotaStorage
import RotaWeb

extension WebRoutes {
    static let workflowFilterKeys = ["q", "paused", "tag"]

    func workflowList(_ request: Request) async throws -> WebPage {
        let (offset, limit) = try Self.paging(request, defaultLimit: 50)
        var query: [String: String] = [:]
        for key in Self.workflowFilterKeys { if let v = request.query(key), !v.isEmpty { query[key] = v } }
        var views = try await workflows.list()
        if let q = query["q"]?.lowercased() { views = views.filter { $0.definition.id.lowercased().contains(q) } }
        if let paused = query["paused"] {
            guard let flag = Bool(paused) else { throw APIError(.badRequest, "paused: true or false") }
            views = views.filter { $0.record.disabled == flag }
        }
        if let tag = query["tag"] { views = views.filter { $0.definition.tags.contains(tag) } }
        views.sort { $0.definition.id < $1.definition.id }
        var rows: [WorkflowsListPage.Row] = []
        for view in views.dropFirst(offset).prefix(limit) {
            let last = try await store.runList(RunListParams(workflow: view.definition.id, limit: 10)).runs
            rows.append(.init(definition: view.definition, record: view.record, nextRun: view.nextInterval?.end, lastRuns: last))
        }
        return WorkflowsListPage(rows: rows, pager: Pager(offset: offset, limit: limit, total: views.count), query: query,
                                 importErrors: try await store.importErrorList().count).render()
    }

    func workflowPage(_ request: Request, _ id: String) async throws -> WebPage {
        let view = try await workflows.get(id)
        let tabName = request.query("tab") ?? "grid"
        guard let tab = WorkflowPage.Tab(rawValue: tabName) else {
            throw APIError(.badRequest, "tab: one of \(WorkflowPage.Tab.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let (offset, limit) = try Self.paging(request, defaultLimit: 25)
        let (runs, total) = try await store.runList(RunListParams(workflow: id, offset: offset, limit: limit))
        var selected = runs.first
        if let raw = request.query("run") {
            guard let runId = Int64(raw), let run = try await store.runGet(id: runId), run.workflow == id else {
                throw APIError(.notFound, "run \(raw) of workflow \(id) not found")
            }
            selected = run
        }
        var needed: [RunRecord] = tab == .grid ? runs : (tab == .graph || tab == .gantt ? selected.map { [$0] } ?? [] : [])
        if tab == .grid, let selected, !runs.contains(where: { $0.id == selected.id }) { needed.append(selected) }
        let instances = try await store.runTaskInstances(runIds: needed.map(\.id))
        return WorkflowPage(definition: view.definition, record: view.record, nextRun: view.nextInterval?.end, runs: runs,
                            pager: Pager(offset: offset, limit: limit, total: total), instances: instances, selected: selected,
                            tab: tab, now: now).render()
    }
}
