import DistFormat
import Foundation
import XCTest

@testable import SiteGen

/// Every bad input named by the build's issue gets a positioned one-line error and no output.
final class BadInputTests: XCTestCase {
    private func expectFailure(
        _ edit: (ProjectFixture) throws -> Void, at expected: String, containing text: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        // Edits that rewrite site.yml drop the fixture's variants, and with them this override.
        try FileManager.default.removeItem(at: project.sites.appendingPathComponent("cafe/index.evening.md"))
        try edit(project)
        let diagnostics = project.failingBuild(file: file, line: line)
        let match = diagnostics.first {
            "\($0.location)".hasSuffix(expected) && $0.message.contains(text)
        }
        XCTAssertNotNil(
            match, "expected …\(expected): …\(text)…, got:\n\(diagnostics.map(\.description).joined(separator: "\n"))",
            file: file, line: line)
        XCTAssertFalse(project.exists("dist"), "nothing written", file: file, line: line)
    }

    func testMalformedSiteYAML() throws {
        try expectFailure(
            { try $0.write("sites/cafe/site.yml", "title: Café\nbase_url: [https://x\ntemplate: basic\n") },
            at: "sites/cafe/site.yml:2:11", containing: "malformed YAML")
    }

    func testMalformedFrontMatter() throws {
        try expectFailure(
            { try $0.write("sites/cafe/menu.md", "---\ntitle: Menu\n  bad: [\n---\nbody") },
            at: "sites/cafe/menu.md:3:6", containing: "malformed YAML")
    }

    func testUnclosedFrontMatter() throws {
        try expectFailure(
            { try $0.write("sites/cafe/menu.md", "---\ntitle: Menu\nbody") },
            at: "sites/cafe/menu.md:1:1", containing: "never closed")
    }

    /// "Billion laughs": nine short lines whose nested aliases expand to 10⁹ values.
    static let aliasBomb = (1...8).reduce(
        "a0: &a0 [" + Array(repeating: "\"lol\"", count: 10).joined(separator: ",") + "]\n"
    ) { yaml, level in
        yaml + "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]\n"
    }

    func testAliasBombInFrontMatter() throws {
        // The fifth level (line 7, from its anchor) is where the expansion passes 100,000 values.
        try expectFailure(
            { try $0.write("sites/cafe/menu.md", "---\ntitle: Menu\n" + Self.aliasBomb + "---\nbody") },
            at: "sites/cafe/menu.md:7:5", containing: "YAML expands to more than 100000 values (aliases?)")
    }

    func testAliasBombInSiteYAML() throws {
        let params = Self.aliasBomb.split(separator: "\n").map { "  \($0)\n" }.joined()
        try expectFailure(
            {
                try $0.write(
                    "sites/cafe/site.yml",
                    "title: Café\nbase_url: https://x.example\ntemplate: basic\nparams:\n" + params)
            },
            at: "sites/cafe/site.yml:9:7", containing: "YAML expands to more than 100000 values (aliases?)")
    }

