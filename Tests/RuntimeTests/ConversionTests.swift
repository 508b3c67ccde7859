import Foundation
import HTTPTypes
import HummingbirdTesting
import TestKit
import XCTest

@testable import Runtime

final class ConversionTests: XCTestCase {
    func testBeaconConversionJoinsTheDecisionOnceAndTeachesThePolicy() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let page = try await client.get("/luna/")
            let cookie = try XCTUnwrap(page.cookiePair)
            let variant = try XCTUnwrap(page.servedVariant)

            let converted = try await client.post(
                "/luna/_convert", #"{"goal":"reserve","value":25}"#,
                [("Content-Type", "application/json"), ("Cookie", cookie)])
            XCTAssertEqual(converted.status, .ok, converted.text)
            let answer = try converted.json()
            XCTAssertEqual(answer["ok"] as? Bool, true)
            XCTAssertEqual(answer["duplicate"] as? Bool, false)
            XCTAssertEqual(answer["reward"] as? Double, 25)

            // The beacon may fire twice: 200, flagged, nothing stored or learned.
            let again = try await client.post("/luna/_convert", #"{"goal":"reserve","value":25}"#, [("Cookie", cookie)])
            XCTAssertEqual(again.status, .ok)
            XCTAssertEqual(try again.json()["duplicate"] as? Bool, true)

            // A form body for another goal takes the goal's default value.
            let form = try await client.post(
                "/luna/_convert", "goal=order",
                [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookie)])
            XCTAssertEqual(form.status, .ok)
            XCTAssertEqual(try form.json()["reward"] as? Double, 25)
            for (body, message) in [
                ("goal=%ZZ", "field 'goal' is not valid percent-encoded UTF-8"), ("goal=", "field 'goal' is empty"),
                ("value=3", "missing field 'goal'"),
            ] {
                let bad = try await client.post("/luna/_convert", body, [("Cookie", cookie)])
                XCTAssertEqual(bad.status, .badRequest, body)
                XCTAssertTrue(try XCTUnwrap(bad.json()["error"] as? String).hasPrefix(message), body)
            }

