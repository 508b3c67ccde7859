import Foundation
import Insight
import Runtime
import XCTest

@testable import Tools

/// What `sitegen forecast` and `sitegen anomalies` read from a database and print.
final class ForecastOutputTests: XCTestCase {
    /// A database with `days` complete days of visits to `luna` (weekends 1.5×) ending yesterday.
    private func database(days: Int) async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-tools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("events.sqlite").path
        let store = try EventStore(path: path)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let today = calendar.startOfDay(for: Date())
        var serial = 0
        for day in 1...days {
            let start = today.addingTimeInterval(Double(-day) * 86_400)
            let weekend = calendar.isDateInWeekend(start)
            for visit in 0..<(weekend ? 30 : 20) + day % 3 {
                serial += 1
                let at = start.addingTimeInterval(Double(visit) * 2_000)
                store.recordDecision(
                    DecisionRecord(
                        id: String(format: "%032x", serial), site: "luna", variant: "a", propensity: 0.5,
                        features: [:], pinned: false, learn: true, at: at))
                store.countVisit(site: "luna", variant: "a", placement: "table", at: at, scan: true)
            }
        }
        try await store.close()
        return path
    }

    func testForecastReadsCompleteDaysAndPrintsEveryFormat() async throws {
        let path = try await database(days: 35)
        let histories = try SiteHistories(database: path, dist: nil)
        defer { histories.close() }
        XCTAssertEqual(histories.sites, ["luna"])
        let history = try XCTUnwrap(try histories.history(site: "luna", metric: .scans, frequency: .daily))
        XCTAssertEqual(history.series.values.count, 35, "35 complete days, today left out")
        let result = try Forecaster.forecast(series: history.series, horizon: 7)
        let forecast = SiteForecast(
            site: "luna", metric: "scans", answer: ForecastAnswer(result: result, series: history.series))

        let text = try ForecastOutput.render([forecast], format: .text)
        XCTAssertTrue(text.hasPrefix("luna: scans per day, model "), text)
        XCTAssertEqual(text.split(separator: "\n").count, 1 + 1 + 7, text)
        let csv = try ForecastOutput.render([forecast], format: .csv).split(separator: "\n")
        XCTAssertEqual(csv.first, "site,metric,date,value,lower80,upper80,lower95,upper95")
        XCTAssertEqual(csv.count, 8)
        XCTAssertTrue(csv[1].hasPrefix("luna,scans,"))
        let json = try ForecastOutput.render([forecast], format: .json)
        let decoded = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        XCTAssertEqual(decoded.first?["site"] as? String, "luna")
        XCTAssertEqual((decoded.first?["forecast"] as? [Any])?.count, 7)
        XCTAssertNotNil(decoded.first?["model"] as? String)
    }

    func testUnknownSiteSaysWhichSitesExist() async throws {
        let path = try await database(days: 3)
        let histories = try SiteHistories(database: path, dist: nil)
        defer { histories.close() }
        XCTAssertThrowsError(try histories.select("lun")) { error in
            XCTAssertEqual("\(error)", "no events for site 'lun' in this database (sites: luna)")
        }
    }

    func testAnomaliesSayStillLearningBeforeTwoWeeks() async throws {
        let path = try await database(days: 9)
        let histories = try SiteHistories(database: path, dist: nil)
        defer { histories.close() }
        let history = try XCTUnwrap(try histories.history(site: "luna", metric: .scans, frequency: .hourly))
        let report = try AnomalyDetector(frequency: .hourly).detect(series: history.series)
        let check = SiteAnomalies(
            site: "luna", answer: AnomalyAnswer(report: report, frequency: .hourly, timeZone: history.series.timeZone))
        XCTAssertEqual(try ForecastOutput.render([check], format: .text), "luna: still learning (9 of 14 days)\n")
        XCTAssertEqual(
            try ForecastOutput.render([check], format: .csv),
            "site,status,kind,start,end,expected,actual,summary\nluna,learning,,,,,,\n")
    }
}