    func testAliasesWithinTheBudgetStillWork() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write(
            "sites/cafe/menu.md",
            "---\ntitle: Menu\nhours: &hours [\"8-12\", \"14-18\"]\nweekend: *hours\n---\nbody")
        try project.build()
        XCTAssertTrue(try project.read("dist/cafe/morning/menu/index.html").contains("body"))
    }

    func testMissingBaseURL() throws {
        try expectFailure(
            { try $0.write("sites/cafe/site.yml", "title: Café\ntemplate: basic\n") },
            at: "sites/cafe/site.yml:1:1", containing: "missing 'base_url'")
    }

    func testRelativeBaseURL() throws {
        try expectFailure(
            { try $0.write("sites/cafe/site.yml", "title: Café\nbase_url: /cafe\ntemplate: basic\n") },
            at: "sites/cafe/site.yml:2:11", containing: "absolute http(s) URL")
    }

    func testBaseURLMustBeAnOrigin() throws {
        for baseURL in [
            "https://qr.example.com/campaign", "https://qr.example.com?x=1", "https://qr.example.com/#frag",
            "https://qr.example.com/campaign?x=1#frag", "https://user@qr.example.com",
        ] {
            try expectFailure(
                { try $0.write("sites/cafe/site.yml", "title: Café\nbase_url: \(baseURL)\ntemplate: basic\n") },
                at: "sites/cafe/site.yml:2:11",
                containing:
                    "'base_url' must be an origin, scheme://host[:port], with no path, query, fragment or user, "
                    + "got '\(baseURL)'")
        }
    }

    func testBaseURLOriginWithPortAndSlashBuildsPlainQRTargets() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write(
            "sites/cafe/site.yml",
            try project.read("sites/cafe/site.yml").replacingOccurrences(
                of: "base_url: https://qr.example.com", with: "base_url: https://qr.example.com:8443/"))
        try project.build()
        let site = try XCTUnwrap(try Manifest.load(fromDist: project.dist).site("cafe"))
        XCTAssertEqual(
            site.qr.map(\.url),
            [
                "https://qr.example.com:8443/cafe/?src=qr&p=table",
                "https://qr.example.com:8443/cafe/?src=qr&p=window&v=evening",
            ])
    }

    func testUnknownKeySuggestsTheRightOne() throws {
        try expectFailure(
            {
                try $0.write(
                    "sites/cafe/site.yml", "title: Café\nbase_url: https://x.example\ntemplate: basic\ntimezon: UTC\n")
            },
            at: "sites/cafe/site.yml:4:1", containing: "did you mean 'timezone'")
    }

    func testUnknownTemplate() throws {
        try expectFailure(
            { try $0.write("sites/cafe/site.yml", "title: Café\nbase_url: https://x.example\ntemplate: fancy\n") },
            at: "sites/cafe/site.yml:3:11", containing: "unknown template 'fancy'")
    }

    func testTemplateNameCannotEscape() throws {
        try expectFailure(
            { try $0.write("sites/cafe/site.yml", "title: Café\nbase_url: https://x.example\ntemplate: ../etc\n") },
            at: "sites/cafe/site.yml:3:11", containing: "must name a folder")
    }

    func testUnknownPageTemplateInFrontMatter() throws {
        try expectFailure(
            { try $0.write("sites/cafe/menu.md", "---\ntemplate: lsit\n---\nx") },
            at: "sites/cafe/menu.md:1:1", containing: "unknown template 'lsit'")
    }

    func testUnknownPartial() throws {
        try expectFailure(
            { try $0.write("templates/basic/partials/nav.mustache", "<nav>{{>menu-links}}</nav>") },
            at: "templates/basic/partials/nav.mustache:1:6", containing: "menu-links")
    }

    func testTemplateSyntaxErrorPointsAtTheUnclosedTag() throws {
        try expectFailure(
            { try $0.write("templates/basic/partials/nav.mustache", "<nav>\n  {{#site.pages}}<a>{{title</a>\n</nav>") },
            at: "templates/basic/partials/nav.mustache:2:21", containing: "unclosed tag")
    }

    func testInterpolationThatResolvesToNothingNamesPageAndVariant() throws {
        try expectFailure(
            { try $0.write("templates/basic/page.mustache", "{{<layout}}{{$main}}{{hero}}{{/main}}{{/layout}}") },
            at: "templates/basic/page.mustache:1:21", containing: "variant morning")
    }

    func testUnknownAsset() throws {
        try expectFailure(
            {
                try $0.write(
                    "templates/basic/page.mustache",
                    "{{<layout}}{{$main}}{{#asset}}css/sit.css{{/asset}}{{/main}}{{/layout}}")
            },
            at: "templates/basic/page.mustache:1:21", containing: "did you mean 'css/site.css'")
    }

    func testDuplicateVariantID() throws {
        try expectFailure(
            {
                try $0.write(
                    "sites/cafe/site.yml",
                    "title: Café\nbase_url: https://x.example\ntemplate: basic\nvariants:\n  - id: a\n  - id: a\n")
            },
            at: "sites/cafe/site.yml:6:9", containing: "duplicate variant id 'a'")
        // One mistake, one error: the policy settings do not report the same repeat again.
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.sites.appendingPathComponent("cafe/index.evening.md"))
        try project.write(
            "sites/cafe/site.yml",
            "title: Café\nbase_url: https://x.example\ntemplate: basic\nvariants:\n  - id: a\n  - id: a\n")
        XCTAssertEqual(project.failingBuild().map(\.message), ["duplicate variant id 'a'"])
    }

    func testUnsafeVariantID() throws {
        try expectFailure(
            {
                try $0.write(
                    "sites/cafe/site.yml",
                    "title: Café\nbase_url: https://x.example\ntemplate: basic\nvariants:\n  - id: ../../etc\n")
            },
            at: "sites/cafe/site.yml:5:9", containing: "unsafe variant id")
    }

    func testSymlinkOutOfTheSiteFolder() throws {
        try expectFailure(
            { project in
                try FileManager.default.createSymbolicLink(
                    atPath: project.sites.appendingPathComponent("cafe/passwd.md").path,
                    withDestinationPath: "/etc/passwd")
            }, at: "sites/cafe/passwd.md:1:1", containing: "points outside")
    }

    func testURLTooLongForAQRCode() throws {
        // base_url is an origin, so the length has to come from the host name.
        let long = "https://" + String(repeating: String(repeating: "a", count: 60) + ".", count: 50) + "example.com"
        try expectFailure(
            { try $0.write("sites/cafe/site.yml", "title: Café\nbase_url: \(long)\ntemplate: basic\n") },
            at: "sites/cafe/site.yml:2:11", containing: "too long")
    }

    func testQRQuietZoneTooSmall() throws {
        try expectFailure(
            {
                try $0.write(
                    "sites/cafe/site.yml",
                    "title: Café\nbase_url: https://x.example\ntemplate: basic\nqr:\n  quiet_zone: 2\n")
            },
            at: "sites/cafe/site.yml:5:15", containing: "at least 4")
    }

    func testQRLowContrast() throws {
        try expectFailure(
            {
                try $0.write(
                    "sites/cafe/site.yml",
                    "title: Café\nbase_url: https://x.example\ntemplate: basic\nqr:\n  foreground: \"#bbbbbb\"\n")
            },
            at: "sites/cafe/site.yml:5:15", containing: "contrast")
    }

    func testPlacementPinsUnknownVariant() throws {
        try expectFailure(
            {
                try $0.write(
                    "sites/cafe/site.yml",
                    "title: Café\nbase_url: https://x.example\ntemplate: basic\nqr:\n  placements:\n    - { id: a, variant: nope }\n"
                )
            },
            at: "sites/cafe/site.yml:6:25", containing: "unknown variant 'nope'")
    }

    func testUnknownPolicy() throws {
        try expectFailure(
            {
                try $0.write(
                    "sites/cafe/site.yml",
                    "title: Café\nbase_url: https://x.example\ntemplate: basic\npersonalize:\n  policy: thompsen\n")
            },
            at: "sites/cafe/site.yml:5:11", containing: "did you mean 'thompson'")
    }

    func testTwoPagesForOneURL() throws {
        let twoSubPages: (ProjectFixture) throws -> Void = {
            try $0.write("sites/cafe/sub.md", "One.\n")
            try $0.write("sites/cafe/sub/index.md", "Two.\n")
        }
        // Files are named as the user gave the sites folder, here absolute: match each name's end.
        try expectFailure(twoSubPages, at: "sites/cafe/sub/index.md:1:1", containing: "/sites/cafe/sub.md and /")
        try expectFailure(
            twoSubPages, at: "sites/cafe/sub/index.md:1:1",
            containing: "/sites/cafe/sub/index.md both become the page /cafe/sub/; keep one")
    }

    func testOverrideForUnknownVariant() throws {
        try expectFailure(
            { project in
                try project.write("sites/cafe/index.evening.md", "x")
                try project.write("sites/cafe/index.evenign.md", "x")
            },
            at: "sites/cafe/index.evenign.md:1:1", containing: "did you mean 'evening'")
    }
}
