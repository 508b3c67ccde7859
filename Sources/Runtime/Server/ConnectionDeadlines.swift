import NIOCore

/// Closes a connection whose client is too slow, like nginx's `client_header_timeout`,
/// `client_body_timeout` and `keepalive_timeout`: a connection that sends nothing for `idle`; a
/// request head not whole within `head` of its first byte; a body not whole within `body` of its
/// head. Without the last two, a client trickling one byte every few seconds kept a connection
/// (and what it had sent) for as long as it liked: an idle timeout only sees silence.
///
/// It sits at the socket end and sees only bytes; the handlers that parse requests tell it where
/// heads and bodies end (`RequestProgress`). A connection that passes a deadline is closed without
/// an answer, as nginx does: a 408 could cut into an answer being written.
///
/// Cost: one timer per connection, armed for the nearest deadline and re-armed only when it fires
/// early (a request read whole in one go arms nothing new), and a clock read per read, which
/// NIO's `IdleStateHandler`, the handler this one replaces, took as well.
final class ConnectionDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    struct Limits {
        /// No byte for this long closes the connection, whatever it is doing.
        var idle: TimeAmount?
        /// A request head must be whole this long after its first byte.
        var head: TimeAmount?
        /// A request body must be whole this long after its head.
        var body: TimeAmount?
    }

    /// Where the request being read is, as far as deadlines care.
    enum State: Equatable {
        /// Between requests: no byte of the next one has arrived. Only `idle` runs.
        ///
        /// Leads out to `.readingHead` at the next byte (or `RequestProgress.headStarted`).
        case idle
        /// Bytes of a head have arrived, the first at `since`: the head must be whole by
        /// `since + head`.
        ///
        /// Leads out to `.readingBody` at `headReceived`, to `.idle` at `requestEnded`, to
        /// `.closed` at the deadline.
        case readingHead(since: NIODeadline)
        /// The head arrived at `since`: the body must be whole by `since + body`.
        ///
        /// Leads out to `.idle` at `requestEnded`, to `.closed` at the deadline.
        case readingBody(since: NIODeadline)
        /// A deadline passed (or the connection went away): the connection is closed. Final.
        case closed
    }

    private let limits: Limits
    private(set) var state = State.idle
    /// When bytes last arrived, for `idle`. Not part of `State`: it runs in every state.
    private var lastRead = NIODeadline.uptimeNanoseconds(0)
    /// The one timer, and when it fires; nil when none is armed.
    private var timer: (task: Scheduled<Void>, at: NIODeadline)?

    init(limits: Limits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = context.eventLoop.now
        if state == .idle { state = .readingHead(since: lastRead) }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // A request read whole in this burst left the state `.idle`: the timer armed for `idle`
        // stays as it is. Only a part-read request may need it sooner.
        if let deadline = nextDeadline(), timer.map({ deadline < $0.at }) ?? true {
            arm(at: deadline, context: context)
        }
        context.fireChannelReadComplete()
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let progress = event as? RequestProgress else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        if state != .closed {
            switch progress {
            case .headStarted: state = .readingHead(since: lastRead)
            case .headReceived: state = .readingBody(since: lastRead)
            case .requestEnded: state = .idle
            }
        }
        promise?.succeed()
    }

    private func start(context: ChannelHandlerContext) {
        guard timer == nil, state != .closed else { return }
        lastRead = context.eventLoop.now
        if let deadline = nextDeadline() { arm(at: deadline, context: context) }
    }

    private func stop() {
        timer?.task.cancel()
        timer = nil
        state = .closed
    }

    /// The nearest deadline the connection has now, if any.
    private func nextDeadline() -> NIODeadline? {
        let idle = limits.idle.map { lastRead + $0 }
        let request: NIODeadline? =
            switch state {
            case .readingHead(let since): limits.head.map { since + $0 }
            case .readingBody(let since): limits.body.map { since + $0 }
            case .idle, .closed: nil
            }
        switch (idle, request) {
        case (let idle?, let request?): return min(idle, request)
        case (let idle?, nil): return idle
        case (nil, let request?): return request
        case (nil, nil): return nil
        }
    }

    private func arm(at deadline: NIODeadline, context: ChannelHandlerContext) {
        timer?.task.cancel()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let task = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = bound.value
            handler.expired(context: context)
        }
        timer = (task, deadline)
    }

    /// The timer fired: close if a deadline has passed, else wait for the next.
    private func expired(context: ChannelHandlerContext) {
        timer = nil
        guard state != .closed else { return }
        guard let deadline = nextDeadline() else { return }
        if deadline <= context.eventLoop.now {
            stop()
            context.close(promise: nil)
        } else {
            arm(at: deadline, context: context)
        }
    }
}
