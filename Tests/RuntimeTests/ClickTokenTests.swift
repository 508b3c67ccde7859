import Foundation
import HTTPTypes
import HummingbirdTesting
import TestKit
import XCTest

@testable import Runtime

/// Issue #17.3: redirect variants and `_go` carry the decision to the other site as `sg_click`;
/// the other site credits a goal back with `_pixel` or `/ml/bandit/update`.
final class ClickTokenTests: XCTestCase {
    private static var now: Int { Int(Date().timeIntervalSince1970) }

    /// The decision id inside an assignment cookie pair `sg_<site>=<variant>.<id>.<issued>.<mac>`.
    private static func decisionID(ofCookie pair: String) throws -> String {
        let value = try XCTUnwrap(pair.split(separator: "=", maxSplits: 1).last)
        return String(value.split(separator: ".")[1])
    }

    /// `token` with the lowest bit of its MAC's last byte flipped, still in hex (a flipped ASCII
    /// byte could be no URL character at all, which would test the client instead).
    private static func flippingLastBit(_ token: String) -> String {
        let digits = Array("0123456789abcdef")
        let last = token.last.flatMap { digits.firstIndex(of: $0) } ?? 0
        return String(token.dropLast()) + String(digits[last ^ 1])
    }

    private static func token(inLocation location: String?) throws -> String {
        let location = try XCTUnwrap(location)
        let components = try XCTUnwrap(URLComponents(string: location))
        return try XCTUnwrap(components.queryItems?.first { $0.name == "sg_click" }?.value, location)
    }

    func testRedirectVariantLocationCarriesAValidToken() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, runtime in
            var redirect: TestResponse?
            for _ in 0..<200 {
                let answer = try await client.get("/shop/")
                if answer.status == .found {
                    redirect = answer
                    break
                }
            }
            let answer = try XCTUnwrap(redirect, "the uniform split never chose the redirect variant")
            let location = try XCTUnwrap(answer.headers[.location])
            XCTAssertTrue(location.hasPrefix("https://shop.example.com/checkout?sg_click=shop."), location)
            let token = try XCTUnwrap(
                runtime.clickSigner.verify(try Self.token(inLocation: location)[...], now: Self.now))
            XCTAssertEqual(token.site, "shop")
            XCTAssertEqual(token.decisionID, try Self.decisionID(ofCookie: try XCTUnwrap(answer.cookiePair)))

            // A returning visitor is sent on with the same decision.
            let again = try await client.get("/shop/", [("Cookie", try XCTUnwrap(answer.cookiePair))])
            let second = try XCTUnwrap(
                runtime.clickSigner.verify(try Self.token(inLocation: again.headers[.location])[...], now: Self.now))
            XCTAssertEqual(second.decisionID, token.decisionID)

