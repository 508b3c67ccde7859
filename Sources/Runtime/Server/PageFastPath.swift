import NIOCore
import NIOHTTP1

/// Answers GET and HEAD requests for site pages and assets right on the event loop, before
/// Hummingbird sees them; everything else (conversions, the APIs, unknown sites) passes through
/// untouched.
///
/// Why: Hummingbird hands every request to an async task and back, which measured here at about
/// twice nginx's CPU per request; a page answer is a dictionary lookup, maybe a bandit decision,
/// and bytes already in memory, so it needs none of that. Both paths decide through the same
/// `SitegenRuntime.siteAnswer`, so they answer alike.
///
/// Order on a connection is kept: while a request handed to Hummingbird has not been answered,
/// later ones are handed over too, so pipelined responses never overtake each other.
final class PageFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let runtime: SitegenRuntime
    /// The request being read was answered here; its body (meaningless to a page) is dropped.
    private var discardingBody = false
    /// The request being read belongs to Hummingbird (its body and end go along).
    private var routingCurrent = false
    /// Requests handed to Hummingbird whose response has not ended yet.
    private var routedInFlight = 0
    private var needsFlush = false
    /// The connection ends after the answers already under way: a request asked for it, or the
    /// output side closed. Later requests are neither answered nor read.
    private var closing = false
    private var date = HTTPDateCache()
    private var live: LiveStateCache

    init(runtime: SitegenRuntime) {
        self.runtime = runtime
        self.live = LiveStateCache(runtime: runtime)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if closing { return }
            // NIO frames any answer to CONNECT without a body, so a client would wait for one
            // forever on a kept connection: refuse it and close.
            if head.method == .CONNECT, routedInFlight == 0 {
                refuse(
                    .error(.init(code: 501), "CONNECT is not supported: this server is not a proxy"), context: context)
                return
            }
            if routedInFlight == 0, context.channel.isWritable, head.method == .GET || head.method == .HEAD,
                let claim = PageClaim(uri: head.uri, live: live.current)
            {
                discardingBody = true
                answer(claim, to: head, context: context)
                return
            }
            routingCurrent = true
            routedInFlight += 1
            // Hummingbird closes after answering this one; nothing after it is ours to answer.
            if !head.isKeepAlive { closing = true }
            context.fireChannelRead(data)
        case .body:
            if routingCurrent { context.fireChannelRead(data) }
        case .end:
            if routingCurrent {
                routingCurrent = false
                context.fireChannelRead(data)
            }
            discardingBody = false
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .outputClosed = event as? ChannelEvent { closing = true }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A request the parser refused. With nothing of Hummingbird's under way it is answered
        // here, with the status and JSON every other error gets, and the connection closed (the
        // parser cannot find where the next request would start). Otherwise Hummingbird answers
        // it, in order, after what it is writing.
        guard let parseError = error as? HTTPParserError, routedInFlight == 0, !closing else {
            context.fireErrorCaught(error)
            return
        }
        refuse(ParseErrorAnswer.answer(for: parseError), context: context)
    }

    /// Answers with an error and closes the connection once it is written.
    private func refuse(_ answer: PageAnswer, context: ChannelHandlerContext) {
        closing = true
        discardingBody = true
        var (head, body) = answer.parts(isHead: false, date: date.current())
        head.headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        endAndClose(context: context)
    }

    private func endAndClose(context: ChannelHandlerContext) {
        closing = true
        context.closeWhenWritten(context.writeAndFlush(wrapOutboundOut(.end(nil))))
    }

    func read(context: ChannelHandlerContext) {
        // Reading past the last answered request would only pile up requests nobody will answer
        // (and NIO's encoder remembers each one's method). A request body still being read, by
        // Hummingbird or dropped here, is read to its end.
        if closing && !routingCurrent && !discardingBody { return }
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Hummingbird's answers pass here on their way out; our own writes do not.
        if case .end = unwrapOutboundIn(data) { routedInFlight = max(0, routedInFlight - 1) }
        context.write(data, promise: promise)
    }

    /// Answered at the head, as Hummingbird does: a client waiting for `100 Continue` or sending a
    /// body slowly gets its page at once.
    private func answer(_ claim: PageClaim, to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let isHead = request.method == .HEAD
        let (route, answer) = runtime.siteAnswer(
            site: claim.site, model: claim.model, rest: claim.rest, query: claim.query, headers: request.headers,
            isHead: isHead)
        runtime.metrics.count(route, status: Int(answer.status.code))
        var (head, body) = answer.parts(isHead: isHead, date: date.current())
        if !request.isKeepAlive {
            head.headers.add(name: "Connection", value: "close")
        } else if request.version.minor == 0 {
            // HTTP/1.0 closes by default; a client that asked to keep the connection is told it may.
            head.headers.add(name: "Connection", value: "keep-alive")
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        guard request.isKeepAlive else {
            endAndClose(context: context)
            return
        }
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
    }
}
