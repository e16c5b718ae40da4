import Foundation
import RotaCore
import Testing

/// Notifications end to end, with Rota's own Dkron API as the webhook receiver: the webhook
/// creates a job whose metadata carries what the notification said.
@Suite("Notifications", .serialized)
struct NotificationTests {
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A workflow uploaded over the API notifies its failure to a webhook, once per run.
    @Test func workflowFailureReachesItsWebhook() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home, extraArguments: ["--dags-dir", home + "/dags"])
            try rota.waitUntilListening()
            let yaml = """
                id: notify_me
                tasks:
                  - id: boom
                    command: exit 1
                notifications:
                  - on: [failure]
                    webhook:
                      url: \(rota.baseURL)/v1/jobs
                      headers: {Content-Type: application/json}
                      payload: '{"name":"notified","schedule":"@manually","command":"true","metadata":{"state":"{{ state }}","kind":"{{ kind }}","run":"{{ run_id }}"}}'
                """
            let stored = try await rota.request(.PUT, "/rota/v1/workflows/notify_me", body: yaml, contentType: "application/yaml")
            #expect(stored.status == 201, "\(stored.text)")
            let bad = try await rota.request(.PUT, "/rota/v1/workflows/notify_me", body: "id: notify_me\ntasks: []\nschedul: x\n")
            #expect(bad.status == 400)
            #expect(bad.text.contains("did you mean"), "\(bad.text)")
            _ = try await rota.request(.POST, "/api/v2/dags/notify_me/dagRuns", body: #"{"logical_date": null}"#)
            #expect(try await rota.eventually(timeout: 30) {
                try await rota.request(.GET, "/v1/jobs/notified").status == 200
            })
            let job = try await rota.request(.GET, "/v1/jobs/notified").json
            #expect(job["metadata"]?["state"]?.stringValue == "failed")
            #expect(job["metadata"]?["kind"]?.stringValue == "failure")
            rota.stop()
        }
    }

    /// Dkron's global webhook hears about every job execution.
    @Test func jobExecutionsReachTheGlobalWebhook() async throws {
        try await withHome { home in
            let port = try Self.freePort()
            let payload = #"{"name":"heard-{{ state }}","schedule":"@manually","command":"true","metadata":{"job":"{{ workflow }}"}}"#
            let rota = try RotaProcess(home: home, extraArguments: [
                "--port", String(port), "--webhook-url", "http://127.0.0.1:\(port)/v1/jobs", "--webhook-payload", payload,
                "--webhook-headers", "Content-Type: application/json"])
            try rota.waitUntilListening()
            _ = try await rota.request(.POST, "/v1/jobs?runoncreate", body: #"{"name":"speaker","schedule":"@manually","command":"true"}"#)
            #expect(try await rota.eventually(timeout: 30) {
                try await rota.request(.GET, "/v1/jobs/heard-success").json["metadata"]?["job"]?.stringValue == "speaker"
            })
            rota.stop()
        }
    }
}
