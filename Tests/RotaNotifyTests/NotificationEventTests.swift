import Foundation
import Testing
import RotaNotify

/// The event's stored and wire form.
@Suite struct NotificationEventTests {
    /// Encoding uses snake_case keys with explicit nulls, and decoding restores the same event.
    @Test func codableRoundTripUsesSnakeCaseKeys() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let sparse = NotificationEvent(kind: .retry, workflow: "w", runId: "r", state: "up_for_retry",
                                       message: "m", occurredAt: Date(timeIntervalSince1970: 1_000))
        for event in [Fixtures.failure(), sparse] {
            let data = try encoder.encode(event)
            #expect(try decoder.decode(NotificationEvent.self, from: data) == event)
        }
        let text = String(decoding: try encoder.encode(sparse), as: UTF8.self)
        #expect(text.contains(#""run_id":"r""#))
        #expect(text.contains(#""task_id":null"#))
        #expect(text.contains(#""kind":"retry""#))
    }
}
