import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs one notification to one webhook. Any 2xx is success; anything else, a transport error
/// or the timeout is a retryable failure described with the status and the start of the body.
struct WebhookSender: Sendable {
    let http: HTTPClient
    let timeout: Duration

    func send(_ event: NotificationEvent, to target: WebhookTarget) async throws(DeliveryFailure) {
        guard let url = URL(string: target.url), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw .permanent("webhook URL is not an http(s) URL")
        }
        let payload = WebhookPayload.render(event, template: target.payloadTemplate)
        var request = HTTPClientRequest(url: target.url)
        request.method = .POST
        if !target.headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
            request.headers.add(name: "Content-Type", value: payload.contentType)
        }
        for (name, value) in target.headers.sorted(by: { $0.key < $1.key }) {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(string: payload.body))

        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout.timeAmount)
        } catch {
            throw .transient("webhook request failed: \(error)")
        }
        let excerpt = await Self.excerpt(of: response.body)
        guard (200..<300).contains(response.status.code) else {
            let detail = excerpt.isEmpty ? "" : ": \(excerpt)"
            throw .transient("webhook answered HTTP \(response.status.code) \(response.status.reasonPhrase)\(detail)")
        }
    }

    /// Reads the whole body (so the connection can be reused) but keeps only its first 300
    /// bytes, for the error message. A body that breaks off does not change the verdict,
    /// which the status already gave.
    private static func excerpt(of body: HTTPClientResponse.Body) async -> String {
        var kept: [UInt8] = []
        do {
            for try await chunk in body where kept.count < 300 {
                kept += chunk.readableBytesView.prefix(300 - kept.count)
            }
        } catch {
            // Ignored: see above.
        }
        return String(decoding: kept, as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}
