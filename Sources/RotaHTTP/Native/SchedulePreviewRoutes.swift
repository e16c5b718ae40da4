import Foundation
import Hummingbird
import RotaCore

/// `GET /rota/v1/schedule/preview?schedule=…&timezone=…&count=5`: the server's own parser checks
/// a schedule and lists its next fire times, so a form (or a script) validates before it saves.
/// Checking is the request, so an invalid schedule or zone is a 200 with `valid: false` and the
/// parser's message in `error`; a request without `schedule` or with a bad `count` is a 400.
struct SchedulePreviewRoutes {
    let clock: @Sendable () -> Date

    struct Preview: Encodable {
        var valid = true
        var error: String?
        var schedule: String
        var timezone: String
        var next: [String]
        var description: String
    }

    func register(on router: Router<RotaRequestContext>) {
        router.get("rota/v1/schedule/preview") { request, _ in try preview(request) }
    }

    func preview(_ request: Request) throws -> Response {
        let text = (request.query("schedule") ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw APIError(.badRequest, "schedule: required") }
        let zoneName = (request.query("timezone") ?? "").trimmingCharacters(in: .whitespaces)
        let zone: TimeZone
        if zoneName.isEmpty {
            zone = TimeZone(identifier: "UTC")!
        } else {
            guard let named = ZoneIdentifier.timeZone(zoneName) else {
                return try invalid(text, zoneName, "timezone: unknown time zone \"\(zoneName)\"", request)
            }
            zone = named
        }
        let count = try request.boundedInt("count", 1...50, default: 5)
        let schedule: Schedule
        do { schedule = try Schedule.parse(text, jobName: request.query("name") ?? "") } catch {
            return try invalid(text, zoneName, "schedule: \(error.message)", request)
        }
        var next: [String] = []
        var cursor = clock()
        while next.count < count, let fire = schedule.next(after: cursor, in: zone) {
            next.append(RFC3339.format(fire))
            cursor = fire
        }
        let description = next.isEmpty ? "never fires on its own (run it by hand or from a parent)" : "fires \(next.count == count ? "at least " : "")\(next.count) more time(s)"
        return try JSONResponse.make(Preview(schedule: text, timezone: zoneName.isEmpty ? "UTC" : zoneName, next: next, description: description), request: request)
    }

    private func invalid(_ text: String, _ zone: String, _ message: String, _ request: Request) throws -> Response {
        try JSONResponse.make(Preview(valid: false, error: message, schedule: text, timezone: zone.isEmpty ? "UTC" : zone,
                                      next: [], description: ""), request: request)
    }
}
