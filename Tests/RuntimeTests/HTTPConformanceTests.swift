import Foundation
import TestKit
import XCTest

@testable import Runtime

#if canImport(Glibc)
    import Glibc
#endif

/// RFC 9112 framing and smuggling cases as exact bytes on a socket to a live server, through both
/// tiers: requests the fast paths answer (pages of `/luna/`) and requests handed to Hummingbird
/// (`/healthz`, `POST /luna/_convert`, which is 400 for a body without a goal). Each case's bytes are
/// followed by a probe page request that closes; the statuses that come back before the server
/// closes say both what each request got and whether the connection went on after it (the probe's
/// 200 last) or was closed (no probe answer).
final class HTTPConformanceTests: XCTestCase {
    private struct Case {
        var name: String
        var bytes: String
        var statuses: [Int]
        /// A phrase the first answer's body must contain, if any.
        var says: String? = nil
    }

    private static let probe = "GET /luna/?variant=patio HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    private static let page = "GET /luna/?variant=indoor HTTP/1.1\r\nHost: x\r\n"
    private static let api = "GET /healthz HTTP/1.1\r\nHost: x\r\n"
    private static let convert = "POST /luna/_convert HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"

    private static func fields(_ count: Int) -> String {
        (0..<count).map { "X-F\($0): v\r\n" }.joined()
    }

    private static let cases: [Case] = [
        // Sanity: one request each tier, the connection goes on.
        Case(name: "page", bytes: page + "\r\n", statuses: [200, 200]),
        Case(name: "api", bytes: api + "\r\n", statuses: [200, 200]),
        Case(name: "convert", bytes: convert + "Content-Length: 2\r\n\r\n{}", statuses: [400, 200], says: "goal"),

        // Content-Length and Transfer-Encoding (RFC 9112 §6): anything ambiguous is 400 and closes.
        Case(
            name: "duplicate Content-Length", bytes: convert + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
            statuses: [400], says: "Content-Length"),
        Case(
            name: "conflicting Content-Length", bytes: convert + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}x",
            statuses: [400], says: "Content-Length"),
        Case(
            name: "Content-Length list", bytes: convert + "Content-Length: 2, 2\r\n\r\n{}", statuses: [400],
            says: "Content-Length"),
        Case(
            name: "negative Content-Length", bytes: convert + "Content-Length: -1\r\n\r\n", statuses: [400],
            says: "Content-Length"),
        Case(
            name: "Content-Length with chunked",
            bytes: convert + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            statuses: [400]),
        Case(
            name: "chunked with Content-Length",
            bytes: convert + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            statuses: [400]),
        Case(
            name: "Transfer-Encoding not ending in chunked", bytes: convert + "Transfer-Encoding: gzip\r\n\r\n{}",
            statuses: [400]),
        Case(
            name: "Transfer-Encoding chunked, gzip",
            bytes: convert + "Transfer-Encoding: chunked, gzip\r\n\r\n2\r\n{}\r\n0\r\n\r\n", statuses: [400]),
        Case(
            name: "Transfer-Encoding identity", bytes: convert + "Transfer-Encoding: identity\r\n\r\n{}",
            statuses: [400]),
        Case(
            name: "chunked body", bytes: convert + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            statuses: [400, 200], says: "goal"),
        Case(
            name: "malformed chunk size", bytes: convert + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            statuses: [400], says: "chunk size"),
        Case(name: "GET with a body", bytes: page + "Content-Length: 5\r\n\r\nhello", statuses: [200, 200]),
        Case(
            name: "GET with a chunked body", bytes: page + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            statuses: [200, 200]),

        // Field syntax (RFC 9112 §5): obs-fold, whitespace before the colon, NUL and control bytes.
        Case(name: "obs-fold", bytes: page + "X-A: b\r\n c\r\n\r\n", statuses: [400], says: "header"),
        Case(name: "space before colon", bytes: page + "X-A : b\r\n\r\n", statuses: [400], says: "header"),
        Case(name: "NUL in a value", bytes: page + "X-A: a\u{0}b\r\n\r\n", statuses: [400], says: "header"),
        Case(name: "control byte in a value", bytes: page + "X-A: a\u{1}b\r\n\r\n", statuses: [400], says: "header"),
        Case(name: "NUL in the target", bytes: "GET /luna/\u{0} HTTP/1.1\r\nHost: x\r\n\r\n", statuses: [400]),
        Case(name: "space in the target", bytes: "GET /luna/ x HTTP/1.1\r\nHost: x\r\n\r\n", statuses: [400]),

