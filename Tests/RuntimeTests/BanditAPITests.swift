import Foundation
import HTTPTypes
import HummingbirdTesting
import TestKit
import XCTest

@testable import Runtime

final class BanditAPITests: XCTestCase {
    func testSelectThenUpdateRecordsAndLearns() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let select = try await client.post(
                "/ml/bandit/select",
                #"{"experimentId":"luna","context":{"country":"US","device":"mobile","hour":18,"weekday":5,"shoe":"44"}}"#
            )
            XCTAssertEqual(select.status, .ok, select.text)
            let decision = try select.json()
            let id = try XCTUnwrap(decision["decisionId"] as? String)
            let variant = try XCTUnwrap(decision["variantId"] as? String)
            XCTAssertEqual(id.count, 32)
            XCTAssertTrue(["indoor", "patio"].contains(variant))
            for key in ["probability", "confidence", "expectedReward"] {
                let value = try XCTUnwrap(decision[key] as? Double, key)
                XCTAssertTrue((0...1).contains(value) || key == "expectedReward", "\(key) = \(value)")
            }

            let other = variant == "indoor" ? "patio" : "indoor"
            let mismatch = try await client.post(
                "/ml/bandit/update",
                #"{"decisionId":"\#(id)","experimentId":"luna","variantId":"\#(other)","converted":true}"#)
            XCTAssertEqual(mismatch.status, .badRequest)
            XCTAssertTrue(try XCTUnwrap(mismatch.json()["error"] as? String).contains("variantId"))

            let notConverted = try await client.post(
                "/ml/bandit/update",
                #"{"decisionId":"\#(id)","experimentId":"luna","variantId":"\#(variant)","converted":false}"#)
            XCTAssertEqual(notConverted.status, .ok)
            XCTAssertEqual(try notConverted.json()["learned"] as? Bool, false)

            let update = try await client.post(
                "/ml/bandit/update",
                #"{"decisionId":"\#(id)","experimentId":"luna","variantId":"\#(variant)","converted":true,"reward":25.5}"#
            )
            XCTAssertEqual(update.status, .ok, update.text)
            XCTAssertEqual(try update.json()["learned"] as? Bool, true)

            let unknown = try await client.post(
                "/ml/bandit/update",
                #"{"decisionId":"\#(String(repeating: "a", count: 32))","experimentId":"luna","variantId":"indoor","converted":true}"#
            )
            XCTAssertEqual(unknown.status, .notFound)

            let metrics = try await client.get("/ml/models/luna/metrics").json()
            XCTAssertEqual(metrics["experimentId"] as? String, "luna")
            XCTAssertEqual(metrics["policy"] as? String, "thompson")
            let units = try XCTUnwrap(metrics["units"] as? [String: String])
            XCTAssertEqual(
                Set(units.keys),
                [
                    "impressions", "conversions", "conversionRate", "reward", "mean", "probabilityBest",
                    "trafficShare", "allocation",
                ])
            XCTAssertTrue(try XCTUnwrap(units["impressions"]).contains("no bots"))
            let rows = try XCTUnwrap(metrics["variants"] as? [[String: Any]])
            XCTAssertEqual(rows.map { $0["id"] as? String }, ["indoor", "patio"])
            let row = try XCTUnwrap(rows.first { $0["id"] as? String == variant })
            XCTAssertEqual(row["impressions"] as? Int, 1)
            XCTAssertEqual(row["conversions"] as? Int, 1)
            XCTAssertEqual(row["reward"] as? Double, 25.5)
            XCTAssertEqual(row["conversionRate"] as? Double, 1)
            XCTAssertEqual(row["trafficShare"] as? Double, 1)
            for key in ["mean", "lower", "upper", "probabilityBest", "allocation"] {
                XCTAssertNotNil(row[key] as? Double, key)
            }
            let lower = try XCTUnwrap(row["lower"] as? Double), upper = try XCTUnwrap(row["upper"] as? Double)
            XCTAssertLessThanOrEqual(lower, upper)
            let best = rows.compactMap { $0["probabilityBest"] as? Double }.reduce(0, +)
            XCTAssertEqual(best, 1, accuracy: 0.02)
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions WHERE learn = 1"), 1)
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions WHERE value = 25.5"), 1)
        // Only the features the policy reads are stored; the caller's "shoe" is not.
        XCTAssertEqual(
            try count(fixture, "SELECT count(*) FROM decisions WHERE features LIKE '%\"device\":\"mobile\"%'"), 1)
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions WHERE features LIKE '%shoe%'"), 0)
        XCTAssertEqual(
            try count(fixture, "SELECT count(*) FROM decisions WHERE features LIKE '%\"daypart\":\"evening\"%'"), 1)
    }

    /// A caller's context is held to what a page request could produce, and a reported bot is
    /// answered but never learned from.
    func testSelectRejectsImpossibleContextAndNeverLearnsFromBots() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            for (context, field) in [
                (#"{"hour":99}"#, "context.hour"), (#"{"device":"phone"}"#, "context.device"),
                (#"{"country":"Italy"}"#, "context.country"),
            ] {
                let answer = try await client.post(
                    "/ml/bandit/select", #"{"experimentId":"luna","context":\#(context)}"#)
                XCTAssertEqual(answer.status, .badRequest, context)
                let message = try XCTUnwrap(answer.json()["error"] as? String)
                XCTAssertTrue(message.contains("field '\(field)'"), message)
            }
            let bot = try await client.post(
                "/ml/bandit/select", #"{"experimentId":"luna","context":{"device":"Bot","hour":3,"country":"it"}}"#)
            XCTAssertEqual(bot.status, .ok, bot.text)
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions"), 1)
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions WHERE learn = 0"), 1)
        XCTAssertEqual(
            try count(
                fixture,
                "SELECT count(*) FROM decisions WHERE features LIKE '%\"device\":\"bot\"%' AND features LIKE '%\"country\":\"IT\"%'"
            ), 1)
    }

    func testModelsContextHealthAndPrometheus() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let models = try await client.get("/ml/models").json()
            XCTAssertEqual(models["buildId"] as? String, "build-1")
            let sites = try XCTUnwrap(models["sites"] as? [[String: Any]])
            XCTAssertEqual(sites.map { $0["id"] as? String }, ["luna", "shop"])
            XCTAssertEqual(sites.first?["variants"] as? [String], ["indoor", "patio"])
            XCTAssertEqual(sites.first?["policy"] as? String, "thompson")

            let context = try await client.get(
                "/_sitegen/context?site=luna&src=qr",
                [("User-Agent", UserAgents.iPhone), ("CF-IPCountry", "IT"), ("Accept-Language", "it-IT,it;q=0.9")]
            ).json()
            XCTAssertEqual(context["site"] as? String, "luna")
            XCTAssertEqual(context["timezone"] as? String, "Europe/Rome")
            let features = try XCTUnwrap(context["features"] as? [String: String])
            XCTAssertEqual(features["device"], "mobile")
            XCTAssertEqual(features["country"], "IT")
            XCTAssertEqual(features["source"], "qr")
            XCTAssertEqual(features["language"], "it")
            XCTAssertEqual(context["isBot"] as? Bool, false)
            let unknownSite = try await client.get("/_sitegen/context?site=nope")
            XCTAssertEqual(unknownSite.status, .notFound)

            let health = try await client.get("/healthz").json()
            XCTAssertEqual(health["ok"] as? Bool, true)
            XCTAssertEqual(health["buildId"] as? String, "build-1")

            _ = try await client.get("/luna/")
            _ = try await client.get("/nope/")
            let metrics = try await client.get("/metrics")
            XCTAssertEqual(metrics.headers[.contentType], "text/plain; version=0.0.4; charset=utf-8")
            for line in [
                "sitegen_http_requests_total{route=\"page\",status=\"2xx\"} 1",
                "sitegen_http_requests_total{route=\"not_found\",status=\"4xx\"} 1",
                "sitegen_decisions_total 1",
                "# TYPE sitegen_conversions_total counter",
                "sitegen_model_impressions{site=\"luna\",variant=\"indoor\"}",
            ] {
                XCTAssertTrue(metrics.text.contains(line), "missing \(line) in\n\(metrics.text)")
            }
        }
    }
}
