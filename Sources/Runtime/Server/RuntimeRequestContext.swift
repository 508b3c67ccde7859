import Hummingbird
import NIOCore

/// Hummingbird's request context plus the channel, whose peer address the conversion rate limit
/// keys on (read only for conversions: it takes a lock inside NIO).
package struct RuntimeRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    package let channel: any Channel

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    package var remoteAddress: SocketAddress? { channel.remoteAddress }

    /// The client's IP as text; in-process tests have no socket and share one key.
    var clientKey: String {
        remoteAddress?.ipAddress ?? "local"
    }
}
