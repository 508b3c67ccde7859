import Foundation
import Insight
import XCTest

@testable import Runtime
@testable import Tools

/// `sitegen report` end to end on small hand-made databases: numbers checked against values
/// worked out by hand, and every bad input of the issue answered with one line or an honest
/// empty report.
final class ReportTests: XCTestCase {
    private var folders: [URL] = []

    override func tearDown() {
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
        folders = []
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sitegen-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        folders.append(folder)
        return folder
    }

    private static let start = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28

    private func decision(
        _ id: String, _ variant: String, device: String = "mobile", learn: Bool = true, pinned: Bool = false,
        placement: String? = nil, minutes: Double = 0
    ) -> DecisionRecord {
        DecisionRecord(
            id: id, site: "luna", variant: variant, propensity: pinned ? 1 : 0.5,
            features: ["device": device, "hour": "19", "weekday": "6", "country": "IT"], pinned: pinned, learn: learn,
            at: Self.start.addingTimeInterval(minutes * 60), placement: placement,
            source: placement == nil ? nil : "qr",
            probabilities: pinned ? [] : [0.5, 0.5])
    }

    /// a: 4 learnable (one converted, value 10) + 1 bot; b: 2 learnable + 1 pinned (window).
    private func handMadeDatabase() async throws -> String {
        let path = try temporaryFolder().appendingPathComponent("events.sqlite").path
        let store = try EventStore(path: path)
        store.recordLayout(
            SiteLayout(
                variants: ["a", "b"],
                placements: [.init(id: "table", variant: nil), .init(id: "window", variant: "b")],
                goals: [.init(id: "order", value: 10)], features: ["device"]),
            site: "luna")
        for i in 0..<4 {
            store.recordDecision(decision("a\(i)", "a", placement: i == 0 ? "table" : nil, minutes: Double(i)))
        }
        store.recordDecision(decision("bot", "a", device: "bot", learn: false, minutes: 5))
        for i in 0..<2 { store.recordDecision(decision("b\(i)", "b", device: "desktop", minutes: Double(10 + i))) }
        store.recordDecision(decision("pin", "b", learn: false, pinned: true, placement: "window", minutes: 20))
        for _ in 0..<3 {
            store.countVisit(site: "luna", variant: "a", placement: "table", at: Self.start, scan: true)
        }
        _ = try await store.recordConversion(
            ConversionRecord(
                decisionID: "a0", site: "luna", goal: "order", value: 10, at: Self.start.addingTimeInterval(60)))
        try await store.close()
        return path
    }

