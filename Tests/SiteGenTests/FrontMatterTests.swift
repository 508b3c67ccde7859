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
}
