import NIOCore

/// Refuses a connection from a client that already holds `ClientConnections.limit`: it is answered
/// 503 and closed before anything it sends is read. First in the pipeline, so a refused connection
/// costs nothing more.
final class ClientConnectionLimit: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    /// Whether this connection is counted.
    enum State: Equatable {
        /// Not active yet. Leads out to `.counted` or `.refused` when it becomes active.
        case waiting
        /// Counted for `peer` (or not counted at all, for a peer without an IP address, when nil),
        /// until it closes. Leads out to `.closed`.
        case counted(ClientConnections.Peer?)
        /// Over its client's limit: answered 503 and closing; what it sends is dropped. Leads out
        /// to `.closed`.
        case refused
        /// Closed, and no longer counted. Final.
        case closed
    }

    private let clients: ClientConnections
    private(set) var state = State.waiting

    /// The whole answer to a refused connection, written before anything is read.
    private static let refusal = ByteBuffer(
        string: "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 10\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 37\r\n\r\n"
            + "too many connections from one client\n")

    init(clients: ClientConnections) {
        self.clients = clients
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if state == .refused { return }
        context.fireChannelRead(data)
    }

    private func admit(context: ChannelHandlerContext) {
        guard state == .waiting else { return }
        guard let peer = ClientConnections.Peer(context.channel.remoteAddress) else {
            state = .counted(nil)
            return
        }
        guard clients.admit(peer) else {
            state = .refused
            context.closeWhenWritten(context.writeAndFlush(NIOAny(Self.refusal)))
            return
        }
        state = .counted(peer)
    }

    private func release() {
        if case .counted(let peer?) = state { clients.release(peer) }
        state = .closed
    }
}
