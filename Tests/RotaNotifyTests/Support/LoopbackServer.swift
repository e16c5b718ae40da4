import NIOCore
import NIOPosix
import Synchronization

/// A TCP listener on 127.0.0.1 with an ephemeral port, for test servers.
///
/// It remembers its connections so `stop()` can close them too (a hanging response would
/// otherwise keep one open), and it stops by itself after `lifetime` so a test that fails
/// before its cleanup cannot leave it running.
final class LoopbackServer: Sendable {
    let port: Int
    private let listener: any Channel
    private let connections = Mutex<[any Channel]>([])

    private init(listener: any Channel) {
        self.listener = listener
        self.port = listener.localAddress?.port ?? 0
    }

    /// `configure` runs on each new connection's event loop, before any byte is read.
    static func start(
        lifetime: TimeAmount = .seconds(120),
        configure: @escaping @Sendable (any Channel) throws -> Void
    ) async throws -> LoopbackServer {
        let tracker = ConnectionTracker()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    tracker.add(channel)
                    try configure(channel)
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let server = LoopbackServer(listener: listener)
        tracker.attach(server)
        listener.eventLoop.scheduleTask(in: lifetime) { [server] in
            Task { await server.stop() }
        }
        return server
    }

    fileprivate func track(_ channel: any Channel) {
        connections.withLock { $0.append(channel) }
    }

    /// Closes the listener and every connection it accepted; safe to call more than once.
    func stop() async {
        try? await listener.close()
        for connection in connections.withLock({ $0 }) {
            try? await connection.close()
        }
    }
}

/// Hands connections accepted before `start` returned to the server once it exists.
private final class ConnectionTracker: Sendable {
    private let state = Mutex<(server: LoopbackServer?, early: [any Channel])>((nil, []))

    func add(_ channel: any Channel) {
        let server = state.withLock { state -> LoopbackServer? in
            if state.server == nil { state.early.append(channel) }
            return state.server
        }
        server?.track(channel)
    }

    func attach(_ server: LoopbackServer) {
        let early = state.withLock { state -> [any Channel] in
            state.server = server
            defer { state.early = [] }
            return state.early
        }
        early.forEach(server.track)
    }
}