        // Line ends (RFC 9112 §2.2): bare LF is refused alike in both tiers, with a clear 400.
        Case(
            name: "bare LF everywhere", bytes: "GET /luna/?variant=indoor HTTP/1.1\nHost: x\n\n", statuses: [400],
            says: "CRLF"),
        Case(
            name: "bare LF in the request line", bytes: "GET /luna/?variant=indoor HTTP/1.1\nHost: x\r\n\r\n",
            statuses: [400], says: "CRLF"),
        Case(
            name: "bare LF to Hummingbird", bytes: "GET /healthz HTTP/1.1\nHost: x\n\n", statuses: [400], says: "CRLF"
        ),
        Case(name: "bare CR", bytes: "GET /luna/ HTTP/1.1\rHost: x\r\n\r\n", statuses: [400]),

        // Host (RFC 9112 §3.2): exactly one in HTTP/1.1, at most one in HTTP/1.0, valid.
        Case(
            name: "HTTP/1.1 without Host", bytes: "GET /luna/?variant=indoor HTTP/1.1\r\n\r\n", statuses: [400],
            says: "Host"),
        Case(
            name: "HTTP/1.1 without Host to Hummingbird", bytes: "GET /healthz HTTP/1.1\r\n\r\n", statuses: [400],
            says: "Host"),
        Case(name: "two Hosts", bytes: page + "Host: y\r\n\r\n", statuses: [400], says: "Host"),
        Case(name: "two Hosts to Hummingbird", bytes: api + "Host: y\r\n\r\n", statuses: [400], says: "Host"),
        Case(name: "invalid Host", bytes: "GET /luna/ HTTP/1.1\r\nHost: a b\r\n\r\n", statuses: [400], says: "Host"),
        Case(name: "HTTP/1.0 without Host", bytes: "GET /luna/?variant=indoor HTTP/1.0\r\n\r\n", statuses: [200]),
        Case(
            name: "HTTP/1.0 keep-alive without Host",
            bytes: "GET /luna/?variant=indoor HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", statuses: [200, 200]),

