import Foundation
import XCTest

@testable import SiteGen

/// Front matter fences as editors really write them: CRLF line ends, blanks after `---`.
final class FrontMatterTests: XCTestCase {
    func testCRLFFrontMatterIsReadAndTheBodyKeepsItsLine() throws {
        let split = try FrontMatter.split("---\r\ntitle: Menu\r\nweight: 2\r\n---\r\n# Espresso\r\n", file: "menu.md")
        XCTAssertEqual(split.values, ["title": "Menu", "weight": 2])
        XCTAssertEqual(split.body, "# Espresso\n")
        XCTAssertEqual(split.bodyLine, 5)
    }

    func testBlanksAfterEitherFenceAreAllowed() throws {
        let split = try FrontMatter.split("--- \t\ntitle: Menu\n---  \r\nbody", file: "menu.md")
        XCTAssertEqual(split.values, ["title": "Menu"])
        XCTAssertEqual(split.body, "body")
        XCTAssertEqual(split.bodyLine, 4)
    }

    func testEmptyFrontMatterALoneCarriageReturnAndTextBeforeTheFence() throws {
        let empty = try FrontMatter.split("---\n---\nbody", file: "menu.md")
        XCTAssertEqual(empty.values, [:])
        XCTAssertEqual(empty.body, "body")
        XCTAssertEqual(empty.bodyLine, 3)
        // A lone CR is not a line end (as in Swift's Characters); CRLF in the body becomes LF.
        let lone = try FrontMatter.split("\u{FEFF}---\ntitle: Café\r\n---\r\na\rb\r\nc\r", file: "menu.md")
        XCTAssertEqual(lone.values, ["title": "Café"])
        XCTAssertEqual(lone.body, "a\rb\nc\r")
        let none = "Intro\n---\ntitle: x\n---\n"
        XCTAssertEqual(try FrontMatter.split(none, file: "menu.md").body, none)
    }

    func testAFenceWithTextAfterItIsNotAFence() throws {
        XCTAssertThrowsError(try FrontMatter.split("---\ntitle: Menu\n--- x\nbody", file: "menu.md")) { error in
            XCTAssertEqual(
                (error as? BuildFailure)?.description,
                "menu.md:1:1: front matter opened with '---' is never closed by a '---' line")
        }
    }

    func testCRLFPageBuildsWithItsTitleAndWithoutTheYAMLAsText() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write("sites/cafe/menu.md", "---\r\ntitle: Menu \r\n---   \r\n- Espresso 2 €\r\n")
        try project.build()
        let html = try project.read("dist/cafe/morning/menu/index.html")
        XCTAssertTrue(html.contains("<title>Menu · Café Nord</title>"), html)
        XCTAssertTrue(html.contains("<li>Espresso 2 €</li>"), html)
        XCTAssertFalse(html.contains("title: Menu"), html)
    }

    func testCheckPointsAtTheRightLineOfACRLFPage() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/menu.md", with: "---\r\ntitle: Menu\r\n---\r\nSee [the team](../about/tem/).\r\n")
        defer { project.remove() }
        project.check().assertFinding(
            at: "sites/cafe/menu.md:4:16", containing: "no page, asset or QR image at /cafe/about/tem/")
    }

    func testWeightMustBeANumber() throws {
        XCTAssertThrowsError(try FrontMatter.split("---\ntitle: Menu\nweight: heavy\n---\nbody", file: "menu.md")) {
            XCTAssertEqual(($0 as? BuildFailure)?.description, "menu.md:3:9: 'weight' must be a number, not text")
        }
    }

    func testDraftMustBeTrueOrFalse() throws {
        XCTAssertThrowsError(try FrontMatter.split("---\ndraft: \"yes please\"\n---\nbody", file: "menu.md")) {
            XCTAssertEqual(($0 as? BuildFailure)?.description, "menu.md:2:8: 'draft' must be true or false, not text")
        }
    }

    func testMistypedDraftStopsTheBuildRatherThanPublishing() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write("sites/cafe/menu.md", "---\ntitle: Menu\ndraft: \"yes please\"\n---\nSecret.\n")
        let diagnostics = project.failingBuild()
        XCTAssertEqual(
            diagnostics.map { "\($0.location)".hasSuffix("sites/cafe/menu.md:3:8") }, [true],
            diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(diagnostics.first?.message, "'draft' must be true or false, not text")
        XCTAssertFalse(project.exists("dist"))
    }

    func testNumericWeightAndBooleanDraftStillWork() throws {
        let split = try FrontMatter.split("---\nweight: 2.5\ndraft: false\n---\nbody", file: "menu.md")
        XCTAssertEqual(split.values, ["weight": 2.5, "draft": false])
    }
}
