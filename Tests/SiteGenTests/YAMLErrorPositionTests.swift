import XCTest

@testable import SiteGen

/// Malformed YAML is reported where the broken construct starts (the `[` never closed, the
/// quote never ended), not where the parser gave up, which is often the end of the file or
/// front matter's closing `---`.
final class YAMLErrorPositionTests: XCTestCase {
    private func error(_ yaml: String, lineOffset: Int = 0) -> String {
        do {
            _ = try YAMLNode.parse(yaml, file: "f.yml", lineOffset: lineOffset)
            return "parsed"
        } catch {
            return error.diagnostics.map(\.description).joined(separator: "\n")
        }
    }

    func testUnclosedFlowSequenceInSiteYAML() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write(
            "sites/cafe/site.yml", "base_url: https://qr.example.com\ntitle: [Spring Menu\ntemplate: basic\n")
        let built = project.failingBuild().map(\.description)
        XCTAssertEqual(built.count, 1, built.joined(separator: "\n"))
        XCTAssertTrue(
            built[0].hasSuffix(
                "sites/cafe/site.yml:2:8: error: malformed YAML: did not find expected ',' or ']' while parsing "
                    + "a flow sequence started here (the parser gave up at line 3, column 9)"),
            built[0])
        project.check(decoder: nil).assertFinding(at: "sites/cafe/site.yml:2:8", containing: "flow sequence")
    }

    func testUnclosedFlowSequenceInFrontMatterPointsAtItsLineNotTheFence() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write("sites/cafe/menu.md", "---\ntitle: Menu\nweight: [2\n---\nbody\n")
        let built = project.failingBuild().map(\.description)
        XCTAssertTrue(
            built.contains {
                $0.hasSuffix(
                    "sites/cafe/menu.md:3:9: error: malformed YAML: did not find expected ',' or ']' while parsing "
                        + "a flow sequence started here (the parser gave up at line 4, column 1)")
            },
            built.joined(separator: "\n"))
    }

    func testBrokenSiteYAMLAndFrontMatterAreReportedTogetherByBuildAndCheck() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write(
            "sites/cafe/site.yml", "base_url: https://qr.example.com\ntitle: [Spring Menu\ntemplate: basic\n")
        try project.write("sites/cafe/menu.md", "---\ntitle: Menu\nweight: [2\n---\nbody\n")
        func position(_ diagnostic: Diagnostic) -> String {
            "\(diagnostic.location)".replacingOccurrences(of: project.root.path + "/", with: "")
        }
        let built = project.failingBuild().map(position)
        XCTAssertEqual(built, ["sites/cafe/site.yml:2:8", "sites/cafe/menu.md:3:9"])
        // check says the same errors, and that the pages were not checked.
        let checked = project.check(decoder: nil).diagnostics
        XCTAssertEqual(Set(built), Set(checked.filter { $0.severity == .error }.map(position)))
        XCTAssertEqual(
            checked.filter { $0.severity == .warning }.map(\.message),
            ["pages, links and QR codes of site 'cafe' not checked: fix the errors in site.yml first"])
    }

    /// Each construct at its start; block collections keep the offending line (their context
    /// would be the whole enclosing block).
    func testPositionsOfOtherMistakes() {
        XCTAssertEqual(
            error("a: 1\nb: {x: 1\n"),
            "f.yml:2:4: error: malformed YAML: did not find expected ',' or '}' while parsing a flow mapping "
                + "started here (the parser gave up at line 3, column 1)")
        XCTAssertEqual(
            error("a: 1\nb: \"open\nc: 2\n"),
            "f.yml:2:4: error: malformed YAML: found unexpected end of stream while scanning a quoted scalar "
                + "started here (the parser gave up at line 4, column 1)")
        XCTAssertEqual(
            error("a: 1\nb\nc: 2\n"),
            "f.yml:2:1: error: malformed YAML: could not find expected ':' while scanning a simple key "
                + "started here (the parser gave up at line 3, column 1)")
        XCTAssertEqual(
            error("a:\n  - 1\n  x: 2\n"),
            "f.yml:3:3: error: malformed YAML: did not find expected '-' indicator while parsing a block collection")
        XCTAssertEqual(
            error("a: 1\n  b: 2\n"), "f.yml:2:4: error: malformed YAML: mapping values are not allowed in this context")
        XCTAssertTrue(
            error("a: [1, 2\n", lineOffset: 1).hasPrefix("f.yml:2:4: error:"), "front matter's offset applies")
    }
}
