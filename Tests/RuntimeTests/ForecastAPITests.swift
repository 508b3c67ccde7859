import Foundation
import HummingbirdTesting
import TestKit
import XCTest

@testable import Runtime

/// The forecasting service over HTTP: explicit series from any caller, a site's stored history,
/// and every kind of bad input answered with a 4xx and a message, never a crash or a NaN.
final class ForecastAPITests: XCTestCase {
    /// `days` daily points from 2026-09-01 with a weekly pattern (weekends higher), as JSON.
    private static func series(days: Int, level: Double = 800, drop: ClosedRange<Int>? = nil) -> String {
        let start = Date(timeIntervalSince1970: 1_788_220_800)  // 2026-09-01 00:00 UTC
        let points = (0..<days).map { day -> String in
            let date = start.addingTimeInterval(Double(day) * 86_400)
            let weekly = [1.0, 0.9, 0.95, 1.0, 1.1, 1.4, 1.3][day % 7]
            var value = (level * weekly + Double((day * 37) % 23)).rounded()
            if let drop, drop.contains(day) { value = (value * 0.05).rounded() }
            let text = date.formatted(Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash))
            return #"{"date":"\#(text)","value":\#(Int(value))}"#
        }
        return "[" + points.joined(separator: ",") + "]"
    }

    func testForecastsAnExplicitSeriesWithHonestBands() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let body = #"{"series":\#(Self.series(days: 70)),"horizon":14}"#
        try await withRuntime(fixture) { client, _ in
            let answer = try await client.post("/ml/forecast/scans", body)
            XCTAssertEqual(answer.status, .ok, answer.text)
            let json = try answer.json()
            XCTAssertFalse(try XCTUnwrap(json["model"] as? String).isEmpty)
            let points = try XCTUnwrap(json["forecast"] as? [[String: Any]])
            XCTAssertEqual(points.count, 14)
            // 70 days from 2026-09-01 end on 2026-11-09; the forecast starts the day after.
            XCTAssertEqual(points.first?["date"] as? String, "2026-11-10")
            XCTAssertEqual(points.last?["date"] as? String, "2026-11-23")
            for point in points {
                let value = try XCTUnwrap(point["value"] as? Double)
                let (l95, l80) = (
                    try XCTUnwrap(point["lower95"] as? Double), try XCTUnwrap(point["lower80"] as? Double)
                )
                let (u80, u95) = (
                    try XCTUnwrap(point["upper80"] as? Double), try XCTUnwrap(point["upper95"] as? Double)
                )
                XCTAssertTrue(0 <= l95 && l95 <= l80 && l80 <= value && value <= u80 && u80 <= u95, "\(point)")
            }
            // The weekly pattern is kept: Sundays (1.4 × the level) above Tuesdays (1.0 ×).
            let sunday = try XCTUnwrap(points[5]["value"] as? Double)  // 2026-11-15
            let tuesday = try XCTUnwrap(points[0]["value"] as? Double)  // 2026-11-10
            XCTAssertGreaterThan(sunday, tuesday * 1.2)
            XCTAssertNotNil(json["peak"])
        }
    }

    func testAnomaliesNeedTwoWeeksThenFindADrop() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let young10 = #"{"series":\#(Self.series(days: 10))}"#
        let broken60 = #"{"series":\#(Self.series(days: 60, drop: 57...59))}"#
        try await withRuntime(fixture) { client, _ in
            let young = try await client.post("/ml/detect/anomalies", young10)
            XCTAssertEqual(young.status, .ok, young.text)
            XCTAssertEqual(try young.json()["status"] as? String, "learning")
            XCTAssertTrue(try XCTUnwrap(young.json()["message"] as? String).contains("10 of 14"))

            let broken = try await client.post("/ml/detect/anomalies", broken60)
            XCTAssertEqual(broken.status, .ok, broken.text)
            let json = try broken.json()
            XCTAssertEqual(json["status"] as? String, "checked")
            let anomalies = try XCTUnwrap(json["anomalies"] as? [[String: Any]])
            let drop = try XCTUnwrap(
                anomalies.first { ["drop", "zero"].contains($0["kind"] as? String) }, "\(anomalies)")
            // The drop starts on 2026-10-28; the detector's change point may fall one step early
            // when the day before was on the low side of normal.
            XCTAssertTrue(["2026-10-27", "2026-10-28"].contains(drop["start"] as? String), "\(drop)")
            XCTAssertTrue(drop["end"] is NSNull, "an ongoing drop has a null end")
            XCTAssertLessThan(try XCTUnwrap(drop["actual"] as? Double), try XCTUnwrap(drop["expected"] as? Double))
        }
    }

    func testBadSeriesAreFourHundredsThatSayWhy() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let cases: [(body: String, contains: String, forecastOnly: Bool)] = [
            (#"{"series":[],"horizon":14}"#, "empty", false),
            (#"{"series":\#(Self.series(days: 30)),"horizon":0}"#, "horizon", true),
            (#"{"series":\#(Self.series(days: 30)),"horizon":10000}"#, "horizon", true),
            (#"{"series":[{"date":"2026-10-01","value":-3}]}"#, "negative", false),
            (#"{"series":[{"date":"2026-10-01","value":1},{"date":"2026-10-01","value":2}]}"#, "2026-10-01", false),
            (#"{"series":[{"date":"yesterday","value":1}]}"#, "series[0].date", false),
            (#"{"series":[{"date":"2026-10-01","value":"many"}]}"#, "series[0].value", false),
            (#"{"series":[{"date":"2026-10-01","value":1e400}]}"#, "JSON", false),
            (#"{"site":"luna","series":[]}"#, "not both", false),
            (#"{"horizon":3}"#, "'site' or 'series'", false),
            (#"{"site":"sole"}"#, "no site 'sole'", false),
            (#"{"site":"luna","variant":"attic"}"#, "no variant 'attic'", false),
        ]
        try await withRuntime(fixture) { client, _ in
            for (body, expected, forecastOnly) in cases {
                for path in forecastOnly ? ["/ml/forecast/scans"] : ["/ml/forecast/scans", "/ml/detect/anomalies"] {
                    let answer = try await client.post(path, body)
                    XCTAssertEqual(answer.status, .badRequest, "\(path) \(body): \(answer.text)")
                    let message = try XCTUnwrap(answer.json()["error"] as? String, body)
                    XCTAssertTrue(message.contains(expected), "\(body): \(message)")
                    XCTAssertFalse(answer.text.contains("NaN") || answer.text.contains("Infinity"))
                }
            }
            let get = try await client.get("/ml/forecast/scans")
            XCTAssertEqual(get.status, .methodNotAllowed)
        }
    }

    func testASiteIsForecastFromItsStoredCompleteDays() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, runtime in
            let empty = try await client.post("/ml/forecast/scans", #"{"site":"luna"}"#)
            XCTAssertEqual(empty.status, .badRequest)
            XCTAssertTrue(try XCTUnwrap(empty.json()["error"] as? String).contains("no complete day"))

            // Three weeks of visits ending yesterday, 3 to 9 a day, and a conversion worth 25 a day.
            let store = try XCTUnwrap(runtime.store)
            let today = Calendar(identifier: .gregorian).startOfDay(for: Date())
            var expectedVisits = 0
            for day in 1...21 {
                let noon = today.addingTimeInterval(Double(-day) * 86_400 + 12 * 3600)
                for visit in 0..<(3 + day % 7) {
                    let id = String(format: "%032x", day * 100 + visit)
                    let at = Int64(noon.timeIntervalSince1970 * 1000) + Int64(visit)
                    store.recordDecision(sampleDecision(id, atMilliseconds: at))
                    store.countVisit(
                        site: "luna", variant: "indoor", placement: "table", at: Date(storeMilliseconds: at), scan: true
                    )
                    expectedVisits += 1
                }
            }
            try await store.flush()
            let series = try XCTUnwrap(
                try store.activitySeries(site: "luna", metric: .scans, frequency: .daily, timeZone: .gmt, now: Date()))
            XCTAssertEqual(series.values.reduce(0, +), Double(expectedVisits))

            let answer = try await client.post("/ml/forecast/scans", #"{"site":"luna","horizon":7}"#)
            let placement = try await client.post("/ml/forecast/scans", #"{"site":"luna","placement":"table"}"#)
            XCTAssertEqual(placement.status, .ok, placement.text)
            let unknown = try await client.post("/ml/forecast/scans", #"{"site":"luna","placement":"tabel"}"#)
            XCTAssertEqual(unknown.status, .badRequest)
            XCTAssertEqual(answer.status, .ok, answer.text)
            XCTAssertEqual(try XCTUnwrap(answer.json()["forecast"] as? [[String: Any]]).count, 7)
            let checked = try await client.post("/ml/detect/anomalies", #"{"site":"luna"}"#)
            XCTAssertEqual(checked.status, .ok, checked.text)
            XCTAssertEqual(try checked.json()["status"] as? String, "checked")
        }
    }
}
