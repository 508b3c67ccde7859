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

    /// Where the connection is, as this handler sees it: which part of a request it expects
    /// next, what becomes of the rest of the request being read, how many of Hummingbird's
    /// answers are still to end, and whether the connection is on its way out.
    ///
    /// `routedInFlight` counts requests handed to Hummingbird whose response `.end` has not
    /// been written yet (Hummingbird may answer before a request's body has arrived, so it can
    /// drop to zero while that body is still being read). Once the connection is closing, no
    /// request is answered here any more, so the count no longer matters and is not kept.
    enum State: Equatable {
        /// Expecting a request head. A page request with `routedInFlight` at zero is answered
        /// here; any other request goes to Hummingbird, so answers on the connection keep their
        /// order.
        ///
        /// Leads out, at a head: to `.droppingBody` (or `.droppingLastBody` if it closes) when
        /// answered here; to `.routingBody` (or `.routingLastBody` if it closes) when handed to
        /// Hummingbird; to `.upgradeBody` when it asks to switch protocols and keeps the
        /// connection; to `.droppingLastBody` when refused (CONNECT, a bad `Host`, or a request
        /// the parser could not read, with nothing routed in flight; a bad `Host` with something
        /// routed is refused by Hummingbird, in order). To `.closing` when the output side closes.
        case awaitingHead(routedInFlight: Int)
        /// Reading the rest of a request answered here: its body means nothing to a page and is
        /// dropped. Nothing is routed in flight (else it would not have been answered here).
        ///
        /// Leads out to `.awaitingHead` at the request's `.end`; to `.droppingLastBody` when
        /// the output side closes or a parse error is refused.
        case droppingBody
        /// Reading the rest of a request handed to Hummingbird: its body and `.end` go along.
        ///
        /// Leads out to `.awaitingHead` at the request's `.end`; to `.routingLastBody` when the
        /// output side closes; to `.droppingLastBody` when a parse error is refused with
        /// `routedInFlight` at zero.
        case routingBody(routedInFlight: Int)
        /// The connection closes after the request being read, whose rest is dropped: it was
        /// answered here with `Connection: close`, or refused. It is read to its `.end` (after
        /// a parse error none comes, and reading goes on until the connection closes).
        ///
        /// Leads out to `.closing` at the request's `.end`.
        case droppingLastBody
        /// The connection closes after the request being read, which Hummingbird is answering:
        /// its body and `.end` still go along, and it is read to its `.end`.
        ///
        /// Leads out to `.closing` at the request's `.end`.
        case routingLastBody
        /// Reading the rest of a request that asked to switch protocols (`Upgrade` with
        /// `Connection: upgrade`), which is answered as any other (RFC 9110 §7.8 lets a server
        /// ignore `Upgrade`): handed to Hummingbird when `routes`, else answered here and dropped.
        /// NIO's parser stops for good at its `.end`.
        ///
        /// Leads out to `.replacingParser` at the request's `.end`; to `.routingLastBody` or
        /// `.droppingLastBody` when the output side closes.
        case upgradeBody(routedInFlight: Int, routes: Bool)
        /// After a request that asked to switch protocols: NIO's parser has stopped, so nothing
        /// is read (what it keeps stays bounded) until Hummingbird's answers have ended; then a
        /// fresh codec takes the kept bytes on (`HTTPCodec.replace`), and the connection goes on.
        ///
        /// Leads out to `.awaitingHead` once the codec is replaced; to `.closing` when the output
        /// side closes or the codec cannot be replaced.
        case replacingParser(routedInFlight: Int)
        /// The connection ends after the answers already under way (Hummingbird's may still be
        /// being written). Later requests are neither answered nor passed on, and nothing more
        /// is read: that would only pile up requests nobody will answer (and NIO's encoder
        /// remembers each one's method). Final.
        case closing

        /// Requests handed to Hummingbird whose answer has not ended, or nil once the connection
        /// is closing and nothing more is answered here.
        var routedInFlight: Int? {
            switch self {
            case .awaitingHead(let routedInFlight), .routingBody(let routedInFlight),
                .upgradeBody(let routedInFlight, _), .replacingParser(let routedInFlight):
                routedInFlight
            case .droppingBody: 0
            case .droppingLastBody, .routingLastBody, .closing: nil
            }
        }

        /// Whether the rest of the request being read goes to Hummingbird.
        var routesBody: Bool {
            switch self {
            case .routingBody, .routingLastBody: true
            case .upgradeBody(_, let routes): routes
            case .awaitingHead, .droppingBody, .droppingLastBody, .closing, .replacingParser: false
            }
        }

        /// The request being read has ended.
        mutating func requestEnded() {
            switch self {
            case .droppingBody: self = .awaitingHead(routedInFlight: 0)
            case .routingBody(let routedInFlight): self = .awaitingHead(routedInFlight: routedInFlight)
            case .droppingLastBody, .routingLastBody: self = .closing
            case .upgradeBody(let routedInFlight, _): self = .replacingParser(routedInFlight: routedInFlight)
            case .awaitingHead, .closing, .replacingParser: break
            }
        }

        /// Hummingbird wrote the `.end` of one of its answers.
        mutating func routedResponseEnded() {
            switch self {
            case .awaitingHead(let routedInFlight): self = .awaitingHead(routedInFlight: max(0, routedInFlight - 1))
            case .routingBody(let routedInFlight): self = .routingBody(routedInFlight: max(0, routedInFlight - 1))
            case .upgradeBody(let routedInFlight, let routes):
                self = .upgradeBody(routedInFlight: max(0, routedInFlight - 1), routes: routes)
            case .replacingParser(let routedInFlight):
                self = .replacingParser(routedInFlight: max(0, routedInFlight - 1))
            case .droppingBody, .droppingLastBody, .routingLastBody, .closing: break
            }
        }

        /// The output side closed: nothing more can be answered, but a request being read is
        /// still read to its end.
        mutating func outputClosed() {
            switch self {
            case .awaitingHead: self = .closing
            case .droppingBody: self = .droppingLastBody
            case .routingBody: self = .routingLastBody
            case .upgradeBody(_, let routes): self = routes ? .routingLastBody : .droppingLastBody
            case .replacingParser: self = .closing
            case .droppingLastBody, .routingLastBody, .closing: break
            }
        }
    }

    private let runtime: SitegenRuntime
    private(set) var state = State.awaitingHead(routedInFlight: 0)
    /// Answers written since the last flush. Not part of `State`: it spans one burst of reads,
    /// which may answer several requests and pass others on in any state, and it is settled at
    /// `channelReadComplete` whatever the state is by then.
    private var needsFlush = false
    private var date = HTTPDateCache()
    private var live: LiveStateCache

    init(runtime: SitegenRuntime) {
        self.runtime = runtime
        self.live = LiveStateCache(runtime: runtime)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // For `ConnectionDeadlines`: the head is whole, the body's deadline starts.
            context.triggerUserOutboundEvent(RequestProgress.headReceived, promise: nil)
            // Once closing, later requests are neither answered nor passed on. (NIO's decoder
            // ends each request before the next head, so an open state here is `.awaitingHead`.)
            guard let routedInFlight = state.routedInFlight else { return }
            // NIO frames any answer to CONNECT without a body, so a client would wait for one
            // forever on a kept connection: refuse it and close.
            if head.method == .CONNECT, routedInFlight == 0 {
                refuse(
                    .error(.init(code: 501), "CONNECT is not supported: this server is not a proxy"), context: context)
                return
            }
            // RFC 9112 §3.2. Hummingbird would answer such a request as any other.
            if let problem = HostField.problem(in: head) {
                refuse(.error(.badRequest, problem), routedInFlight: routedInFlight, context: context)
                return
            }
            let switches = Self.asksToSwitchProtocols(head)
            if routedInFlight == 0, context.channel.isWritable, head.method == .GET || head.method == .HEAD,
                let claim = PageClaim(uri: head.uri, live: live.current)
            {
                state =
                    !head.isKeepAlive
                    ? .droppingLastBody : switches ? .upgradeBody(routedInFlight: 0, routes: false) : .droppingBody
                answer(claim, to: head, context: context)
                return
            }
            // Hummingbird closes after answering a request that does not keep the connection;
            // nothing after it is ours to answer. It only knows one by `Connection: close`
            // (HTTPTypes keep no version), so an HTTP/1.0 request without keep-alive says so too:
            // else its answer would leave the connection open, waiting for a next request.
            if !head.isKeepAlive {
                var head = head
                head.headers.replaceOrAdd(name: "Connection", value: "close")
                state = .routingLastBody
                context.fireChannelRead(wrapInboundOut(.head(head)))
                return
            }
            state =
                switches
                ? .upgradeBody(routedInFlight: routedInFlight + 1, routes: true)
                : .routingBody(routedInFlight: routedInFlight + 1)
            context.fireChannelRead(data)
        case .body:
            if state.routesBody { context.fireChannelRead(data) }
        case .end:
            context.triggerUserOutboundEvent(RequestProgress.requestEnded, promise: nil)
            let routed = state.routesBody
            state.requestEnded()
            if routed { context.fireChannelRead(data) }
            replaceParserIfDue(context: context)
        }
    }

    /// `Upgrade` with an `upgrade` option in `Connection`: what makes NIO's parser (llhttp) stop
    /// at the end of the request. `Connection` is split (Strings) only when `Upgrade` is there.
    static func asksToSwitchProtocols(_ head: HTTPRequestHead) -> Bool {
        head.headers.contains(name: "upgrade")
            && head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "upgrade" }
    }

    /// In `.replacingParser` with nothing of Hummingbird's under way, replaces NIO's stopped codec
    /// and reads on. Later on the event loop: this may be called from within the old decoder,
    /// which cannot leave the pipeline while it is decoding.
    private func replaceParserIfDue(context: ChannelHandlerContext) {
        guard state == .replacingParser(routedInFlight: 0) else { return }
        context.eventLoop.assumeIsolated().execute {
            guard self.state == .replacingParser(routedInFlight: 0) else { return }
            // Before the replacement: the old decoder hands its kept bytes on as it leaves, and
            // the new one reads the requests in them right away.
            self.state = .awaitingHead(routedInFlight: 0)
            let replaced: EventLoopFuture<Void>
            do {
                replaced = try HTTPCodec.replace(in: context.pipeline.syncOperations)
            } catch {
                self.state = .closing
                context.close(promise: nil)
                return
            }
            replaced.assumeIsolated().whenComplete { _ in
                // The kept bytes reached the new parser outside any read from the socket: what
                // they brought is flushed, and delivered to Hummingbird (which takes what was
                // read at the end of a read), as at the end of a read. Then reading goes on.
                self.channelReadComplete(context: context)
                if self.state != .closing { context.read() }
            }
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
        if case .outputClosed = event as? ChannelEvent { state.outputClosed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A request the parser refused. With nothing of Hummingbird's under way it is answered
        // here, with the status and JSON every other error gets, and the connection closed (the
        // parser cannot find where the next request would start). Otherwise Hummingbird answers
        // it, in order, after what it is writing.
        //
        // Once the connection is closing, or the request being read is its last and is dropped
        // here, the bytes the parser choked on come after the last request answered (NIO's parser
        // refuses any byte after a request that closes, an HTTP/1.0 one say): nobody asked for an
        // answer to them, so none is sent.
        if error is HTTPParserError, state == .closing || state == .droppingLastBody { return }
        guard let parseError = error as? HTTPParserError, state.routedInFlight == 0 else {
            context.fireErrorCaught(error)
            return
        }
        refuse(ParseErrorAnswer.answer(for: parseError), context: context)
    }

    /// Refuses the request whose head just arrived: answered here when nothing of Hummingbird's
    /// is under way; otherwise Hummingbird answers it (its 400 to a parse error), in order, after
    /// what it is writing. Either way the connection closes and nothing after it is read.
    private func refuse(_ answer: PageAnswer, routedInFlight: Int, context: ChannelHandlerContext) {
        guard routedInFlight > 0 else {
            refuse(answer, context: context)
            return
        }
        state = .droppingLastBody
        context.fireErrorCaught(HTTPParserError.invalidHeaderToken)
    }

    /// Answers with an error and closes the connection once it is written.
    private func refuse(_ answer: PageAnswer, context: ChannelHandlerContext) {
        state = .droppingLastBody
        var (head, body) = answer.parts(isHead: false, date: date.current())
        head.headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        endAndClose(context: context)
    }

    private func endAndClose(context: ChannelHandlerContext) {
        context.closeWhenWritten(context.writeAndFlush(wrapOutboundOut(.end(nil))))
    }

    func read(context: ChannelHandlerContext) {
        // See `State.closing` and `State.replacingParser` (which reads on once the codec is
        // replaced). A request still being read, by Hummingbird or dropped here, is read to its end.
        switch state {
        case .closing, .replacingParser: return
        default: context.read()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Hummingbird's answers pass here on their way out; our own writes do not.
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        state.routedResponseEnded()
        context.write(data, promise: promise)
        replaceParserIfDue(context: context)
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
