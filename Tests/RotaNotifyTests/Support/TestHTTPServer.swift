import NIOCore
import NIOHTTP1
import Synchronization

/// A webhook receiver on 127.0.0.1 that records each request and answers as scripted.
final class TestHTTPServer: Sendable {
    struct Request: Sendable {
        let method: String
        let path: String
        /// Header names lowercased.
        let headers: [String: String]
        let body: String
    }

    /// What to do with the request numbered `index` (0 for the first).
    enum Reply: Sendable {
        case status(Int)
        /// Never answer: the connection stays open until the client gives up or the server stops.
        case hang
    }

    private let requests = Mutex<[Request]>([])
    private let script: @Sendable (Int) -> Reply
    private let server = Mutex<LoopbackServer?>(nil)

    private init(script: @escaping @Sendable (Int) -> Reply) {
        self.script = script
    }

    /// Starts a server; by default every request gets 200.
    static func start(_ script: @escaping @Sendable (Int) -> Reply = { _ in .status(200) }) async throws -> TestHTTPServer {
        let recorder = TestHTTPServer(script: script)
        let server = try await LoopbackServer.start { channel in
            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
            try channel.pipeline.syncOperations.addHandler(Handler(recorder: recorder))
        }
        recorder.server.withLock { $0 = server }
        return recorder
    }

    /// Answers 500 to the first `failures` requests, 200 after.
    static func failing(first failures: Int) async throws -> TestHTTPServer {
        try await start { $0 < failures ? .status(500) : .status(200) }
    }

    var port: Int { server.withLock { $0?.port ?? 0 } }
    var url: String { "http://127.0.0.1:\(port)/hook" }
    var received: [Request] { requests.withLock { $0 } }

    func stop() async {
        await server.withLock { $0 }?.stop()
    }

    /// Waits (polling, with a generous bound) until at least `count` requests arrived.
    func waitForRequests(_ count: Int, timeout: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while received.count < count {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Records the request and returns its number.
    fileprivate func record(_ request: Request) -> Int {
        requests.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
    }

    fileprivate func reply(to index: Int) -> Reply { script(index) }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let recorder: TestHTTPServer
        private var head: HTTPRequestHead?
        private var body = ByteBuffer()

        init(recorder: TestHTTPServer) {
            self.recorder = recorder
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let head else { return }
                var headers: [String: String] = [:]
                for (name, value) in head.headers { headers[name.lowercased()] = value }
                let index = recorder.record(Request(
                    method: head.method.rawValue, path: head.uri, headers: headers,
                    body: body.getString(at: body.readerIndex, length: body.readableBytes) ?? ""))
                guard case .status(let code) = recorder.reply(to: index) else { return }
                let text = code == 200 ? "ok" : "scripted failure"
                var responseHead = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: code))
                responseHead.headers.add(name: "Content-Length", value: "\(text.utf8.count)")
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
