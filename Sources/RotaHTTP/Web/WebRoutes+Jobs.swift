import Foundation
import Hummingbird
import RotaCore
import RotaEngine
import RotaStorage
import RotaWeb

extension WebRoutes {
    static let jobFilterKeys = ["q", "status", "disabled", "tag"]

    func jobList(_ request: Request) async throws -> WebPage {
        let (offset, limit) = try Self.paging(request, defaultLimit: 50)
        var query: [String: String] = [:]
        for key in Self.jobFilterKeys { if let v = request.query(key), !v.isEmpty { query[key] = v } }
        var views = try JobFilters.apply(try await jobs.list(), q: query["q"], status: query["status"], disabled: query["disabled"])
        if let tag = query["tag"] {
            let parts = tag.split(separator: "=", maxSplits: 1).map(String.init)
            views = views.filter { view in
                guard let value = view.definition.tags[parts[0]] else { return false }
                return parts.count == 1 || value == parts[1] || value.hasPrefix(parts[1] + ":")
            }
        }
        views.sort { $0.definition.name < $1.definition.name }
        let page = views.dropFirst(offset).prefix(limit)
        let rows = page.map { JobsListPage.Row(definition: $0.definition, record: $0.record, next: $0.next) }
        return JobsListPage(rows: rows, pager: Pager(offset: offset, limit: limit, total: views.count), query: query, now: now).render()
    }

    func jobPage(_ request: Request, _ name: String) async throws -> WebPage {
        let view = try await jobs.get(name)
        let (offset, limit) = try Self.paging(request, defaultLimit: 25)
        let (attempts, total) = try await store.attemptList(AttemptListParams(workflow: name, offset: offset, limit: limit))
        return JobPage(definition: view.definition, record: view.record, next: view.next, dependents: view.dependentJobs,
                       attempts: attempts, pager: Pager(offset: offset, limit: limit, total: total), now: now).render()
    }
}
