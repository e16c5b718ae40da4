import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RotaCore

/// A `WorkSource` that is a Rota server over HTTP: `rota worker` on any host.
///
/// Claims long-poll (the server holds the request until work appears or `wait` passes), so a new
/// task reaches an idle worker within milliseconds without polling. Results are retried by the
/// pool until the server takes them; a 409 means the server already failed the task as a zombie,
/// and the late result is dropped, never double-counted.
public struct RemoteWorkSource: WorkSource {
    let server: String
    let client: HTTPClient
    let wait: Duration
    let tags: [String: String]
    let queues: [String]
    /// The worker's join token (role `worker`), when the server requires auth.
    let token: String?

    public init(server: String, client: HTTPClient, wait: Duration = .seconds(25), tags: [String: String] = [:],
                queues: [String] = [], token: String? = nil) {
        self.token = token
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.client = client
        self.wait = wait
        self.tags = tags
        self.queues = queues
    }

    public func claim(node: String, limit: Int) async throws -> [ClaimedTask] {
        let body = WorkerWire.ClaimRequest(name: node, limit: limit, waitMilliseconds: Int(wait.milliseconds), tags: tags, queues: queues)
        let data = try await post("claim", body, timeout: wait + .seconds(15))
        return try JSONDecoder().decode([WorkerWire.Task].self, from: data).map(\.claimed)
    }

    public func reportOutput(attemptId: Int64, output: String, truncated: Bool) async throws {
        _ = try await post("output", WorkerWire.Output(attemptId: attemptId, output: output, truncated: truncated))
    }

    public func finish(_ claimed: ClaimedTask, result: ExecutionResult, output: String, truncated: Bool) async throws {
        let body = WorkerWire.Finish(taskInstanceId: claimed.task.id, attemptId: claimed.attemptId, tryNumber: claimed.task.tryNumber,
                                     succeeded: result.succeeded, exitCode: result.exitCode, reason: result.reason,
                                     output: output, truncated: truncated, result: result.result)
        _ = try await post("finish", body, acceptConflict: true)
    }

    /// The claim itself waits on the server, so there is nothing to wait for here.
    public func waitForWork(maximum: Duration) async {}

    public func heartbeat(_ beat: WorkerWire.Heartbeat) async throws {
        _ = try await post("heartbeat", beat)
    }

    private func post(_ path: String, _ body: some Encodable, timeout: Duration = .seconds(30),
                      acceptConflict: Bool = false) async throws -> Data {
        var request = HTTPClientRequest(url: "\(server)/rota/v1/workers/\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.seconds * 1e9)))
        var buffer = try await response.body.collect(upTo: 64 << 20)
        let data = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
        let code = Int(response.status.code)
        if (200..<300).contains(code) || (acceptConflict && code == 409) { return data }
        throw RemoteWorkError(message: "\(path): server answered \(code): \(String(decoding: data.prefix(500), as: UTF8.self))")
    }
}

public struct RemoteWorkError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
