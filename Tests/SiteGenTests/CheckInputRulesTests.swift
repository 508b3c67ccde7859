import Foundation
import XCTest

@testable import SiteGen

/// `sitegen check` on inputs the build would refuse: each rule with a broken fixture, reported
/// at the position of the mistake, without writing anything.
final class CheckInputRulesTests: XCTestCase {
    func testStandardProjectIsCleanAndNothingIsWritten() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        let report = project.check()
        XCTAssertEqual(report.diagnostics, [], report.text)
        XCTAssertEqual(report.sites, 1)
        // Two page variants × three pages; the redirect variant has none.
        XCTAssertEqual(report.pages, 6)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.root.path)
        XCTAssertEqual(leftovers.sorted(), ["sites", "templates"], "check writes nothing beside the project")
    }

    func testUnknownSiteKeySuggestsTheRightOne() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/site.yml", with: ProjectFixture.standardSiteYAML + "  sise_mm: 30\n")
        defer { project.remove() }
        project.check().assertFinding(
            at: "sites/cafe/site.yml:21:3", containing: "unknown key 'sise_mm' in qr (did you mean 'size_mm'?)")
    }

    func testMalformedFrontMatter() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/menu.md", with: "---\ntitle: Menu\n  bad: [\n---\nbody")
        defer { project.remove() }
        project.check().assertFinding(at: "sites/cafe/menu.md:3:6", containing: "malformed YAML")
    }

    func testAliasBombInAnOverrideIsAPositionedError() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/index.evening.md", with: "---\n" + BadInputTests.aliasBomb + "---\nbody")
        defer { project.remove() }
        project.check().assertFinding(
            at: "sites/cafe/index.evening.md:6:5", containing: "YAML expands to more than 100000 values")
    }

    func testReservedFrontMatterKey() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/menu.md", with: "---\ntitle: Menu\nurl: /elsewhere/\n---\nbody")
        defer { project.remove() }
        project.check().assertFinding(at: "sites/cafe/menu.md:3:1", containing: "'url' is set by the build")
    }

    func testFrontMatterIsReportedEvenWhenSiteYAMLIsBroken() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/menu.md", with: "---\ntitle: [Menu\n---\nbody")
        defer { project.remove() }
        try project.write("sites/cafe/site.yml", ProjectFixture.standardSiteYAML + "colour: red\n")
        let report = project.check()
        report.assertFinding(at: "sites/cafe/site.yml:21:1", containing: "unknown key 'colour'")
        // The `[` of line 2, not the closing --- where the parser gave up.
        report.assertFinding(at: "sites/cafe/menu.md:2:8", containing: "malformed YAML")
    }

    func testTemplateSyntaxErrorInAUsedTemplate() throws {
        let project = try ProjectFixture.standard(
            replacing: "templates/basic/partials/nav.mustache", with: "<nav>{{#site.pages}}<a>{{title}}</a></nav>")
        defer { project.remove() }
        let report = project.check()
        report.assertFinding(at: "templates/basic/partials/nav.mustache:1:6", containing: "site.pages")
        XCTAssertEqual(report.errors, 1, "reported once, not once per site and template pass:\n\(report.text)")
    }

    func testTemplateSyntaxErrorInATemplateNoSiteUses() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write("templates/spare/page.mustache", "<p>\n  {{/main}}</p>")
        project.check().assertFinding(at: "templates/spare/page.mustache:2:3", containing: "closes nothing")
    }

    func testInterpolationThatResolvesToNothingForOneVariant() throws {
        let yaml = ProjectFixture.standardSiteYAML.replacingOccurrences(
            of: "params: { headline: \"Wine & tapas\" }", with: "params: { mood: \"Wine & tapas\" }")
        let project = try ProjectFixture.standard(replacing: "sites/cafe/site.yml", with: yaml)
        defer { project.remove() }
        let report = project.check()
        report.assertFinding(at: "templates/basic/page.mustache:1:25", containing: "variant evening")
        XCTAssertTrue(
            report.findings(at: "page.mustache:1:25", containing: "variant morning").isEmpty,
            "the morning variant sets headline")
    }

    func testPersonalizationSettings() throws {
        for (block, position, text) in [
            ("personalize:\n  features: [device, moon]\n", "site.yml:22:13", "moon"),
            ("personalize:\n  policy: thompsen\n", "site.yml:22:11", "did you mean 'thompson'"),
            ("personalize:\n  min_probability: 0.6\n", "site.yml:22:20", "min_probability"),
        ] {
            let project = try ProjectFixture.standard(
                replacing: "sites/cafe/site.yml", with: ProjectFixture.standardSiteYAML + block)
            defer { project.remove() }
            project.check().assertFinding(at: position, containing: text)
        }
    }

    func testRedirectTargetMustBeAnAbsoluteHTTPURL() throws {
        let yaml = ProjectFixture.standardSiteYAML.replacingOccurrences(
            of: "redirect: https://shop.example.com/order", with: "redirect: shop.example.com/order")
        let project = try ProjectFixture.standard(replacing: "sites/cafe/site.yml", with: yaml)
        defer { project.remove() }
        project.check().assertFinding(
            at: "sites/cafe/site.yml:13:15", containing: "redirect of variant 'order' must be an absolute http(s) URL")
    }

    func testGoDestinationsMustBeURLsOrSitePaths() throws {
        let yaml = ProjectFixture.standardSiteYAML.replacingOccurrences(
            of: "  - https://book.example.com/cafe",
            with: "  - https://book.example.com/cafe\n  - ftp://files.example.com\n  - /other/")
        let project = try ProjectFixture.standard(replacing: "sites/cafe/site.yml", with: yaml)
        defer { project.remove() }
        let report = project.check()
        report.assertFinding(at: "sites/cafe/site.yml:18:5", containing: "destination 'ftp://files.example.com'")
        report.assertFinding(at: "sites/cafe/site.yml:19:5", containing: "path starting with /cafe/")
    }
}

