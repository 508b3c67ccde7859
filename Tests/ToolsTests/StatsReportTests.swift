import Foundation
import Runtime
import XCTest

@testable import Tools

final class StatsReportTests: XCTestCase {
    let rows = [
        SiteStats(
            site: "luna", variant: "indoor-comfort", impressions: 1200, learnableImpressions: 1100,
            conversions: 100, convertedImpressions: 96, reward: 1234.5),
        SiteStats(
            site: "luna", variant: "patio", impressions: 7, learnableImpressions: 7, conversions: 0,
            convertedImpressions: 0, reward: 0),
        SiteStats(
            site: "sole", variant: "default", impressions: 3, learnableImpressions: 2, conversions: 1,
            convertedImpressions: 1, reward: 25),
    ]

    func testTableIsAlignedPerColumn() {
        XCTAssertEqual(
            StatsTable.render(rows),
            """
            SITE  VARIANT         IMPRESSIONS  LEARNABLE  BOTS  PINNED  CONVERSIONS    RATE   REWARD
            luna  indoor-comfort         1200       1100     0       0          100   9.09%  1234.50
            luna  patio                     7          7     0       0            0   0.00%     0.00
            sole  default                   3          2     0       0            1  50.00%    25.00

            """)
        XCTAssertEqual(StatsTable.render([]), "no events recorded yet\n")
    }

    func testTableEscapesControlCharactersInNames() {
        let hostile = [
            SiteStats(
                site: "a\u{1B}[2Jb", variant: "x\ny", impressions: 1, learnableImpressions: 1, conversions: 0,
                convertedImpressions: 0, reward: 0)
        ]
        let table = StatsTable.render(hostile)
        XCTAssertFalse(table.unicodeScalars.contains { $0.value == 0x1B })
        XCTAssertTrue(table.contains("a\\u{1b}[2Jb  x\\u{a}y"), table)
        XCTAssertEqual(table.split(separator: "\n").count, 2)
    }

    func testJSONGroupsVariantsUnderSitesWithTotals() throws {
        let json = try StatsReport(database: "data/sitegen.sqlite", rows: rows).json()
        let decoded = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(decoded["database"] as? String, "data/sitegen.sqlite")
        let sites = try XCTUnwrap(decoded["sites"] as? [[String: Any]])
        XCTAssertEqual(sites.map { $0["site"] as? String }, ["luna", "sole"])
        XCTAssertEqual(sites[0]["impressions"] as? Int, 1207)
        XCTAssertEqual(sites[0]["conversions"] as? Int, 100)
        XCTAssertEqual(sites[0]["reward"] as? Double, 1234.5)
        let variants = try XCTUnwrap(sites[0]["variants"] as? [[String: Any]])
        XCTAssertEqual(variants.map { $0["variant"] as? String }, ["indoor-comfort", "patio"])
        XCTAssertEqual(variants[0]["learnableImpressions"] as? Int, 1100)
        XCTAssertEqual(variants[0]["convertedImpressions"] as? Int, 96)
        XCTAssertEqual(variants[0]["conversionRate"] as? Double, 100.0 / 1100.0)
    }
}
