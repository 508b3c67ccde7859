import XCTest

@testable import Personalize

/// `PersonalizeConfig.validate()`: settings wrong whatever the variants, each an error naming
/// the offending place.
final class PersonalizeConfigValidationTests: XCTestCase {
    private func failure(_ config: PersonalizeConfig) -> PersonalizeError? {
        do {
            try config.validate()
            return nil
        } catch {
            return error
        }
    }

    func testDefaultsAndGoodSettingsPass() {
        XCTAssertNil(failure(PersonalizeConfig()))
        XCTAssertNil(
            failure(
                PersonalizeConfig(
                    policy: .linucb, alpha: 0.5, countryHeaders: ["CF-IPCountry", "X_Geo~1"],
                    extras: [.query("utm_campaign"), ExtraFeature(name: "segment", origin: .header("X-Segment"))])))
        XCTAssertNil(failure(PersonalizeConfig(policy: .lints, alpha: 0)), "alpha only matters to linucb")
    }

    func testExtraNamedLikeABuiltInFeature() {
        XCTAssertEqual(
            failure(PersonalizeConfig(extras: [ExtraFeature(name: "device", origin: .header("X-Dev"))])),
            .invalidSetting(
                key: "extras[0].name", message: "'device' is a built-in feature: give the extra another name"))
    }

    func testExtraListedTwice() {
        XCTAssertEqual(
            failure(
                PersonalizeConfig(extras: [.query("campaign"), ExtraFeature(name: "campaign", origin: .header("X-C"))])),
            .invalidSetting(key: "extras[1].name", message: "feature name 'campaign' is listed twice"))
    }

    func testHeaderNamesMustBeHTTPTokens() {
        let problem = "'Bad Header' is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~, no spaces)"
        XCTAssertEqual(
            failure(PersonalizeConfig(extras: [ExtraFeature(name: "seg", origin: .header("Bad Header"))])),
            .invalidSetting(key: "extras[0].header", message: problem))
        XCTAssertEqual(
            failure(PersonalizeConfig(countryHeaders: ["CF-IPCountry", "Bad Header"])),
            .invalidSetting(key: "country_headers[1]", message: problem))
        for bad in ["", "X-Geo:", "X(Geo)", "Län", "X\tGeo"] {
            XCTAssertFalse(PersonalizeConfig.isHeaderName(bad), bad)
        }
    }

    func testLinUCBNeedsAPositiveAlpha() {
        XCTAssertEqual(
            failure(PersonalizeConfig(policy: .linucb, alpha: 0)),
            .invalidSetting(key: "alpha", message: "must be more than 0 for linucb (0 never explores), got 0.0"))
        XCTAssertNotNil(failure(PersonalizeConfig(policy: .linucb, alpha: .infinity)))
    }
}
