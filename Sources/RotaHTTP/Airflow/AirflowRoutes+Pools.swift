import Foundation
import Hummingbird
import RotaCore

/// Pools and import errors: thin views over their Store rows.
extension AirflowRoutes {
    static let poolFields: Set<String> = ["name", "slots", "description", "include_deferred", "team_name"]

    func listPools(_ request: Request) async throws -> Response {
        var query = AirflowQuery(request)
        let (limit, offset) = query.page()
        try query.check()
        var pools = try await store.poolList()
        if let pattern = query.string("pool_name_pattern") { pools = pools.filter { airflowLike($0.name, pattern: pattern) } }
        let sort = AirflowSort<PoolRecord>(fields: ["id": { .text($0.name) }, "pool": { .text($0.name) }, "name": { .text($0.name) }],
                                           primary: { .text($0.name) }, fallback: "id")
        let sorted = try sort.apply(pools, orderBy: query.list("order_by"))
        return try JSONResponse.make(AirflowPoolCollection(pools: airflowPage(sorted, limit: limit, offset: offset).map(AirflowPool.init),
                                                           total_entries: sorted.count), request: request)
    }

    func getPool(_ request: Request, _ name: String) async throws -> Response {
        try JSONResponse.make(AirflowPool(try await pool(name)), request: request)
    }

    /// `POST /pools`: 201, or 409 when the name is taken (pools cannot be renamed or replaced here).
    func createPool(_ request: Request) async throws -> Response {
        var body = try await AirflowBody.read(request, allowed: Self.poolFields)
        body.require("name")
        body.require("slots")
        let name = body.string("name")
        let slots = poolSlots(&body)
        let description = body.string("description") ?? ""
        _ = body.bool("include_deferred", default: false)
        if let name, name.count > 256 {
            body.issue("name", "string_too_long", "String should have at most 256 characters", .string(name), ctx: ["max_length": .number(256)])
        } else if let name {
            do throws(RotaError) { try JobDefinition.validateLabel(name, field: "name") } catch {
                body.issue("name", "string_pattern_mismatch", error.message, .string(name))
            }
        }
        try body.check()
        guard let name, let slots else { throw APIError(.badRequest, "name and slots are required") }
        if try await store.poolGet(name: name) != nil {
            throw APIError(.conflict, "Pool with name: `\(name)` already exists")
        }
        let created = try await store.poolUpsert(name: name, slots: slots, description: description)
        return try JSONResponse.make(AirflowPool(created), status: .created, request: request)
    }

    /// `PATCH /pools/{name}`: the fields present (or named in `update_mask`) change; the name cannot.
    func patchPool(_ request: Request, _ name: String) async throws -> Response {
        var body = try await AirflowBody.read(request, allowed: Self.poolFields.union(["pool"]))
        let newName = body.string("pool") ?? body.string("name")
        let slots = poolSlots(&body)
        let description = body.string("description")
        _ = body.bool("include_deferred", default: false)
        try body.check()
        if let newName, newName != name {
            throw APIError(.badRequest, "Invalid body, pool name from request body doesn't match uri parameter")
        }
        let mask = Set(AirflowQuery(request).list("update_mask"))
        let current = try await pool(name)
        let useSlots = mask.isEmpty || mask.contains("slots") ? slots ?? current.slots : current.slots
        let useDescription = mask.isEmpty || mask.contains("description") ? description ?? current.description : current.description
        let updated = try await store.poolUpsert(name: name, slots: useSlots, description: useDescription)
        return try JSONResponse.make(AirflowPool(updated), request: request)
    }

    /// `DELETE /pools/{name}`: 204; `default_pool` stays (400), as in Airflow.
    func deletePool(_ name: String) async throws -> Response {
        if name == "default_pool" { throw APIError(.badRequest, "Default Pool can't be deleted") }
        guard try await store.poolDelete(name: name) else { throw Self.poolNotFound(name) }
        return Response(status: .noContent)
    }

    private func pool(_ name: String) async throws -> PoolRecord {
        guard let pool = try await store.poolGet(name: name) else { throw Self.poolNotFound(name) }
        return pool
    }

    /// `slots` ≥ -1 (-1 is unlimited).
    private func poolSlots(_ body: inout AirflowBody) -> Int? {
        guard let slots = body.int("slots") else { return nil }
        if slots < -1 {
            body.issue("slots", "greater_than_equal", "Input should be greater than or equal to -1", .number(Double(slots)), ctx: ["ge": .number(-1)])
            return nil
        }
        return slots
    }

    static func poolNotFound(_ name: String) -> APIError {
        APIError(.notFound, "The Pool with name: `\(name)` was not found")
    }

    // MARK: Import errors

    func listImportErrors(_ request: Request) async throws -> Response {
        var query = AirflowQuery(request)
        let (limit, offset) = query.page()
        try query.check()
        var errors = try await store.importErrorList()
        if let pattern = query.string("filename_pattern") { errors = errors.filter { airflowLike($0.file, pattern: pattern) } }
        let sort = AirflowSort<ImportErrorRecord>(
            fields: ["id": { .int($0.id) }, "import_error_id": { .int($0.id) }, "timestamp": { .date($0.createdAt) },
                     "filename": { .text($0.file) }, "bundle_name": { _ in .text(AirflowDAG.bundleName) },
                     "stacktrace": { .text($0.message) }],
            primary: { .int($0.id) }, fallback: "id")
        let sorted = try sort.apply(errors, orderBy: query.list("order_by"))
        return try JSONResponse.make(AirflowImportErrorCollection(
            import_errors: airflowPage(sorted, limit: limit, offset: offset).map(AirflowImportError.init),
            total_entries: sorted.count), request: request)
    }

    func getImportError(_ request: Request, _ raw: String) async throws -> Response {
        guard let id = Int64(raw) else {
            throw AirflowValidationError(type: "int_parsing", loc: ["path", "import_error_id"],
                                         msg: "Input should be a valid integer, unable to parse string as an integer", input: .string(raw))
        }
        guard let error = try await store.importErrorList().first(where: { $0.id == id }) else {
            throw APIError(.notFound, "The ImportError with import_error_id: `\(id)` was not found")
        }
        return try JSONResponse.make(AirflowImportError(error), request: request)
    }
}
