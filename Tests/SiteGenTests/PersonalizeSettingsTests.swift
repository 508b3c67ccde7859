import Foundation
import XCTest

@testable import SiteGen

/// `personalize:` settings the runtime would refuse or misread fail the build and check at the
/// exact value in site.yml.
final class PersonalizeSettingsTests: XCTestCase {
    /// Builds the standard site with `block` appended at line 21 of its site.yml; returns the
    /// build's lines (paths relative to the project) after checking that check says the same.
    private func failures(_ block: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.sites.appendingPathComponent("cafe/index.evening.md"))
        try project.write("sites/cafe/site.yml", ProjectFixture.standardSiteYAML + block)
        let built = project.failingBuild(file: file, line: line).map {
            $0.description.replacingOccurrences(of: project.root.path + "/", with: "")
        }
        let checked = project.check(decoder: nil).diagnostics.filter { $0.severity == .error }.map {
            $0.description.replacingOccurrences(of: project.root.path + "/", with: "")
        }
        XCTAssertEqual(built, checked, file: file, line: line)
        XCTAssertFalse(project.exists("dist"), file: file, line: line)
        return built
    }

    func testExtraNamedLikeABuiltInFeature() throws {
        XCTAssertEqual(
            try failures("personalize:\n  extras: [{name: device, header: X-Dev}]\n"),
            [
                "sites/cafe/site.yml:22:19: error: personalize: invalid personalize.extras[0].name: "
                    + "'device' is a built-in feature: give the extra another name"
            ])
    }

    func testDuplicateExtras() throws {
        XCTAssertEqual(
            try failures("personalize:\n  extras:\n    - campaign\n    - { name: campaign, header: X-Campaign }\n"),
            [
                "sites/cafe/site.yml:24:15: error: personalize: invalid personalize.extras[1].name: "
                    + "feature name 'campaign' is listed twice"
            ])
    }

    func testExtraHeaderThatIsNotAHeaderName() throws {
        XCTAssertEqual(
            try failures("personalize:\n  extras:\n    - { name: seg, header: \"Bad Header\" }\n"),
            [
                "sites/cafe/site.yml:23:28: error: personalize: invalid personalize.extras[0].header: "
                    + "'Bad Header' is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~, no spaces)"
            ])
    }

    func testCountryHeaderThatIsNotAHeaderName() throws {
        XCTAssertEqual(
            try failures("personalize:\n  country_headers: [CF-IPCountry, \"bad header\"]\n"),
            [
                "sites/cafe/site.yml:22:35: error: personalize: invalid personalize.country_headers[1]: "
                    + "'bad header' is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~, no spaces)"
            ])
    }

    func testLinUCBWithoutExploration() throws {
        XCTAssertEqual(
            try failures("personalize:\n  policy: linucb\n  alpha: 0\n"),
            [
                "sites/cafe/site.yml:23:10: error: personalize: invalid personalize.alpha: "
                    + "must be more than 0 for linucb (0 never explores), got 0.0"
            ])
    }
}
