import Foundation
import XCTest

@testable import SiteGen

/// Folders under sites/ that are not (good) sites are reported beside every site's own findings;
/// one of them never hides the rest.
final class SiteFoldersTests: XCTestCase {
    /// The standard project with a broken link in cafe's home page, built once before breaking.
    private func projectWithBrokenCafe() throws -> ProjectFixture {
        let project = try ProjectFixture.standard()
        try project.build()
        try project.write("sites/cafe/index.md", "---\ntitle: Welcome\n---\nSee [about us](abuot/).\n")
        return project
    }

    private func lines(_ diagnostics: [Diagnostic], root: URL) -> [String] {
        diagnostics.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
    }

    func testEmptyFolderIsAWarningAndTheOtherSitesAreStillChecked() throws {
        let project = try projectWithBrokenCafe()
        defer { project.remove() }
        try FileManager.default.createDirectory(
            at: project.sites.appendingPathComponent("emptydir"), withIntermediateDirectories: true)

        let report = project.check(decoder: nil)
        let text = lines(report.diagnostics, root: project.root)
        XCTAssertEqual(report.sites, 1, report.text)
        XCTAssertTrue(text.contains("sites/emptydir:1:1: warning: not a site (no site.yml): skipped"), report.text)
        XCTAssertTrue(
            text.contains { $0.hasPrefix("sites/cafe/index.md:4:16: error: <a href=\"abuot/\"> points nowhere") },
            report.text)
        XCTAssertEqual(report.errors, 1, report.text)

        let before = try project.read("dist/manifest.json")
        let built = lines(project.failingBuild(), root: project.root)
        XCTAssertEqual(built.count, 1, built.joined(separator: "\n"))
        XCTAssertTrue(built[0].hasPrefix("sites/cafe/index.md:4:16: error: <a href=\"abuot/\">"), built[0])
        XCTAssertEqual(try project.read("dist/manifest.json"), before)
    }

    func testEmptyFolderDoesNotStopAGoodBuild() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write("sites/notes/ideas.txt", "menu ideas")
        let report = try project.build()
        XCTAssertEqual(report.rebuilt, ["cafe"])
        XCTAssertEqual(
            lines(report.warnings, root: project.root), ["sites/notes:1:1: warning: not a site (no site.yml): skipped"])
        XCTAssertTrue(project.exists("dist/cafe/morning/index.html"))
        XCTAssertFalse(project.exists("dist/notes"))

        let upToDate = try project.build()
        XCTAssertTrue(upToDate.upToDate)
        XCTAssertEqual(upToDate.warnings.count, 1, "the warning is repeated while the folder is there")
    }

    func testBadlyNamedSiteIsAnErrorBesideTheOtherSitesFindings() throws {
        let project = try projectWithBrokenCafe()
        defer { project.remove() }
        try project.write("sites/Foo_Bar/site.yml", "title: Foo\n")

        let report = project.check(decoder: nil)
        let text = lines(report.diagnostics, root: project.root)
        XCTAssertEqual(report.sites, 1, report.text)
        XCTAssertTrue(
            text.contains(
                "sites/Foo_Bar:1:1: error: site folder names become URLs: use lowercase letters, digits and '-' (at most 40)"
            ),
            report.text)
        XCTAssertTrue(text.contains { $0.hasPrefix("sites/cafe/index.md:4:16: error:") }, report.text)
        XCTAssertEqual(report.errors, 2, report.text)

        let before = try project.read("dist/manifest.json")
        let built = lines(project.failingBuild(), root: project.root)
        XCTAssertTrue(built.contains { $0.hasPrefix("sites/Foo_Bar:1:1: error: site folder names become URLs") })
        XCTAssertEqual(try project.read("dist/manifest.json"), before, "previous dist/ kept")
    }

    func testBadlyNamedFolderAloneStillFailsTheBuild() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write("sites/Foo_Bar/site.yml", "title: Foo\n")
        let built = lines(project.failingBuild(), root: project.root)
        XCTAssertEqual(
            built,
            [
                "sites/Foo_Bar:1:1: error: site folder names become URLs: use lowercase letters, digits and '-' (at most 40)"
            ])
        XCTAssertFalse(project.exists("dist"))
    }

    func testMisspeltSettingsFileIsAnError() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try FileManager.default.moveItem(
            at: project.sites.appendingPathComponent("cafe/site.yml"),
            to: project.sites.appendingPathComponent("cafe/site.yaml"))
        let report = project.check(decoder: nil)
        XCTAssertEqual(
            lines(report.diagnostics, root: project.root),
            ["sites/cafe/site.yaml:1:1: error: the site's settings must be named site.yml"])
        XCTAssertEqual(report.sites, 0)
    }

    func testOnlyStrayFoldersMeansNoSites() throws {
        let project = try ProjectFixture()
        defer { project.remove() }
        try FileManager.default.createDirectory(
            at: project.sites.appendingPathComponent("emptydir"), withIntermediateDirectories: true)
        let report = project.check(decoder: nil)
        XCTAssertEqual(
            lines(report.diagnostics, root: project.root),
            [
                "sites:1:1: error: no sites: create sites/<site>/site.yml (or run `sitegen new site NAME`)",
                "sites/emptydir:1:1: warning: not a site (no site.yml): skipped",
            ])
    }
}
