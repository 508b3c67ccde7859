import Foundation
import Insight
import Personalize
import TestKit
import XCTest

@testable import Runtime
@testable import Tools

/// The report as a person sees it: a synthetic history (the generator of `sitegen simulate
/// --into-db`), the HTML report, opened by headless Chromium with JavaScript disabled. The DOM
/// Chromium built must hold the verdict and charts whose SVG carries data elements.
final class ReportBrowserTests: XCTestCase {
    static func chromium() -> String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    func testSyntheticHistoryReportRendersWithoutJavaScript() async throws {
        guard let chromium = Self.chromium() else {
            try Prerequisite.missing("chromium is not installed: `make test` installs it")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sitegen-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("history.sqlite").path
        let scenario = try Scenario.load(path: PackageRoot.path("scenarios/device-daypart.yml").path)
        let layout = SiteLayout(
            variants: ["classic", "bold", "calm"],
            placements: [
                .init(id: "table", variant: nil), .init(id: "window", variant: nil),
                .init(id: "flyer", variant: "calm"),
            ],
            goals: [.init(id: "order", value: 20)], features: ["daypart", "device"])
        // epsilon-greedy logs exact probabilities (thompson and lints log a closed-form estimate,
        // which a long enough history shows as a sample-ratio mismatch: see docs/report.md).
        var config = scenario.personalize
        config.policy = .epsilonGreedy
        let end = Date(timeIntervalSince1970: Double(1_780_000_000 - 1_780_000_000 % 86_400))
        let summaries = try await SyntheticHistory.write(
            scenario: scenario,
            sites: [.init(id: "demo", layout: layout, config: config)], days: 35, visitorsPerDay: 150,
            seed: 3, into: database, end: end)
        XCTAssertEqual(summaries.first?.silentPlacement, "table")

        let out = folder.appendingPathComponent("report").path
        _ = try ReportFiles.write(.init(database: database, site: nil, from: nil, to: nil, out: out, format: .json))
        _ = try ReportFiles.write(.init(database: database, site: nil, from: nil, to: nil, out: out, format: .html))
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/demo.json")))
                as? [String: Any])
        let srm = try XCTUnwrap(json["srm"] as? [String: Any])
        XCTAssertEqual(srm["flagged"] as? Bool, false, "correct logging must not raise a sample-ratio alarm")
        let verdict = try XCTUnwrap((json["verdict"] as? [String: Any])?["headline"] as? String)
        // The silent week shows as days without scans from that placement.
        let placements = try XCTUnwrap(json["placements"] as? [[String: Any]])
        XCTAssertTrue((placements.first { $0["id"] as? String == "table" }?["scans"] as? Int ?? 0) > 0)
        let anomalies = try XCTUnwrap(json["anomalies"] as? [[String: Any]], "the silent week is not flagged")
        XCTAssertTrue(anomalies.contains { $0["subject"] as? String == "table" }, "\(anomalies)")
        let forecast = try XCTUnwrap(json["forecast"] as? [String: Any], "no scan forecast")
        let points = try XCTUnwrap(forecast["points"] as? [[String: Any]])
        XCTAssertEqual(points.count, 14)
        for point in points {
            let (low, value, high) = (
                point["lower95"] as? Double ?? -1, point["value"] as? Double ?? -1, point["upper95"] as? Double ?? -1
            )
            XCTAssertTrue(0 <= low && low <= value && value <= high, "\(point)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-javascript", "--dump-dom",
            "file://\(out)/demo.html",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(dom.contains("id=\"verdict\""), "no verdict section")
        XCTAssertTrue(dom.contains(verdict), "the verdict '\(verdict)' is not on the page")
        XCTAssertFalse(dom.contains("<script"))
        XCTAssertGreaterThanOrEqual(dom.components(separatedBy: "<svg").count - 1, 4, "too few charts")
        for element in ["class=\"area\"", "class=\"line\"", "class=\"bar\"", "class=\"ci\""] {
            XCTAssertTrue(dom.contains(element), "no chart element \(element)")
        }
        XCTAssertFalse(dom.contains("NaN") || dom.contains("Infinity"))
    }
}
