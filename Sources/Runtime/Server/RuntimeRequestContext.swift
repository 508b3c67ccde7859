import Hummingbird
import NIOCore

/// Hummingbird's request context plus the peer address, which the conversion rate limit keys on.
public struct RuntimeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP as text; in-process tests have no socket and share one key.
    var clientKey: String {
        remoteAddress?.ipAddress ?? "local"
    }
}
