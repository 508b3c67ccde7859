import Crypto
import DistFormat
import Foundation
import XCTest

@testable import SiteGen

final class BuildTests: XCTestCase {
    func testBuildsEveryVariantWithPrettyURLs() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        let report = try project.build()

        XCTAssertEqual(report.rebuilt, ["cafe"])
        XCTAssertEqual(report.pagesWritten, 6)  // 3 pages × 2 page variants
        XCTAssertEqual(report.siteSummaries, ["cafe: 3 pages × 3 variants (1 redirecting), 2 QR codes"])
        for variant in ["morning", "evening"] {
            XCTAssertTrue(project.exists("dist/cafe/\(variant)/index.html"))
            XCTAssertTrue(project.exists("dist/cafe/\(variant)/menu/index.html"))
            XCTAssertTrue(project.exists("dist/cafe/\(variant)/about/team/index.html"))
            XCTAssertTrue(project.exists("dist/cafe/\(variant)/index.html.gz"))
        }
        XCTAssertFalse(project.exists("dist/cafe/order"))

        let morning = try project.read("dist/cafe/morning/index.html")
        XCTAssertTrue(morning.contains("<h1>Fresh croissants</h1>"), morning)
        XCTAssertTrue(morning.contains("<em>there</em>"), morning)
        XCTAssertTrue(morning.contains("<p>+33 1 23 45</p>"))
        XCTAssertTrue(morning.contains("<title>Welcome · Café Nord</title>"))
        XCTAssertTrue(morning.contains("<a href=\"/cafe/\">Welcome</a>"), morning)
        XCTAssertTrue(morning.contains("<a href=\"/cafe/menu/\">Menu</a>"))
        XCTAssertTrue(morning.contains("src=\"/cafe/qr/table.svg\""))
        XCTAssertTrue(morning.contains("navigator.sendBeacon"), "the conversion beacon is injected")
        XCTAssertTrue(morning.contains("\"/cafe/_convert\""))

