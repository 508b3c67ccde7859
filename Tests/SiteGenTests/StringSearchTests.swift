import XCTest

@testable import SiteGen

/// The byte searches the build runs over every rendered page must give indexes that are valid
/// for the String, also after multi-byte characters.
final class StringSearchTests: XCTestCase {
    func testRangesAfterMultiByteCharacters() throws {
        let html = "<p>Café · 🍕</p></body><p>é</p></body>"
        let first = try XCTUnwrap(html.firstByteRange(of: "</body>"))
        XCTAssertEqual(String(html[..<first.lowerBound]), "<p>Café · 🍕</p>")
        let last = try XCTUnwrap(html.lastByteRange(of: "</body>"))
        XCTAssertEqual(String(html[last.upperBound...]), "")
        XCTAssertEqual(String(html[..<last.lowerBound]), "<p>Café · 🍕</p></body><p>é</p>")
    }

    func testAbsentEmptyAndLongerNeedles() {
        XCTAssertNil("abc".firstByteRange(of: "abd"))
        XCTAssertNil("abc".lastByteRange(of: ""))
        XCTAssertNil("ab".firstByteRange(of: "abc"))
        XCTAssertTrue("xxab".containsBytes("ab"))
        XCTAssertFalse("xxa".containsBytes("ab"))
    }

    func testTheBeaconGoesBeforeTheLastBodyTag() {
        XCTAssertEqual(ConversionBeacon.inject("<s>", into: "é</body>x</body>"), "é</body>x<s>\n</body>")
        XCTAssertEqual(ConversionBeacon.inject("<s>", into: "no body"), "no body<s>")
    }
}
