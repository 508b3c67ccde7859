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

    /// A request this handler answers once its end has arrived.
    private struct Claimed {
        var head: HTTPRequestHead
        var site: LoadedSite
        var model: SiteModel?
        var rest: Substring
        var query: String?
    }

    private let runtime: SitegenRuntime
    private var claimed: Claimed?
    /// The request being read belongs to Hummingbird (its body and end go along).
    private var routingCurrent = false
    /// Requests handed to Hummingbird whose response has not ended yet.
    private var routedInFlight = 0
    private var needsFlush = false
    /// A request asked for the connection to close after its answer; nothing more is read.
    private var closing = false
    private var date = HTTPDateCache()

    init(runtime: SitegenRuntime) {
        self.runtime = runtime
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if closing { return }
            if routedInFlight == 0, context.channel.isWritable, let claim = claim(head) {
                claimed = claim
                return
            }
            routingCurrent = true
            routedInFlight += 1
            context.fireChannelRead(data)
        case .body:
            // A claimed GET's body means nothing to a page; it is dropped, never buffered.
            if routingCurrent { context.fireChannelRead(data) }
        case .end:
            if routingCurrent {
                routingCurrent = false
                context.fireChannelRead(data)
            } else if let request = claimed {
                claimed = nil
                answer(request, context: context)
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

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Hummingbird's answers pass here on their way out; our own writes do not.
        if case .end = unwrapOutboundIn(data) { routedInFlight = max(0, routedInFlight - 1) }
        context.write(data, promise: promise)
    }

    /// The site request this handler answers itself, or nil to hand it to Hummingbird.
    private func claim(_ head: HTTPRequestHead) -> Claimed? {
        guard head.method == .GET || head.method == .HEAD else { return nil }
        let uri = head.uri
        guard uri.utf8.first == UInt8(ascii: "/") else { return nil }
        let queryStart = uri.utf8.firstIndex(of: UInt8(ascii: "?"))
        let path = uri[..<(queryStart ?? uri.endIndex)]
        guard !SitePath.isServerEndpoint(path) else { return nil }
        let (siteID, rest) = SitePath.split(path)
        let live = runtime.live
        guard let site = live.deployment.sites[String(siteID)],
            rest != "/_convert", !rest.hasPrefix("/_go/")
        else { return nil }
        let query = queryStart.map { String(uri[uri.index(after: $0)...]) }
        return Claimed(head: head, site: site, model: live.models[site.id], rest: rest, query: query)
    }

    private func answer(_ request: Claimed, context: ChannelHandlerContext) {
        let isHead = request.head.method == .HEAD
        let (route, answer) = runtime.siteAnswer(
            site: request.site, model: request.model, rest: request.rest, query: request.query,
            headers: request.head.headers, isHead: isHead)
        runtime.metrics.count(route, status: Int(answer.status.code))
        var (head, body) = answer.parts(isHead: isHead, date: date.current())
        if !request.head.isKeepAlive {
            head.headers.add(name: "Connection", value: "close")
        } else if request.head.version.minor == 0 {
            // HTTP/1.0 closes by default; a client that asked to keep the connection is told it may.
            head.headers.add(name: "Connection", value: "keep-alive")
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        guard request.head.isKeepAlive else {
            closing = true
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
            return
        }
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
    }
}