        let evening = try project.read("dist/cafe/evening/index.html")
        XCTAssertTrue(evening.contains("<h1>Wine &amp; tapas</h1>"), "HTML-escaped by default")
        XCTAssertTrue(evening.contains("Tapas from 6 pm."), "page override for the variant")
        XCTAssertTrue(evening.contains("<title>Good evening"))
    }

    func testAssetsAreFingerprintedWithGzipCopies() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        let report = try project.build()
        let site = try XCTUnwrap(report.manifest?.site("cafe"))
        let css = try XCTUnwrap(site.assets.first { $0.path.hasPrefix("assets/css/site.") })
        XCTAssertTrue(
            css.path.range(of: #"^assets/css/site\.[0-9a-f]{8}\.css$"#, options: .regularExpression) != nil, css.path)
        XCTAssertEqual(css.contentType, "text/css; charset=utf-8")
        XCTAssertEqual(css.gzipFile, css.file + ".gz")
        let html = try project.read("dist/cafe/morning/index.html")
        XCTAssertTrue(html.contains("href=\"/cafe/\(css.path)\""), html)
        let logo = try XCTUnwrap(site.assets.first { $0.path.hasPrefix("assets/images/logo.") })
        let cssText = try project.read("dist/\(css.file)")
        XCTAssertEqual(cssText, "body{background:url(/cafe/\(logo.path))}", "CSS references follow fingerprints")
        let bytes = try Data(contentsOf: project.dist.appendingPathComponent(css.file))
        XCTAssertEqual(css.sha256, SHA256.hash(data: [UInt8](bytes)).hex)
        XCTAssertEqual(css.size, bytes.count)
    }

    func testManifestDescribesSitesVariantsAndQR() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.build()
        let manifest = try Manifest.load(fromDist: project.dist)
        let site = try XCTUnwrap(manifest.site("cafe"))
        XCTAssertEqual(site.variants.map(\.id), ["morning", "evening", "order"])
        XCTAssertEqual(site.variant("order")?.redirect, "https://shop.example.com/order")
        XCTAssertEqual(site.variant("order")?.pages, [])
        XCTAssertEqual(site.variant("morning")?.params["headline"], "Fresh croissants")
        XCTAssertEqual(
            site.variant("morning")?.pages.map(\.path).sorted(),
            ["about/team/index.html", "index.html", "menu/index.html"])
        XCTAssertEqual(site.goals, [GoalManifest(id: "reserve", value: 2)])
        XCTAssertEqual(site.timezone, "Europe/Paris")
        XCTAssertEqual(site.personalize.policy, .adaptive)
        XCTAssertEqual(
            site.qr.map(\.url),
            [
                "https://qr.example.com/cafe/?src=qr&p=table",
                "https://qr.example.com/cafe/?src=qr&p=window&v=evening",
            ])
        XCTAssertFalse(manifest.buildID.isEmpty)
    }

    func testNoChangeRebuildDoesNothingAndAChangeRebuildsOnlyThatSite() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write(
            "sites/bar/site.yml",
            "title: Bar\nbase_url: https://qr.example.com\ntemplate: basic\nparams: { headline: Bar, phone: \"1\" }\nqr: { placements: [{ id: table }] }\n"
        )
        try project.write("sites/bar/index.md", "Bar")
        let first = try project.build()
        XCTAssertEqual(first.rebuilt, ["bar", "cafe"])

        let second = try project.build()
        XCTAssertTrue(second.upToDate)
        XCTAssertEqual(second.manifest, first.manifest)

        try project.write("sites/bar/index.md", "Bar, changed")
        let third = try project.build()
        XCTAssertEqual(third.rebuilt, ["bar"])
        XCTAssertEqual(third.reused, ["cafe"])
        XCTAssertTrue(try project.read("dist/bar/default/index.html").contains("Bar, changed"))
        XCTAssertTrue(project.exists("dist/cafe/morning/index.html"))
        XCTAssertNotEqual(third.manifest?.buildID, first.manifest?.buildID)
    }

    func testFailedBuildLeavesPreviousOutputIntact() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.build()
        let before = try project.read("dist/manifest.json")
        try project.write("templates/basic/partials/nav.mustache", "<nav>{{#site.pages}}")
        XCTAssertFalse(project.failingBuild().isEmpty)
        XCTAssertEqual(try project.read("dist/manifest.json"), before)
        XCTAssertTrue(project.exists("dist/cafe/morning/index.html"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.root.path)
            .filter { $0.hasPrefix(".dist") }
        XCTAssertEqual(leftovers, [], "no staging folder left behind")
    }

    func testRefusesToReplaceAFolderThatIsNotABuild() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write("dist/important.txt", "keep me")
        let diagnostics = project.failingBuild()
        XCTAssertTrue(diagnostics.first?.message.contains("not a sitegen output folder") ?? false)
        XCTAssertEqual(try project.read("dist/important.txt"), "keep me")
    }

    func testSitesWithoutVariantsGetDefault() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write(
            "sites/bar/site.yml",
            "title: Bar\nbase_url: https://qr.example.com\ntemplate: basic\nparams: { headline: Bar, phone: \"1\" }\nqr: { placements: [{ id: table }] }\n"
        )
        try project.write("sites/bar/index.md", "Bar")
        let report = try project.build()
        XCTAssertEqual(report.manifest?.site("bar")?.variants.map(\.id), ["default"])
        XCTAssertEqual(report.manifest?.site("cafe")?.qr.map(\.placement), ["table", "window"])
    }

    func testRawHTMLOmittedUnlessUnsafe() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write("sites/cafe/menu.md", "<b>bold</b>\n")
        try project.build()
        XCTAssertTrue(try project.read("dist/cafe/morning/menu/index.html").contains("<!-- raw HTML omitted -->"))
        try project.write(
            "sites/cafe/site.yml",
            try project.read("sites/cafe/site.yml") + "\nmarkdown:\n  unsafe: true\n")
        try project.build()
        XCTAssertTrue(try project.read("dist/cafe/morning/menu/index.html").contains("<b>bold</b>"))
    }

    func testDraftsAreNotBuilt() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write("sites/cafe/secret.md", "---\ndraft: true\n---\nsoon")
        try project.build()
        XCTAssertFalse(project.exists("dist/cafe/morning/secret/index.html"))
    }
}