    func testNumbersMatchHandComputedValues() async throws {
        let path = try await handMadeDatabase()
        let service = try ReportService.open(path: path)
        defer { service.close() }
        let report = try service.report(site: "luna", from: nil, to: nil, now: Self.start.addingTimeInterval(3600))

        XCTAssertEqual(report.variants.map(\.id), ["a", "b"])
        XCTAssertEqual(report.variants.map(\.impressions), [4, 2])
        XCTAssertEqual(report.variants.map(\.conversions), [1, 0])
        XCTAssertEqual(report.variants.map(\.botImpressions), [1, 0])
        XCTAssertEqual(report.variants.map(\.pinnedImpressions), [0, 1])
        XCTAssertEqual(report.variants[0].conversionRate ?? -1, 0.25, accuracy: 1e-12)
        XCTAssertEqual(report.variants[0].revenue ?? -1, 10, accuracy: 1e-12)
        // Beta(1 + 1, 1 + 3): mean 2/6.
        XCTAssertEqual(report.variants[0].posteriorMean ?? -1, 2.0 / 6.0, accuracy: 1e-12)
        let interval = try BetaPosterior(conversions: 1, impressions: 4).interval(level: 0.95)
        XCTAssertEqual(report.variants[0].rateInterval ?? [], [interval.lower, interval.upper])
        // P(Beta(2,4) > Beta(1,3)) = ∫ f₂,₄(x) F₁,₃(x) dx = 9/14 (worked by hand; scipy agrees).
        XCTAssertEqual(report.variants[0].chanceToBeBest ?? -1, 9.0 / 14.0, accuracy: 1e-6)
        XCTAssertEqual(report.verdict.kind, .tooLittleData)
        XCTAssertEqual(report.verdict.leader, "a")

        // Sample ratio: observed 4 and 2 against expected 3 and 3 (six decisions at 0.5 each).
        let srm = try XCTUnwrap(report.srm)
        XCTAssertEqual(srm.variants.map(\.observed), [4, 2])
        XCTAssertEqual(srm.variants.compactMap(\.expected), [3, 3])

        // Off-policy, conversion as reward, N = 6 learnable decisions, w = 2:
        // logged = 1/6; IPS for "always a" = (1/6)·(2·1) = 1/3; uniform = (1/6)·(0.5·2·1) = 1/6.
        func value(_ policy: String, _ estimator: SiteReportPolicyValue.Estimator) -> Double? {
            report.policyValue.first {
                $0.policy.key == policy && $0.estimator == estimator && $0.metric == .conversionRate
            }?.value
        }
        XCTAssertEqual(value("logged", .ips) ?? -1, 1.0 / 6.0, accuracy: 1e-12)
        XCTAssertEqual(value("variant:a", .ips) ?? -1, 1.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(value("uniform", .ips) ?? -1, 1.0 / 6.0, accuracy: 1e-12)
        XCTAssertEqual(value("variant:b", .ips) ?? -1, 0, accuracy: 1e-12)

        // Placements: table has 3 scans, 1 visitor who converted; window is pinned to b.
        let table = try XCTUnwrap(report.placements.first { $0.id == "table" })
        XCTAssertEqual([table.scans, table.uniqueVisitors, table.conversions], [3, 1, 1])
        let window = try XCTUnwrap(report.placements.first { $0.id == "window" })
        XCTAssertEqual(window.pinnedVariant, "b")
        XCTAssertEqual(window.uniqueVisitors, 1)

        XCTAssertEqual(report.health.totalImpressions, 8)
        XCTAssertEqual(report.health.botImpressions, 1)
        XCTAssertEqual(report.health.pinnedImpressions, 1)
        XCTAssertEqual(report.timelineGranularity, .hour)
        XCTAssertEqual(report.timeline.flatMap(\.variants).reduce(0) { $0 + $1.impressions }, 6)
        let device = report.segments.filter { $0.dimension == .device }
        XCTAssertEqual(Set(device.map(\.value)), ["mobile", "desktop"])
        XCTAssertEqual(report.segments.first { $0.dimension == .weekday }?.value, "weekend")

        // One set of numbers: the report's impressions and conversions are `sitegen stats`'.
        let stats = try EventStore.stats(databaseAt: path)
        XCTAssertEqual(stats.map(\.learnableImpressions), report.variants.map(\.impressions))
        XCTAssertEqual(stats.map(\.conversions), report.variants.map(\.conversions))
    }

    /// A context cell is marked only when its mismatch survives the number of cells shown: here
    /// mobile's 67 against 33 (expected 50 each) gives χ² = 17²/25 = 11.56, p = 0.000674 on its
    /// own, under 0.001 but not under 0.001 / 2 with two cells shown; the headline (per-cell and
    /// overall at half the threshold) is not flagged either.
    func testCellsAreMarkedAfterCorrectingForHowManyAreShown() async throws {
        let path = try temporaryFolder().appendingPathComponent("events.sqlite").path
        let store = try EventStore(path: path)
        store.recordLayout(
            SiteLayout(
                variants: ["a", "b"], placements: [], goals: [.init(id: "order", value: 10)], features: ["device"]),
            site: "luna")
        for i in 0..<100 { store.recordDecision(decision("m\(i)", i < 67 ? "a" : "b", minutes: Double(i) / 10)) }
        for i in 0..<10 {
            store.recordDecision(decision("d\(i)", i < 5 ? "a" : "b", device: "desktop", minutes: Double(i) / 10))
        }
        try await store.close()
        let service = try ReportService.open(path: path)
        defer { service.close() }
        let report = try service.report(site: "luna", from: nil, to: nil, now: Self.start.addingTimeInterval(3600))
        let srm = try XCTUnwrap(report.srm)
        let mobile = try XCTUnwrap(srm.cells.first { $0.cell.contains("mobile") }, "\(srm.cells)")
        // scipy.stats.chi2.sf(11.56, 1) = 0.000673…
        XCTAssertEqual(try XCTUnwrap(mobile.pValue), 0.000673, accuracy: 0.00001)
        XCTAssertEqual(srm.cells.count, 2)
        XCTAssertFalse(mobile.flagged, "0.000673 is not below 0.001 / 2")
        XCTAssertFalse(srm.flagged)
    }

    func testJSONFilesCarryTheIssuesKeys() async throws {
        let path = try await handMadeDatabase()
        let out = try temporaryFolder().appendingPathComponent("out").path
        let lines = try ReportFiles.write(
            .init(database: path, site: nil, from: nil, to: nil, out: out, format: .json))
        XCTAssertEqual(lines.count, 1)
        let text = try String(contentsOfFile: out + "/luna.json", encoding: .utf8)
        XCTAssertFalse(text.contains("NaN") || text.contains("Infinity"), text)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(json["site"] as? String, "luna")
        let variants = try XCTUnwrap(json["variants"] as? [[String: Any]])
        for key in ["id", "impressions", "conversions", "conversionRate", "chanceToBeBest", "rateInterval"] {
            XCTAssertNotNil(variants[0][key], key)
        }
        let policy = try XCTUnwrap(json["policyValue"] as? [[String: Any]])
        XCTAssertTrue(policy.contains { $0["policy"] as? String == "variant:a" && $0["estimator"] as? String == "dr" })
        let srm = try XCTUnwrap(json["srm"] as? [String: Any])
        XCTAssertNotNil(srm["flagged"])
        for format in [ReportFiles.Format.html, .csv] {
            _ = try ReportFiles.write(.init(database: path, site: "luna", from: nil, to: nil, out: out, format: format))
        }
        let html = try String(contentsOfFile: out + "/luna.html", encoding: .utf8)
        XCTAssertFalse(html.contains("<script"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/luna.csv"))
    }

    // MARK: Bad input

    func testEmptyDatabaseSaysSoInOneLine() async throws {
        let path = try temporaryFolder().appendingPathComponent("empty.sqlite").path
        try await EventStore(path: path).close()
        XCTAssertThrowsError(
            try ReportFiles.write(
                .init(database: path, site: nil, from: nil, to: nil, out: path + ".out", format: .html))
        ) { error in
            XCTAssertEqual(error as? ReportError, .noSites(database: path))
            XCTAssertFalse("\(error)".contains("\n"))
        }
    }

    func testUnknownSiteSuggestsTheClosest() async throws {
        let path = try await handMadeDatabase()
        let service = try ReportService.open(path: path)
        defer { service.close() }
        XCTAssertThrowsError(try service.report(site: "lunna", from: nil, to: nil)) { error in
            XCTAssertTrue("\(error)".contains("did you mean 'luna'"), "\(error)")
        }
    }

    func testFromAfterToIsRefused() async throws {
        let path = try await handMadeDatabase()
        let from = try XCTUnwrap(ReportDates.parse("2026-06-02"))
        let to = try XCTUnwrap(ReportDates.parse("2026-06-01"))
        XCTAssertThrowsError(
            try ReportFiles.write(
                .init(database: path, site: nil, from: from, to: to, out: path + ".out", format: .json))
        ) { error in
            XCTAssertEqual(error as? ReportError, .emptyRange(from: from, to: to))
            XCTAssertTrue("\(error)".contains("is not before"), "\(error)")
        }
    }

    func testNoConversionsAndOneVariantGiveHonestReports() async throws {
        let path = try temporaryFolder().appendingPathComponent("one.sqlite").path
        let store = try EventStore(path: path)
        store.recordLayout(SiteLayout(variants: ["only"], placements: [], goals: []), site: "solo")
        for i in 0..<5 {
            store.recordDecision(
                DecisionRecord(
                    id: "d\(i)", site: "solo", variant: "only", propensity: 1, features: ["device": "mobile"],
                    pinned: false, learn: true, at: Self.start, probabilities: [1]))
        }
        try await store.close()
        let service = try ReportService.open(path: path)
        defer { service.close() }
        let report = try service.report(site: "solo", from: nil, to: nil)
        XCTAssertEqual(report.verdict.kind, .tooLittleData)
        XCTAssertEqual(report.variants.map(\.conversions), [0])
        let json = try SiteReportJSON.render(report)
        XCTAssertFalse(json.contains("NaN") || json.contains("Infinity"))
        let html = SiteReportHTML.render(report)
        XCTAssertFalse(html.contains("NaN") || html.contains("Infinity"))
    }

    func testOlderSchemaIsReadWithoutMigrating() async throws {
        let path = try temporaryFolder().appendingPathComponent("v2.sqlite").path
        do {
            let db = try Database(path: path, mode: .readWriteCreate)
            for sql in Schema.migrations[0] + Schema.migrations[1] { try db.execute(sql, for: "test: v2") }
            try db.execute("PRAGMA user_version = 2", for: "test: v2")
            try db.execute(
                """
                INSERT INTO decisions (id, site, variant, propensity, features, pinned, learn, at)
                VALUES ('old', 'luna', 'a', 0.5, '{"device":"mobile"}', 0, 1, 1780000000000)
                """, for: "test: a v2 row")
        }
        let service = try ReportService.open(path: path)
        defer { service.close() }
        let report = try service.report(site: "luna", from: nil, to: nil)
        XCTAssertEqual(report.variants.map(\.impressions), [1])
        XCTAssertNil(report.srm)
        let version = try Database(path: path, mode: .readOnly).integer("PRAGMA user_version", for: "test")
        XCTAssertEqual(version, 2)
    }

    func testDatabaseBeingWrittenIsReadAtItsLastCommit() async throws {
        let path = try await handMadeDatabase()
        let store = try EventStore(path: path)
        store.recordDecision(decision("late", "b", minutes: 30))
        try await store.flush()
        let service = try ReportService.open(path: path)
        let report = try service.report(site: "luna", from: nil, to: nil)
        service.close()
        XCTAssertEqual(report.variants.map(\.impressions), [4, 3])
        try await store.close()
    }
}
