import Foundation
import Hummingbird
import HummingbirdTesting
import Insight
import Logging
import NIOCore
import Synchronization
import TestKit
import XCTest

@testable import Runtime

/// Anomaly alerts: the watch's started/ended bookkeeping, the checks over a site's stored
/// history with the `/metrics` gauge, and the webhook's delivery with retries.
final class AlertTests: XCTestCase {
    private func active(_ site: String, _ kind: AnomalyKind, _ start: String) -> AnomalyWatch.Active {
        AnomalyWatch.Active(site: site, kind: kind, start: start, expected: 10, actual: 0, summary: "s")
    }

    func testTheWatchReportsWhatStartedAndWhatEnded() {
        let watch = AnomalyWatch()
        let now = Date(timeIntervalSince1970: 1_765_000_000)
        let first = watch.update(
            checked: ["luna", "shop"], found: [active("luna", .zero, "2026-12-01T10:00:00Z")], at: now)
        XCTAssertEqual(first.map(\.event), [.started])
        XCTAssertEqual(watch.current.map(\.site), ["luna"])
        // Still going on (its size changed): no message.
        var bigger = active("luna", .zero, "2026-12-01T10:00:00Z")
        bigger.expected = 12
        XCTAssertEqual(watch.update(checked: ["luna", "shop"], found: [bigger], at: now), [])
        // A site not checked this time keeps its state.
        XCTAssertEqual(watch.update(checked: ["shop"], found: [], at: now), [])
        XCTAssertEqual(watch.current.count, 1)
        let ended = watch.update(
            checked: ["luna", "shop"], found: [active("shop", .spike, "2026-12-02T08:00:00Z")], at: now)
        XCTAssertEqual(ended.map(\.event), [.ended, .started])
        XCTAssertEqual(ended.map(\.site), ["luna", "shop"])
        XCTAssertEqual(watch.current.map(\.site), ["shop"])
    }

    func testASilentSiteRaisesTheGaugeAndClearsItWhenScansReturn() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, runtime in
            let store = try XCTUnwrap(runtime.store)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .gmt
            let today = calendar.startOfDay(for: Date())
            // 20 days of steady daytime scans, then nothing for the last day and a half.
            func visits(_ count: Int, at hour: Date) {
                for minute in 0..<count {
                    store.countVisit(
                        site: "luna", variant: "indoor", placement: nil,
                        at: hour.addingTimeInterval(Double(minute) * 60), scan: true)
                }
            }
            for day in 2...21 {
                for hour in 8..<22 { visits(12, at: today.addingTimeInterval(Double(-day * 24 + hour) * 3600)) }
            }
            try await store.flush()
            let noon = today.addingTimeInterval(12 * 3600)
            let started = runtime.checkAnomalies(now: noon)
            XCTAssertEqual(started.map(\.event), [.started], "\(started)")
            XCTAssertEqual(started.first?.site, "luna")
            let metrics = try await client.get("/metrics")
            XCTAssertTrue(metrics.text.contains("sitegen_anomaly_active{site=\"luna\",kind=\""), metrics.text)