        // Versions and forms of the request line.
        Case(
            name: "HTTP/1.0 to Hummingbird, more bytes after", bytes: "GET /healthz HTTP/1.0\r\n\r\n",
            statuses: [200]),
        Case(
            name: "HTTP/1.0 page, more bytes after", bytes: "GET /luna/?variant=indoor HTTP/1.0\r\nHost: x\r\n\r\n",
            statuses: [200]),
        Case(name: "HTTP/0.9", bytes: "GET /luna/\r\n", statuses: [400]),
        Case(name: "HTTP/1.2", bytes: "GET /luna/ HTTP/1.2\r\nHost: x\r\n\r\n", statuses: [505]),
        Case(name: "HTTP/2 preface", bytes: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", statuses: [505], says: "HTTP/2"),
        Case(
            name: "absolute-form page", bytes: "GET http://x/luna/?variant=indoor HTTP/1.1\r\nHost: x\r\n\r\n",
            statuses: [200, 200]),
        Case(name: "asterisk-form", bytes: "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", statuses: [404, 200]),
        Case(name: "unknown method", bytes: "BREW /luna/ HTTP/1.1\r\nHost: x\r\n\r\n", statuses: [501]),
        Case(name: "lowercase method", bytes: "get /luna/ HTTP/1.1\r\nHost: x\r\n\r\n", statuses: [501]),

        // Sizes: the plain reader's 64 fields and 8 KiB, NIO's 80 KiB of fields.
        Case(name: "64 fields", bytes: page + fields(63) + "\r\n", statuses: [200, 200]),
        Case(name: "65 fields", bytes: page + fields(64) + "\r\n", statuses: [200, 200]),
        Case(name: "1000 fields", bytes: page + fields(999) + "\r\n", statuses: [200, 200]),
        Case(name: "1001 fields", bytes: page + fields(1000) + "\r\n", statuses: [431]),
        Case(
            name: "head past 8 KiB", bytes: page + "X-Big: \(String(repeating: "a", count: 9000))\r\n\r\n",
            statuses: [200, 200]),
        Case(
            name: "fields just under 80 KiB",
            bytes: page + "X-Big: \(String(repeating: "a", count: 80 * 1024 - 100))\r\n\r\n", statuses: [200, 200]),
        Case(
            name: "fields past 80 KiB", bytes: page + "X-Big: \(String(repeating: "a", count: 81 * 1024))\r\n\r\n",
            statuses: [431], says: "too large"),

        // Pipelining: order kept across tiers, bodies framed.
        Case(
            name: "pipelined GET then POST with a body",
            bytes: page + "\r\n" + convert + "Content-Length: 2\r\n\r\n{}" + page + "\r\n",
            statuses: [200, 400, 200, 200]),
        Case(
            name: "CONNECT", bytes: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", statuses: [501]
        ),

        // Upgrade (RFC 9110 §7.8): ignored; the request is answered as HTTP/1.1 and the connection goes on.
        Case(
            name: "Upgrade: websocket to a page",
            bytes: page + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", statuses: [200, 200]),
        Case(
            name: "Upgrade: h2c to a page (curl --http2)",
            bytes: page
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n"
                + page + "\r\n", statuses: [200, 200, 200]),
        Case(
            name: "Upgrade: h2c to Hummingbird",
            bytes: api
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n"
                + api + "\r\n", statuses: [200, 200, 200]),
        Case(
            name: "Upgrade with a body",
            bytes: convert + "Connection: upgrade\r\nUpgrade: websocket\r\nContent-Length: 2\r\n\r\n{}",
            statuses: [400, 200]),
        Case(
            name: "Upgrade without Connection: upgrade", bytes: page + "Upgrade: websocket\r\n\r\n",
            statuses: [200, 200]),
    ]

    func testFramingAndSmugglingCasesInBothTiers() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let port = try XCTUnwrap(client.port)
            for testCase in Self.cases {
                let received: String
                do {
                    received = try Self.exchange(port: port, testCase.bytes + Self.probe)
                } catch {
                    XCTFail("\(testCase.name): \(error)")
                    continue
                }
                let statuses = Self.statuses(in: received)
                XCTAssertEqual(statuses, testCase.statuses, "\(testCase.name): \(received.prefix(300))")
                if let says = testCase.says {
                    XCTAssertTrue(received.contains(says), "\(testCase.name): \(received.prefix(300))")
                }
            }
        }
    }

    /// One connection: sends `bytes` in one write and reads until the server closes (a reset
    /// after its answers, when it closed with bytes unread, counts as closing).
    private static func exchange(port: Int, _ bytes: String) throws -> String {
        let socket = try LoopbackSocket(port: port)
        try socket.send(Array(bytes.utf8))
        var received: [UInt8] = []
        while true {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            let n = buffer.withUnsafeMutableBytes { recv(socket.fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                received += buffer[0..<n]
                continue
            }
            if n == 0 || errno == ECONNRESET { break }
            throw LoopbackHTTP.Failure(
                description: "no close (errno \(errno)) after: \(String(decoding: received.prefix(300), as: UTF8.self))"
            )
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// The status of every response, in order: each `HTTP/1.x NNN ` (bodies here never hold one;
    /// a body without a final newline runs into the next status line, so lines are no guide).
    private static func statuses(in text: String) -> [Int] {
        let bytes = Array(text.utf8)
        let prefix = Array("HTTP/1.".utf8)
        var statuses: [Int] = []
        var i = 0
        while i + 13 <= bytes.count {
            if bytes[i..<(i + 7)].elementsEqual(prefix), bytes[i + 8] == UInt8(ascii: " "),
                bytes[i + 12] == UInt8(ascii: " "),
                let status = Int(String(decoding: bytes[(i + 9)..<(i + 12)], as: UTF8.self))
            {
                statuses.append(status)
                i += 13
            } else {
                i += 1
            }
        }
        return statuses
    }
}
