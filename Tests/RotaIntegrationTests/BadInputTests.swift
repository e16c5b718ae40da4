import Foundation
import RotaCore
import Testing

/// Bad requests get a 4xx with a JSON message that says what is wrong, and store nothing.
@Suite("Bad input", .serialized)
struct BadInputTests {
    static let cases: [(body: String, status: Int, mentions: String)] = [
        ("{bad json", 400, "malformed JSON"),
        (#"{"name":"x","schedule":"@every 1m","executor":"docker","executor_config":{"command":"true"}}"#, 400, "unknown executor"),
        (#"{"name":"x","schedule":"0 61 * * * *","command":"true"}"#, 400, "schedule"),
        (#"{"name":"Bad Name","schedule":"@every 1m","command":"true"}"#, 400, "name"),
        (#"{"name":"x","schedul":"@every 1m","command":"true"}"#, 400, "did you mean \"schedule\""),
        (#"{"name":"x","schedule":"@every 1m","retries":"three","command":"true"}"#, 400, "retries"),
        (#"{"name":"x","schedule":"@every 1m","command":"true","timezone":"Mars/Olympus"}"#, 400, "timezone"),
        (#"{"name":"x","schedule":"@every 1m","command":"true","parent_job":"ghost"}"#, 404, "parent job not found"),
        (#"[1,2]"#, 400, "expected a JSON object"),
        (#"{"name":"x","schedule":"@every 1m","command":"echo hi > /tmp/x"}"#, 400, "shell"),
    ]

    /// Every malformed job is refused with a JSON error, and the job list stays empty.
    @Test func malformedJobsAreRefusedAndNothingIsStored() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            for item in Self.cases {
                let response = try await rota.request(.POST, "/v1/jobs", body: item.body)
                #expect(response.status == item.status, "\(item.body)")
                let message = response.json["error"]?["message"]?.stringValue ?? ""
                #expect(message.contains(item.mentions), "\(item.body) → \(message)")
            }
            #expect(try await rota.request(.GET, "/v1/jobs").json.arrayValue.isEmpty)
            #expect(try await rota.request(.GET, "/v1/jobs/ghost").status == 404)
            #expect(try await rota.request(.POST, "/v1/jobs/ghost").status == 404)
            #expect(try await rota.request(.GET, "/v1/jobs/ghost/executions").status == 404)
            #expect(try await rota.request(.GET, "/v1/stats?days=9999").status == 400)
            let huge = String(repeating: "x", count: 2 << 20)
            #expect(try await rota.request(.POST, "/v1/jobs", body: huge).status == 413)
            rota.stop()
        }
    }
}
