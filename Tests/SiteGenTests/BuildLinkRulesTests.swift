import Foundation
import XCTest

@testable import SiteGen

/// The build refuses what `sitegen check` calls an error in rendered pages (links that lead
/// nowhere, undeclared goals, refused `_go` destinations), with check's own lines, and keeps the
/// previous dist/.
final class BuildLinkRulesTests: XCTestCase {
    private func brokenProject() throws -> ProjectFixture {
        let project = try ProjectFixture.standard()
        try project.write("sites/cafe/site.yml", ProjectFixture.standardSiteYAML)
        try FileManager.default.removeItem(at: project.sites.appendingPathComponent("cafe/index.evening.md"))
        try project.build()
        try project.write("sites/cafe/index.md", "---\ntitle: Welcome\n---\nSee [about us](abuot/).\n")
        try project.write(
            "sites/cafe/menu.md", "---\ntitle: Menu\n---\n[Book](/cafe/_go/boook?to=https://evil.example/x)\n")
        try project.write(
            "templates/basic/page.mustache",
            """
            {{<layout}}{{$main}}<h1>{{headline}}</h1>{{{page.content}}}
            <a href="tel:1" data-goal="bok">Call</a>{{/main}}{{/layout}}
            """)
        return project
    }

    func testBuildFailsOnCheckLinkErrorsWithCheckMessages() throws {
        let project = try brokenProject()
        defer { project.remove() }
        let before = try project.read("dist/manifest.json")
        let beforePage = try project.read("dist/cafe/morning/index.html")

        let built = project.failingBuild().map(\.description)
        let checked = project.check(decoder: nil).diagnostics.filter { $0.severity == .error }.map(\.description)

        XCTAssertEqual(Set(built), Set(checked), "the build prints check's errors, no more, no fewer")
        XCTAssertTrue(
            built.contains {
                $0.contains("sites/cafe/index.md:4:16: error: <a href=\"abuot/\"> points nowhere: no page")
                    && $0.hasSuffix("sites/cafe/index.md; variants morning, evening)")
            }, built.joined(separator: "\n"))
        XCTAssertTrue(
            built.contains {
                $0.contains("templates/basic/page.mustache:2:28: error: goal 'bok' is not declared under goals:")
            }, built.joined(separator: "\n"))
        XCTAssertTrue(
            built.contains {
                $0.contains(
                    "sites/cafe/menu.md:4:8: error: <a href=\"/cafe/_go/boook?to=https://evil.example/x\">: goal 'boook'"
                )
            }, built.joined(separator: "\n"))

        XCTAssertEqual(try project.read("dist/manifest.json"), before, "previous dist/ kept")
        XCTAssertEqual(try project.read("dist/cafe/morning/index.html"), beforePage)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.root.path)
            .filter { $0.hasPrefix(".dist") }
        XCTAssertEqual(leftovers, [], "no staging folder left behind")
    }

    func testFixedLinksBuildAgain() throws {
        let project = try brokenProject()
        defer { project.remove() }
        XCTAssertFalse(project.failingBuild().isEmpty)
        try project.write("sites/cafe/index.md", "---\ntitle: Welcome\n---\nSee [the menu](menu/).\n")
        try project.write(
            "sites/cafe/menu.md", "---\ntitle: Menu\n---\n[Book](/cafe/_go/reserve?to=https://book.example.com/cafe)\n")
        try project.write(
            "templates/basic/page.mustache",
            """
            {{<layout}}{{$main}}<h1>{{headline}}</h1>{{{page.content}}}<a data-goal="reserve">x</a>{{/main}}{{/layout}}
            """)
        let report = try project.build()
        XCTAssertEqual(report.rebuilt, ["cafe"])
        XCTAssertTrue(try project.read("dist/cafe/morning/index.html").contains("href=\"menu/\""))
    }

    func testBuildRefusesALogoTheErrorCorrectionCannotRepair() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.sites.appendingPathComponent("cafe/index.evening.md"))
        try project.write(
            "sites/cafe/site.yml", ProjectFixture.standardSiteYAML + "  error_correction: L\n  logo_size: 0.3\n")
        let built = project.failingBuild().map(\.description)
        let checked = project.check(decoder: nil).diagnostics.filter { $0.severity == .error }.map(\.description)
        XCTAssertEqual(built, checked)
        XCTAssertEqual(built.count, 1)
        XCTAssertTrue(
            built[0].hasSuffix(
                "sites/cafe/site.yml:22:14: error: a logo 30% wide covers 10% of QR code 'table', "
                    + "but error correction L restores at most 7%, and a logo may hide only about half of that "
                    + "(phones cannot tell which modules it hides): use a smaller logo or a higher qr.error_correction"),
            built.joined(separator: "\n"))
        XCTAssertFalse(project.exists("dist"))
    }
}
