import Hummingbird
import NIOCore

/// Hummingbird's basic context plus the peer's address, which the audit log records ("from
/// where") and which `RotaRequestContext` does not keep.
public struct RotaRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
