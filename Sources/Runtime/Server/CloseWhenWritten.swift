import NIOCore

extension ChannelHandlerContext {
    /// How long a closing connection waits for a client that stopped reading its last answer.
    static let closeDeadline = TimeAmount.seconds(10)

    /// Closes the connection once `written` completes, or after `closeDeadline` if the client
    /// stops reading: a peer that never drains its socket must not hold the connection forever.
    func closeWhenWritten(_ written: EventLoopFuture<Void>) {
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let deadline = eventLoop.assumeIsolated().scheduleTask(in: Self.closeDeadline) {
            bound.value.close(promise: nil)
        }
        written.whenComplete { _ in
            deadline.cancel()
            bound.value.close(promise: nil)
        }
    }
}
