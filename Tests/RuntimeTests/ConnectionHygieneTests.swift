import NIOCore
import NIOEmbedded
import NIOHTTP1
import TestKit
import XCTest

@testable import Runtime

/// Deadlines, the per-client connection limit and `Upgrade` requests, in `EmbeddedChannel`s whose
/// clock the tests move (`advanceTime`): nothing here waits for real time to pass.
final class ConnectionHygieneTests: XCTestCase {
    private let limits = ConnectionDeadlines.Limits(idle: .seconds(30), head: .seconds(10), body: .seconds(30))

    /// The plain tier alone behind the deadlines.
    private func makePlain(_ runtime: SitegenRuntime) throws -> (EmbeddedChannel, ConnectionDeadlines) {
        let deadlines = ConnectionDeadlines(limits: limits)
        return (try .connected([deadlines, PlainPageFastPath(runtime: runtime)]), deadlines)
    }

    /// The whole stack up to where Hummingbird would read, as `SitegenHTTP1Channel` builds it.
    private func makeStack(_ runtime: SitegenRuntime, socket: SocketEnd = SocketEnd()) throws -> (
        EmbeddedChannel, ConnectionDeadlines, PageFastPath
    ) {
        let deadlines = ConnectionDeadlines(limits: limits)
        let page = PageFastPath(runtime: runtime)
        let channel = try EmbeddedChannel.connected([socket, deadlines, PlainPageFastPath(runtime: runtime)])
        try HTTPCodec.add(to: channel.pipeline.syncOperations, position: .last)
        try channel.pipeline.syncOperations.addHandler(page)
        return (channel, deadlines, page)
    }

