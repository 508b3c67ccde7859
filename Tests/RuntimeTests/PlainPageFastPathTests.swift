import NIOCore
import NIOEmbedded
import TestKit
import XCTest

@testable import Runtime

/// `PlainPageFastPath` on its own, in an `EmbeddedChannel`: what it answers from the bytes, what
/// it hands over (bytes intact, in order, and everything after), and when it stops reading. What
/// reaches the end of the pipeline is what NIO's parser would read.
final class PlainPageFastPathTests: XCTestCase {
    private func makeChannel(_ runtime: SitegenRuntime) throws -> (EmbeddedChannel, PlainPageFastPath, SocketEnd) {
        let socket = SocketEnd()
        let handler = PlainPageFastPath(runtime: runtime)
        return (try .connected([socket, handler]), handler, socket)
    }

    func testAnswersAPlainGET() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try channel.send(Requests.get("/luna/?variant=indoor"))
            let replies = try channel.sentReplies()
            XCTAssertEqual(replies.map(\.status), [200])
            XCTAssertTrue(replies.first?.body.contains("data-variant=\"indoor\"") ?? false)
            XCTAssertNil(replies.first?.headers["connection"])
            XCTAssertNotNil(replies.first?.headers["date"])
            XCTAssertEqual(try channel.passedOnText(), "")
            XCTAssertEqual(handler.state, .answering(pending: nil))
            XCTAssertTrue(channel.isActive)
        }
    }

    /// Requests read together are answered in the order sent, and a HEAD gets the length of the
    /// page without its bytes.
    func testPipelinedRequestsAreAnsweredInOrder() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try channel.send(
                Requests.get("/luna/?variant=indoor") + Requests.get("/luna/menu/?variant=patio")
                    + Requests.get("/luna/assets/site.3f2a1b9c.css") + Requests.head("/luna/?variant=patio"))
            // `replies` fails on any byte after the HEAD answer's head, so there is no body.
            let replies = try channel.sentReplies(headRequests: [3])
            XCTAssertEqual(replies.map(\.status), [200, 200, 200, 200])
            guard replies.count == 4 else { return }
            XCTAssertTrue(replies[0].body.contains("data-variant=\"indoor\""))
            XCTAssertTrue(replies[1].body.contains("data-variant=\"patio\""))
            XCTAssertTrue(replies[1].body.contains("menu/index.html"))
            XCTAssertEqual(replies[2].headers["content-type"], "text/css; charset=utf-8")
            XCTAssertEqual(replies[3].body, "")
            XCTAssertNotEqual(replies[3].headers["content-length"] ?? "0", "0")
            XCTAssertEqual(try channel.passedOnText(), "")
            XCTAssertEqual(handler.state, .answering(pending: nil))
        }
    }

    /// A request arriving in several reads is answered once it is whole, and a read may end in
    /// the middle of the next one.
    func testRequestInSeveralPieces() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try channel.send("GET /luna/?vari")
            try channel.send("ant=indoor HTTP/1.1\r\nHo")
            XCTAssertEqual(try channel.sentText(), "")
            XCTAssertEqual(
                handler.state, .answering(pending: ByteBuffer(string: "GET /luna/?variant=indoor HTTP/1.1\r\nHo")))
            try channel.send("st: x\r\n\r\nGET /luna/menu/?var")
            XCTAssertEqual(try channel.sentReplies().map(\.status), [200])
            try channel.send("iant=patio HTTP/1.1\r\nHost: x\r\n\r\n")
            let second = try channel.sentReplies()
            XCTAssertEqual(second.map(\.status), [200])
            XCTAssertTrue(second.first?.body.contains("data-variant=\"patio\"") ?? false)
            XCTAssertEqual(try channel.passedOnText(), "")
            XCTAssertEqual(handler.state, .answering(pending: nil))
        }
    }

    /// A GET, then a POST with a body, then a GET: the first is answered here; the POST and
    /// everything after it, the later GET too, go to the stack behind, bytes intact and in order.
    func testHandsOverFromTheFirstRequestItDoesNotAnswer() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, socket) = try makeChannel(runtime)
            let post = Requests.post("/luna/_convert", body: "{\"goal\":\"order\"}")
            let later = Requests.get("/luna/?variant=patio")
            try channel.send(Requests.get("/luna/?variant=indoor") + post + later)
            let replies = try channel.sentReplies()
            XCTAssertEqual(replies.map(\.status), [200])
            XCTAssertTrue(replies.first?.body.contains("data-variant=\"indoor\"") ?? false)
            XCTAssertEqual(try channel.passedOnText(), post + later)
            XCTAssertEqual(handler.state, .handedOver)
            // For good: even a plain page request is passed on now, as read.
            try channel.send("GET /luna/?variant=indoor HT")
            try channel.send("TP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertEqual(try channel.passedOnText(), Requests.get("/luna/?variant=indoor"))
            XCTAssertEqual(try channel.sentText(), "")
            let reads = socket.reads
            channel.read()
            XCTAssertEqual(socket.reads, reads + 1)
        }
    }

    /// A request that arrived in part when input closes is the stack behind's to deal with.
    func testInputClosedMidRequestHandsOver() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try channel.send(Requests.get("/luna/?variant=indoor") + "GET /luna/ HT")
            XCTAssertEqual(try channel.sentReplies().map(\.status), [200])
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            XCTAssertEqual(try channel.passedOnText(), "GET /luna/ HT")
            XCTAssertEqual(handler.state, .handedOver)
        }
    }

    /// Input closing between requests hands over too, with nothing to pass on.
    func testInputClosedBetweenRequestsHandsOverNothing() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try channel.send(Requests.get("/luna/?variant=indoor"))
            XCTAssertEqual(try channel.sentReplies().map(\.status), [200])
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            XCTAssertNil(try channel.readInbound(as: ByteBuffer.self))
            XCTAssertEqual(handler.state, .handedOver)
        }
    }

    /// Requests that are not for a site's pages (an unknown site, the API, a site's conversion
    /// endpoint) are passed on as they came, from the first byte.
    func testRequestsItDoesNotClaimArePassedOn() async throws {
        try await withEmbeddedRuntime { runtime in
            for uri in ["/nosuch/", "/ml/bandit/select?site=luna", "/luna/_go/0", "/luna/_convert", "/healthz"] {
                let (channel, handler, _) = try makeChannel(runtime)
                let request = Requests.get(uri) + Requests.get("/luna/?variant=indoor")
                try channel.send(request)
                XCTAssertEqual(try channel.sentText(), "", uri)
                XCTAssertEqual(try channel.passedOnText(), request, uri)
                XCTAssertEqual(handler.state, .handedOver, uri)
            }
        }
    }

    /// A client that is not reading its answers is left to the stack behind's back-pressure.
    func testUnwritableChannelHandsOver() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            channel.isWritable = false
            let request = Requests.get("/luna/?variant=indoor")
            try channel.send(request)
            XCTAssertEqual(try channel.passedOnText(), request)
            XCTAssertEqual(handler.state, .handedOver)
        }
    }

    /// `Connection: close`: the answer says so, the connection closes once it is written, and
    /// nothing after it is answered, passed on or read.
    func testConnectionCloseAnswersThenClosesAndReadsNothingMore() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, socket) = try makeChannel(runtime)
            socket.holdingWrites = true
            try channel.send(
                Requests.get("/luna/?variant=indoor", "Connection: close\r\n") + Requests.get("/luna/?variant=patio"))
            let replies = try channel.sentReplies()
            XCTAssertEqual(replies.map(\.status), [200])
            XCTAssertEqual(replies.first?.headers["connection"], "close")
            XCTAssertTrue(replies.first?.body.contains("data-variant=\"indoor\"") ?? false)
            XCTAssertEqual(handler.state, .closing)
            // Open until the answer is written.
            XCTAssertTrue(channel.isActive)
            let reads = socket.reads
            channel.read()
            XCTAssertEqual(socket.reads, reads)
            try channel.send(Requests.get("/luna/menu/?variant=indoor"))
            XCTAssertEqual(try channel.sentText(), "")
            XCTAssertEqual(try channel.passedOnText(), "")
            socket.releaseWrites()
            XCTAssertFalse(channel.isActive)
        }
    }

    /// HTTP/1.0 closes unless asked not to; a client that asks is told the connection stays.
    func testHTTP10() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try channel.send(
                "GET /luna/?variant=indoor HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                    + "GET /luna/?variant=patio HTTP/1.0\r\n\r\n" + "GET /luna/?variant=indoor HTTP/1.0\r\n\r\n")
            let replies = try channel.sentReplies()
            XCTAssertEqual(replies.map(\.status), [200, 200])
            XCTAssertEqual(replies.first?.headers["connection"], "keep-alive")
            XCTAssertEqual(replies.last?.headers["connection"], "close")
            XCTAssertEqual(handler.state, .closing)
            XCTAssertFalse(channel.isActive)
        }
    }

    /// Once the output side has closed nothing can be answered: requests are dropped and reading
    /// stops.
    func testOutputClosedStopsAnsweringAndReading() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, socket) = try makeChannel(runtime)
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.outputClosed)
            XCTAssertEqual(handler.state, .closing)
            try channel.send(Requests.get("/luna/?variant=indoor"))
            XCTAssertEqual(try channel.sentText(), "")
            XCTAssertEqual(try channel.passedOnText(), "")
            let reads = socket.reads
            channel.read()
            XCTAssertEqual(socket.reads, reads)
        }
    }
}
