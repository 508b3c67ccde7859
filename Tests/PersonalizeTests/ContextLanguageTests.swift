import Personalize
import XCTest

/// Accept-Language: the primary subtag of the best entry, against well-formed and hostile input.
final class ContextLanguageTests: XCTestCase {
    let extractor = ContextExtractor()

    func language(_ header: String) -> String? {
        extractor.context(
            for: RequestDescription(userAgent: "x", headers: ["Accept-Language": header])
        ).language
    }

    func testPlainAndRegionalTags() {
        XCTAssertEqual(language("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"), "fr")
        XCTAssertEqual(language("EN-us"), "en")
        XCTAssertEqual(language("zh-Hant-TW, en;q=0.5"), "zh")
        XCTAssertEqual(language("fil-PH"), "fil")
        XCTAssertEqual(language("pt_BR"), "pt")
    }

    func testHighestQualityWinsAndTiesKeepOrder() {
        XCTAssertEqual(language("en;q=0.5, de;q=0.9, fr;q=0.8"), "de")
        XCTAssertEqual(language("en;q=0.8, de;q=0.8"), "en")
        XCTAssertEqual(language("da, en-GB;q=0.8, en;q=0.7"), "da")
        XCTAssertEqual(
            language("en;q=0.001, it;q=0.0009"), "en", "more than three decimals is garbage")
        XCTAssertEqual(language("es;q=1.0, en"), "es")
        XCTAssertEqual(language("es ; q=0.3 , ja ;Q=0.4"), "ja")
    }

    func testWildcardAndZeroAreExcluded() {
        XCTAssertNil(language("*"))
        XCTAssertEqual(language("*, nl;q=0.5"), "nl")
        XCTAssertNil(language("en;q=0"))
        XCTAssertNil(language("en;q=0.000"))
        XCTAssertEqual(language("en;q=0, de;q=0.1"), "de")
    }

    func testGarbageIsIgnored() {
        XCTAssertNil(language(""))
        XCTAssertNil(language(",,,;;;==="))
        XCTAssertNil(language("english"))
        XCTAssertNil(language("e"))
        XCTAssertNil(language("i-klingon"))
        XCTAssertNil(language("en;q=2"))
        XCTAssertNil(language("en;q=1.5"))
        XCTAssertNil(language("en;q=abc"))
        XCTAssertNil(language("en;level=1"))
        XCTAssertNil(language("12-34"))
        XCTAssertNil(language("<script>"))
        XCTAssertEqual(
            language("en;q=0.5;x=1, de;q=0.4"), "de", "trailing parameters make an entry invalid")
        XCTAssertEqual(language("\u{0}\u{1B}, ru;q=0.5"), "ru")
        XCTAssertEqual(language("日本語, ko"), "ko")
    }

    func testOnlyTheFirst512BytesAreRead() {
        let long = String(repeating: "xx;q=0.1,", count: 200) + "de"
        XCTAssertEqual(language(long), "xx")
        let hidden = String(repeating: " ", count: 600) + "de"
        XCTAssertNil(language(hidden))
    }
}
