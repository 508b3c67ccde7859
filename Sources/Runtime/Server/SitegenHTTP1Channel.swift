import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with the page fast paths in front of its request handling:
/// the same pipeline as `HTTP1Channel`, plus `PlainPageFastPath` before NIO's HTTP codec and
/// `PageFastPath` between that codec and the conversion to Hummingbird's types; in front of them
/// all, the connection hygiene: `ClientConnectionLimit` and `ConnectionDeadlines`.
struct SitegenHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    /// Nil when every request must reach the responder (the preview server answers pages itself).
    let fastPath: SitegenRuntime?
    let deadlines: ConnectionDeadlines.Limits
    /// Nil for no limit on connections per client.
    let clients: ClientConnections?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            // First, so that a connection over its client's limit costs nothing more.
            if let clients { try pipeline.addHandler(ClientConnectionLimit(clients: clients)) }
            if deadlines.idle != nil || deadlines.head != nil || deadlines.body != nil {
                try pipeline.addHandler(ConnectionDeadlines(limits: deadlines))
            }
            if let fastPath { try pipeline.addHandler(PlainPageFastPath(runtime: fastPath)) }
            try HTTPCodec.add(to: pipeline, position: .last)
            if let fastPath { try pipeline.addHandler(PageFastPath(runtime: fastPath)) }
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            return try NIOAsyncChannel(
                wrappingChannelSynchronously: channel,
                configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
