import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import TestKit
import XCTest

@testable import Runtime

/// Runs `body` with a runtime over a fresh `DistFixture`, then shuts the runtime down and removes
/// the fixture. `body` is synchronous on purpose: an `EmbeddedChannel` must stay on the thread
/// that made it, and an `await` could move the test to another. It runs in the caller's isolation,
/// so it need not be `Sendable`.
func withEmbeddedRuntime(
    isolation: isolated (any Actor)? = #isolation, _ body: (SitegenRuntime) throws -> Void
) async throws {
    let fixture = try DistFixture()
    defer { fixture.remove() }
    var logger = Logger(label: "fast-path-tests")
    logger.logLevel = .warning
    let runtime = try SitegenRuntime(
        options: ServerOptions(
            dist: fixture.dist, mode: .recording(database: fixture.database), port: 0, reloadOnHangup: false),
        logger: logger)
    do {
        try body(runtime)
    } catch {
        try? await runtime.shutdown()
        throw error
    }
    try await runtime.shutdown()
}

/// The socket end of a test pipeline: counts the `read()` calls that get this far, and can hold
/// back the completion of writes, as a socket does while its peer has not read them, so that a
/// connection closing "once written" stays open until the test lets it go.
final class SocketEnd: ChannelOutboundHandler {
    typealias OutboundIn = NIOAny

    private(set) var reads = 0
    var holdingWrites = false
    private var held: [EventLoopPromise<Void>] = []

    func read(context: ChannelHandlerContext) {
        reads += 1
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard holdingWrites, let promise else {
            context.write(data, promise: promise)
            return
        }
        held.append(promise)
        context.write(data, promise: nil)
    }

    /// Completes the writes held so far, and lets later ones complete as they are written.
    func releaseWrites() {
        holdingWrites = false
        let released = held
        held = []
        for promise in released { promise.succeed() }
    }
}

extension EmbeddedChannel {
    /// An active channel with `handlers`, from the socket end on.
    static func connected(_ handlers: [any ChannelHandler]) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handlers: handlers)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return channel
    }

    /// Writes `text` inbound as one read.
    func send(_ text: String) throws {
        try writeInbound(ByteBuffer(string: text))
    }

    /// Every byte written out and flushed so far, as one string.
    func sentText() throws -> String {
        var text = ""
        while let buffer = try readOutbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    /// The responses written out and flushed so far, split by their Content-Length; `headRequests`
    /// are the positions (counted from this call) of answers to HEAD requests.
    func sentReplies(headRequests: Set<Int> = []) throws -> [LoopbackHTTP.Reply] {
        try LoopbackHTTP.replies(in: Array(sentText().utf8), headRequests: headRequests)
    }

    /// Everything that reached the end of the pipeline as bytes, as one string.
    func passedOnText() throws -> String {
        var text = ""
        while let buffer = try readInbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    /// Every request part that reached the end of the pipeline (where Hummingbird would read).
    func passedOnParts() throws -> [HTTPServerRequestPart] {
        var parts: [HTTPServerRequestPart] = []
        while let part = try readInbound(as: HTTPServerRequestPart.self) {
            parts.append(part)
        }
        return parts
    }
}

/// Request parts in a form tests can compare: `HEAD <method> <uri>`, `BODY <text>`, `END`.
func describe(_ parts: [HTTPServerRequestPart]) -> [String] {
    parts.map { part in
        switch part {
        case .head(let head): "HEAD \(head.method.rawValue) \(head.uri)"
        case .body(let body): "BODY \(String(buffer: body))"
        case .end: "END"
        }
    }
}

/// Response parts in a form tests can compare: `HEAD <status>`, `BODY`, `END`.
func describe(_ parts: [HTTPServerResponsePart]) -> [String] {
    parts.map { part in
        switch part {
        case .head(let head): "HEAD \(head.status.code)"
        case .body: "BODY"
        case .end: "END"
        }
    }
}

/// Plain page requests for the fixture's `luna` site.
enum Requests {
    static func get(_ uri: String, _ fields: String = "") -> String {
        "GET \(uri) HTTP/1.1\r\nHost: x\r\n\(fields)\r\n"
    }

    static func head(_ uri: String) -> String {
        "HEAD \(uri) HTTP/1.1\r\nHost: x\r\n\r\n"
    }

    static func post(_ uri: String, body: String) -> String {
        "POST \(uri) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }
}
