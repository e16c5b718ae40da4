import Foundation
import Testing
import RotaNotify

/// What a webhook receiver gets: the default JSON document or a rendered template.
@Suite struct WebhookPayloadTests {
    /// Sends one notification to a recording server and returns the request it received.
    private func deliver(_ event: NotificationEvent, template: String? = nil,
                         headers: [String: String] = [:]) async throws -> TestHTTPServer.Request {
        let server = try await TestHTTPServer.start()
        let request = try await Fixtures.withNotifier { harness in
            harness.notifier.send(event, webhooks: [
                WebhookTarget(url: server.url, headers: headers, payloadTemplate: template),
            ], emails: [])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            return try #require(server.received.first)
        }
        await server.stop()
        return request
    }

    private func json(_ body: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    /// Without a template the body is the event as JSON with snake_case keys, POSTed with the target's headers.
    @Test func defaultPayloadIsTheEventAsSnakeCaseJSON() async throws {
        let request = try await deliver(Fixtures.failure(), headers: ["X-Rota-Token": "secret"])
        #expect(request.method == "POST")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["x-rota-token"] == "secret")
        let document = try json(request.body)
        #expect(document["kind"] as? String == "failure")
        #expect(document["workflow"] as? String == "nightly-backup")
        #expect(document["run_id"] as? String == "run-1")
        #expect(document["task_id"] as? String == "dump")
        #expect(document["attempt"] as? Int == 2)
        #expect(document["state"] as? String == "failed")
        #expect(document["logical_date"] as? String == "2024-01-01T00:00:00Z")
        #expect(document["occurred_at"] as? String == "2024-01-01T00:01:00Z")
        #expect(document["message"] as? String == "exit status 3")
        #expect(document["log_url"] as? String == "http://rota.local/runs/run-1/log")
    }

    /// Absent optional fields are sent as JSON null, so every key is always present.
    @Test func absentFieldsAreNull() async throws {
        let event = NotificationEvent(kind: .slaMiss, workflow: "w", runId: "r", state: "running",
                                      message: "late")
        let document = try json(try await deliver(event).body)
        #expect(document["kind"] as? String == "sla_miss")
        for key in ["task_id", "attempt", "logical_date", "log_url"] {
            #expect(document[key] is NSNull, "\(key)")
        }
    }

    /// Template values with quotes, backslashes and line breaks are escaped so the JSON stays valid.
    @Test func templateValuesAreEscapedForJSON() async throws {
        let message = "line one\n\"quoted\" C:\\path\ttab \u{1}"
        let template = #"{"text": "{{ workflow }}/{{task_id}} {{ kind }}: {{ message }}", "try": "{{ attempt }}"}"#
        let request = try await deliver(Fixtures.failure(message: message), template: template)
        #expect(request.headers["content-type"] == "application/json")
        let document = try json(request.body)
        #expect(document["text"] as? String == "nightly-backup/dump failure: \(message)")
        #expect(document["try"] as? String == "2")
    }

    /// A template that does not render to JSON is sent as text/plain unless the target sets Content-Type.
    @Test func contentTypeFollowsTheRenderedBody() async throws {
        let plain = try await deliver(Fixtures.failure(), template: "{{ workflow }} {{ state }}")
        #expect(plain.body == "nightly-backup failed")
        #expect(plain.headers["content-type"] == "text/plain; charset=utf-8")

        let form = try await deliver(Fixtures.failure(), template: "state={{ state }}",
                                     headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(form.body == "state=failed")
        #expect(form.headers["content-type"] == "application/x-www-form-urlencoded")
    }
}