            // HEAD and an author's preview have no decision: the bare destination.
            let preview = try await client.get("/shop/?variant=express")
            XCTAssertEqual(preview.headers[.location], "https://shop.example.com/checkout")
        }
    }

    func testClickRedirectFillsThePlaceholderOrAppends() {
        XCTAssertEqual(ClickRedirect("https://b.example/x").location(token: "t"), "https://b.example/x?sg_click=t")
        XCTAssertEqual(
            ClickRedirect("https://b.example/x?a=1").location(token: "t"), "https://b.example/x?a=1&sg_click=t")
        XCTAssertEqual(
            ClickRedirect("https://b.example/x?a=1#f").location(token: "t"), "https://b.example/x?a=1&sg_click=t#f")
        XCTAssertEqual(
            ClickRedirect("https://b.example/x?ref={click}&b=2").location(token: "t"), "https://b.example/x?ref=t&b=2")
        XCTAssertEqual(
            ClickRedirect("https://b.example/x?ref={click}&b=2").location(token: nil), "https://b.example/x?ref=&b=2")
        XCTAssertEqual(ClickRedirect("https://b.example/x#f").location(token: nil), "https://b.example/x#f")
    }

    /// The pixel credits the token's decision once per goal, the model learns it, and forged,
    /// foreign-site and expired tokens credit nothing while answering the same GIF.
    func testPixelCreditsOnceAndRefusesBadTokensSilently() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, runtime in
            let page = try await client.get("/luna/")
            let cookie = try XCTUnwrap(page.cookiePair)
            let variant = try XCTUnwrap(page.servedVariant)
            let id = try Self.decisionID(ofCookie: cookie)
            let go = try await client.get("/luna/_go/reserve?to=https://book.example.com/luna", [("Cookie", cookie)])
            let click = try Self.token(inLocation: go.headers[.location])
            XCTAssertEqual(runtime.clickSigner.verify(click[...], now: Self.now)?.decisionID, id)

            for _ in 0..<2 {
                let pixel = try await client.get("/luna/_pixel?click=\(click)&goal=order&value=1000000000")
                XCTAssertEqual(pixel.status, .ok)
                XCTAssertEqual(pixel.headers[.contentType], "image/gif")
                XCTAssertEqual(Array(pixel.body.readableBytesView), SitegenRuntime.transparentGIF)
            }
            let head = try await client.execute(
                uri: "/luna/_pixel?click=\(click)&goal=reserve", method: .head, headers: [:], body: nil)
            XCTAssertEqual(head.status, .ok)

            // Forged: one bit of the MAC flipped. Another site's token. Expired.
            let forged = Self.flippingLastBit(click)
            let shopToken = runtime.clickSigner.encode(ClickToken(site: "shop", decisionID: id, issuedAt: Self.now))
            let expired = runtime.clickSigner.encode(
                ClickToken(site: "luna", decisionID: id, issuedAt: Self.now - ClickToken.lifetime - 60))
            for bad in [forged, shopToken, expired, "nonsense"] {
                let pixel = try await client.get("/luna/_pixel?click=\(bad)&goal=reserve")
                XCTAssertEqual(pixel.status, .ok, bad)
                XCTAssertEqual(pixel.headers[.contentType], "image/gif", bad)
            }
            for bad in [
                "/luna/_pixel?goal=reserve", "/luna/_pixel?click=\(click)", "/luna/_pixel?click=\(click)&goal=nope",
            ] {
                let refused = try await client.get(bad)
                XCTAssertEqual(refused.status, .badRequest, bad)
            }

            let prometheus = try await client.get("/metrics").text
            XCTAssertTrue(prometheus.contains("sitegen_rejected_clicks_total 4"), prometheus)
            XCTAssertTrue(prometheus.contains("sitegen_capped_values_total 2"), "both pixels were over the cap")
            let metrics = try await client.get("/ml/models/luna/metrics").json()
            let rows = try XCTUnwrap(metrics["variants"] as? [[String: Any]])
            let row = try XCTUnwrap(rows.first { $0["id"] as? String == variant })
            // `_go` credited reserve (1); the pixel credited order at its cap (25), once.
            XCTAssertEqual(row["conversions"] as? Int, 2)
            XCTAssertEqual(row["reward"] as? Double, 26)
        }
        // One decision, two goals (`_go`'s and the pixel's, once), the pixel's value at the cap.
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions"), 2)
        XCTAssertEqual(try count(fixture, "SELECT count(DISTINCT decision_id) FROM conversions"), 1)
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions WHERE goal = 'order' AND value = 25"), 1)
    }

    func testUpdateWithClick() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, mode: .router) { client, runtime in
            let selected = try await client.post("/ml/bandit/select", #"{"experimentId":"luna"}"#).json()
            let id = try XCTUnwrap(selected["decisionId"] as? String)
            let click = runtime.clickSigner.encode(ClickToken(site: "luna", decisionID: id, issuedAt: Self.now))

            let update = try await client.post(
                "/ml/bandit/update", #"{"click":"\#(click)","goal":"order","reward":40}"#)
            XCTAssertEqual(update.status, .ok, update.text)
            XCTAssertEqual(try update.json()["learned"] as? Bool, true)
            let again = try await client.post("/ml/bandit/update", #"{"click":"\#(click)","goal":"order"}"#)
            XCTAssertEqual(try again.json()["duplicate"] as? Bool, true)

            let forged = Self.flippingLastBit(click)
            let cases: [(String, HTTPResponse.Status, String)] = [
                (
                    #"{"click":"\#(forged)","goal":"order"}"#, .badRequest,
                    "field 'click'"
                ),
                (#"{"click":"\#(click)","experimentId":"shop"}"#, .badRequest, "not 'shop'"),
                (
                    #"{"click":"\#(click)","decisionId":"\#(id)","experimentId":"luna","variantId":"indoor","converted":true}"#,
                    .badRequest, "not both"
                ),
                (#"{"experimentId":"luna","converted":true}"#, .badRequest, "missing field 'decisionId'"),
                (
                    #"{"click":"\#(runtime.clickSigner.encode(ClickToken(site: "luna", decisionID: String(repeating: "a", count: 32), issuedAt: Self.now)))"}"#,
                    .notFound, "unknown decisionId"
                ),
            ]
            for (body, status, message) in cases {
                let refused = try await client.post("/ml/bandit/update", body)
                XCTAssertEqual(refused.status, status, body)
                XCTAssertTrue((try refused.json()["error"] as? String)?.contains(message) ?? false, refused.text)
            }
        }
        // The authenticated caller's value is stored as sent.
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions WHERE goal = 'order' AND value = 40"), 1)
    }
}
