import NIOCore
import NIOEmbedded
import NIOHTTP1
import TestKit
import XCTest

@testable import Runtime

/// `PageFastPath` in an `EmbeddedChannel`, first fed request parts directly (what reaches the end
/// of the pipeline is what Hummingbird would read, and the test writes Hummingbird's answers),
/// then behind `PlainPageFastPath` and NIO's HTTP codec, as `SitegenHTTP1Channel` builds it.
final class PageFastPathTests: XCTestCase {
    private func makeChannel(_ runtime: SitegenRuntime) throws -> (EmbeddedChannel, PageFastPath, SocketEnd) {
        let socket = SocketEnd()
        let handler = PageFastPath(runtime: runtime)
        return (try .connected([socket, handler]), handler, socket)
    }

    private func head(
        _ method: HTTPMethod, _ uri: String, _ fields: [(String, String)] = [], version: HTTPVersion = .http1_1
    ) -> HTTPServerRequestPart {
        .head(
            HTTPRequestHead(version: version, method: method, uri: uri, headers: HTTPHeaders([("Host", "x")] + fields)))
    }

    private func body(_ text: String) -> HTTPServerRequestPart {
        .body(ByteBuffer(string: text))
    }

    /// Writes `parts` inbound, one read each.
    private func send(_ channel: EmbeddedChannel, _ parts: HTTPServerRequestPart...) throws {
        for part in parts { try channel.writeInbound(part) }
    }

