import Foundation
import TestKit
import XCTest

@testable import SiteGen

/// docs/authoring.md walks a new user through breaking a scaffolded site; every error line it
/// quotes must be what `sitegen check` really prints for those edits.
final class DocsWalkthroughTests: XCTestCase {
    private static let authoringDoc = PackageRoot.path("docs/authoring.md")

    func testQuotedErrorsAreWhatCheckPrints() throws {
        let document = try String(contentsOf: Self.authoringDoc, encoding: .utf8)
        let quoted = document.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("sites/spring-menu/") || $0.hasPrefix("templates/starter/")
        }
        XCTAssertEqual(quoted.count, 3, "the walkthrough quotes three errors")

        let project = try ProjectFixture()
        defer { project.remove() }
        try Scaffolder.newSite("spring-menu", template: nil, sites: project.sites, templates: project.templates)
        func printed() -> [String] {
            project.check().diagnostics.map {
                $0.description.replacingOccurrences(of: project.root.path + "/", with: "")
            }
        }
        // The walkthrough's edits, in its order.
        try edit(project, "sites/spring-menu/site.yml", "timezone: UTC", "timezon: UTC")
        try edit(project, "sites/spring-menu/index.md", "[See what we do](about/)", "[See what we do](abuot/)")
        var seen = printed()
        try edit(project, "sites/spring-menu/site.yml", "timezon: UTC", "timezone: UTC")
        seen += printed()
        try edit(project, "sites/spring-menu/index.md", "(abuot/)", "(about/)")
        try edit(
            project, "templates/starter/page.mustache", "<h1>{{page.title}}</h1>",
            "<h1>{{page.title}}</h1>\n  <p>{{subtitle}}</p>")
        seen += printed()
        for line in quoted {
            XCTAssertTrue(
                seen.contains(line),
                "docs/authoring.md quotes\n\(line)\nbut check printed\n\(seen.joined(separator: "\n"))")
        }
    }

    private func edit(_ project: ProjectFixture, _ path: String, _ old: String, _ new: String) throws {
        let text = try project.read(path)
        XCTAssertTrue(text.contains(old), "\(path) no longer contains \(old)")
        try project.write(path, text.replacingOccurrences(of: old, with: new))
    }
}
