import DistFormat
import NIOHTTP1
import XCTest

@testable import Runtime

/// `Accept-Encoding` as RFC 9110 §12.5.3 reads it, including the hostile and odd forms.
final class ContentNegotiationTests: XCTestCase {
    func gzip(_ values: String...) -> Bool {
        ContentNegotiation.acceptsGzip(HTTPHeaders(values.map { ("Accept-Encoding", $0) }))
    }

    func testGzipEntriesAndWildcards() {
        XCTAssertTrue(gzip("gzip, deflate, br"))
        XCTAssertTrue(gzip("br;q=1.0, GZIP;q=0.5"))
        XCTAssertTrue(gzip("  gzip  ;  q=0.8 "))
        XCTAssertTrue(gzip("*"))
        XCTAssertTrue(gzip("br", "gzip"), "across field lines")
        XCTAssertFalse(gzip("br, deflate"))
        XCTAssertFalse(gzip("gzip;q=0"))
        XCTAssertFalse(gzip("gzip;q=0.000, *"), "an explicit refusal wins over *")
        XCTAssertFalse(gzip("*;q=0"))
        XCTAssertFalse(ContentNegotiation.acceptsGzip(HTTPHeaders()))
    }

    func testOddListsAreReadNotRefused() {
        XCTAssertTrue(gzip(",,gzip,,"))
        XCTAssertTrue(gzip("gzip;"), "a parameter that is not q leaves it accepted")
        XCTAssertTrue(gzip("gzip;level=9"))
        XCTAssertFalse(gzip(""))
        XCTAssertFalse(gzip(" ; q=1, ,"))
        XCTAssertFalse(gzip("gzipx, xgzip"))
    }

    func testTrimmingSpacesKeepsTheMiddle() {
        XCTAssertEqual(" \t a b \t ".dropFirst(0).trimmingSpaces, "a b")
        XCTAssertEqual("   ".dropFirst(0).trimmingSpaces, "")
        XCTAssertEqual("é ".dropFirst(0).trimmingSpaces, "é")
        XCTAssertEqual("".dropFirst(0).trimmingSpaces, "")
    }
}
