import Foundation
import XCTest

@testable import Personalize

/// Bad configuration and bad feedback: each a specific error, and the model left as it was.
final class BanditInputTests: XCTestCase {
    let features = ["device": "mobile", "daypart": "evening", "country": "IT"]

    func testConfigErrors() {
        XCTAssertThrowsError(try Bandit(variants: [], config: .init())) {
            XCTAssertEqual($0 as? PersonalizeError, .noVariants)
        }
        XCTAssertThrowsError(try Bandit(variants: ["a", "a"], config: .init())) {
            XCTAssertEqual($0 as? PersonalizeError, .duplicateVariant("a"))
        }
        // A policy is a PolicyKind: an unknown name is refused when the config is read.
        XCTAssertThrowsError(try JSONDecoder().decode(PersonalizeConfig.self, from: Data(#"{"policy":"greedy"}"#.utf8)))
        {
            XCTAssertTrue("\($0)".contains("unknown policy 'greedy'"), "\($0)")
        }
        XCTAssertThrowsError(try Bandit(variants: ["a"], config: .init(features: ["device", "shoe"]))) {
            XCTAssertEqual($0 as? PersonalizeError, .unknownFeature("shoe"))
        }
        XCTAssertThrowsError(try Bandit(variants: ["a"], config: .init(interactions: [["device", "moon"]]))) {
            XCTAssertEqual($0 as? PersonalizeError, .unknownFeature("moon"))
        }
        XCTAssertThrowsError(try Bandit(variants: ["a", "b", "c"], config: .init(minProbability: 0.4))) {
            guard case .invalidSetting(key: "min_probability", _)? = $0 as? PersonalizeError else {
                return XCTFail("\($0)")
            }
        }
        XCTAssertThrowsError(try Bandit(variants: ["a"], config: .init(halfLife: -3))) {
            guard case .invalidSetting(key: "half_life", _)? = $0 as? PersonalizeError else {
                return XCTFail("\($0)")
            }
        }
        XCTAssertThrowsError(try Bandit(variants: ["a"], config: .init(weights: ["b": 1]))) {
            XCTAssertEqual($0 as? PersonalizeError, .unknownVariant("b"))
        }
        XCTAssertThrowsError(try Bandit(variants: ["a"], config: .init(epsilon: .nan))) {
            guard case .invalidSetting(key: "epsilon", _)? = $0 as? PersonalizeError else {
                return XCTFail("\($0)")
            }
        }
        // Settings that would overflow the model's arithmetic into infinity and NaN.
        for (config, key) in [
            (PersonalizeConfig(halfLife: 0.0005), "half_life"),
            (PersonalizeConfig(halfLife: 0.5), "half_life"),
            (PersonalizeConfig(policy: .uniform, weights: ["a": 1e308, "b": 1e308]), "weights"),
            (PersonalizeConfig(interactions: [["device", "daypart"], ["daypart", "device"]]), "interactions"),
            (PersonalizeConfig(interactions: [["device", "device"]]), "interactions"),
        ] {
            XCTAssertThrowsError(try Bandit(variants: ["a", "b"], config: config)) {
                guard case .invalidSetting(key: key, _)? = $0 as? PersonalizeError else {
                    return XCTFail("\(key): \($0)")
                }
            }
        }
        let extra = PersonalizeConfig(features: ["device", "campaign"], extras: [.query("campaign")])
        XCTAssertNoThrow(try Bandit(variants: ["a"], config: extra))
    }

    func testBadRewardsLeaveTheModelUnchanged() throws {
        var bandit = try Bandit(variants: ["a", "b"], config: .init())
        try bandit.recordImpression(variant: "a", features: features)
        let before = bandit.serialized()
        for bad in [Double.nan, .infinity, -.infinity, -1, -0.001, 1e9 + 1, 1e200] {
            XCTAssertThrowsError(try bandit.recordReward(variant: "a", features: features, reward: bad)) {
                guard case .invalidReward? = $0 as? PersonalizeError else { return XCTFail("\($0)") }
            }
        }
        XCTAssertThrowsError(try bandit.recordReward(variant: "zz", features: features, reward: 1)) {
            XCTAssertEqual($0 as? PersonalizeError, .unknownVariant("zz"))
        }
        XCTAssertThrowsError(try bandit.recordImpression(variant: "zz", features: features)) {
            XCTAssertEqual($0 as? PersonalizeError, .unknownVariant("zz"))
        }
        XCTAssertEqual(bandit.serialized(), before)
        // The largest accepted reward still leaves a state that loads again.
        try bandit.recordReward(variant: "a", features: features, reward: Bandit.rewardRange.upperBound)
        XCTAssertNoThrow(try Bandit(serialized: bandit.serialized(), variants: ["a", "b"], config: .init()))
    }

    func testLedgerUnknownAndRepeatedIds() throws {
        var ledger = FeedbackLedger(capacity: 2)
        let entry = FeedbackLedger.Entry(variant: "a", features: features, time: 0)
        try ledger.register("d1", entry)
        XCTAssertThrowsError(try ledger.register("d1", entry)) {
            XCTAssertEqual($0 as? PersonalizeError, .repeatedDecision("d1"))
        }
        XCTAssertThrowsError(try ledger.resolve("nope")) {
            XCTAssertEqual($0 as? PersonalizeError, .unknownDecision("nope"))
        }
        XCTAssertEqual(try ledger.resolve("d1"), entry)
        XCTAssertThrowsError(try ledger.resolve("d1")) {
            XCTAssertEqual($0 as? PersonalizeError, .repeatedDecision("d1"))
        }
        // Capacity: the oldest pending decision is forgotten first.
        try ledger.register("d2", entry)
        try ledger.register("d3", entry)
        try ledger.register("d4", entry)
        XCTAssertEqual(ledger.count, 2)
        XCTAssertThrowsError(try ledger.resolve("d2")) {
            XCTAssertEqual($0 as? PersonalizeError, .unknownDecision("d2"))
        }
        XCTAssertNoThrow(try ledger.resolve("d4"))
    }

    /// A ledger whose decisions get their feedback stays the size of what is pending, however many
    /// decisions pass through it, and still forgets the oldest pending one first.
    func testLedgerOrderDoesNotGrowWithResolvedDecisions() throws {
        var ledger = FeedbackLedger(capacity: 1_000_000)
        let entry = FeedbackLedger.Entry(variant: "a", features: features, time: 0)
        try ledger.register("kept", entry)
        for i in 0..<20_000 {
            try ledger.register("d\(i)", entry)
            _ = try ledger.resolve("d\(i)")
        }
        XCTAssertEqual(ledger.count, 1)
        XCTAssertLessThanOrEqual(ledger.trackedOrderCount, 2 * 1024 + 1)
        XCTAssertEqual(try ledger.resolve("kept"), entry)
        XCTAssertThrowsError(try ledger.resolve("d7")) {
            XCTAssertEqual($0 as? PersonalizeError, .repeatedDecision("d7"))
        }
    }
}

/// Hostile feature values cannot grow the model without bound.
final class BanditCapacityTests: XCTestCase {
    func testFreshValuesPerRequestArePooledBeyondTheCap() throws {
        var bandit = try Bandit(
            variants: ["a", "b"], config: PersonalizeConfig(features: ["source"], interactions: []))
        for i in 0..<2000 {
            try bandit.recordImpression(variant: "a", features: ["source": "spam\(i)"])
        }
        XCTAssertEqual(bandit.settings.slots[0].values.count, FeatureSlot.capacity)
        XCTAssertEqual(bandit.report()[0].impressions, 2000)
        let size = bandit.serialized().count
        try bandit.recordImpression(variant: "a", features: ["source": "yet-another"])
        XCTAssertEqual(bandit.serialized().count, size)
        let p = bandit.probabilities(["source": "never-seen"])
        XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-9)
    }
}
