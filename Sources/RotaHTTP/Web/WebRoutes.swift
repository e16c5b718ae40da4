import Foundation
import Hummingbird
import NIOCore
import RotaCore
import RotaEngine
import RotaLuigi
import RotaStorage
import RotaWeb

/// The web UI at `/` and `/ui/…`: server-rendered pages over the same catalogs and Store as the
/// APIs. Pages only read; every button calls a JSON API, so the UI can do nothing the API refuses.
struct WebRoutes {
    let jobs: JobCatalog
    let workflows: WorkflowCatalog
    let nodeName: String
    /// The luigi scheduler, when this server runs one (the Luigi page appears only then).
    var luigi: LuigiScheduler? = nil

    var engine: Engine { jobs.engine }
    var store: any Store { jobs.engine.store }
    var now: Date { engine.clock.now() }

    func register(on router: Router<RotaRequestContext>) {
        router.get("/") { _, _ in try await page { try await overview() } }
        router.get("ui") { _, _ in Response(status: .seeOther, headers: [.location: "/"]) }
        router.get("ui/static/rota.css") { _, _ in asset(WebStyles.css, type: "text/css; charset=utf-8") }
        router.get("ui/static/rota.js") { _, _ in asset(WebScript.js, type: "text/javascript; charset=utf-8") }
        router.get("ui/jobs") { request, _ in try await page { try await jobList(request) } }
        router.get("ui/jobs/new") { _, _ in try await page { try Self.requireAdmin(); return JobFormPage(job: nil).render() } }
        router.get("ui/jobs/:job") { request, context in try await page { try await jobPage(request, try context.path("job")) } }
        router.get("ui/jobs/:job/edit") { _, context in
            try await page { try Self.requireAdmin(); return JobFormPage(job: try await jobs.get(try context.path("job")).definition).render() }
        }
        router.get("ui/workflows") { request, _ in try await page { try await workflowList(request) } }
        router.get("ui/workflows/:id") { request, context in try await page { try await workflowPage(request, try context.path("id")) } }
        router.get("ui/tasks/:id") { request, context in try await page { try await taskPage(request, try context.path("id")) } }
        router.get("ui/attempts/:id/log") { request, context in try await attemptLog(request, try context.path("id")) }
        router.get("ui/attempts/:id/stream") { _, context in try await LogStream(store: store).respond(attemptId: try context.path("id")) }
        router.get("ui/pools") { _, _ in try await page { PoolsPage(pools: try await store.poolList()).render() } }
        router.get("ui/import-errors") { _, _ in try await page { ImportErrorsPage(errors: try await store.importErrorList()).render() } }
        registerLuigi(on: router)
        router.get("ui/audit") { request, _ in
            try await page {
                try Self.requireAdmin()
                guard let audit = store as? any AuthStore else { throw APIError(.notFound, "this store keeps no audit log") }
                let (offset, limit) = try Self.paging(request, defaultLimit: 50)
                let (entries, total) = try await audit.auditList(offset: offset, limit: limit)
                return AuditPage(entries: entries, pager: Pager(offset: offset, limit: limit, total: total)).render()
            }
        }
    }

    /// Renders a page; a missing object or a bad query becomes an HTML page with the right status,
    /// not the JSON error the APIs answer.
    func page(_ build: () async throws -> WebPage) async throws -> Response {
        do {
            return try await WebViewer.$current.withValue(Self.viewer(Principal.current)) { html(try await build()) }
        } catch {
            let apiError = APIError.from(error)
            guard apiError.status.code < 500 else { throw error }
            let title = apiError.status == .notFound ? "Not found" : "Cannot show this page"
            return WebViewer.$current.withValue(Self.viewer(Principal.current)) {
                html(MessagePage(title: title, message: apiError.message).render(), status: apiError.status)
            }
        }
    }

    func html(_ page: WebPage, status: HTTPResponse.Status = .ok) -> Response {
        let text = page.render(node: nodeName, sections: WebPage.Section.allCases.filter { $0 != .luigi || luigi != nil }).text
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func viewer(_ p: Principal) -> WebViewer {
        WebViewer(name: p.name, authenticated: p.authenticated, canOperate: p.role.allows(.operator),
                  canAdminister: p.role.allows(.admin), csrf: p.csrf)
    }

    /// Pages that only lead to admin actions (the job form, the audit log) are refused outright.
    static func requireAdmin() throws {
        let p = Principal.current
        guard p.role.allows(.admin) else { throw APIError(.forbidden, "\(p.name) (role \(p.role.rawValue)) may not change jobs: it needs the admin role") }
    }

    func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// `offset` and `limit` query items, bounded so one request never reads the whole history.
    static func paging(_ request: Request, defaultLimit: Int) throws -> (offset: Int, limit: Int) {
        let offset = try request.query("offset").map { raw -> Int in
            guard let n = Int(raw), n >= 0 else { throw APIError(.badRequest, "offset: a whole number ≥ 0") }
            return n
        } ?? 0
        let limit = try request.boundedInt("limit", 1...500, default: defaultLimit)
        return (offset, limit)
    }

    func overview() async throws -> WebPage {
        let jobViews = try await jobs.list()
        let workflowViews = try await workflows.list()
        var fires = jobViews.compactMap { v in v.next.map { OverviewPage.NextFire(name: v.definition.name, isWorkflow: false, at: $0) } }
        fires += workflowViews.compactMap { v in v.nextInterval.map { OverviewPage.NextFire(name: v.definition.id, isWorkflow: true, at: $0.end) } }
        fires.sort { ($0.at, $0.name) < ($1.at, $1.name) }
        let cluster = store as? any ClusterStore
        return OverviewPage(
            runCounts: try await store.runCountByState(), queueDepth: try await store.taskCountClaimable(),
            running: try await store.attemptsRunning(), failures: try await store.attemptRecentFailures(limit: 10),
            nextFires: Array(fires.prefix(10)), leader: try await cluster?.leaseGet(name: "leader"),
            members: try await cluster?.memberList() ?? [], jobNames: Set(jobViews.map(\.definition.name)), now: now).render()
    }
}
