import Crypto
import DistFormat
import XCTest

@testable import SiteGen

final class SupportFingerprintTests: XCTestCase {
    func testInsertsEightHexCharactersBeforeTheExtension() {
        let hash = "3f2a1b9c0d1e2f30415263748596a7b8c9dae0f1a2b3c4d5e6f708192a3b4c5d"
        XCTAssertEqual(Fingerprint.path("css/site.css", hash: hash), "css/site.3f2a1b9c.css")
        XCTAssertEqual(Fingerprint.path("js/app.min.js", hash: hash), "js/app.min.3f2a1b9c.js")
        XCTAssertEqual(Fingerprint.path("logo.svg", hash: hash), "logo.3f2a1b9c.svg")
        XCTAssertEqual(Fingerprint.path("LICENSE", hash: hash), "LICENSE.3f2a1b9c")
        XCTAssertEqual(Fingerprint.path(".well-known/.htaccess", hash: hash), ".well-known/.htaccess.3f2a1b9c")
        XCTAssertEqual(Fingerprint.path("v1.2/readme", hash: hash), "v1.2/readme.3f2a1b9c")
    }

    func testUsesTheContentsSHA256() {
        // SHA-256("abc") = ba7816bf…
        XCTAssertEqual(Fingerprint.path("css/site.css", contents: Array("abc".utf8)), "css/site.ba7816bf.css")
        XCTAssertEqual(
            Fingerprint.path("css/site.css", digest: SHA256.hash(data: Array("abc".utf8))), "css/site.ba7816bf.css")
        XCTAssertNotEqual(
            Fingerprint.path("css/site.css", contents: Array("abd".utf8)),
            Fingerprint.path("css/site.css", contents: Array("abc".utf8)))
    }
}
