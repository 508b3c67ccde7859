import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with the page fast paths in front of its request handling:
/// the same pipeline as `HTTP1Channel`, plus `PlainPageFastPath` before NIO's HTTP codec and
/// `PageFastPath` between that codec and the conversion to Hummingbird's types.
struct SitegenHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    /// Nil when every request must reach the responder (the preview server answers pages itself).
    let fastPath: SitegenRuntime?
    let readIdleTimeout: Duration?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            if let readIdleTimeout {
                try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(readIdleTimeout)))
            }
            // The plain fast path closes idle connections itself.
            if let fastPath {
                try pipeline.addHandler(PlainPageFastPath(runtime: fastPath))
            } else if readIdleTimeout != nil {
                try pipeline.addHandler(CloseWhenReadIdle())
            }
            // As Hummingbird's HTTP1Channel (which answers parse errors itself, and with its header
            // limits), except that outbound headers are validated: the fast path's do not pass
            // through HTTPTypes.
            let limits = HTTP1Channel.Configuration().httpDecoder
            var decoderLimits = NIOHTTPDecoderLimitConfiguration()
            decoderLimits.maxHeaderFieldSize = limits.maxHeaderFieldSize
            decoderLimits.maxHeaderListSize = limits.maxHeaderListSize
            decoderLimits.maxHeaderFieldCount = limits.maxHeaderFieldCount
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: true,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: decoderLimits)
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

/// Closes the connection when `IdleStateHandler` reports that the client has sent nothing for its
/// read timeout.
final class CloseWhenReadIdle: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
