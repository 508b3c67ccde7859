import Crypto
import DistFormat
import Foundation
import HTTPTypes
import HummingbirdTesting
import SiteGen
import TestKit
import XCTest

@testable import Runtime

final class PageServingTests: XCTestCase {
    func testNewVisitorGetsAVariantACookieAndARecordedImpression() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let response = try await client.get("/luna/")
            XCTAssertEqual(response.status, .ok)
            let variant = try XCTUnwrap(response.servedVariant)
            XCTAssertTrue(["indoor", "patio"].contains(variant))
            let setCookie = try XCTUnwrap(response.headers[.setCookie])
            XCTAssertTrue(setCookie.hasPrefix("sg_luna=\(variant)."), setCookie)
            for attribute in ["Path=/luna/", "Max-Age=2592000", "HttpOnly", "SameSite=Lax"] {
                XCTAssertTrue(setCookie.contains(attribute), "\(attribute) missing in \(setCookie)")
            }
            // The site's origin is https but this request came over plain HTTP.
            XCTAssertFalse(setCookie.contains("Secure"))
            XCTAssertEqual(response.headers[.vary], "Cookie, Accept-Encoding")
            XCTAssertEqual(response.headers[.cacheControl], "private, no-cache")
            XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
            XCTAssertNotNil(response.headers[.eTag])
        }
        XCTAssertEqual(
            try count(fixture, "SELECT count(*) FROM decisions WHERE site = 'luna' AND learn = 1 AND pinned = 0"), 1)
        XCTAssertEqual(
            try rawText(fixture.database.path, "SELECT features FROM decisions").first?.contains(
                "\"device\":\"mobile\""), true)
    }

    func testReturningVisitorKeepsTheirVariantWithoutNewDecisions() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let first = try await client.get("/luna/")
            let cookie = try XCTUnwrap(first.cookiePair)
            let variant = try XCTUnwrap(first.servedVariant)
            for path in ["/luna/", "/luna/menu/", "/luna/menu/index.html", "/luna/"] {
                let again = try await client.get(
                    path, [("User-Agent", UserAgents.iPhone), ("Cookie", "other=1; \(cookie)")])
                XCTAssertEqual(again.status, .ok)
                XCTAssertEqual(again.servedVariant, variant)
                XCTAssertNil(again.headers[.setCookie])
            }
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions"), 1)
    }

    /// The cookie's documented layout, against an HMAC computed outside sitegen (Python's
    /// `hmac.new(secret, message, sha256).hexdigest()[:32]`): other tools (a CDN rule, a second
    /// instance) may check these values, and existing cookies must stay valid.
    func testCookieValueIsItsFieldsAndTheTruncatedMAC() {
        let secret = Array("0123456789abcdef0123456789abcdef".utf8)
        let cookie = AssignmentCookie(
            variant: "indoor-comfort", decisionID: String(repeating: "0f", count: 16), issuedAt: 1_765_000_000)
        let mac = "239b9ee5f2a0548ff7eab1918d4b639e"
        let value = CookieSigner(secret: secret).encode(cookie, site: "luna")
        XCTAssertEqual(value, "indoor-comfort.\(cookie.decisionID).1765000000.\(mac)")
        XCTAssertEqual(
            CookieSigner(secret: secret).verify(Substring(value), site: "luna", now: 1_765_000_100), cookie)
        XCTAssertNil(CookieSigner(secret: secret).verify(Substring(value), site: "shop", now: 1_765_000_100))
    }

    func testForgedStaleMalformedAndForeignCookiesAreNewVisitors() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, runtime in
            let first = try await client.get("/luna/")
            let cookie = try XCTUnwrap(first.cookiePair)
            let value = String(cookie.dropFirst("sg_luna=".count))
            // Flip one hex digit of the MAC.
            let last = value.last == "0" ? "1" : "0"
            let forged = "sg_luna=" + value.dropLast() + last
            // Same decision signed for another variant by someone without the key.
            let parts = value.split(separator: ".")
            let otherVariant = parts[0] == "indoor" ? "patio" : "indoor"
            let swapped = "sg_luna=\(otherVariant).\(parts[1]).\(parts[2]).\(parts[3])"
            let thirtyOneDaysAgo = Int(Date().timeIntervalSince1970) - 31 * 24 * 3600
            let stale =
                "sg_luna="
                + runtime.signer.encode(
                    AssignmentCookie(
                        variant: "patio", decisionID: String(repeating: "ab", count: 16), issuedAt: thirtyOneDaysAgo),
                    site: "luna")
            let foreign =
                "sg_luna="
                + runtime.signer.encode(
                    AssignmentCookie(
                        variant: "page", decisionID: String(repeating: "cd", count: 16),
                        issuedAt: thirtyOneDaysAgo + 30 * 24 * 3600),
                    site: "shop")
            let unknownVariant =
                "sg_luna="
                + runtime.signer.encode(
                    AssignmentCookie(
                        variant: "gone", decisionID: String(repeating: "ef", count: 16),
                        issuedAt: Int(Date().timeIntervalSince1970)),
                    site: "luna")
            let garbage = [
                "sg_luna=", "sg_luna=....", "sg_luna=indoor.xyz.1.00", "sg_luna=\(String(repeating: "a", count: 5000))",
                "sg_luna=INDOOR.\(parts[1]).\(parts[2]).\(parts[3])",
            ]
            for bad in [forged, swapped, stale, foreign, unknownVariant] + garbage {
                let response = try await client.get("/luna/", [("User-Agent", UserAgents.iPhone), ("Cookie", bad)])
                XCTAssertEqual(response.status, .ok, bad)
                XCTAssertNotNil(response.headers[.setCookie], "cookie accepted: \(bad)")
            }
            // The genuine one still works.
            let genuine = try await client.get("/luna/", [("Cookie", cookie)])
            XCTAssertNil(genuine.headers[.setCookie])
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions"), 11)
    }

    func testSecureCookieOnlyForHTTPSOriginBehindTLS() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let viaProxy = try await client.get("/luna/", [("X-Forwarded-Proto", "https")])
            XCTAssertTrue(try XCTUnwrap(viaProxy.headers[.setCookie]).hasSuffix("; Secure"))
            // shop's base_url is http: never Secure.
            let shop = try await client.get("/shop/?variant=page", [("X-Forwarded-Proto", "https")])
            XCTAssertNil(shop.headers[.setCookie])
        }
    }

    func testGzipETagAndNotModified() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let first = try await client.get("/luna/?variant=indoor", [("Accept-Encoding", "br, gzip;q=0.8")])
            XCTAssertEqual(first.headers[.contentEncoding], "gzip")
            let onDisk = try Data(contentsOf: fixture.dist.appendingPathComponent("luna/indoor/index.html.gz"))
            XCTAssertEqual(Data(buffer: first.body), onDisk)
            let gzipTag = try XCTUnwrap(first.headers[.eTag])

            let plain = try await client.get("/luna/?variant=indoor", [("Accept-Encoding", "gzip;q=0")])
            XCTAssertNil(plain.headers[.contentEncoding])
            for refusing in ["*, gzip;q=0", "gzip;q=0, *"] {
                let response = try await client.get("/luna/?variant=indoor", [("Accept-Encoding", refusing)])
                XCTAssertNil(response.headers[.contentEncoding], refusing)
            }
            let anything = try await client.get("/luna/?variant=indoor", [("Accept-Encoding", "*")])
            XCTAssertEqual(anything.headers[.contentEncoding], "gzip")
            let html = try Data(contentsOf: fixture.dist.appendingPathComponent("luna/indoor/index.html"))
            XCTAssertEqual(Data(buffer: plain.body), html)
            let tag = try XCTUnwrap(plain.headers[.eTag])
            XCTAssertNotEqual(tag, gzipTag)
            XCTAssertEqual(tag, "\"\(SHA256.hash(data: Array(html)).hex.prefix(32))\"")

            let revalidated = try await client.get(
                "/luna/?variant=indoor", [("If-None-Match", tag), ("Accept-Encoding", "gzip")])
            XCTAssertEqual(revalidated.status, .notModified)
            XCTAssertEqual(revalidated.body.readableBytes, 0)
            let changed = try await client.get("/luna/?variant=patio", [("If-None-Match", tag)])
            XCTAssertEqual(changed.status, .ok)

            let css = try await client.get("/luna/assets/site.3f2a1b9c.css", [("Accept-Encoding", "gzip")])
            XCTAssertEqual(css.status, .ok)
            XCTAssertEqual(css.headers[.cacheControl], "public, max-age=31536000, immutable")
            XCTAssertEqual(css.headers[.contentEncoding], "gzip")
            XCTAssertNil(css.headers[.setCookie])
            let cssTag = try XCTUnwrap(css.headers[.eTag])
            let cached = try await client.get("/luna/assets/site.3f2a1b9c.css", [("If-None-Match", "W/\(cssTag)")])
            XCTAssertEqual(cached.status, .notModified)

            let qr = try await client.get("/luna/qr/window.svg")
            XCTAssertEqual(qr.status, .ok)
            XCTAssertEqual(qr.headers[.contentType], "image/svg+xml")
            XCTAssertEqual(qr.text, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        }
        // Assets and previews record nothing.
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions"), 0)
    }

    func testPrettyURLsAndSlashRedirect() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let bare = try await client.get("/luna?src=qr&p=table")
            XCTAssertEqual(bare.status, .movedPermanently)
            XCTAssertEqual(bare.headers[.location], "/luna/?src=qr&p=table")
            for path in ["/luna/menu/", "/luna/menu/index.html"] {
                let response = try await client.get(path + "?variant=patio")
                XCTAssertEqual(response.status, .ok, path)
                XCTAssertTrue(response.text.contains("patio — menu/index.html"), path)
            }
            // A page's folder without its slash: relative links (`../`) only work under the slash,
            // so it redirects there, as the site's root does; no decision is made on the way.
            let menu = try await client.get("/luna/menu?variant=patio")
            XCTAssertEqual(menu.status, .movedPermanently)
            XCTAssertEqual(menu.headers[.location], "/luna/menu/?variant=patio")
            XCTAssertNil(menu.headers[.setCookie])
            let missingFolder = try await client.get("/luna/nothing-here")
            XCTAssertEqual(missingFolder.status, .notFound)
            let missing = try await client.get("/luna/nothing-here/")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertNil(missing.headers[.setCookie])
            let head = try await client.execute(uri: "/luna/?variant=indoor", method: .head, headers: [:], body: nil)
            XCTAssertEqual(head.status, .ok)
            XCTAssertEqual(head.body.readableBytes, 0)
            // A monitor's HEAD without a cookie gets the page's headers but no assignment.
            let probe = try await client.execute(uri: "/luna/", method: .head, headers: [:], body: nil)
            XCTAssertEqual(probe.status, .ok)
            XCTAssertNil(probe.headers[.setCookie])
            let check = try await client.execute(
                uri: "/luna/_go/reserve?to=https://book.example.com/luna", method: .head, headers: [:], body: nil)
            XCTAssertEqual(check.status, .found)
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions"), 0)
    }

    func testPreviewServesTheVariantWithoutRecordingOrLearning() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            for _ in 0..<3 {
                let response = try await client.get("/luna/?variant=patio")
                XCTAssertEqual(response.servedVariant, "patio")
                XCTAssertNil(response.headers[.setCookie])
            }
            let unknown = try await client.get("/luna/?variant=nope")
            XCTAssertEqual(unknown.status, .notFound)
            XCTAssertEqual(
                try unknown.json()["error"] as? String, "no variant 'nope' on site 'luna' (variants: indoor, patio)")
            let metrics = try await client.get("/ml/models/luna/metrics").json()
            XCTAssertEqual(metrics["impressions"] as? Int, 0)
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions"), 0)
    }

    func testPinnedPlacementServesItsVariantAndRecordsItAsPinned() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            for _ in 0..<4 {
                let response = try await client.get("/luna/?src=qr&p=window&v=patio")
                XCTAssertEqual(response.servedVariant, "patio")
                XCTAssertTrue(try XCTUnwrap(response.cookiePair).hasPrefix("sg_luna=patio."))
            }
            // `v=` only counts for a placement pinned to exactly that variant.
            let unpinned = try await client.get("/luna/?src=qr&p=table&v=patio")
            XCTAssertEqual(unpinned.status, .ok)
            let metrics = try await client.get("/ml/models/luna/metrics").json()
            XCTAssertEqual(metrics["impressions"] as? Int, 1, "only the unpinned visit teaches the policy")
        }
        XCTAssertEqual(
            try count(fixture, "SELECT count(*) FROM decisions WHERE pinned = 1 AND learn = 0 AND variant = 'patio'"), 4
        )
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions WHERE pinned = 0 AND learn = 1"), 1)
        XCTAssertEqual(
            try rawText(fixture.database.path, "SELECT features FROM decisions WHERE pinned = 0").first?.contains(
                "\"source\":\"qr\""), true)
    }

    func testRedirectVariantAnswers302() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let preview = try await client.get("/shop/?variant=express")
            XCTAssertEqual(preview.status, .found)
            XCTAssertEqual(preview.headers[.location], "https://shop.example.com/checkout")
            // New visitors are split uniformly; whoever lands on express is redirected, with a cookie.
            var sawRedirect = false
            for _ in 0..<40 where !sawRedirect {
                let response = try await client.get("/shop/")
                if response.status == .found {
                    sawRedirect = true
                    // With the decision as a click token (ClickTokenTests checks the token).
                    XCTAssertTrue(
                        response.headers[.location]?.hasPrefix("https://shop.example.com/checkout?sg_click=shop.")
                            ?? false)
                    XCTAssertTrue(try XCTUnwrap(response.cookiePair).hasPrefix("sg_shop=express."))
                } else {
                    XCTAssertEqual(response.status, .ok)
                }
            }
            XCTAssertTrue(sawRedirect, "40 uniform draws never chose express")
        }
    }

    func testBotsAreServedButNeverLearnedFrom() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            for _ in 0..<3 {
                let response = try await client.get("/luna/", [("User-Agent", UserAgents.googlebot)])
                XCTAssertEqual(response.status, .ok)
                XCTAssertNotNil(response.servedVariant)
            }
            let metrics = try await client.get("/ml/models/luna/metrics").json()
            XCTAssertEqual(metrics["impressions"] as? Int, 0)
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions WHERE learn = 0 AND pinned = 0"), 3)
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions WHERE learn = 1"), 0)
    }
}
