import Foundation
import TestKit
import XCTest

@testable import SiteGen

/// `sitegen new`: what it makes builds at once and passes `sitegen check` cleanly, and it never
/// overwrites anything.
final class ScaffoldTests: XCTestCase {
    /// The repository's own templates, to scaffold a site onto an existing one.
    private static let repositoryTemplates = PackageRoot.path("templates")

    func testNewSiteWithTheStarterTemplateBuildsAndChecksClean() throws {
        let project = try ProjectFixture()
        defer { project.remove() }
        let created = try Scaffolder.newSite(
            "spring-menu", template: nil, sites: project.sites, templates: project.templates)
        XCTAssertEqual(created.template, "starter")
        XCTAssertTrue(project.exists("templates/starter/page.mustache"))
        XCTAssertTrue(project.exists("templates/starter/partials/layout.mustache"))
        XCTAssertTrue(project.exists("templates/starter/partials/header.mustache"))
        XCTAssertTrue(project.exists("templates/starter/partials/footer.mustache"))
        XCTAssertTrue(project.exists("templates/starter/assets/css/site.css"))

        let report = try project.build()
        let site = try XCTUnwrap(report.manifest?.site("spring-menu"))
        XCTAssertEqual(site.variants.map(\.id), ["welcome", "offer"])
        XCTAssertEqual(site.qr.map(\.placement), ["poster", "flyer", "share"])
        XCTAssertEqual(site.goals.map(\.id), ["book", "call"])
        XCTAssertEqual(site.personalize.policy, .adaptive)
        for variant in ["welcome", "offer"] {
            XCTAssertTrue(project.exists("dist/spring-menu/\(variant)/index.html"))
            XCTAssertTrue(project.exists("dist/spring-menu/\(variant)/about/index.html"))
        }
        let welcome = try project.read("dist/spring-menu/welcome/index.html")
        let offer = try project.read("dist/spring-menu/offer/index.html")
        XCTAssertTrue(welcome.contains("Good to see you"), welcome)
        XCTAssertTrue(offer.contains("10% off this week"))
        XCTAssertTrue(offer.contains("index.offer.md"), "the offer variant's page override is used")
        XCTAssertTrue(offer.contains("data-goal=\"book\""))
        XCTAssertTrue(welcome.contains("/spring-menu/assets/css/site."), "the stylesheet is fingerprinted")

        let check = project.check()
        XCTAssertEqual(check.diagnostics, [], check.text)
    }

    func testNewSiteOnAnExistingTemplateBuilds() throws {
        let project = try ProjectFixture()
        defer { project.remove() }
        try FileManager.default.createDirectory(at: project.templates, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.repositoryTemplates.appendingPathComponent("bistro"),
            to: project.templates.appendingPathComponent("bistro"))
        let created = try Scaffolder.newSite(
            "harbour", template: "bistro", sites: project.sites, templates: project.templates)
        XCTAssertEqual(created.folders.count, 1, "no starter template when one is named")
        XCTAssertFalse(project.exists("templates/starter"))
        try project.build()
        let page = try project.read("dist/harbour/offer/index.html")
        XCTAssertTrue(page.contains("This week only"), "the offer variant's badge")
        XCTAssertTrue(page.contains("Claim the offer"), "the offer variant's call to action")
        XCTAssertTrue(project.exists("dist/harbour/welcome/about/index.html"))
        let check = project.check()
        XCTAssertEqual(check.errors, 0, check.text)
    }

    func testNewTemplateBuildsWithTheStandardSite() throws {
        let project = try ProjectFixture()
        defer { project.remove() }
        try Scaffolder.newTemplate("poster", templates: project.templates)
        try Scaffolder.newSite("demo", template: "poster", sites: project.sites, templates: project.templates)
        try project.build()
        let page = try project.read("dist/demo/welcome/index.html")
        XCTAssertTrue(page.contains("<a class=\"brand\" href=\"/demo/\">Demo</a>"), page)
        XCTAssertTrue(page.contains("<img class=\"qr\" src=\"/demo/qr/share.svg\""))
    }

    func testRefusesToOverwriteAndNamesTheExistingPath() throws {
        let project = try ProjectFixture()
        defer { project.remove() }
        try Scaffolder.newSite("demo", template: nil, sites: project.sites, templates: project.templates)
        try project.write("sites/demo/index.md", "mine")
        XCTAssertThrowsError(
            try Scaffolder.newSite("demo", template: nil, sites: project.sites, templates: project.templates)
        ) { error in
            let error = error as? ScaffoldError
            XCTAssertTrue(error?.path.hasSuffix("sites/demo") == true, "\(String(describing: error))")
            XCTAssertTrue(error?.message.contains("already exists") == true)
        }
        XCTAssertThrowsError(try Scaffolder.newTemplate("starter", templates: project.templates))
        XCTAssertEqual(try project.read("sites/demo/index.md"), "mine")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.sites.path)
        XCTAssertEqual(leftovers, ["demo"], "no staging folders left behind")
    }

    func testNamesFollowTheIDRule() throws {
        let project = try ProjectFixture()
        defer { project.remove() }
        for name in ["Demo", "my_site", "-x", "a/b", "..", "", String(repeating: "a", count: 41)] {
            XCTAssertThrowsError(
                try Scaffolder.newSite(name, template: nil, sites: project.sites, templates: project.templates),
                name
            ) { error in
                XCTAssertTrue((error as? ScaffoldError)?.message.contains("lowercase letters, digits and '-'") == true)
            }
            XCTAssertThrowsError(try Scaffolder.newTemplate(name, templates: project.templates), name)
        }
        XCTAssertFalse(project.exists("sites"))
        XCTAssertFalse(project.exists("templates"))
    }

    func testSitesCannotTakeAPathTheServerAnswersItself() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        XCTAssertThrowsError(
            try Scaffolder.newSite("ml", template: "basic", sites: project.sites, templates: project.templates)
        ) { error in
            XCTAssertTrue((error as? ScaffoldError)?.message.contains("server answers itself") == true, "\(error)")
        }
        try project.write("sites/metrics/site.yml", "title: M\nbase_url: https://x.example\ntemplate: basic\n")
        let diagnostics = project.failingBuild()
        XCTAssertTrue(diagnostics.contains { $0.message.contains("'metrics' is a path the server answers itself") })
    }

    func testUnknownTemplateIsAnErrorWithASuggestion() throws {
        let project = try ProjectFixture()
        defer { project.remove() }
        try Scaffolder.newTemplate("bistro", templates: project.templates)
        XCTAssertThrowsError(
            try Scaffolder.newSite("demo", template: "bistor", sites: project.sites, templates: project.templates)
        ) { error in
            let message = (error as? ScaffoldError)?.message ?? ""
            XCTAssertTrue(message.contains("no template 'bistor' (did you mean 'bistro'?)"), message)
            XCTAssertTrue(message.contains("sitegen new template bistor"), message)
        }
        XCTAssertFalse(project.exists("sites/demo"))
        XCTAssertFalse(project.exists("templates/bistor"))
    }
}