            // Scans come back through the afternoon: the anomaly ends and the gauge goes.
            for hour in 12..<18 { visits(12, at: today.addingTimeInterval(Double(hour) * 3600)) }
            try await store.flush()
            let ended = runtime.checkAnomalies(now: today.addingTimeInterval(18 * 3600))
            XCTAssertEqual(ended.map(\.event), [.ended], "\(ended)")
            let after = try await client.get("/metrics")
            XCTAssertFalse(after.text.contains("sitegen_anomaly_active{"), after.text)
        }
    }

    /// The store keeps, per variant and hour, the learnable impressions and how many converted
    /// (a second goal of the same visitor is not a second converted impression; bots not at all).
    func testTheWriterCountsVariantHours() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        let hour: Int64 = 1_700_002_800_000  // 23:00 UTC, an hour's start
        for i in 0..<5 { store.recordDecision(sampleDecision("d\(i)", atMilliseconds: hour + Int64(i) * 60_000)) }
        store.recordDecision(sampleDecision("bot", learn: false, atMilliseconds: hour))
        store.recordDecision(sampleDecision("later", atMilliseconds: hour + 3_600_000))
        _ = try await store.recordConversion(sampleConversion("d0", goal: "reserve"))
        _ = try await store.recordConversion(sampleConversion("d0", goal: "order"))
        _ = try await store.recordConversion(sampleConversion("d3", goal: "reserve"))
        _ = try await store.recordConversion(sampleConversion("bot", goal: "reserve"))
        try await store.close()
        XCTAssertEqual(
            try rawText(path, "SELECT hour || ':' || impressions || ':' || converted FROM variant_hours ORDER BY hour"),
            ["\(hour):5:2", "\(hour + 3_600_000):1:0"])
    }

    /// A variant whose conversions stop while its traffic goes on (a broken checkout link) is an
    /// anomaly of its own, with the variant named, on `/metrics` and in what the webhook gets.
    func testAVariantWhoseConversionsStopIsReported() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, runtime in
            let store = try XCTUnwrap(runtime.store)
            try await store.flush()
            let db = try Database(path: fixture.database.path, mode: .readWriteCreate)
            try db.execute("PRAGMA busy_timeout = 5000", for: "test: busy timeout")
            let now = Date()
            let currentHour = Int64(now.timeIntervalSince1970 / 3600)
            // 20 days of steady scans and of both variants converting 10% of 40 impressions an
            // hour; patio's last 30 hours convert nothing.
            try db.transaction("test: history") { () throws(StoreError) in
                let insert = try db.prepare(
                    "INSERT INTO variant_hours VALUES ('luna', ?, ?, 40, ?)", for: "test: variant hours")
                let scans = try db.prepare(
                    "INSERT INTO visit_counts VALUES ('luna', 'indoor', '', ?, 80, 80)", for: "test: scans")
                for offset in 1...(20 * 24) {
                    let hour = (currentHour - Int64(offset)) * 3_600_000
                    try scans.bind(1, hour)
                    try scans.run()
                    for variant in ["indoor", "patio"] {
                        try insert.bind(1, variant)
                        try insert.bind(2, hour)
                        try insert.bind(3, Int64(variant == "patio" && offset <= 30 ? 0 : 4))
                        try insert.run()
                    }
                }
                insert.finalize()
                scans.finalize()
            }
            db.close()

            let changes = runtime.checkAnomalies(now: now)
            let collapse = try XCTUnwrap(changes.first { $0.kind == .rateCollapse }, "\(changes)")
            XCTAssertEqual(collapse.event, .started)
            XCTAssertEqual(collapse.variant, "patio")
            XCTAssertEqual(collapse.expected, 0.1, accuracy: 0.001)
            XCTAssertEqual(collapse.actual, 0, accuracy: 0.001)
            XCTAssertFalse(changes.contains { $0.variant == "indoor" }, "\(changes)")
            let metrics = try await client.get("/metrics").text
            XCTAssertTrue(
                metrics.contains(#"sitegen_anomaly_active{site="luna",kind="rate-collapse",variant="patio"} 1"#),
                metrics)
            let api = try await client.post("/ml/detect/anomalies", #"{"site":"luna","frequency":"hourly"}"#)
            XCTAssertEqual(api.status, .ok, api.text)
            XCTAssertTrue(api.text.contains(#""variant":"patio""#), api.text)
        }
    }

    func testTheWebhookIsRetriedUntilTheReceiverTakesIt() async throws {
        let received = Mutex<[String]>([])
        let refusals = Mutex(1)
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 64 * 1024)
            if refusals.withLock({ left in
                defer { left -= 1 }
                return left > 0
            }) {
                return .serviceUnavailable
            }
            received.withLock { $0.append(String(buffer: body)) }
            return .noContent
        }
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiver.test(.live) { client in
            let port = try XCTUnwrap(client.port)
            var sender = WebhookSender(url: "http://127.0.0.1:\(port)/hook")
            sender.firstRetry = .milliseconds(10)
            let change = AnomalyWatch.Change(
                event: .started, site: "luna", kind: .zero, start: "2026-12-01T10:00:00Z", expected: 9.5, actual: 0,
                summary: "no scans since Tue 10:00", at: "2026-12-01T13:05:00Z")
            await sender.deliver(change, logger: Logger(label: "alert-tests"))
        }
        let bodies = received.withLock { $0 }
        XCTAssertEqual(bodies.count, 1, "delivered once, on the second try")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bodies[0].utf8)) as? [String: Any])
        XCTAssertEqual(json["event"] as? String, "started")
        XCTAssertEqual(json["site"] as? String, "luna")
        XCTAssertEqual(json["kind"] as? String, "zero")
        XCTAssertEqual(json["expected"] as? Double, 9.5)
        XCTAssertEqual(json["summary"] as? String, "no scans since Tue 10:00")
    }
}
