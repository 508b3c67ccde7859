import DistFormat
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOHTTP1
import Personalize
import TestKit
import XCTest

@testable import Runtime

/// Page requests on a real socket are answered by `PageFastPath` in the NIO pipeline; everything
/// else, and anything queued behind it, by Hummingbird. These tests hold the two to one behaviour.
final class FastPathTests: XCTestCase {
    /// What a response says, minus what legitimately differs between two servers (the date, the
    /// decision id inside a cookie, the chosen variant of a new visitor).
    struct Summary: Equatable {
        var request: String
        var status: Int
        var headers: [String: String]
        var hasCookie: Bool
        var body: String?
    }

    static let comparedHeaders: [HTTPField.Name] = [
        .contentType, .contentEncoding, .contentLength, .cacheControl, .vary, .eTag, .location,
    ]

    /// The same requests through the routed path and through the fast path give the same answers.
    func testBothStacksAnswerAlike() async throws {
        let routed = try await summaries(.router)
        let fast = try await summaries(.live)
        XCTAssertEqual(routed.count, fast.count)
        for (a, b) in zip(routed, fast) {
            XCTAssertEqual(a, b, a.request)
        }
    }

    private func summaries(_ mode: TestingSetup) async throws -> [Summary] {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let collected = Collected()
        try await withRuntime(fixture, mode: mode) { client, _ in
            /// `randomVariant`: the policy picked the variant, so bytes, length and ETag may differ.
            func note(_ label: String, _ response: TestResponse, randomVariant: Bool = false) {
                var headers: [String: String] = [:]
                for name in Self.comparedHeaders {
                    if let value = response.headers[name] { headers[name.canonicalName] = value }
                }
                // Hummingbird writes `Content-Length: 0` on a 304; the fast path sends none, as
                // RFC 9110 §8.6 prefers (the length would have to be the 200's).
                if response.status == .notModified { headers["content-length"] = nil }
                if randomVariant {
                    headers["content-length"] = nil
                    headers["etag"] = nil
                }
                collected.append(
                    Summary(
                        request: label, status: Int(response.status.code), headers: headers,
                        hasCookie: response.headers[.setCookie] != nil, body: randomVariant ? nil : response.text))
            }
            let preview = try await client.get("/luna/?variant=patio")
            note("preview", preview)
            let etag = try XCTUnwrap(preview.headers[.eTag])
            note("gzip", try await client.get("/luna/?variant=patio", [("Accept-Encoding", "gzip, br")]))
            note("304", try await client.get("/luna/?variant=patio", [("If-None-Match", etag)]))
            note("bare site", try await client.get("/luna"))
            note("unknown page", try await client.get("/luna/nope/"))
            note("unknown asset", try await client.get("/luna/assets/nope.css"))
            note("asset", try await client.get("/luna/assets/site.3f2a1b9c.css"))
            note("traversal", try await client.get("/luna/%2e%2e/manifest.json"))
            let head = try await client.execute(
                uri: "/luna/menu/?variant=indoor", method: .head, headers: headers([]), body: nil)
            note("head", head)
            let visitor = try await client.get("/luna/")
            note("new visitor", visitor, randomVariant: true)
            let cookie = try XCTUnwrap(visitor.cookiePair)
            let again = try await client.get("/luna/menu/", [("Cookie", cookie)])
            note("returning", again, randomVariant: true)
            XCTAssertEqual(again.servedVariant, visitor.servedVariant)
            note("redirect variant", try await client.get("/shop/?variant=express"))
            note("pinned", try await client.get("/luna/?src=qr&p=window&v=patio"))
        }
        return collected.values
    }