    private func answerAsHummingbird(_ channel: EmbeddedChannel, _ text: String) throws {
        let headers = HTTPHeaders([("Content-Length", String(text.utf8.count))])
        try channel.writeOutbound(
            HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
        try channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: text))))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
    }

    // MARK: Deadlines

    /// A head trickled in a byte at a time never lets the idle timeout fire, but must be whole
    /// 10 s after its first byte.
    func testAHeadMustBeWholeWithinItsDeadline() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, deadlines) = try makePlain(runtime)
            try channel.send("GET /luna/ HTTP/1.1\r\n")
            XCTAssertEqual(deadlines.state, .readingHead(since: channel.embeddedEventLoop.now))
            for piece in ["Host: x\r\n", "X-A: b\r\n", "X-C: d\r\n"] {
                channel.embeddedEventLoop.advanceTime(by: .seconds(3))
                try channel.send(piece)
            }
            XCTAssertTrue(channel.isActive)
            channel.embeddedEventLoop.advanceTime(by: .seconds(1) - .nanoseconds(1))
            XCTAssertTrue(channel.isActive)
            channel.embeddedEventLoop.advanceTime(by: .nanoseconds(1))
            XCTAssertFalse(channel.isActive)
            XCTAssertEqual(try channel.sentText(), "")
        }
    }

    /// Between requests only the idle timeout runs: a kept-alive connection silent for 20 s is
    /// still there, and answers; silent for 30 s it is closed.
    func testBetweenRequestsOnlyTheIdleTimeoutRuns() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, deadlines) = try makePlain(runtime)
            try channel.send(Requests.get("/luna/?variant=indoor"))
            XCTAssertEqual(try channel.sentReplies().map(\.status), [200])
            XCTAssertEqual(deadlines.state, .idle)
            channel.embeddedEventLoop.advanceTime(by: .seconds(20))
            XCTAssertTrue(channel.isActive)
            try channel.send(Requests.get("/luna/?variant=patio"))
            XCTAssertEqual(try channel.sentReplies().map(\.status), [200])
            channel.embeddedEventLoop.advanceTime(by: .seconds(30))
            XCTAssertFalse(channel.isActive)
        }
    }

    /// Pipelined requests split across reads: each head's deadline counts from the read that
    /// brought its first bytes, not from the first request on the connection.
    func testEachHeadCountsFromItsOwnFirstBytes() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, deadlines) = try makePlain(runtime)
            let start = channel.embeddedEventLoop.now
            try channel.send(Requests.get("/luna/?variant=indoor") + "GET /luna/?vari")
            XCTAssertEqual(deadlines.state, .readingHead(since: start))
            channel.embeddedEventLoop.advanceTime(by: .seconds(6))
            try channel.send("ant=patio HTTP/1.1\r\nHost: x\r\n\r\nGET /luna/menu/ HT")
            XCTAssertEqual(deadlines.state, .readingHead(since: start + .seconds(6)))
            channel.embeddedEventLoop.advanceTime(by: .seconds(6))
            XCTAssertTrue(channel.isActive)
            try channel.send("TP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertEqual(try channel.sentReplies().map(\.status), [200, 200, 200])
            XCTAssertEqual(deadlines.state, .idle)
            XCTAssertTrue(channel.isActive)
        }
    }

    /// A body must be whole 30 s after its head, however steadily it trickles in.
    func testABodyMustBeWholeWithinItsDeadline() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, deadlines, _) = try makeStack(runtime)
            let start = channel.embeddedEventLoop.now
            try channel.send(
                "POST /luna/_convert HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\""
            )
            XCTAssertEqual(deadlines.state, .readingBody(since: start))
            for _ in 0..<5 {
                channel.embeddedEventLoop.advanceTime(by: .seconds(5))
                try channel.send("a")
            }
            channel.embeddedEventLoop.advanceTime(by: .seconds(5) - .nanoseconds(1))
            XCTAssertTrue(channel.isActive)
            channel.embeddedEventLoop.advanceTime(by: .nanoseconds(1))
            XCTAssertFalse(channel.isActive)
        }
    }

    /// A body read whole in time ends the body's deadline; the next head gets its own.
    func testAWholeRequestEndsItsDeadlines() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, deadlines, _) = try makeStack(runtime)
            try channel.send(Requests.post("/luna/_convert", body: "{\"goal\":\"order\"}"))
            XCTAssertEqual(deadlines.state, .idle)
            XCTAssertEqual(
                describe(try channel.passedOnParts()), ["HEAD POST /luna/_convert", "BODY {\"goal\":\"order\"}", "END"])
            try answerAsHummingbird(channel, "ok")
            channel.embeddedEventLoop.advanceTime(by: .seconds(29))
            XCTAssertTrue(channel.isActive)
        }
    }

    // MARK: Connections per client

    private func connect(_ clients: ClientConnections, from address: String) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handlers: [ClientConnectionLimit(clients: clients)])
        try channel.connect(to: SocketAddress(ipAddress: address, port: 40_000)).wait()
        return channel
    }

    /// Past its limit a client's next connection is answered 503 and closed; other clients are
    /// not affected, and a closed connection frees its place.
    func testConnectionsPerClientAreCapped() throws {
        let clients = ClientConnections(limit: 2)
        let first = try connect(clients, from: "10.0.0.1")
        let second = try connect(clients, from: "10.0.0.1")
        let third = try connect(clients, from: "10.0.0.1")
        XCTAssertTrue(first.isActive)
        XCTAssertTrue(second.isActive)
        let refused = try third.sentText()
        XCTAssertTrue(refused.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"), refused)
        XCTAssertEqual(try LoopbackHTTP.replies(in: Array(refused.utf8)).map(\.status), [503])
        XCTAssertFalse(third.isActive)

        let other = try connect(clients, from: "10.0.0.2")
        XCTAssertTrue(other.isActive)
        let v6 = try connect(clients, from: "::1")
        XCTAssertTrue(v6.isActive)

        let peer = try XCTUnwrap(ClientConnections.Peer(SocketAddress(ipAddress: "10.0.0.1", port: 0)))
        XCTAssertEqual(clients.count(peer), 2)
        _ = try first.finish()
        let fourth = try connect(clients, from: "10.0.0.1")
        XCTAssertTrue(fourth.isActive)
        XCTAssertEqual(try fourth.sentText(), "")
        for channel in [second, fourth, other, v6] { _ = try channel.finish() }
        XCTAssertEqual(clients.count(peer), 0)
    }

    /// The same on a live server: the deadlines and the cap are wired from `ServerOptions`. (The
    /// socket reads block until the server closes; nothing sleeps.)
    func testLiveServerAppliesTheHeadDeadlineAndTheCap() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(
            fixture,
            configure: {
                $0.headTimeout = .milliseconds(300)
                $0.maxConnectionsPerClient = 2
            }
        ) { client, _ in
            let port = try XCTUnwrap(client.port)
            // From an address of their own: the test client's connection from 127.0.0.1 opens
            // concurrently and would take one of the two places when it wins the race.
            let source = "127.0.0.2"
            // Two connections, each known to be open on the server once its answer is back.
            let first = try LoopbackSocket(port: port, source: source)
            let second = try LoopbackSocket(port: port, source: source)
            for socket in [first, second] {
                try socket.send(Array(Requests.head("/luna/").utf8))
                let answer = String(decoding: try XCTUnwrap(socket.receive()), as: UTF8.self)
                XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200 "), answer)
            }
            // The cap counts them: a third from the same address is refused.
            let third = try LoopbackSocket(port: port, source: source)
            let refused = String(decoding: try third.receiveToEnd(), as: UTF8.self)
            XCTAssertTrue(refused.hasPrefix("HTTP/1.1 503 "), refused)
            // Half a head: closed at the deadline (well before the 30 s idle timeout) unanswered.
            try first.send(Array("GET /luna/ HTTP/1.1\r\nHost: x\r\n".utf8))
            XCTAssertEqual(try first.receiveToEnd(), [])
            try second.send(Array(Requests.get("/luna/", "Connection: close\r\n").utf8))
            XCTAssertTrue(String(decoding: try second.receiveToEnd(), as: UTF8.self).hasPrefix("HTTP/1.1 200 "))
        }
    }

    // MARK: Upgrade

    /// A page requested with `Upgrade: websocket` is answered as HTTP/1.1, and the request read
    /// with it is answered too: NIO's stopped parser is replaced and gets the bytes it kept.
    func testUpgradeRequestIsAnsweredAndTheConnectionGoesOn() async throws {
        try await withEmbeddedRuntime { runtime in
            let socket = SocketEnd()
            let (channel, _, page) = try makeStack(runtime, socket: socket)
            try channel.send(
                Requests.get("/luna/?variant=indoor", "Connection: Upgrade\r\nUpgrade: websocket\r\n")
                    + Requests.get("/luna/?variant=patio"))
            XCTAssertEqual(page.state, .replacingParser(routedInFlight: 0))
            let reads = socket.reads
            channel.read()
            XCTAssertEqual(socket.reads, reads, "nothing is read while the parser is stopped")
            channel.embeddedEventLoop.run()
            let replies = try channel.sentReplies()
            XCTAssertEqual(replies.map(\.status), [200, 200])
            XCTAssertTrue(replies.last?.body.contains("data-variant=\"patio\"") ?? false)
            XCTAssertNil(replies.first?.headers["upgrade"])
            XCTAssertEqual(page.state, .awaitingHead(routedInFlight: 0))
            // …and the new parser goes on reading, another upgrade included.
            try channel.send(
                Requests.get("/luna/menu/", "Connection: upgrade\r\nUpgrade: h2c\r\n") + Requests.head("/luna/"))
            channel.embeddedEventLoop.run()
            XCTAssertEqual(try channel.sentReplies(headRequests: [1]).map(\.status), [200, 200])
            XCTAssertTrue(channel.isActive)
        }
    }

    /// An upgrade request Hummingbird answers: the parser is replaced once that answer has ended,
    /// and what came after it is read then, in order.
    func testRoutedUpgradeRequestWaitsForItsAnswer() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, _, page) = try makeStack(runtime)
            try channel.send(
                Requests.get(
                    "/ml/models",
                    "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"
                )
                    + Requests.get("/luna/?variant=indoor"))
            XCTAssertEqual(describe(try channel.passedOnParts()), ["HEAD GET /ml/models", "END"])
            XCTAssertEqual(page.state, .replacingParser(routedInFlight: 1))
            channel.embeddedEventLoop.run()
            XCTAssertEqual(try channel.sentText(), "")
            try answerAsHummingbird(channel, "models")
            channel.embeddedEventLoop.run()
            let replies = try channel.sentReplies()
            XCTAssertEqual(replies.map(\.status), [200, 200])
            XCTAssertEqual(replies.first?.body, "models")
            XCTAssertEqual(page.state, .awaitingHead(routedInFlight: 0))
        }
    }

    /// Requests for Hummingbird in the bytes the stopped parser kept reach it, in order.
    func testRequestsKeptBehindAnUpgradeGoToHummingbird() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, _, page) = try makeStack(runtime)
            try channel.send(
                Requests.get("/ml/models", "Connection: Upgrade\r\nUpgrade: h2c\r\n") + Requests.get("/ml/models")
                    + Requests.get("/luna/?variant=indoor", "Connection: close\r\n"))
            XCTAssertEqual(describe(try channel.passedOnParts()), ["HEAD GET /ml/models", "END"])
            try answerAsHummingbird(channel, "first")
            channel.embeddedEventLoop.run()
            XCTAssertEqual(
                describe(try channel.passedOnParts()),
                ["HEAD GET /ml/models", "END", "HEAD GET /luna/?variant=indoor", "END"])
            XCTAssertEqual(page.state, .closing)
            try answerAsHummingbird(channel, "second")
            try answerAsHummingbird(channel, "page")
            XCTAssertEqual(try channel.sentReplies().map(\.body), ["first", "second", "page"])
        }
    }
}
