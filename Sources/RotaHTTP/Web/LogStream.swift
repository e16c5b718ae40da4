import Foundation
import Hummingbird
import NIOCore
import RotaCore
import RotaStorage
import ServiceLifecycle

/// Server-sent events that tail one attempt's output while it runs.
///
/// Workers flush output to the Store about once a second; this polls the Store (the source of
/// truth, so it works on every server of a cluster whichever worker runs the task) and sends
/// `reset` (the whole tail), `append` (what was added) and finally `end` (the attempt's state).
/// A connection lasts at most `maxConnection`; the browser's EventSource reconnects and gets a
/// fresh `reset`, so no stream outlives a graceful shutdown for long.
struct LogStream {
    let store: any Store
    var pollInterval: Duration = .milliseconds(500)
    var maxConnection: Duration = .seconds(30)

    func respond(attemptId raw: String) async throws -> Response {
        guard let id = Int64(raw), try await store.attemptGet(id: id) != nil else {
            throw APIError(.notFound, "attempt \(raw) not found")
        }
        let store = self.store, poll = pollInterval, limit = maxConnection
        let body = ResponseBody { writer in
            var sent: String? = nil
            let started = ContinuousClock.now
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            while true {
                guard let attempt = try await store.attemptGet(id: id) else { break }
                let output = attempt.output
                if let previous = sent {
                    if output != previous {
                        if output.hasPrefix(previous) {
                            try await writer.write(Self.event("append", String(output.dropFirst(previous.count))))
                        } else {
                            try await writer.write(Self.event("reset", output))
                        }
                    }
                } else {
                    try await writer.write(Self.event("reset", output))
                }
                sent = output
                if attempt.state != .running {
                    try await writer.write(Self.event("end", attempt.state.rawValue))
                    break
                }
                if ContinuousClock.now - started > limit || Task.isShuttingDownGracefully || Task.isCancelled { break }
                try await Task.sleep(for: poll)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    /// One event whose data is a JSON string, so newlines in the output cannot end it early.
    static func event(_ name: String, _ text: String) -> ByteBuffer {
        let data = (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        return ByteBuffer(string: "event: \(name)\ndata: \(data)\n\n")
    }
}