    /// Pipelined requests are answered in the order they were sent, even when a page (fast path)
    /// follows a request Hummingbird is still answering.
    func testPipelinedRequestsAreAnsweredInOrder() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let port = try XCTUnwrap(client.port)
            let requests = [
                "GET /luna/?variant=indoor HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /luna/_convert HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 17\r\n\r\n{\"goal\":\"order\"}\n",
                "GET /luna/menu/?variant=patio HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                "HEAD /luna/?variant=patio HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /luna/assets/site.3f2a1b9c.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            ]
            let replies = try LoopbackHTTP.exchange(port: port, requests.joined(), headRequests: [4])
            XCTAssertEqual(replies.map(\.status), [200, 401, 200, 200, 200, 200])
            guard replies.count == 6 else { return }
            XCTAssertTrue(replies[0].body.contains("data-variant=\"indoor\""))
            XCTAssertTrue(replies[1].body.contains("assignment cookie"), replies[1].body)
            XCTAssertTrue(replies[2].body.contains("data-variant=\"patio\""))
            XCTAssertTrue(replies[3].body.contains("\"ok\":true"), replies[3].body)
            XCTAssertEqual(replies[4].body, "")
            XCTAssertEqual(replies[5].headers["content-type"], "text/css; charset=utf-8")
            for reply in replies { XCTAssertNotNil(reply.headers["date"]) }
        }
    }

    /// A request the plain reader leaves to NIO (here a User-Agent with a non-ASCII byte) hands
    /// the connection over from that request on; both tiers answer alike, and in order.
    func testHandOverToTheNIOTierKeepsAnswersAlikeAndInOrder() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let port = try XCTUnwrap(client.port)
            let plain = "GET /luna/?variant=patio HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
            let unusual =
                "GET /luna/?variant=patio HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nUser-Agent: caf\u{e9}\r\n\r\n"
            let replies = try LoopbackHTTP.exchange(
                port: port,
                plain + unusual + "GET /luna/menu/?variant=indoor HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            XCTAssertEqual(replies.map(\.status), [200, 200, 200])
            guard replies.count == 3 else { return }
            var first = replies[0].headers
            var second = replies[1].headers
            first["date"] = nil
            second["date"] = nil
            XCTAssertEqual(first, second)
            XCTAssertEqual(first["content-encoding"], "gzip")
            XCTAssertEqual(replies[0].body, replies[1].body)
            XCTAssertEqual(replies[2].headers["connection"], "close")
            XCTAssertTrue(replies[2].body.contains("data-variant=\"indoor\""))
            // A request that arrives in pieces is read whole.
            let split = try LoopbackHTTP.exchange(
                port: port, ["GET /luna/?vari", "ant=indoor HTTP/1.1\r\nHo", "st: x\r\nConnection: close\r\n\r\n"])
            XCTAssertEqual(split.map(\.status), [200])
        }
    }

    /// A client that goes silent, between requests or halfway through one, is disconnected after
    /// the read timeout instead of holding a connection forever. (`exchange` reads until the
    /// server closes, and fails after 10 s if it never does.)
    func testSilentClientsAreDisconnected() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, configure: { $0.readIdleTimeout = .milliseconds(200) }) { client, _ in
            let port = try XCTUnwrap(client.port)
            let halfARequest = try LoopbackHTTP.exchange(port: port, "GET /luna/?variant=indoor HT")
            XCTAssertEqual(halfARequest.count, 0)
            let keptAlive = try LoopbackHTTP.exchange(
                port: port, "GET /luna/?variant=indoor HTTP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertEqual(keptAlive.map(\.status), [200])
        }
    }

    /// Requests the HTTP parser refuses get the status that names the problem, a JSON message,
    /// and a closed connection; answers already given on the connection stay in order before it.
    func testUnparseableRequestsAreAnsweredInJSONAndClosed() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let port = try XCTUnwrap(client.port)
            let cases: [(String, Int, String)] = [
                ("BREW /luna/ HTTP/1.1\r\nHost: x\r\n\r\n", 501, "method not supported"),
                (
                    "GET /luna/ HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n", 431,
                    "too large"
                ),
                ("GET /luna/ HTTP/9.9\r\nHost: x\r\n\r\n", 505, "HTTP version not supported"),
            ]
            for (request, status, message) in cases {
                let replies = try LoopbackHTTP.exchange(port: port, request)
                XCTAssertEqual(replies.map(\.status), [status], message)
                XCTAssertEqual(replies.first?.headers["content-type"], "application/json; charset=utf-8")
                XCTAssertTrue(replies.first?.body.contains(message) ?? false, replies.first?.body ?? "")
            }
            let afterAPage = try LoopbackHTTP.exchange(
                port: port, "GET /luna/?variant=indoor HTTP/1.1\r\nHost: x\r\n\r\nBREW / HTTP/1.1\r\n\r\n")
            XCTAssertEqual(afterAPage.map(\.status), [200, 501])
            // NIO sends any answer to CONNECT without a body: the status says it, and the
            // connection closes instead of leaving the client waiting.
            let connect = try LoopbackHTTP.exchange(port: port, "CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertEqual(connect.map(\.status), [501])
        }
    }

    /// HTTP/1.0 closes after the answer unless the client asks to keep the connection.
    func testHTTP10ConnectionHandling() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let port = try XCTUnwrap(client.port)
            let kept = try LoopbackHTTP.exchange(
                port: port,
                "GET /luna/?variant=indoor HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                    + "GET /luna/?variant=patio HTTP/1.0\r\n\r\n"
                    + "GET /luna/?variant=indoor HTTP/1.0\r\n\r\n")
            // The second request did not ask to keep the connection: the third is never answered.
            XCTAssertEqual(kept.map(\.status), [200, 200])
            XCTAssertEqual(kept.first?.headers["connection"], "keep-alive")
            XCTAssertEqual(kept.last?.headers["connection"], "close")
            XCTAssertTrue(kept.last?.body.contains("data-variant=\"patio\"") ?? false)
        }
    }

    /// A page is answered at its head, as Hummingbird does, so a client waiting for
    /// `100 Continue` before sending a (meaningless) body is not left hanging.
    func testPageIsAnsweredBeforeItsBody() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let replies = try LoopbackHTTP.exchange(
                port: try XCTUnwrap(client.port),
                "GET /luna/?variant=indoor HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                    + "Expect: 100-continue\r\nConnection: close\r\n\r\n")
            XCTAssertEqual(replies.map(\.status), [200])
        }
    }

    /// After a request that closes the connection, later pipelined requests are neither answered
    /// nor decided: no impression is recorded for a page nobody will receive.
    func testNothingIsDecidedAfterAClosingRequest() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let port = try XCTUnwrap(client.port)
            let afterRouted = try LoopbackHTTP.exchange(
                port: port,
                "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    + "GET /luna/ HTTP/1.1\r\nHost: x\r\nUser-Agent: \(UserAgents.iPhone)\r\n\r\n")
            XCTAssertEqual(afterRouted.map(\.status), [200])
            let afterPage = try LoopbackHTTP.exchange(
                port: port,
                "GET /luna/?variant=indoor HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    + "GET /luna/ HTTP/1.1\r\nHost: x\r\nUser-Agent: \(UserAgents.iPhone)\r\n\r\n")
            XCTAssertEqual(afterPage.map(\.status), [200])
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions"), 0)
    }

    /// Headers sent as several field lines are read whole on both paths: any `If-None-Match`
    /// line can match, and only the last `X-Forwarded-Proto` (our proxy's) counts.
    func testRepeatedFieldLinesOnBothPaths() async throws {
        for mode in [TestingSetup.router, .live] {
            let fixture = try DistFixture()
            defer { fixture.remove() }
            try await withRuntime(fixture, mode: mode) { client, _ in
                let first = try await client.get("/luna/?variant=patio")
                let etag = try XCTUnwrap(first.headers[.eTag])
                let revalidated = try await client.get(
                    "/luna/?variant=patio", [("If-None-Match", "\"other\""), ("If-None-Match", etag)])
                XCTAssertEqual(revalidated.status, .notModified, "\(mode)")
                for (lines, secure) in [
                    (["https", "http"], false), (["http", "https"], true), (["https, http"], false),
                    (["http, https"], true),
                ] {
                    var fields = [("User-Agent", UserAgents.iPhone)]
                    for line in lines { fields.append(("X-Forwarded-Proto", line)) }
                    let page = try await client.get("/luna/", fields)
                    let cookie = try XCTUnwrap(page.headers[.setCookie])
                    XCTAssertEqual(cookie.hasSuffix("; Secure"), secure, "\(lines) \(mode)")
                }
            }
        }
    }

    /// The routed path gives the context extractor the `Host` header that HTTPTypes moved into
    /// the authority, so a site reading it decides alike on both paths.
    func testBothPathsShowTheHostHeaderToTheExtractor() {
        var fields = HTTPFields()
        fields[.userAgent] = UserAgents.iPhone
        let extractor = ContextExtractor(extras: [ExtraFeature(name: "domain", origin: .header("Host"))])
        let routed = RoutedRequestHeaders(fields: fields, authority: "menu.example.com").fieldList(readBy: extractor)
        let fast = HTTPHeaders([("Host", "menu.example.com"), ("User-Agent", UserAgents.iPhone)]).fieldList(
            readBy: extractor)
        let describe = { (list: [(name: String, value: String)]) in
            RequestDescription(headers: list, query: [:], date: Date()).header("host")
        }
        XCTAssertEqual(describe(routed), "menu.example.com")
        XCTAssertEqual(describe(fast), "menu.example.com")
    }
}

/// Collects from a `@Sendable` test body.
private final class Collected: @unchecked Sendable {
    // Only touched from the one test task, sequentially.
    private(set) var values: [FastPathTests.Summary] = []
    func append(_ summary: FastPathTests.Summary) { values.append(summary) }
}
