import Foundation
import HTTPTypes
import HummingbirdTesting
import TestKit
import XCTest

@testable import Runtime

final class RequestHardeningTests: XCTestCase {
    func testTraversalPlainAndEncodedIs404() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            // Raw bytes on the socket, exactly as an attacker sends them (an HTTP client library
            // would refuse or normalise some of these targets).
            let port = try XCTUnwrap(client.port)
            for path in [
                "/luna/../manifest.json", "/luna/assets/../../manifest.json", "/luna/%2e%2e/manifest.json",
                "/luna/%2E%2E/%2e%2e/etc/passwd", "/luna/..%2fmanifest.json", "/luna/assets/..%5c..%5cmanifest.json",
                "/luna/assets\\..\\manifest.json", "/luna/%00", "/luna/index.html%00.css", "/luna//etc/passwd",
                "/luna/%2fetc%2fpasswd", "/luna/indoor/index.html", "/luna/%", "/luna/%zz", "/manifest.json",
                "/luna/./index.html",
                "/luna/assets/%2e%2e/indoor/index.html",
            ] {
                for method in ["GET", "HEAD"] {
                    let reply = try LoopbackHTTP.send(port: port, method: method, path: path)
                    XCTAssertEqual(reply.status, 404, "\(method) \(path)")
                    XCTAssertFalse(reply.body.contains("buildID"), path)
                    XCTAssertNil(reply.headers["set-cookie"], path)
                }
            }
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions"), 0)
    }

    func testUnknownSiteAndEndpoint404() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            for path in ["/nope/", "/", "/nope"] {
                let response = try await client.get(path)
                XCTAssertEqual(response.status, .notFound, path)
            }
            let api = try await client.get("/ml/nothing")
            XCTAssertEqual(api.status, .notFound)
            XCTAssertNotNil(try api.json()["error"])
            let select = try await client.post("/ml/bandit/select", #"{"experimentId":"nope"}"#)
            XCTAssertEqual(select.status, .notFound)
            XCTAssertTrue(try XCTUnwrap(select.json()["error"] as? String).contains("nope"))
            let metrics = try await client.get("/ml/models/nope/metrics")
            XCTAssertEqual(metrics.status, .notFound)
            // A beacon to a site that is not served gets JSON, as every programmatic caller does.
            let beacon = try await client.post("/nope/_convert", #"{"goal":"x"}"#)
            XCTAssertEqual(beacon.status, .notFound)
            XCTAssertEqual(try beacon.json()["error"] as? String, "no site 'nope' is served here")
        }
    }

    func testOversizedBodiesAre413() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let big = "{\"experimentId\":\"luna\",\"pad\":\"" + String(repeating: "x", count: 70 * 1024) + "\"}"
            let select = try await client.post("/ml/bandit/select", big)
            XCTAssertEqual(select.status, .contentTooLarge)
            XCTAssertNotNil(try select.json()["error"])
            let page = try await client.get("/luna/")
            let cookie = try XCTUnwrap(page.cookiePair)
            let convert = try await client.post("/luna/_convert", big, [("Cookie", cookie)])
            XCTAssertEqual(convert.status, .contentTooLarge)

            // Chunked: no Content-Length to refuse up front, so the limit is met while reading.
            let port = try XCTUnwrap(client.port)
            let chunk = String(repeating: "x", count: 8 * 1024)
            var chunked = ""
            for _ in 0..<9 { chunked += String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n" }
            chunked += "0\r\n\r\n"
            let key = try XCTUnwrap(apiKey(of: client))
            for path in ["/ml/bandit/select", "/luna/_convert"] {
                let replies = try LoopbackHTTP.exchange(
                    port: port,
                    "POST \(path) HTTP/1.1\r\nHost: x\r\nCookie: \(cookie)\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer \(key)\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked)
                XCTAssertEqual(replies.first?.status, 413, path)
                XCTAssertTrue(replies.first?.body.contains("request body over 65536 bytes") ?? false, path)
            }
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions"), 0)
    }

    func testMalformedAndMistypedJSONAre400WithSpecificMessages() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let cases: [(body: String, expected: String)] = [
                (#"{"experimentId": "luna", "#, "malformed JSON"),
                ("not json at all", "malformed JSON"),
                ("", "empty body"),
                (#"{"context": {}}"#, "missing field 'experimentId'"),
                (#"{"experimentId": 7}"#, "field 'experimentId' must be a string"),
                (#"{"experimentId": "luna", "context": {"hour": [1]}}"#, "context.hour"),
                (#"{"experimentId": "luna", "context": "US"}"#, "field 'context' must be an object"),
            ]
            for (body, expected) in cases {
                let response = try await client.post("/ml/bandit/select", body, [("Content-Type", "application/json")])
                XCTAssertEqual(response.status, .badRequest, body)
                let message = try XCTUnwrap(response.json()["error"] as? String, body)
                XCTAssertTrue(message.contains(expected), "\(body) → \(message)")
            }
            let update = try await client.post(
                "/ml/bandit/update", #"{"decisionId":"x","experimentId":"luna","variantId":"indoor"}"#)
            XCTAssertEqual(update.status, .badRequest)
            XCTAssertTrue(try XCTUnwrap(update.json()["error"] as? String).contains("'converted'"))
        }
    }

    func testBindsLoopbackByDefault() {
        let options = ServerOptions(
            dist: URL(fileURLWithPath: "dist"), mode: .recording(database: URL(fileURLWithPath: "db")))
        XCTAssertEqual(options.host, "127.0.0.1")
        XCTAssertEqual(options.port, 8080)
        XCTAssertTrue(options.mode.isRecording)
    }

    func testSitePathResolution() {
        XCTAssertEqual(SitePath.resolve(rest: ""), .addSlash(page: "index.html"))
        XCTAssertEqual(SitePath.resolve(rest: "/"), .file("index.html"))
        XCTAssertEqual(SitePath.resolve(rest: "/menu"), .addSlash(page: "menu/index.html"))
        XCTAssertEqual(SitePath.resolve(rest: "/menu/"), .file("menu/index.html"))
        XCTAssertEqual(SitePath.resolve(rest: "/a/b"), .addSlash(page: "a/b/index.html"))
        XCTAssertEqual(SitePath.resolve(rest: "/assets/x.1.css"), .file("assets/x.1.css"))
        XCTAssertEqual(SitePath.resolve(rest: "/caf%C3%A9/"), .file("café/index.html"))
        for bad in [
            "/..", "/a/../b", "/%2e%2e/x", "/a%2f..%2fb", "/a\\b", "/a%5cb", "/%00", "//x", "/a//b", "/%C3",
            "/assets%2fcss%2fsite.css", "/assets%2Fcss/site.css", "/a%5Cb",
        ] {
            XCTAssertEqual(SitePath.resolve(rest: bad[...]), .rejected, bad)
        }
    }
}