    /// Writes a whole answer of Hummingbird's out through the pipeline.
    private func answerAsHummingbird(_ channel: EmbeddedChannel, status: HTTPResponseStatus = .ok, _ text: String)
        throws
    {
        let headers = HTTPHeaders([("Content-Length", String(text.utf8.count))])
        try channel.writeOutbound(
            HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
        try channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: text))))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
    }

    private func sentParts(_ channel: EmbeddedChannel) throws -> [HTTPServerResponsePart] {
        var parts: [HTTPServerResponsePart] = []
        while let part = try channel.readOutbound(as: HTTPServerResponsePart.self) { parts.append(part) }
        return parts
    }

    private func responseHead(_ parts: [HTTPServerResponsePart]) -> HTTPResponseHead? {
        guard case .head(let head) = parts.first else { return nil }
        return head
    }

    // MARK: Request parts

    /// A page is answered at its head; its body, meaningless to a page, is dropped.
    func testAnswersAPageAtItsHeadAndDropsItsBody() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try send(channel, head(.GET, "/luna/?variant=indoor", [("Content-Length", "4")]))
            let sent = try sentParts(channel)
            XCTAssertEqual(describe(sent), ["HEAD 200", "BODY", "END"])
            XCTAssertNil(responseHead(sent)?.headers.first(name: "Connection"))
            XCTAssertEqual(handler.state, .droppingBody)
            try send(channel, body("abcd"), .end(nil))
            XCTAssertEqual(describe(try channel.passedOnParts()), [])
            XCTAssertEqual(handler.state, .awaitingHead(routedInFlight: 0))
        }
    }

    func testHEADGetsTheLengthWithoutTheBody() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, _, _) = try makeChannel(runtime)
            try send(channel, head(.HEAD, "/luna/?variant=patio"), .end(nil))
            let sent = try sentParts(channel)
            XCTAssertEqual(describe(sent), ["HEAD 200", "END"])
            XCTAssertNotEqual(responseHead(sent)?.headers.first(name: "Content-Length") ?? "0", "0")
        }
    }

    /// Requests that are not for a site's pages go to Hummingbird, each counted until its answer
    /// ends.
    func testRequestsItDoesNotClaimArePassedOn() async throws {
        try await withEmbeddedRuntime { runtime in
            for uri in ["/nosuch/", "/ml/bandit/select?site=luna", "/luna/_go/0", "/luna/_convert", "/metrics"] {
                let (channel, handler, _) = try makeChannel(runtime)
                try send(channel, head(.GET, uri), .end(nil))
                XCTAssertEqual(describe(try channel.passedOnParts()), ["HEAD GET \(uri)", "END"], uri)
                XCTAssertEqual(describe(try sentParts(channel)), [], uri)
                XCTAssertEqual(handler.state, .awaitingHead(routedInFlight: 1), uri)
            }
        }
    }

    /// While a request handed to Hummingbird has not been answered to its `.end`, later page
    /// requests go to Hummingbird too, so answers keep their order; after the last `.end`, pages
    /// are answered here again.
    func testRoutedRequestInFlightPassesLaterPagesOnUntilItsAnswerEnds() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try send(channel, head(.POST, "/luna/_convert", [("Content-Length", "16")]))
            XCTAssertEqual(handler.state, .routingBody(routedInFlight: 1))
            try send(channel, body("{\"goal\":\"order\"}"), .end(nil))
            try send(channel, head(.GET, "/luna/?variant=indoor"), .end(nil))
            XCTAssertEqual(
                describe(try channel.passedOnParts()),
                [
                    "HEAD POST /luna/_convert", "BODY {\"goal\":\"order\"}", "END", "HEAD GET /luna/?variant=indoor",
                    "END",
                ])
            XCTAssertEqual(handler.state, .awaitingHead(routedInFlight: 2))

            // The first answer ends; the second is still owed, so the next page waits its turn too.
            try answerAsHummingbird(channel, status: .unauthorized, "no")
            XCTAssertEqual(handler.state, .awaitingHead(routedInFlight: 1))
            try send(channel, head(.GET, "/luna/menu/?variant=patio"), .end(nil))
            XCTAssertEqual(describe(try channel.passedOnParts()), ["HEAD GET /luna/menu/?variant=patio", "END"])
            XCTAssertEqual(handler.state, .awaitingHead(routedInFlight: 2))
            try answerAsHummingbird(channel, "page")
            try answerAsHummingbird(channel, "menu")
            XCTAssertEqual(handler.state, .awaitingHead(routedInFlight: 0))

            try send(channel, head(.GET, "/luna/?variant=patio"), .end(nil))
            XCTAssertEqual(describe(try channel.passedOnParts()), [])
            XCTAssertEqual(
                describe(try sentParts(channel)),
                ["HEAD 401", "BODY", "END", "HEAD 200", "BODY", "END", "HEAD 200", "BODY", "END"]
                    + ["HEAD 200", "BODY", "END"])
        }
    }

    /// Hummingbird may answer before a request's body has arrived: the body still goes to it, and
    /// the next page is answered here.
    func testAnswerBeforeTheBodyEnds() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try send(channel, head(.POST, "/luna/_convert", [("Content-Length", "4")]))
            try answerAsHummingbird(channel, status: .badRequest, "no")
            XCTAssertEqual(handler.state, .routingBody(routedInFlight: 0))
            try send(channel, body("abcd"), .end(nil))
            XCTAssertEqual(describe(try channel.passedOnParts()), ["HEAD POST /luna/_convert", "BODY abcd", "END"])
            XCTAssertEqual(handler.state, .awaitingHead(routedInFlight: 0))
            _ = try sentParts(channel)
            try send(channel, head(.GET, "/luna/?variant=indoor"), .end(nil))
            XCTAssertEqual(describe(try sentParts(channel)), ["HEAD 200", "BODY", "END"])
        }
    }

    /// A page with `Connection: close`: the answer says so; the request is read to its end, then
    /// nothing more is read, answered or passed on, and the connection closes once written.
    func testPageWithConnectionClose() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, socket) = try makeChannel(runtime)
            socket.holdingWrites = true
            try send(channel, head(.GET, "/luna/?variant=indoor", [("Connection", "close"), ("Content-Length", "4")]))
            let sent = try sentParts(channel)
            XCTAssertEqual(describe(sent), ["HEAD 200", "BODY", "END"])
            XCTAssertEqual(responseHead(sent)?.headers.first(name: "Connection"), "close")
            XCTAssertEqual(handler.state, .droppingLastBody)
            var reads = socket.reads
            channel.read()
            XCTAssertEqual(socket.reads, reads + 1, "the body is still read")
            try send(channel, body("abcd"), .end(nil))
            XCTAssertEqual(handler.state, .closing)
            reads = socket.reads
            channel.read()
            XCTAssertEqual(socket.reads, reads)
            try send(channel, head(.GET, "/luna/?variant=patio"), .end(nil))
            XCTAssertEqual(describe(try sentParts(channel)), [])
            XCTAssertEqual(describe(try channel.passedOnParts()), [])
            XCTAssertTrue(channel.isActive)
            socket.releaseWrites()
            XCTAssertFalse(channel.isActive)
        }
    }

    /// A routed request that closes the connection: its body and end still go to Hummingbird,
    /// and nothing after it is answered here or read.
    func testRoutedRequestWithConnectionClose() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, socket) = try makeChannel(runtime)
            try send(channel, head(.POST, "/luna/_convert", [("Connection", "close"), ("Content-Length", "4")]))
            XCTAssertEqual(handler.state, .routingLastBody)
            try send(channel, body("abcd"), .end(nil))
            XCTAssertEqual(handler.state, .closing)
            try send(channel, head(.GET, "/luna/?variant=patio"), .end(nil))
            XCTAssertEqual(describe(try channel.passedOnParts()), ["HEAD POST /luna/_convert", "BODY abcd", "END"])
            XCTAssertEqual(describe(try sentParts(channel)), [])
            let reads = socket.reads
            channel.read()
            XCTAssertEqual(socket.reads, reads)
        }
    }

    /// The output side closing halfway through a routed request: the request still reaches
    /// Hummingbird whole, and then reading stops.
    func testOutputClosedDuringARoutedBody() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try send(channel, head(.POST, "/luna/_convert", [("Content-Length", "4")]))
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.outputClosed)
            XCTAssertEqual(handler.state, .routingLastBody)
            try send(channel, body("abcd"), .end(nil))
            XCTAssertEqual(describe(try channel.passedOnParts()), ["HEAD POST /luna/_convert", "BODY abcd", "END"])
            XCTAssertEqual(handler.state, .closing)
        }
    }

    /// CONNECT is refused with 501 and the connection closed.
    func testCONNECTIsRefused() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try send(channel, head(.CONNECT, "example.com:443"))
            let sent = try sentParts(channel)
            XCTAssertEqual(describe(sent), ["HEAD 501", "BODY", "END"])
            XCTAssertEqual(responseHead(sent)?.headers.first(name: "Connection"), "close")
            XCTAssertEqual(handler.state, .droppingLastBody)
            XCTAssertFalse(channel.isActive)
        }
    }

    /// A parse error is answered here only when nothing of Hummingbird's is under way; otherwise
    /// it goes on, for Hummingbird to answer in order.
    func testParseErrorIsAnsweredHereOnlyWithNothingRouted() async throws {
        try await withEmbeddedRuntime { runtime in
            let (idle, idleHandler, _) = try makeChannel(runtime)
            idle.pipeline.fireErrorCaught(HTTPParserError.invalidVersion)
            XCTAssertEqual(describe(try sentParts(idle)), ["HEAD 505", "BODY", "END"])
            XCTAssertEqual(idleHandler.state, .droppingLastBody)
            XCTAssertNoThrow(try idle.throwIfErrorCaught())

            let (busy, busyHandler, _) = try makeChannel(runtime)
            try send(busy, head(.GET, "/healthz"), .end(nil))
            busy.pipeline.fireErrorCaught(HTTPParserError.invalidVersion)
            XCTAssertThrowsError(try busy.throwIfErrorCaught())
            XCTAssertEqual(describe(try sentParts(busy)), [])
            XCTAssertEqual(busyHandler.state, .awaitingHead(routedInFlight: 1))
        }
    }

    /// RFC 9112 §3.2: without Host (HTTP/1.1), or with two, a request is refused with 400 here;
    /// behind a routed request in flight, Hummingbird refuses it in order (a parse error).
    func testBadHostIsRefusedInOrder() async throws {
        try await withEmbeddedRuntime { runtime in
            let (idle, idleHandler, _) = try makeChannel(runtime)
            try send(
                idle,
                .head(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/luna/", headers: HTTPHeaders())))
            XCTAssertEqual(describe(try sentParts(idle)), ["HEAD 400", "BODY", "END"])
            XCTAssertEqual(idleHandler.state, .droppingLastBody)
            XCTAssertFalse(idle.isActive)

            let (busy, busyHandler, _) = try makeChannel(runtime)
            try send(busy, head(.POST, "/luna/_convert", [("Content-Length", "0")]), .end(nil))
            // The error reaches the end of the pipeline, where Hummingbird would read it.
            XCTAssertThrowsError(try send(busy, head(.GET, "/luna/", [("Host", "y")])))
            XCTAssertEqual(describe(try busy.passedOnParts()), ["HEAD POST /luna/_convert", "END"])
            XCTAssertEqual(describe(try sentParts(busy)), [])
            XCTAssertEqual(busyHandler.state, .droppingLastBody)
        }
    }

    /// A routed request that does not keep the connection (HTTP/1.0 by default) reaches
    /// Hummingbird saying `Connection: close`, which is how it knows to close; bytes the parser
    /// refuses after it are nobody's to answer.
    func testNothingIsAnsweredAfterARoutedRequestThatCloses() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, handler, _) = try makeChannel(runtime)
            try send(channel, head(.GET, "/ml/models", version: .http1_0), .end(nil))
            let parts = try channel.passedOnParts()
            XCTAssertEqual(describe(parts), ["HEAD GET /ml/models", "END"])
            guard case .head(let routed) = parts.first else { return XCTFail("no head") }
            XCTAssertEqual(routed.headers["Connection"], ["close"])
            XCTAssertEqual(handler.state, .closing)
            channel.pipeline.fireErrorCaught(HTTPParserError.closedConnection)
            XCTAssertNoThrow(try channel.throwIfErrorCaught())
            XCTAssertEqual(describe(try sentParts(channel)), [])
        }
    }

    // MARK: Behind the plain tier and NIO's codec

    private func makeStack(_ runtime: SitegenRuntime) throws -> (EmbeddedChannel, PlainPageFastPath, PageFastPath) {
        let plain = PlainPageFastPath(runtime: runtime)
        let page = PageFastPath(runtime: runtime)
        let channel = try EmbeddedChannel.connected([SocketEnd(), plain])
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withPipeliningAssistance: false, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandler(page)
        return (channel, plain, page)
    }

    /// A plain GET, one the plain reader leaves to NIO (a non-ASCII User-Agent), a POST with a
    /// body, and a page behind it: the first is answered from the bytes, the second by
    /// `PageFastPath` behind NIO's parser, the POST and the page behind it reach Hummingbird
    /// whole and in order, and their answers follow the first two.
    func testHandOverToNIOsParserKeepsOrderAndBytes() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, plain, page) = try makeStack(runtime)
            let unusual = Requests.get("/luna/?variant=patio", "User-Agent: caf\u{e9}\r\n")
            try channel.send(
                Requests.get("/luna/?variant=indoor") + unusual
                    + Requests.post("/luna/_convert", body: "{\"goal\":\"order\"}") + Requests.get("/luna/menu/"))
            let first = try channel.sentReplies()
            XCTAssertEqual(first.map(\.status), [200, 200])
            XCTAssertEqual(plain.state, .handedOver)
            guard first.count == 2 else { return }
            XCTAssertTrue(first[0].body.contains("data-variant=\"indoor\""))
            XCTAssertTrue(first[1].body.contains("data-variant=\"patio\""))
            XCTAssertEqual(
                describe(try channel.passedOnParts()),
                ["HEAD POST /luna/_convert", "BODY {\"goal\":\"order\"}", "END", "HEAD GET /luna/menu/", "END"])
            XCTAssertEqual(page.state, .awaitingHead(routedInFlight: 2))

            try answerAsHummingbird(channel, status: .unauthorized, "no")
            try answerAsHummingbird(channel, "menu")
            let routed = try channel.sentReplies()
            XCTAssertEqual(routed.map(\.status), [401, 200])
            XCTAssertEqual(routed.map(\.body), ["no", "menu"])

            // From here on NIO's parser reads every request; a page arriving in pieces is
            // answered by `PageFastPath` once whole.
            try channel.send("GET /luna/?variant=indoor HTTP/1.1\r\nHo")
            XCTAssertEqual(try channel.sentText(), "")
            try channel.send("st: x\r\n\r\n" + Requests.head("/luna/?variant=patio"))
            XCTAssertEqual(try channel.sentReplies(headRequests: [1]).map(\.status), [200, 200])
            XCTAssertEqual(page.state, .awaitingHead(routedInFlight: 0))
        }
    }

    /// A request NIO's parser refuses, behind a page answered from the bytes, is answered in
    /// order after it, and the connection closed.
    func testParseErrorAfterAPlainAnswerComesSecond() async throws {
        try await withEmbeddedRuntime { runtime in
            let (channel, _, _) = try makeStack(runtime)
            try channel.send(Requests.get("/luna/?variant=indoor") + "BREW / HTTP/1.1\r\n\r\n")
            let replies = try channel.sentReplies()
            XCTAssertEqual(replies.map(\.status), [200, 501])
            XCTAssertEqual(replies.last?.headers["connection"], "close")
            XCTAssertEqual(replies.last?.headers["content-type"], "application/json; charset=utf-8")
            XCTAssertFalse(channel.isActive)
        }
    }
}
