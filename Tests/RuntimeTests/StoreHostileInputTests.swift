import Foundation
import XCTest

@testable import Runtime

final class StoreHostileInputTests: XCTestCase {
    static let nasty = [
        "'; DROP TABLE decisions; --", "\"quoted\" and 'single'", "nul\u{0}inside", "emoji 🍕🇮🇹 ok",
        "back\\slash \\u0000 and \n newline \t tab", "", "\u{1}\u{1F}control", "?1 ?2 :name @x $y",
    ]

    func testHostileStringsAreStoredVerbatim() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        var features: [String: String] = [:]
        for (index, text) in Self.nasty.enumerated() { features[text.isEmpty ? "empty\(index)" : text] = text }
        var decisions: [DecisionRecord] = []
        for (index, text) in Self.nasty.enumerated() {
            let decision = DecisionRecord(
                id: "id-\(index)-\(text)", site: "site-\(text)", variant: text, propensity: 0.25,
                features: features, pinned: true, learn: true, at: Date(timeIntervalSince1970: 1_700_000_000.123))
            decisions.append(decision)
            store.recordDecision(decision)
        }
        try await store.flush()

        for (index, decision) in decisions.enumerated() {
            let stored = try await store.decision(id: decision.id)
            XCTAssertEqual(stored, decision, "string #\(index)")
            let goal = Self.nasty[index]
            let result = try await store.recordConversion(
                ConversionRecord(decisionID: decision.id, site: decision.site, goal: goal, value: 1, at: Date()))
            XCTAssertEqual(result, .recorded(decision: decision), "string #\(index)")
            var replayed: [ReplayEvent] = []
            try store.replay(site: decision.site, after: nil) { replayed.append($0) }
            XCTAssertEqual(replayed.count, 2)
            if case .conversion(let conversion, let joined) = replayed.last {
                XCTAssertEqual(conversion.goal, goal)
                XCTAssertEqual(joined, decision)
            } else {
                XCTFail("expected a conversion for #\(index)")
            }
        }
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions"), Int64(Self.nasty.count))
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM conversions"), Int64(Self.nasty.count))
        XCTAssertEqual(try store.stats().map(\.variant).sorted(), Self.nasty.sorted())
        try await store.close()
    }

    func testFeatureJSONRoundTripsAndRejectsGarbage() throws {
        var features: [String: String] = [:]
        for text in Self.nasty { features["k" + text] = text }
        let encoded = FeatureJSON.encode(features)
        XCTAssertEqual(try FeatureJSON.decode(encoded), features)
        // What standard JSON tools write decodes too (the column may be edited by hand).
        let standard = try JSONSerialization.data(withJSONObject: features)
        XCTAssertEqual(try FeatureJSON.decode(String(decoding: standard, as: UTF8.self)), features)
        XCTAssertEqual(try FeatureJSON.decode(#"{"a":"\ud83c\udf55"}"#), ["a": "🍕"])
        for garbage in ["", "{", #"{"a":1}"#, #"{"a":"b"} x"#, #"{"a":"\q"}"#, #"{"a":"\ud83c"}"#] {
            XCTAssertThrowsError(try FeatureJSON.decode(garbage), garbage)
        }
    }
}
