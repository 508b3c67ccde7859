import Foundation
import Personalize
import TestKit
import XCTest

@testable import SiteGen

/// docs/authoring.md's site.yml reference is generated from `SiteSchema.keys`; these tests fail
/// when the checked-in document or the examples fall behind the schema.
final class DocsReferenceTests: XCTestCase {
    private static let authoringDoc = PackageRoot.path("docs/authoring.md")

    func testAuthoringDocMatchesTheSchema() throws {
        let document = try String(contentsOf: Self.authoringDoc, encoding: .utf8)
        let section = try AuthoringDoc.generatedSection(of: document)
        XCTAssertEqual(
            section, SiteSchema.markdownReference(),
            "docs/authoring.md is stale: run `sitegen docs --write docs/authoring.md`")
    }

    func testEveryKeyHasARowAndAnExample() {
        let reference = SiteSchema.markdownReference()
        for (path, _) in SiteSchema.flattenedKeys() {
            XCTAssertNotNil(SchemaExamples.byPath[path], "no example for \(path) in SchemaExamples")
            XCTAssertTrue(reference.contains("| `\(path)` |"), path)
        }
        XCTAssertEqual(
            Set(SchemaExamples.byPath.keys), Set(SiteSchema.flattenedKeys().map(\.path)),
            "examples for keys the schema does not have")
    }

    func testPersonalizeRowsAreExactlyTheKeysTheParserAccepts() {
        let documented = SiteSchema.flattenedKeys().map(\.path).filter { $0.hasPrefix("personalize.") }
        XCTAssertEqual(Set(documented), Set(PersonalizeConfig.keys.map { "personalize." + $0 }))
    }

    func testUpdatingReplacesOnlyTheSection() throws {
        let document = "# Title\n\n\(AuthoringDoc.beginMarker)\nold\n\(AuthoringDoc.endMarker)\n\nhand-written\n"
        let updated = try AuthoringDoc.updating(document)
        XCTAssertTrue(updated.hasPrefix("# Title\n\n\(AuthoringDoc.beginMarker)\n| key |"))
        XCTAssertTrue(updated.hasSuffix("\(AuthoringDoc.endMarker)\n\nhand-written\n"))
        XCTAssertEqual(try AuthoringDoc.updating(updated), updated)
        XCTAssertThrowsError(try AuthoringDoc.updating("# no markers"))
    }
}
