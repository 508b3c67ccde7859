import DistFormat
import Foundation
import XCTest

@testable import SiteGen

/// `goals[].max_value` in site.yml: parsed, validated with its position, carried in the manifest.
final class GoalMaxValueTests: XCTestCase {
    private func parse(_ goals: String) throws(BuildFailure) -> SiteConfig {
        try SiteConfigParser.parse(
            siteID: "cafe", file: "sites/cafe/site.yml",
            text: "base_url: https://qr.example.com\ntitle: Cafe\ntemplate: basic\ngoals:\n\(goals)")
    }

    private func errors(_ goals: String) -> [String] {
        do {
            _ = try parse(goals)
            return []
        } catch {
            return error.diagnostics.map { "\($0.location): \($0.message)" }
        }
    }

    func testMaxValueIsReadAndOptional() throws {
        let config = try parse("  - id: reserve\n    value: 30\n    max_value: 300\n  - id: order\n    value: 25\n")
        XCTAssertEqual(
            config.goals,
            [GoalManifest(id: "reserve", value: 30, maxValue: 300), GoalManifest(id: "order", value: 25)])
        XCTAssertEqual(config.goals.map(\.cap), [300, 25])
        XCTAssertEqual(try parse("  - id: reserve\n    value: 30\n    max_value: 30\n").goals[0].maxValue, 30)
    }

    func testBadMaxValueIsAPositionedError() {
        XCTAssertEqual(
            errors("  - id: reserve\n    value: 30\n    max_value: 10\n"),
            ["sites/cafe/site.yml:7:16: goal max_value (10) must be at least the goal's value (30)"])
        for bad in ["0", "-5", "2e9"] {
            XCTAssertEqual(
                errors("  - id: reserve\n    max_value: \(bad)\n"),
                ["sites/cafe/site.yml:6:16: goal max_value must be a positive number up to 1,000,000,000"], bad)
        }
        XCTAssertEqual(
            errors("  - id: reserve\n    max_value: lots\n"),
            ["sites/cafe/site.yml:6:16: 'max_value' must be a number, not text"])
        XCTAssertEqual(errors("  - id: reserve\n    max_value: .inf\n").count, 1, "infinity is no number here")
    }

    /// Not a goal's, but the same issue's: a redirect or destination may place the click token.
    func testClickPlaceholderIsAValidURLPart() {
        XCTAssertTrue(isAbsoluteHTTPURL(withClickPlaceholder: "https://book.example.com/luna?ref={click}&x=1"))
        XCTAssertFalse(isAbsoluteHTTPURL(withClickPlaceholder: "book.example.com/{click}"))
    }

    func testManifestCarriesMaxValueAndOldManifestsStillDecode() throws {
        let goals = [GoalManifest(id: "reserve", value: 30, maxValue: 300), GoalManifest(id: "order", value: 25)]
        let encoded = try JSONEncoder().encode(goals)
        let text = try XCTUnwrap(String(data: encoded, encoding: .utf8))
        XCTAssertTrue(text.contains(#""maxValue":300"#), text)
        XCTAssertEqual(text.components(separatedBy: "maxValue").count, 2, "written only when declared: \(text)")
        XCTAssertEqual(try JSONDecoder().decode([GoalManifest].self, from: encoded), goals)

        let old = try JSONDecoder().decode([GoalManifest].self, from: Data(#"[{"id":"reserve","value":30}]"#.utf8))
        XCTAssertEqual(old, [GoalManifest(id: "reserve", value: 30)])
        XCTAssertNil(old[0].maxValue)
        XCTAssertEqual(old[0].cap, 30, "without max_value a goal's value is its cap")
    }
}
