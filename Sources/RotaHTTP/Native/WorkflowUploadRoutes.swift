import Foundation
import Hummingbird
import RotaCore
import RotaEngine
import RotaFiles

/// Workflows accepted over the API, for teams that deploy definitions from CI rather than by
/// copying files: the same YAML (or JSON) as a file in the dags folder, with the same checks.
///
/// - `PUT /rota/v1/workflows/{id}`: store the body as the workflow's current version (201 when new,
///   200 when replaced); 400 with every problem (`line: field: message`) otherwise, changing nothing.
/// - `DELETE /rota/v1/workflows/{id}`: deactivate (history is kept).
struct WorkflowUploadRoutes {
    let catalog: WorkflowCatalog

    struct Stored: Encodable {
        var id: String
        var version: String
        var tasks: Int
        var changed: Bool
    }

    struct Problems: Encodable {
        struct Inner: Encodable { var message: String; var problems: [String] }
        var error: Inner
    }

    func register(on router: Router<RotaRequestContext>) {
        let group = router.group("rota/v1/workflows")
        group.put(":id") { request, context in
            var request = request
            let id = try context.parameters.require("id")
            let text = String(decoding: try await request.bodyData(limit: 4 << 20), as: UTF8.self)
            let definition: WorkflowDefinition
            switch WorkflowFileLoader.parse(text: text, file: "request") {
            case .success(let parsed): definition = parsed
            case .failure(let errors):
                return try JSONResponse.make(Problems(error: .init(message: "the workflow has \(errors.problems.count) problem(s)",
                                                                   problems: errors.messages)),
                                             status: .badRequest, request: request)
            }
            guard definition.id == id else {
                throw RotaError.invalid("id: the body defines \"\(definition.id)\" but the path names \"\(id)\"")
            }
            let existed = (try? await catalog.get(id)) != nil
            let (view, changed) = try await catalog.upsert(definition, source: "api")
            return try JSONResponse.make(Stored(id: id, version: view.record.version, tasks: definition.tasks.count, changed: changed),
                                         status: existed ? .ok : .created, request: request)
        }
        group.delete(":id") { request, context in
            let id = try context.parameters.require("id")
            _ = try await catalog.get(id)
            try await catalog.deactivate(id)
            return Response(status: .noContent)
        }
    }
}
