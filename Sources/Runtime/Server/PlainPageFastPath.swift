import NIOCore

/// Answers plain page and asset requests from the connection's bytes, in front of NIO's HTTP
/// codec; at the first request it does not answer itself it hands the connection, from that
/// request on, to the general stack behind it (`PageFastPath`, then Hummingbird) for good.
///
/// Why: for a page answered from memory, NIO's parser (a String per header field) and encoder (a
/// response head per answer) were most of the user-space time per request. QR scans and page
/// views are plain `GET`s (`PlainRequestHead`), and a visitor's connection usually carries
/// nothing else; anything unusual is still answered, by the stack that knows every case.
///
/// Order on a connection is kept: answers written here went out before anything the general
/// stack writes, since it only sees requests after the last one answered here.
final class PlainPageFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Where the connection is in its life, as this handler sees it. Only `.answering` does any
    /// work; the other two are final.
    enum State: Equatable {
        /// Requests are read and answered here. `pending` holds the start of a request that has
        /// not fully arrived (nil between requests).
        ///
        /// Leads out to `.handedOver` at the first request not answered here (not plain, not a
        /// page, or the client not reading its answers), and when input closes mid-request; to
        /// `.closing` after an answer that closes the connection, or when the output side closes.
        case answering(pending: ByteBuffer?)
        /// The general stack behind this handler owns the connection, from the first request
        /// not answered here on: every read, event and `read()` passes through. Final.
        case handedOver
        /// The connection ends after the answers already written: a request asked for it, an
        /// answer could not be written, or the output side closed. Nothing more is read or
        /// answered; bytes that still arrive are dropped. Final.
        case closing

        /// The start of a request read so far, moved out of `.answering` (which keeps nil), so
        /// that the caller holds the only reference and appending to it does not copy.
        mutating func takePending() -> ByteBuffer? {
            guard case .answering(let pending) = self else { return nil }
            self = .answering(pending: nil)
            return pending
        }

        /// The output side closed: nothing can be answered any more. Once handed over, that is
        /// the general stack's to handle.
        mutating func outputClosed() {
            if case .answering = self { self = .closing }
        }
    }

    private let runtime: SitegenRuntime
    private var live: LiveStateCache
    private(set) var state = State.answering(pending: nil)
    /// Answers written since the last flush. Not part of `State`: it spans one burst of reads,
    /// which may answer a few requests and then hand over or close in any state, and it is
    /// settled at `channelReadComplete` whatever the state is by then.
    private var needsFlush = false
    private var date = HTTPDateCache()

    init(runtime: SitegenRuntime) {
        self.runtime = runtime
        self.live = LiveStateCache(runtime: runtime)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes: ByteBuffer
        switch state {
        case .handedOver:
            context.fireChannelRead(data)
            return
        case .closing:
            return
        case .answering:
            bytes = unwrapInboundIn(data)
            if var earlier = state.takePending() {
                earlier.writeBuffer(&bytes)
                bytes = earlier
            }
        }
        // `ConnectionDeadlines` took these bytes for (more of) a head; it is told when one ends
        // here, and when bytes after it start the next.
        var answered = false
        while bytes.readableBytes > 0, case .answering = state {
            switch PlainRequestHead.scan(bytes) {
            case .incomplete:
                if answered { report(.headStarted, context: context) }
                state = .answering(pending: bytes)
                return
            case .notPlain:
                if answered { report(.headStarted, context: context) }
                handOver(bytes, context: context)
                return
            case .bareLineFeed:
                refuse(
                    .error(.badRequest, "a line of the request head ends in a bare LF: end every line with CRLF"),
                    context: context)
                return
            case .plain(let head, let length):
                // A client that does not read its answers is left to the general stack's
                // back-pressure.
                guard context.channel.isWritable, let claim = PageClaim(uri: head.uri, live: live.current) else {
                    if answered { report(.headStarted, context: context) }
                    handOver(bytes, context: context)
                    return
                }
                bytes.moveReaderIndex(forwardBy: length)
                answer(claim, to: head, context: context)
                answered = true
            }
        }
        if answered { report(.requestEnded, context: context) }
    }

    private func report(_ progress: RequestProgress, context: ChannelHandlerContext) {
        context.triggerUserOutboundEvent(progress, promise: nil)
    }

    /// From the request at the start of `bytes` on, the general stack reads this connection.
    private func handOver(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        state = .handedOver
        if bytes.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(bytes)) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        // Nothing behind this handler has read anything since it last heard of a read: the event
        // would only walk the whole pipeline for nothing.
        if case .handedOver = state { context.fireChannelReadComplete() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event as? ChannelEvent {
        case .inputClosed:
            // A request cut short is the general stack's to answer (or to drop) as it sees fit.
            if case .answering = state { handOver(state.takePending() ?? ByteBuffer(), context: context) }
        case .outputClosed:
            state.outputClosed()
        default:
            break
        }
        context.fireUserInboundEventTriggered(event)
    }

    func read(context: ChannelHandlerContext) {
        // Past a request that closes, reading would only pile up requests nobody will answer.
        if case .closing = state { return }
        context.read()
    }

    private func answer(_ claim: PageClaim, to request: PlainRequestHead, context: ChannelHandlerContext) {
        let (route, answer) = runtime.siteAnswer(
            site: claim.site, model: claim.model, rest: claim.rest, query: claim.query, headers: request,
            isHead: request.isHead)
        runtime.metrics.count(route, status: Int(answer.status.code))
        // HTTP/1.0 closes by default; a client that asked to keep the connection is told it may.
        let connection = !request.isKeepAlive ? "close" : request.isHTTP10 ? "keep-alive" : nil
        guard
            let (head, body) = answer.bytes(
                isHead: request.isHead, date: date.current(), connection: connection,
                allocator: context.channel.allocator)
        else {
            state = .closing
            context.close(promise: nil)
            return
        }
        context.write(wrapOutboundOut(head), promise: nil)
        guard request.isKeepAlive else {
            endAndClose(body: body ?? ByteBuffer(), context: context)
            return
        }
        if let body { context.write(wrapOutboundOut(body), promise: nil) }
        needsFlush = true
    }

    /// Answers with an error and closes once it is written; nothing after it is read.
    private func refuse(_ answer: PageAnswer, context: ChannelHandlerContext) {
        guard
            let (head, body) = answer.bytes(
                isHead: false, date: date.current(), connection: "close", allocator: context.channel.allocator)
        else {
            state = .closing
            context.close(promise: nil)
            return
        }
        context.write(wrapOutboundOut(head), promise: nil)
        endAndClose(body: body ?? ByteBuffer(), context: context)
    }

    private func endAndClose(body: ByteBuffer, context: ChannelHandlerContext) {
        state = .closing
        context.closeWhenWritten(context.writeAndFlush(wrapOutboundOut(body)))
    }
}
