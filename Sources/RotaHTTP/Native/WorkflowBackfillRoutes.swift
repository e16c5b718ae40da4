import Foundation
import Hummingbird
import RotaCore
import RotaEngine

/// `POST /rota/v1/workflows/{id}/backfill` with `{"from", "to", "conf"}`: one run for every
/// interval of the schedule whose start lies in `[from, to]`, named `backfill__<start>` so a
/// repeated request creates only what is missing (the same runs `rota dags backfill` makes).
/// Times are RFC 3339, a date, or a zone-less `YYYY-MM-DDTHH:MM` (an HTML form's value), read as UTC.
struct WorkflowBackfillRoutes {
    let catalog: WorkflowCatalog
    static let maxRuns = 10_000

    struct Outcome: Encodable {
        var created: Int
        var existing: Int
        var first: String
        var last: String
    }

    func register(on router: Router<RotaRequestContext>) {
        router.post("rota/v1/workflows/:id/backfill") { request, context in
            try await backfill(request, try context.parameters.require("id"))
        }
    }

    static func date(_ raw: String) -> Date? {
        RFC3339.parse(raw) ?? RFC3339.parse(raw + ":00Z") ?? RFC3339.parse(raw + "Z") ?? RFC3339.parse(raw + "T00:00:00Z")
    }

    func backfill(_ request: Request, _ id: String) async throws -> Response {
        var request = request
        let data = try await request.bodyData(limit: 1 << 20)
        let body: [String: JSONValue]
        do {
            guard let object = try JSONValue.parse(data).objectValue else { throw APIError(.badRequest, "the body must be a JSON object") }
            body = object
        } catch let error as APIError { throw error } catch { throw APIError(.badRequest, "malformed JSON: \(error)") }
        for key in body.keys where !["from", "to", "conf"].contains(key) { throw APIError(.badRequest, "\(key): unknown field (from, to, conf)") }
        guard let fromText = body["from"]?.stringValue, let from = Self.date(fromText) else {
            throw APIError(.badRequest, "from: required, an RFC 3339 time or YYYY-MM-DD[THH:MM]")
        }
        guard let toText = body["to"]?.stringValue, let to = Self.date(toText) else {
            throw APIError(.badRequest, "to: required, an RFC 3339 time or YYYY-MM-DD[THH:MM]")
        }
        try JobDefinition.validateTime(from, field: "from")
        try JobDefinition.validateTime(to, field: "to")
        guard from <= to else { throw APIError(.badRequest, "from: must not be after to") }
        if let conf = body["conf"], conf.objectValue == nil { throw APIError(.badRequest, "conf: must be a JSON object") }
        let view = try await catalog.get(id)
        guard let schedule = view.definition.parsedSchedule else {
            throw APIError(.badRequest, "workflow \(id) has no schedule, so it has no intervals to backfill; trigger it instead")
        }
        let intervals = IntervalPlanner.due(schedule: schedule, timeZone: view.definition.timeZone, anchor: from, endDate: to,
                                            catchup: true, lastEnd: nil, now: .distantFuture, limit: Self.maxRuns + 1)
        guard !intervals.isEmpty else { throw APIError(.badRequest, "no interval of \(id) starts between \(fromText) and \(toText)") }
        guard intervals.count <= Self.maxRuns else {
            throw APIError(.badRequest, "the range holds more than \(Self.maxRuns) intervals; backfill it in parts")
        }
        // A bad conf fails the first trigger, before anything is created.
        var created = 0, existing = 0
        for interval in intervals {
            let key = "backfill__" + RFC3339.formatFractional(interval.start)
            do {
                _ = try await catalog.trigger(id, conf: body["conf"], logicalDate: interval.start, runKey: key,
                                              interval: interval, trigger: .backfill)
                created += 1
            } catch let error as RotaError where error.code == .conflict {
                existing += 1
            }
        }
        return try JSONResponse.make(Outcome(created: created, existing: existing, first: RFC3339.format(intervals[0].start),
                                             last: RFC3339.format(intervals[intervals.count - 1].start)), request: request)
    }
}
