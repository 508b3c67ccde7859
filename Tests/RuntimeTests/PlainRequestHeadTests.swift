import NIOCore
import Personalize
import XCTest

@testable import Runtime

/// The plain-request reader in front of NIO's parser: what it takes, what it leaves to NIO, and
/// what it reads of the headers it takes.
final class PlainRequestHeadTests: XCTestCase {
    private func scan(_ text: String) -> PlainRequestHead.Scan {
        PlainRequestHead.scan(ByteBuffer(string: text))
    }

    private func plain(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> PlainRequestHead? {
        guard case .plain(let head, let length) = scan(text) else {
            XCTFail("not read as plain: \(text.debugDescription)", file: file, line: line)
            return nil
        }
        XCTAssertEqual(length, text.utf8.count, file: file, line: line)
        return head
    }

    func testReadsAPlainHead() throws {
        let text =
            "GET /luna/menu/?src=qr HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0 (iPhone)\r\n"
            + "Cookie:  a=1 \r\nCookie: b=2\r\n\r\n"
        let head = try XCTUnwrap(plain(text))
        XCTAssertFalse(head.isHead)
        XCTAssertEqual(head.uri, "/luna/menu/?src=qr")
        XCTAssertFalse(head.isHTTP10)
        XCTAssertTrue(head.isKeepAlive)
        var cookies: [String] = []
        head.forEachValue(of: .cookie) { value in
            cookies.append(value)
            return true
        }
        XCTAssertEqual(cookies, ["a=1", "b=2"])
        // Headers noted absent while parsing are not looked for again.
        XCTAssertEqual(head.knownPresent, KnownHeader.cookie.bit)
        head.forEachValue(of: .ifNoneMatch) { _ in
            XCTFail("no If-None-Match was sent")
            return true
        }
        let shouting = try XCTUnwrap(
            plain("GET / HTTP/1.1\r\nHost: x\r\nCOOKIE: c=3\r\nX-Forwarded-Proto: https\r\n\r\n"))
        XCTAssertEqual(shouting.knownPresent, KnownHeader.cookie.bit | KnownHeader.forwardedProto.bit)
        XCTAssertEqual(shouting.lastListElement(of: .forwardedProto), "https")
        // Only the fields the extractor reads become Strings, in order, names as sent.
        let plainExtractor = ContextExtractor()
        XCTAssertEqual(head.fieldList(readBy: plainExtractor).map(\.name), ["User-Agent"])
        XCTAssertEqual(head.fieldList(readBy: plainExtractor).first?.value, "Mozilla/5.0 (iPhone)")
        let readsCookies = ContextExtractor(extras: [ExtraFeature(name: "jar", origin: .header("cookie"))])
        XCTAssertEqual(head.fieldList(readBy: readsCookies).map(\.name), ["User-Agent", "Cookie", "Cookie"])
    }

    func testOnlyTheHeadIsTaken() throws {
        let first = "HEAD /luna/ HTTP/1.1\r\nHost: x\r\n\r\n"
        guard case .plain(let head, let length) = scan(first + "GET /luna/ HTTP/1.1\r\n") else {
            return XCTFail("pipelined head not read")
        }
        XCTAssertTrue(head.isHead)
        XCTAssertEqual(length, first.utf8.count)
    }

    func testConnectionOptions() throws {
        let cases: [(String, Bool)] = [
            ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", true),
            ("GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n", false),
            ("GET / HTTP/1.1\r\nConnection: keep-alive, close\r\nHost: x\r\n\r\n", false),
            ("GET / HTTP/1.0\r\n\r\n", false),
            ("GET / HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n", true),
            ("GET / HTTP/1.0\r\nConnection: upgrade-ish, keep-alive\r\n\r\n", true),
        ]
        for (text, keepAlive) in cases {
            XCTAssertEqual(plain(text)?.isKeepAlive, keepAlive, text.debugDescription)
        }
        XCTAssertEqual(plain("GET / HTTP/1.0\r\n\r\n")?.isHTTP10, true)
    }

    func testIncompleteHeadsWait() {
        for text in ["", "G", "GE", "HEA", "GET /luna/ HTTP/1.1\r\n", "GET /luna/ HTTP/1.1\r\nHost: x\r\n\r"] {
            guard case .incomplete = scan(text) else { return XCTFail("not incomplete: \(text.debugDescription)") }
        }
    }

    /// Everything unusual is NIO's to read, and to answer as it does.
    func testUnusualRequestsAreLeftToNIO() {
        let cases = [
            "POST /luna/_convert HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
            "get /luna/ HTTP/1.1\r\n\r\n",
            "GET  /luna/ HTTP/1.1\r\n\r\n",
            "GET luna/ HTTP/1.1\r\n\r\n",
            "GET http://x/luna/ HTTP/1.1\r\n\r\n",
            "GET /luna/ HTTP/2.0\r\n\r\n",
            "GET /luna/ HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
            "GET /luna/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "GET /luna/ HTTP/1.1\r\nUpgrade: websocket\r\n\r\n",
            "GET /luna/ HTTP/1.1\r\nX-Folded: a\r\n b\r\n\r\n",
            "GET /luna/ HTTP/1.1\r\nBad Name: a\r\n\r\n",
            "GET /luna/ HTTP/1.1\r\n: a\r\n\r\n",
            "GET /luna/ HTTP/1.1\r\nUser-Agent: caf\u{e9}\r\n\r\n",
            "GET /luna/ HTTP/1.1\r\nX-Bare: a\rb\r\n\r\n",
            "GET /lu\u{e9}na/ HTTP/1.1\r\n\r\n",
            "GET /luna/ HTTP/1.1\r\n" + String(repeating: "X-A: b\r\n", count: 65) + "\r\n",
            "GET /luna/ HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 9000))",
        ]
        for text in cases {
            guard case .notPlain = scan(text) else {
                return XCTFail("taken as plain: \(text.prefix(60).debugDescription)")
            }
        }
        XCTAssertNotNil(plain("GET /luna/ HTTP/1.1\r\nContent-Length: 0\r\nHost: x\r\n\r\n"))
    }

    /// RFC 9112 §3.2: an HTTP/1.1 request needs exactly one valid Host (HTTP/1.0 at most one); any
    /// other is NIO's to read and `PageFastPath`'s to refuse.
    func testHostRuleIsLeftToNIO() {
        for text in [
            "GET /luna/ HTTP/1.1\r\n\r\n", "GET /luna/ HTTP/1.1\r\nHost: x\r\nhost: y\r\n\r\n",
            "GET /luna/ HTTP/1.0\r\nHost: x\r\nHost: x\r\n\r\n", "GET /luna/ HTTP/1.1\r\nHost: a b\r\n\r\n",
            "GET /luna/ HTTP/1.1\r\nHost: a/b\r\n\r\n",
        ] {
            guard case .notPlain = scan(text) else { return XCTFail("taken as plain: \(text.debugDescription)") }
        }
        XCTAssertNotNil(plain("GET /luna/ HTTP/1.1\r\nhOsT: [::1]:8080\r\n\r\n"))
        XCTAssertNotNil(plain("GET /luna/ HTTP/1.0\r\n\r\n"))
    }

    /// A head with a line ending in a bare LF is refused, whatever its method.
    func testBareLineFeeds() {
        for text in [
            "GET /luna/ HTTP/1.1\n\n", "GET /luna/ HTTP/1.1\nHost: x\r\n\r\n", "GET /luna/ HTTP/1.1\r\nHost: x\n",
            "POST /luna/_convert HTTP/1.1\nHost: x\n\n", "\n",
        ] {
            guard case .bareLineFeed = scan(text) else { return XCTFail("not refused: \(text.debugDescription)") }
        }
        guard case .notPlain = scan("POST /luna/_convert HTTP/1.1\r\nHost: x\n\n") else {
            return XCTFail("a POST's fields are NIO's to read")
        }
    }
}
