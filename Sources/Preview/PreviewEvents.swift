import Foundation
import NIOCore
import Runtime
import Synchronization

/// Server-Sent Events to every open preview tab: `reload` after a successful rebuild,
/// `build-error` with the diagnostics when a rebuild failed.
package final class PreviewEvents: Sendable {
    private struct Subscribers {
        var next = 0
        var open: [Int: AsyncStream<ByteBuffer>.Continuation] = [:]
        var closed = false
    }

    private let subscribers = Mutex(Subscribers())

    package init() {}

    /// A new tab's stream, starting with `first` (the `hello` that lets a tab loaded during a
    /// rebuild notice it missed one). Ends when the tab goes away or the server stops.
    func subscribe(first: ByteBuffer) -> AsyncStream<ByteBuffer> {
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingNewest(16))
        continuation.yield(first)
        let id = subscribers.withLock { state -> Int? in
            guard !state.closed else { return nil }
            state.next += 1
            state.open[state.next] = continuation
            return state.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.open.removeValue(forKey: id) }
        }
        return stream
    }

    package var subscriberCount: Int { subscribers.withLock { $0.open.count } }

    /// Sends one event to every open tab.
    package func send(_ event: String, data: String) {
        let buffer = ByteBuffer(string: Self.frame(event, data: data))
        for continuation in subscribers.withLock({ Array($0.open.values) }) { continuation.yield(buffer) }
    }

    /// A comment line: writes to a tab that went away fail, which ends its stream.
    func heartbeat() {
        let buffer = ByteBuffer(string: ": keep-alive\n\n")
        for continuation in subscribers.withLock({ Array($0.open.values) }) { continuation.yield(buffer) }
    }

    /// Ends every stream, so a graceful shutdown does not wait for tabs that never close.
    package func closeAll() {
        let all = subscribers.withLock { state in
            state.closed = true
            defer { state.open = [:] }
            return Array(state.open.values)
        }
        for continuation in all { continuation.finish() }
    }

    /// One SSE frame; every line of `data` gets its own `data:` prefix as the format requires.
    static func frame(_ event: String, data: String) -> String {
        var text = "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return text + "\n"
    }
}