            let metrics = try await client.get("/ml/models/luna/metrics").json()
            let variants = try XCTUnwrap(metrics["variants"] as? [[String: Any]])
            let row = try XCTUnwrap(variants.first { $0["id"] as? String == variant })
            XCTAssertEqual(row["impressions"] as? Int, 1)
            XCTAssertEqual(row["conversions"] as? Int, 2)
            XCTAssertEqual(row["reward"] as? Double, 50)
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions"), 2)
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions WHERE goal = 'reserve' AND value = 25"), 1)
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions WHERE goal = 'order' AND value = 25"), 1)
    }

    func testConversionWithoutADecisionIsRejected() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, runtime in
            let none = try await client.post("/luna/_convert", #"{"goal":"reserve"}"#)
            XCTAssertEqual(none.status, .unauthorized)
            XCTAssertTrue(try XCTUnwrap(none.json()["error"] as? String).contains("assignment cookie"))

            let forged = try await client.post(
                "/luna/_convert", #"{"goal":"reserve"}"#,
                [
                    (
                        "Cookie",
                        "sg_luna=indoor.\(String(repeating: "0", count: 32)).1.\(String(repeating: "0", count: 32))"
                    )
                ])
            XCTAssertEqual(forged.status, .unauthorized)

            // Correctly signed but for a decision that was never recorded.
            let signed = runtime.signer.encode(
                AssignmentCookie(
                    variant: "indoor", decisionID: String(repeating: "9", count: 32),
                    issuedAt: Int(Date().timeIntervalSince1970)),
                site: "luna")
            let unknown = try await client.post(
                "/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", "sg_luna=\(signed)")])
            XCTAssertEqual(unknown.status, .unauthorized)

            let page = try await client.get("/luna/")
            let cookie = try XCTUnwrap(page.cookiePair)
            let badGoal = try await client.post("/luna/_convert", #"{"goal":"nope"}"#, [("Cookie", cookie)])
            XCTAssertEqual(badGoal.status, .badRequest)
            XCTAssertTrue(try XCTUnwrap(badGoal.json()["error"] as? String).contains("unknown goal 'nope'"))
            let negative = try await client.post(
                "/luna/_convert", #"{"goal":"reserve","value":-3}"#, [("Cookie", cookie)])
            XCTAssertEqual(negative.status, .badRequest)
            let wrongType = try await client.post(
                "/luna/_convert", #"{"goal":"reserve","value":"lots"}"#, [("Cookie", cookie)])
            XCTAssertEqual(wrongType.status, .badRequest)
            XCTAssertTrue(try XCTUnwrap(wrongType.json()["error"] as? String).contains("'value'"))
            let get = try await client.get("/luna/_convert")
            XCTAssertEqual(get.status, .methodNotAllowed)
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions"), 0)
    }

    func testGoLinkRecordsThenRedirectsOnlyToDeclaredDestinations() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let page = try await client.get("/luna/")
            let cookie = try XCTUnwrap(page.cookiePair)
            let to = "https%3A%2F%2Fbook.example.com%2Fluna"
            let go = try await client.get("/luna/_go/reserve?to=\(to)", [("Cookie", cookie)])
            XCTAssertEqual(go.status, .found)
            // An external destination carries the visitor's decision as a click token.
            XCTAssertTrue(
                go.headers[.location]?.hasPrefix("https://book.example.com/luna?sg_click=luna.") ?? false,
                go.headers[.location] ?? "no Location")

            let relative = try await client.get("/luna/_go/order?to=menu/", [("Cookie", cookie)])
            XCTAssertEqual(relative.status, .found)
            XCTAssertEqual(relative.headers[.location], "/luna/menu/")

            for evil in [
                "https%3A%2F%2Fevil.example.com%2F", "%2F%2Fevil.example.com", "https://book.example.com/luna.evil.com",
                "/shop/", "javascript:alert(1)",
            ] {
                let refused = try await client.get("/luna/_go/reserve?to=\(evil)", [("Cookie", cookie)])
                XCTAssertEqual(refused.status, .badRequest, evil)
                XCTAssertNil(refused.headers[.location])
            }
            let badGoal = try await client.get("/luna/_go/nope?to=\(to)", [("Cookie", cookie)])
            XCTAssertEqual(badGoal.status, .badRequest)

            // Without an assignment the visitor still gets there; nothing is credited.
            let anonymous = try await client.get("/luna/_go/reserve?to=\(to)")
            XCTAssertEqual(anonymous.status, .found)
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions"), 2)
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions WHERE goal = 'order' AND value = 25"), 1)
    }

    func testPerClientRateLimitAnswers429WithRetryAfter() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, configure: { $0.conversionRateLimit = RateLimit(perSecond: 0.001, burst: 3) }) {
            client, _ in
            let page = try await client.get("/luna/")
            let cookie = try XCTUnwrap(page.cookiePair)
            var statuses: [Int] = []
            for _ in 0..<5 {
                let response = try await client.post("/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", cookie)])
                statuses.append(response.status.code)
                if response.status == .tooManyRequests {
                    XCTAssertNotNil(response.headers[.retryAfter])
                    XCTAssertNotNil(try response.json()["error"] as? String)
                }
            }
            XCTAssertEqual(statuses, [200, 200, 200, 429, 429])
            let metrics = try await client.get("/metrics")
            XCTAssertTrue(metrics.text.contains("sitegen_rate_limited_total 2"), metrics.text)
        }
    }

    /// Behind a proxy on this machine every request comes from loopback: the proxy's last
    /// X-Forwarded-For element keys the limit, so visitors do not share one bucket; and a visitor
    /// over the limit who follows a `_go` link still gets there, uncredited.
    func testRateLimitKeysOnTheProxysForwardedForAndGoAlwaysRedirects() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, configure: { $0.conversionRateLimit = RateLimit(perSecond: 0.001, burst: 1) }) {
            client, _ in
            let page = try await client.get("/luna/")
            let cookie = try XCTUnwrap(page.cookiePair)
            func convert(_ forwardedFor: String) async throws -> Int {
                try await client.post(
                    "/luna/_convert", #"{"goal":"reserve"}"#,
                    [("Cookie", cookie), ("X-Forwarded-For", forwardedFor)]
                ).status.code
            }
            let first = try await convert("203.0.113.5")
            // The client's own earlier entry does not help: the proxy's last one counts.
            let again = try await convert("198.51.100.1, 203.0.113.5")
            let other = try await convert("203.0.113.6")
            XCTAssertEqual([first, again, other], [200, 429, 200])

            let to = "https%3A%2F%2Fbook.example.com%2Fluna"
            let go = try await client.get(
                "/luna/_go/order?to=\(to)", [("Cookie", cookie), ("X-Forwarded-For", "203.0.113.5")])
            XCTAssertEqual(go.status, .found)
            // An external destination carries the visitor's decision as a click token.
            XCTAssertTrue(
                go.headers[.location]?.hasPrefix("https://book.example.com/luna?sg_click=luna.") ?? false,
                go.headers[.location] ?? "no Location")
            let missing = try await client.get("/luna/_go/order", [("Cookie", cookie)])
            XCTAssertEqual(missing.status, .badRequest)
            XCTAssertTrue(try XCTUnwrap(missing.json()["error"] as? String).contains("?to="))
        }
        // One row: the accepted repeat is the same decision and goal, and the limited `_go` credits nothing.
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions"), 1)
    }

    /// A signed cookie whose decision never reached the database (the server was killed within
    /// the flush delay) is cleared, so the visitor's next page view is recorded anew.
    func testCookieNamingNoRecordedDecisionIsCleared() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, runtime in
            let lost = AssignmentCookie(
                variant: "indoor", decisionID: DecisionID.make(), issuedAt: Int(Date().timeIntervalSince1970))
            let cookie = "sg_luna=" + runtime.signer.encode(lost, site: "luna")
            let answer = try await client.post("/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", cookie)])
            XCTAssertEqual(answer.status, .unauthorized)
            XCTAssertEqual(answer.headers[.setCookie], "sg_luna=; Path=/luna/; Max-Age=0; HttpOnly; SameSite=Lax")
            let to = "https%3A%2F%2Fbook.example.com%2Fluna"
            let go = try await client.get("/luna/_go/reserve?to=\(to)", [("Cookie", cookie)])
            XCTAssertEqual(go.status, .found)
            XCTAssertEqual(go.headers[.setCookie], "sg_luna=; Path=/luna/; Max-Age=0; HttpOnly; SameSite=Lax")
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions"), 0)
    }

    func testRateLimiterRefillsWithTime() {
        let clock = TestClock()
        let limiter = RateLimiter(limit: RateLimit(perSecond: 10, burst: 2), clock: { clock.now })
        XCTAssertNil(limiter.take("a"))
        XCTAssertNil(limiter.take("a"))
        XCTAssertEqual(limiter.take("a") ?? 0, 0.1, accuracy: 1e-9)
        XCTAssertNil(limiter.take("b"), "buckets are per client")
        clock.now += 0.1
        XCTAssertNil(limiter.take("a"))
        XCTAssertNotNil(limiter.take("a"))
    }
}

final class TestClock: @unchecked Sendable {
    // Only touched from the test's own thread.
    var now: Double = 1_000
}
