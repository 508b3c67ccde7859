import HummingbirdCore
import NIOCore
import NIOHTTP1

/// NIO's HTTP/1 server codec as sitegen's pipeline uses it, and its replacement after a request
/// that asked to switch protocols.
///
/// Why a replacement: NIO's parser stops for good at the end of a request with `Upgrade` and
/// `Connection: upgrade` (the bytes after it would belong to the new protocol), and keeps every
/// byte that arrives after it. This server switches to nothing (RFC 9110 §7.8 lets it ignore
/// `Upgrade`), so once that request is answered a fresh codec reads the connection on, starting
/// with the bytes the stopped parser kept. Those reach it because the decoder is built to forward
/// its left-over bytes when removed, which NIO only does with an upgrade configuration: an empty
/// one, whose handler steps out of the pipeline at the first request head it sees.
enum HTTPCodec {
    /// Adds the encoder, decoder and outbound header validation at `position`: as Hummingbird's
    /// `HTTP1Channel` (which answers parse errors itself, and with its header limits), except that
    /// outbound headers are validated, since the fast paths' do not pass through HTTPTypes.
    static func add(
        to pipeline: ChannelPipeline.SynchronousOperations, position: ChannelPipeline.SynchronousOperations.Position
    ) throws {
        let limits = HTTP1Channel.Configuration().httpDecoder
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderFieldSize = limits.maxHeaderFieldSize
        decoderLimits.maxHeaderListSize = limits.maxHeaderListSize
        decoderLimits.maxHeaderFieldCount = limits.maxHeaderFieldCount
        try pipeline.configureHTTPServerPipeline(
            position: position, withPipeliningAssistance: false,
            withServerUpgrade: (upgraders: [], completionHandler: { _ in }),
            withErrorHandling: false, withOutboundHeaderValidation: true, withEncoderConfiguration: .init(),
            withDecoderLimitConfiguration: decoderLimits)
    }

    /// Puts a fresh codec where the current one is, handing it the bytes the old parser kept. Only
    /// when no answer is being written: the old encoder goes too, and with it what it knew of the
    /// request being answered. The future completes once the old decoder has handed its bytes on,
    /// which NIO does later on the event loop.
    static func replace(in pipeline: ChannelPipeline.SynchronousOperations) throws -> EventLoopFuture<Void> {
        let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
        let encoder = try pipeline.handler(type: HTTPResponseEncoder.self)
        let validator = try pipeline.handler(type: NIOHTTPResponseHeadersValidator.self)
        // The new handlers go right behind the old decoder, so that the bytes it forwards as it
        // leaves are the first the new one reads.
        try add(to: pipeline, position: .after(decoder))
        pipeline.removeHandler(encoder, promise: nil)
        pipeline.removeHandler(validator, promise: nil)
        return pipeline.removeHandler(decoder)
    }
}
