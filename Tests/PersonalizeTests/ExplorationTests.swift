import XCTest

@testable import Personalize

/// Propensities, the probability floor, warm-up and fixed weights.
final class ExplorationTests: XCTestCase {
    let variants = ["a", "b", "c"]
    let context = ["device": "mobile", "daypart": "evening", "country": "IT"]

    /// A bandit that has seen "b" convert far better than the others.
    func trained(_ config: PersonalizeConfig, rounds: Int = 3000) throws -> Bandit {
        var bandit = try Bandit(variants: variants, config: config)
        var rng = SeededGenerator(seed: 3)
        for i in 0..<rounds {
            let v = variants[i % 3]
            try bandit.recordImpression(variant: v, features: context)
            if rng.nextUnit() < (v == "b" ? 0.10 : 0.02) {
                try bandit.recordReward(variant: v, features: context, reward: 1)
            }
        }
        return bandit
    }

    func testPropensitiesSumToOneAndMatchDecisions() throws {
        for policy in PolicyKind.allCases {
            for rounds in [0, 30, 3000] {
                let bandit = try trained(PersonalizeConfig(policy: policy), rounds: rounds)
                for features in [context, ["device": "desktop"], [:]] {
                    let p = bandit.probabilities(features)
                    XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-9, policy.rawValue)
                    var rng = SeededGenerator(seed: 11)
                    for _ in 0..<20 {
                        let d = bandit.decide(features, using: &rng)
                        XCTAssertEqual(d.propensity, p[d.variantIndex], accuracy: 1e-12, policy.rawValue)
                        XCTAssertEqual(d.variant, variants[d.variantIndex])
                        XCTAssert((0...1).contains(d.confidence), policy.rawValue)
                    }
                }
            }
        }
    }

    func testFloorKeepsEveryVariantInPlay() throws {
        for policy: PolicyKind in [.thompson, .lints, .linucb, .epsilonGreedy] {
            var config = PersonalizeConfig(policy: policy, minProbability: 0.05)
            config.epsilon = 0
            let bandit = try trained(config)
            let p = bandit.probabilities(context)
            XCTAssertEqual(p.indices.max { p[$0] < p[$1] }, 1, policy.rawValue)
            for value in p { XCTAssertGreaterThanOrEqual(value, 0.05 - 1e-12, policy.rawValue) }
            // And in practice: the losers are still shown about 5% of the time each.
            var rng = SeededGenerator(seed: 4)
            var shown = [0, 0, 0]
            for _ in 0..<20_000 { shown[bandit.decide(context, using: &rng).variantIndex] += 1 }
            XCTAssertGreaterThan(shown[0], 800, policy.rawValue)
            XCTAssertGreaterThan(shown[2], 800, policy.rawValue)
        }
    }

    func testWarmupSplitsEvenlyUntilEveryVariantHasItsImpressions() throws {
        var bandit = try Bandit(variants: variants, config: PersonalizeConfig(warmup: 100))
        for i in 0..<299 {
            let v = variants[i % 3]
            try bandit.recordImpression(variant: v, features: context)
            if v == "b" { try bandit.recordReward(variant: v, features: context, reward: 1) }
        }
        XCTAssertEqual(bandit.probabilities(context), [1 / 3.0, 1 / 3.0, 1 / 3.0])
        var rng = SeededGenerator(seed: 1)
        XCTAssertEqual(bandit.decide(context, using: &rng).propensity, 1 / 3.0)
        try bandit.recordImpression(variant: "c", features: context)
        XCTAssertGreaterThan(bandit.probabilities(context)[1], 0.9)
    }

    func testUniformFollowsItsWeights() throws {
        let config = PersonalizeConfig(policy: .uniform, weights: ["a": 1, "b": 3])
        let bandit = try trained(config)
        XCTAssertEqual(bandit.probabilities(context), [0.25, 0.75, 0])
        var rng = SeededGenerator(seed: 2)
        var shown = [0, 0, 0]
        for _ in 0..<10_000 { shown[bandit.decide(context, using: &rng).variantIndex] += 1 }
        XCTAssertEqual(Double(shown[1]) / 10_000, 0.75, accuracy: 0.02)
        XCTAssertEqual(shown[2], 0)
    }

    func testReportsRankTheBestVariant() throws {
        let report = try trained(PersonalizeConfig()).report()
        XCTAssertEqual(report.map(\.variant), variants)
        XCTAssertEqual(report.map(\.impressions), [1000, 1000, 1000])
        XCTAssertGreaterThan(report[1].probabilityBest, 0.99)
        for r in report {
            XCTAssertLessThanOrEqual(r.lower, r.mean)
            XCTAssertGreaterThanOrEqual(r.upper, r.mean)
            XCTAssertEqual(r.trafficShare ?? 0, 1 / 3.0, accuracy: 1e-9)
        }
        XCTAssertEqual(report[1].mean, Double(report[1].conversions) / 1000, accuracy: 0.01)
        let empty = try Bandit(variants: variants, config: PersonalizeConfig()).report()
        XCTAssertNil(empty[0].trafficShare)
    }

    func testSeededGeneratorIsDeterministic() {
        var a = SeededGenerator(seed: 7)
        var b = SeededGenerator(seed: 7)
        var c = SeededGenerator(seed: 8)
        let first = (0..<5).map { _ in a.next() }
        XCTAssertEqual(first, (0..<5).map { _ in b.next() })
        XCTAssertNotEqual(first, (0..<5).map { _ in c.next() })
    }
}

/// What the runtime logs beside each decision: every variant's probability, from the same state
/// as the draw (for adaptive, the very distribution the draw used).
final class DecisionDistributionTests: XCTestCase {
    func testTheLoggedDistributionIsTheOneTheDecisionCameFrom() throws {
        for policy in PolicyKind.allCases {
            var bandit = try Bandit(variants: ["a", "b", "c"], config: PersonalizeConfig(policy: policy))
            var rng = SeededGenerator(seed: 3)
            for round in 0..<400 {
                let features = ["device": round % 3 == 0 ? "mobile" : "desktop"]
                let reading = bandit.reading(features)
                let expected = bandit.probabilities(features)
                let (decision, distribution) = bandit.decideWithDistribution(reading, using: &rng)
                XCTAssertEqual(distribution.count, 3)
                for (got, want) in zip(distribution, expected) {
                    XCTAssertEqual(got, want, accuracy: 1e-12, policy.rawValue)
                }
                XCTAssertEqual(
                    decision.propensity, distribution[decision.variantIndex], accuracy: 1e-12, policy.rawValue)
                try bandit.recordImpression(variant: decision.variant, features: features)
                if decision.variant == "b" && round % 4 == 0 {
                    try bandit.recordReward(variant: "b", features: features, reward: 1)
                }
            }
        }
    }
}
