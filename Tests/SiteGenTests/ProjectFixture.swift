import Foundation
import XCTest

@testable import SiteGen

/// A throwaway project folder (sites/, templates/, dist/) written file by file from a test.
struct ProjectFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("sitegen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    var sites: URL { root.appendingPathComponent("sites") }
    var templates: URL { root.appendingPathComponent("templates") }
    var dist: URL { root.appendingPathComponent("dist") }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    var options: BuildOptions { BuildOptions(sites: sites, templates: templates, output: dist) }

    @discardableResult
    func build(incremental: Bool = true, startedAt: Date? = nil) throws -> BuildReport {
        var options = options
        options.incremental = incremental
        options.startedAt = startedAt
        return try Builder.build(options)
    }

    /// Builds expecting failure; returns the printed diagnostics.
    func failingBuild(file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
        do {
            try Builder.build(options)
            XCTFail("build should have failed", file: file, line: line)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// A small working site: two page variants, one redirect, a partial, a layout and an asset.
    static func standard() throws -> ProjectFixture {
        let project = try ProjectFixture()
        try project.write(
            "sites/cafe/site.yml",
            """
            title: Café Nord
            base_url: https://qr.example.com
            template: basic
            timezone: Europe/Paris
            params:
              phone: "+33 1 23 45"
            variants:
              - id: morning
                params: { headline: "Fresh croissants" }
              - id: evening
                params: { headline: "Wine & tapas" }
              - id: order
                redirect: https://shop.example.com/order
            goals:
              - { id: reserve, value: 2 }
            qr:
              placements:
                - { id: table }
                - { id: window, variant: evening }
            """)
        try project.write(
            "sites/cafe/index.md",
            """
            ---
            title: Welcome
            weight: 1
            ---
            # Hello *there*

            Call us: the number is in the template.
            """)
        try project.write("sites/cafe/menu.md", "---\ntitle: Menu\n---\n- Espresso 2 €\n")
        try project.write("sites/cafe/index.evening.md", "---\ntitle: Good evening\n---\nTapas from 6 pm.\n")
        try project.write("sites/cafe/about/team.md", "Our team.\n")
        try project.write("sites/cafe/assets/images/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        try project.write(
            "templates/basic/page.mustache",
            """
            {{<layout}}{{$main}}<h1>{{headline}}</h1>{{{page.content}}}<p>{{site.params.phone}}</p>{{/main}}{{/layout}}
            """)
        try project.write(
            "templates/basic/partials/layout.mustache",
            """
            <!doctype html><html lang="{{site.language}}"><head><title>{{page.title}} · {{site.title}}</title>\
            <link rel="stylesheet" href="{{#asset}}css/site.css{{/asset}}"></head>\
            <body>{{>nav}}<main>{{$main}}{{/main}}</main><img src="{{qr.table.svg}}" alt=""></body></html>
            """)
        try project.write(
            "templates/basic/partials/nav.mustache",
            "<nav>{{#site.pages}}<a href=\"{{url}}\">{{title}}</a>{{/site.pages}}</nav>")
        try project.write(
            "templates/basic/assets/css/site.css",
            "body{background:url(../images/logo.svg)}")
        return project
    }
}
