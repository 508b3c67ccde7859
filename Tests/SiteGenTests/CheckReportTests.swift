import Foundation
import XCTest

@testable import SiteGen

/// What `sitegen check` prints: compiler-style lines in file order, a JSON array for editors,
/// and a summary whose error count decides the exit status.
final class CheckReportTests: XCTestCase {
    private func brokenProject() throws -> ProjectFixture {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/site.yml", with: ProjectFixture.standardSiteYAML + "  size_mm: 12\n")
        try project.write("sites/cafe/menu.md", "[x](nope/)\n")
        return project
    }

    func testTextLinesAreCompilerStyleAndOrderedByFile() throws {
        let project = try brokenProject()
        defer { project.remove() }
        let report = project.check()
        let lines = report.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, report.text)
        XCTAssertTrue(lines[0].contains("sites/cafe/menu.md:1:5: error: <a href=\"nope/\"> points nowhere"), lines[0])
        XCTAssertTrue(lines[1].contains("sites/cafe/site.yml:21:12: warning: QR code"), lines[1])
        XCTAssertEqual(report.errors, 1)
        XCTAssertEqual(report.warnings, 1)
        XCTAssertEqual(report.summary, "checked 1 site, 6 rendered pages: 1 error, 1 warning")
    }

    func testJSONIsAnArrayOfPositionedFindings() throws {
        let project = try brokenProject()
        defer { project.remove() }
        let json = try project.check().json()
        let array = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        XCTAssertEqual(array.count, 2)
        XCTAssertTrue((array[0]["file"] as? String)?.hasSuffix("/sites/cafe/menu.md") == true)
        XCTAssertEqual(array[0]["line"] as? Int, 1)
        XCTAssertEqual(array[0]["column"] as? Int, 5)
        XCTAssertEqual(array[0]["severity"] as? String, "error")
        XCTAssertEqual(array[1]["severity"] as? String, "warning")
        XCTAssertTrue((array[1]["message"] as? String)?.contains("0.4 mm") == true)
        XCTAssertEqual(Set(array[0].keys), ["file", "line", "column", "severity", "message"])
    }

    func testEveryBrokenSiteIsReportedNotOnlyTheFirst() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write(
            "sites/alpha/site.yml", "title: A\nbase_url: https://x.example\ntemplate: basic\ncolour: red\n")
        try project.write("sites/alpha/index.md", "hi")
        try project.write("sites/zeta/site.yml", "title: Z\nbase_url: https://x.example\ntemplate: basik\n")
        let report = project.check()
        report.assertFinding(at: "sites/alpha/site.yml:4:1", containing: "unknown key 'colour'")
        report.assertFinding(at: "sites/zeta/site.yml:3:11", containing: "unknown template 'basik'")
        XCTAssertEqual(report.sites, 3)
    }
}