/// A Mustache tag written in a Markdown page is printed as written; `check` says where and why.
final class MarkdownTagRuleTests: XCTestCase {
    func testATagInAMarkdownPageIsAWarningAtItsPosition() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/index.md",
            with: "---\ntitle: Welcome\nweight: 1\n---\n# Hello\n\nCall {{phone}} or {{ site.params.phone }}.\n")
        defer { project.remove() }
        let report = project.check(decoder: nil)
        report.assertFinding(at: "sites/cafe/index.md:7:6", .warning, containing: "'{{phone}}' is printed as written")
        report.assertFinding(
            at: "sites/cafe/index.md:7:6", .warning, containing: "Put {{phone}} in the page's template")
        report.assertFinding(at: "sites/cafe/index.md:7:19", .warning, containing: "Put {{site.params.phone}} in")
        XCTAssertEqual(report.errors, 0, report.text)
        // And the build does print it as written.
        _ = try project.build()
        XCTAssertTrue(try project.read("dist/cafe/morning/index.html").contains("Call {{phone}}"))
    }

    func testTagsInTheTemplateAreNotMarkdownsBusiness() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/index.md", with: "---\ntitle: Welcome\nweight: 1\n---\n# Hello\n")
        defer { project.remove() }
        XCTAssertTrue(project.check(decoder: nil).findings(at: "", .warning, containing: "printed as written").isEmpty)
    }
}

/// One run of `check` reports every independent finding: a later stage runs whenever what it
/// needs is usable, and says so when it cannot.
final class CheckKeepsGoingTests: XCTestCase {
    func testASchemaErrorDoesNotHideAContrastErrorOrThePages() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/site.yml",
            with: ProjectFixture.standardSiteYAML + "  foreground: \"#fefefe\"\ncolour: red\n")
        defer { project.remove() }
        let report = project.check(decoder: nil)
        report.assertFinding(at: "sites/cafe/site.yml:22:1", containing: "unknown key 'colour'")
        report.assertFinding(at: "sites/cafe/site.yml:21:15", containing: "contrast 1.01:1")
        XCTAssertGreaterThan(report.pages, 0, "the pages were still rendered and checked")
    }

    func testAMissingVariableDoesNotHideADeadLink() throws {
        let project = try ProjectFixture.standard(
            replacing: "templates/basic/page.mustache",
            with:
                "{{<layout}}{{$main}}<h1>{{tagline}}</h1><a href=\"nowhere/\">x</a>{{{page.content}}}{{/main}}{{/layout}}"
        )
        defer { project.remove() }
        let report = project.check(decoder: nil)
        report.assertFinding(at: "templates/basic/page.mustache:1:25", containing: "`{{tagline}}` resolves to nothing")
        report.assertFinding(
            at: "templates/basic/page.mustache:1:50", containing: "<a href=\"nowhere/\"> points nowhere")
    }

    func testAnUnusableSiteYAMLSaysWhatWasNotChecked() throws {
        let project = try ProjectFixture.standard(replacing: "sites/cafe/site.yml", with: "title: [unclosed\n")
        defer { project.remove() }
        let report = project.check(decoder: nil)
        report.assertFinding(
            at: "sites/cafe/site.yml:1:1", .warning, containing: "not checked: fix the errors in site.yml first")
    }
}
