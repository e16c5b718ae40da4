import Foundation
import Hummingbird
import RotaCore
import RotaEngine

/// `GET /v1/jobs` with Dkron's filters (`q`, `status`, `disabled`, `metadata[k]=v`), sort
/// (`_sort`, `_order`) and react-admin slicing (`_start`, `_end`, `X-Total-Count`).
struct DkronJobList {
    let catalog: JobCatalog

    static let sortKeys = ["id", "name", "displayname", "schedule", "success_count", "error_count",
                           "last_success", "last_error", "next"]

    func respond(_ request: Request) async throws -> Response {
        var jobs = try JobFilters.apply(try await catalog.list(), q: request.query("q"), status: request.query("status"),
                                        disabled: request.query("disabled"))
        let metadata = request.queryMap("metadata")
        if !metadata.isEmpty {
            jobs = jobs.filter { view in metadata.allSatisfy { view.definition.metadata[$0.key] == $0.value } }
        }
        let sortKey = request.query("_sort") ?? "id"
        guard Self.sortKeys.contains(sortKey) else {
            throw RotaError.invalid("_sort: one of \(Self.sortKeys.joined(separator: ", "))")
        }
        let descending = (request.query("_order") ?? "ASC").uppercased() == "DESC"
        jobs.sort { a, b in
            let ordered = Self.less(a, b, by: sortKey)
            return descending ? Self.less(b, a, by: sortKey) : ordered
        }
        let total = jobs.count
        let start = min(max(0, Int(request.query("_start") ?? "") ?? 0), total)
        let end = min(max(start, Int(request.query("_end") ?? "") ?? total), total)
        return try JSONResponse.make(jobs[start..<end].map(DkronJob.init), request: request,
                                     headers: [.xTotalCount: String(total)])
    }

    static func less(_ a: JobView, _ b: JobView, by key: String) -> Bool {
        let distant = Date.distantPast
        switch key {
        case "displayname": return (a.definition.displayName, a.definition.name) < (b.definition.displayName, b.definition.name)
        case "schedule": return (a.definition.schedule, a.definition.name) < (b.definition.schedule, b.definition.name)
        case "success_count": return (a.record.successCount, a.definition.name) < (b.record.successCount, b.definition.name)
        case "error_count": return (a.record.errorCount, a.definition.name) < (b.record.errorCount, b.definition.name)
        case "last_success": return (a.record.lastSuccess ?? distant) < (b.record.lastSuccess ?? distant)
        case "last_error": return (a.record.lastError ?? distant) < (b.record.lastError ?? distant)
        case "next": return (a.next ?? distant) < (b.next ?? distant)
        default: return a.definition.name < b.definition.name
        }
    }
}
