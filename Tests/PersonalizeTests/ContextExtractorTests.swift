import Foundation
import Personalize
import XCTest

/// Country, source, extras, the feature map, and building an extractor from site settings.
final class ContextExtractorTests: XCTestCase {
    let iphone =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"

    func context(
        _ extractor: ContextExtractor = ContextExtractor(), headers: [String: String] = [:],
        query: [String: String] = [:]
    ) -> Context {
        extractor.context(
            for: RequestDescription(userAgent: iphone, headers: headers, query: query))
    }

    func testCountryFromTrustedHeaders() {
        XCTAssertEqual(context(headers: ["CF-IPCountry": "FR"]).country, "FR")
        XCTAssertEqual(context(headers: ["cloudfront-viewer-country": "de"]).country, "DE")
        XCTAssertEqual(context(headers: ["X-Vercel-IP-Country": " JP "]).country, "JP")
        XCTAssertNil(context(headers: ["X-Forwarded-For": "1.2.3.4"]).country)
    }

    func testUnknownAndInvalidCountries() {
        for value in ["XX", "T1", "xx", "zz", "", "F", "FRA", "F1", "F R", "🇫🇷", "fr\u{0}", "É1"] {
            XCTAssertNil(context(headers: ["CF-IPCountry": value]).country, "'\(value)'")
        }
    }

    func testFirstConfiguredHeaderPresentDecides() {
        let extractor = ContextExtractor(countryHeaders: ["CF-IPCountry", "X-Country-Code"])
        XCTAssertEqual(
            context(extractor, headers: ["X-Country-Code": "IT", "CF-IPCountry": "ES"]).country,
            "ES")
        XCTAssertEqual(context(extractor, headers: ["X-Country-Code": "IT"]).country, "IT")
        // The CDN saying "unknown" is not overruled by a less trusted header.
        XCTAssertNil(
            context(extractor, headers: ["CF-IPCountry": "XX", "X-Country-Code": "IT"]).country)
        // Headers not in the list are not trusted at all.
        let strict = ContextExtractor(countryHeaders: ["X-Edge-Country"])
        XCTAssertNil(context(strict, headers: ["CF-IPCountry": "FR"]).country)
        XCTAssertEqual(context(strict, headers: ["x-edge-country": "fr"]).country, "FR")
    }

    func testSourceIsSanitised() {
        XCTAssertEqual(context(query: ["src": "qr"]).source, "qr")
        XCTAssertEqual(context(query: ["src": "QR-Table_2"]).source, "qr-table_2")
        XCTAssertEqual(
            context(query: ["src": String(repeating: "a", count: 32)]).source,
            String(repeating: "a", count: 32))
        for bad in [
            "", String(repeating: "a", count: 33), "qr code", "qr/1", "ünï", "qr\u{0}", "<b>",
            "qr\n",
        ] {
            XCTAssertNil(context(query: ["src": bad]).source, "'\(bad)'")
        }
        XCTAssertNil(context(query: ["source": "qr"]).source)
    }

    func testFeaturesAreCategoricalStrings() {
        let extractor = ContextExtractor(timeZone: TimeZone(identifier: "Europe/Paris")!)
        let request = RequestDescription(
            userAgent: iphone,
            headers: ["CF-IPCountry": "FR", "Accept-Language": "fr-FR,fr;q=0.9"],
            query: ["src": "qr"],
            date: ContextTestSupport.instant("2026-03-29T01:30:00Z"))
        let c = extractor.context(for: request)
        XCTAssertEqual(
            c,
            Context(
                country: "FR", device: .mobile, os: "ios", hour: 3, weekday: 7, source: "qr",
                language: "fr"))
        XCTAssertFalse(c.isBot)
        XCTAssertEqual(
            c.features,
            [
                "country": "FR", "device": "mobile", "os": "ios", "hour": "3", "weekday": "7",
                "daypart": "night", "source": "qr", "language": "fr",
            ])
        let bare = ContextExtractor().context(
            for: RequestDescription(date: ContextTestSupport.instant("2026-01-01T12:00:00Z")))
        XCTAssertEqual(
            bare.features,
            [
                "country": "unknown", "device": "bot", "os": "unknown", "hour": "12",
                "weekday": "4",
                "daypart": "afternoon", "source": "unknown", "language": "unknown",
            ])
        XCTAssertTrue(bare.isBot)
    }

    func testDaypartBoundaries() {
        let expected = [
            0: "night", 5: "night", 6: "morning", 11: "morning", 12: "afternoon", 17: "afternoon",
            18: "evening", 23: "evening",
        ]
        for (hour, daypart) in expected {
            XCTAssertEqual(
                Context(device: .desktop, hour: hour, weekday: 1).daypart, daypart, "hour \(hour)")
            XCTAssertEqual(
                Context(device: .desktop, hour: hour, weekday: 1).features["daypart"], daypart)
        }
    }

    func testExtrasFromQueryAndHeaders() {
        let extractor = ContextExtractor(extras: [
            .query("utm_campaign"),
            ExtraFeature(name: "segment", origin: .header("X-Segment")),
        ])
        let c = context(
            extractor, headers: ["x-segment": "VIP"], query: ["utm_campaign": "Spring-26"])
        XCTAssertEqual(c.extras, ["utm_campaign": "spring-26", "segment": "vip"])
        XCTAssertEqual(c.features["utm_campaign"], "spring-26")
        XCTAssertEqual(c.features["segment"], "vip")
        let missing = context(extractor, headers: ["X-Segment": "not valid!"])
        XCTAssertEqual(missing.extras, ["utm_campaign": "unknown", "segment": "unknown"])
    }

