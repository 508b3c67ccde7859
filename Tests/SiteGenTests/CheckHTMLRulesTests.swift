import Foundation
import XCTest

@testable import SiteGen

/// Rules on the rendered HTML (parsed with libxml2): references that point nowhere, conversion
/// links the runtime would refuse, and variants that render the same bytes.
final class CheckHTMLRulesTests: XCTestCase {
    func testBrokenRelativeLinkInMarkdownIsReportedWhereItWasWritten() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/menu.md", with: "---\ntitle: Menu\n---\nSee [the team](../about/tem/).\n")
        defer { project.remove() }
        let report = project.check()
        report.assertFinding(
            at: "sites/cafe/menu.md:4:16", containing: "no page, asset or QR image at /cafe/about/tem/")
        report.assertFinding(at: "sites/cafe/menu.md:4:16", containing: "did you mean '/cafe/about/team/'")
        report.assertFinding(at: "sites/cafe/menu.md:4:16", containing: "variants morning, evening")
    }

    func testWorkingRelativeAndAbsoluteLinksPass() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/about/team.md",
            with:
                "[menu](../../menu/) [home](/cafe/) [self](https://qr.example.com/cafe/menu/) [out](https://elsewhere.example/x) [mail](mailto:a@b.example) [top](#top)\n"
        )
        defer { project.remove() }
        let report = project.check()
        XCTAssertEqual(report.diagnostics, [], report.text)
    }

    /// Site paths with something to resolve skip the plain lookup and are judged once resolved.
    func testAbsoluteSitePathsWithDotSegmentsQueriesAndFragments() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/about/team.md",
            with: "[a](/cafe/menu/../about/tem/) [b](/cafe/menu/?x=1#top) [c](/cafe/./menu/) [d](/cafe/menu/%2E%2E/)\n")
        defer { project.remove() }
        let report = project.check(decoder: nil)
        report.assertFinding(
            at: "sites/cafe/about/team.md:1:5", containing: "no page, asset or QR image at /cafe/about/tem/")
        XCTAssertEqual(report.errors, 2, report.text)
        report.assertFinding(at: "sites/cafe/about/team.md:1:79", containing: "points nowhere")
    }

    func testMissingAssetInTemplateIsReportedInTheTemplate() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write(
            "templates/basic/partials/nav.mustache",
            "<nav>{{#site.pages}}<a href=\"{{url}}\">{{title}}</a>{{/site.pages}}\n<img src=\"/cafe/assets/images/logo.png\"></nav>"
        )
        let report = project.check()
        report.assertFinding(
            at: "templates/basic/partials/nav.mustache:2:11", containing: "no asset at /cafe/assets/images/logo.png")
        report.assertFinding(at: "nav.mustache:2:11", containing: "4 pages")
        XCTAssertEqual(report.errors, 1, "one line for the one mistake:\n\(report.text)")
    }

    func testLinkOutsideEverySite() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/menu.md", with: "[the menu](/menu/)\n")
        defer { project.remove() }
        project.check().assertFinding(
            at: "sites/cafe/menu.md:1:12", containing: "outside every site")
    }

    func testQRImageOfAnUnknownPlacement() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/menu.md", with: "![code](/cafe/qr/door.svg)\n")
        defer { project.remove() }
        project.check().assertFinding(
            at: "sites/cafe/menu.md:1:9", containing: "no page, asset or QR image at /cafe/qr/door.svg")
    }

    func testGoLinksNeedADeclaredGoalAndDestination() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/site.yml", with: ProjectFixture.standardSiteYAML)
        defer { project.remove() }
        try project.write(
            "sites/cafe/menu.md",
            """
            [ok](/cafe/_go/reserve?to=https://book.example.com/cafe)
            [inside](/cafe/_go/reserve?to=/cafe/menu/)
            [goal](/cafe/_go/reserv?to=https://book.example.com/cafe)
            [open redirect](/cafe/_go/reserve?to=https://evil.example/)
            [nowhere](/cafe/_go/reserve)

            """)
        let report = project.check()
        report.assertFinding(at: "menu.md:3:8", containing: "goal 'reserv' is not declared")
        report.assertFinding(at: "menu.md:3:8", containing: "did you mean 'reserve'")
        report.assertFinding(at: "menu.md:4:17", containing: "'https://evil.example/', which is not under destinations")
        report.assertFinding(at: "menu.md:5:11", containing: "has no ?to=")
        XCTAssertEqual(report.errors, 3, report.text)
    }

    func testDataGoalMustNameADeclaredGoal() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write(
            "templates/basic/partials/nav.mustache",
            "<nav>{{#site.pages}}<a href=\"{{url}}\">{{title}}</a>{{/site.pages}}<a href=\"tel:1\" data-goal=\"call\">Call</a></nav>"
        )
        project.check().assertFinding(
            at: "nav.mustache:1:94",
            containing: "goal 'call' is not declared under goals: in site.yml (declared: reserve)")
    }

    func testIdenticalVariantsAreAWarning() throws {
        let yaml = ProjectFixture.standardSiteYAML.replacingOccurrences(
            of: "params: { headline: \"Wine & tapas\" }", with: "params: { headline: \"Fresh croissants\" }")
        let project = try ProjectFixture.standard(replacing: "sites/cafe/site.yml", with: yaml)
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.sites.appendingPathComponent("cafe/index.evening.md"))
        let report = project.check()
        report.assertFinding(
            at: "sites/cafe/site.yml:10:5", .warning,
            containing: "variant 'evening' renders exactly the same pages as variant 'morning'")
        XCTAssertEqual(report.errors, 0, report.text)
    }

    func testReferenceScannerReadsAttributesOfMessyHTML() {
        let references = HTMLReferences.scan(
            "<p>unclosed <a HREF='a/'>x<img src=b.png><form action=\"/s/_go/x?to=y\" data-goal=g></form><svg><use xlink:href=\"#i\"/></svg>"
        )
        XCTAssertEqual(
            references.map { "\($0.element) \($0.attribute)=\($0.value)" },
            ["a href=a/", "img src=b.png", "form action=/s/_go/x?to=y", "form data-goal=g", "use xlink:href=#i"])
    }
}