    func testBuiltInFeaturesShadowExtrasOfTheSameName() {
        let extractor = ContextExtractor(extras: [.query("device")])
        XCTAssertEqual(
            context(extractor, query: ["device": "toaster"]).features["device"], "mobile")
    }

    func testInitFromConfig() throws {
        let config = PersonalizeConfig(countryHeaders: ["X-Geo"], extras: [.query("utm_campaign")])
        let extractor = try ContextExtractor(config: config, timezone: "Asia/Tokyo")
        XCTAssertEqual(extractor.timeZone.identifier, "Asia/Tokyo")
        let c = context(extractor, headers: ["X-Geo": "jp"], query: ["utm_campaign": "x"])
        XCTAssertEqual(c.country, "JP")
        XCTAssertEqual(c.extras, ["utm_campaign": "x"])
    }

    func testInitFromConfigRejectsBadSettings() {
        XCTAssertThrowsError(
            try ContextExtractor(config: PersonalizeConfig(), timezone: "Mars/Olympus_Mons")
        ) {
            XCTAssertEqual($0 as? PersonalizeError, .unknownTimeZone("Mars/Olympus_Mons"))
            XCTAssertEqual(
                String(describing: $0),
                "unknown time zone 'Mars/Olympus_Mons': use an IANA name such as Europe/Paris or UTC"
            )
        }
        XCTAssertThrowsError(try ContextExtractor(config: PersonalizeConfig(), timezone: "")) {
            XCTAssertEqual($0 as? PersonalizeError, .unknownTimeZone(""))
        }
        let clashes: [[ExtraFeature]] = [
            [.query("hour")],
            [.query("daypart")],
            [.query("utm"), ExtraFeature(name: "utm", origin: .header("X-Utm"))],
            [ExtraFeature(name: "Bad Name", origin: .query("x"))],
            [ExtraFeature(name: "empty", origin: .header(""))],
        ]
        for extras in clashes {
            XCTAssertThrowsError(
                try ContextExtractor(config: PersonalizeConfig(extras: extras), timezone: "UTC")
            ) {
                guard case .invalidSetting(let key, _) = $0 as? PersonalizeError else {
                    return XCTFail("unexpected \($0)")
                }
                XCTAssertEqual(key, "extras")
            }
        }
        XCTAssertThrowsError(
            try ContextExtractor(config: PersonalizeConfig(countryHeaders: [""]), timezone: "UTC"))
    }

    func testExtrasDecodeFromSiteSettings() throws {
        let json =
            #"{"extras": ["utm_campaign", {"name": "segment", "header": "X-Segment"}, {"query": "ref"}]}"#
        let config = try JSONDecoder().decode(PersonalizeConfig.self, from: Data(json.utf8))
        XCTAssertEqual(
            config.extras,
            [
                .query("utm_campaign"), ExtraFeature(name: "segment", origin: .header("X-Segment")),
                .query("ref"),
            ])
        XCTAssertTrue(PersonalizeConfig.keys.contains("extras"))
        XCTAssertEqual(
            try JSONDecoder().decode(PersonalizeConfig.self, from: Data("{}".utf8)).extras, [])
        let roundTrip = try JSONDecoder().decode(
            PersonalizeConfig.self, from: JSONEncoder().encode(config))
        XCTAssertEqual(roundTrip, config)
        for bad in [
            #"{"extras": [{"name": "x"}]}"#,
            #"{"extras": [{"name": "x", "query": "a", "header": "b"}]}"#,
            #"{"extras": [{"header": "b"}]}"#,
        ] {
            XCTAssertThrowsError(
                try JSONDecoder().decode(PersonalizeConfig.self, from: Data(bad.utf8)), bad)
        }
    }

    func testContextCodableRoundTrip() throws {
        let c = Context(
            country: "BR", device: .tablet, os: "android", hour: 22, weekday: 5, source: "qr",
            language: "pt",
            extras: ["utm_campaign": "x"])
        XCTAssertEqual(try JSONDecoder().decode(Context.self, from: JSONEncoder().encode(c)), c)
    }

    func testErrorDescriptionsNameTheValue() {
        let cases: [(PersonalizeError, String)] = [
            (.unknownPolicy("greedy"), "greedy"), (.unknownFeature("mood"), "mood"),
            (.duplicateVariant("a"), "'a'"), (.invalidReward(.nan), "nan"),
            (.unknownDecision("d1"), "d1"), (.repeatedDecision("d2"), "d2"),
            (.corruptState("truncated"), "truncated"),
            (
                .invalidSetting(key: "epsilon", message: "must be in 0...1"),
                "personalize.epsilon: must be in 0...1"
            ),
            (.unknownVariant("v9"), "v9"), (.noVariants, "at least one variant"),
        ]
        for (error, fragment) in cases {
            XCTAssertTrue(
                error.description.contains(fragment), "\(error.description) lacks \(fragment)")
        }
    }
}
