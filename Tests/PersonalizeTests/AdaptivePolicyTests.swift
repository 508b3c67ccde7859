import XCTest

@testable import Personalize
@testable import Tools

/// The default `adaptive` policy: context only where it pays, revenue as rate × value, change
/// detection, exact propensities, and its state (fixed seeds: statistical but deterministic).
final class AdaptivePolicyTests: XCTestCase {
    let mobileEvening = ["device": "mobile", "daypart": "evening", "hour": "20", "country": "IT"]
    let desktopMorning = ["device": "desktop", "daypart": "morning", "hour": "9", "country": "DE"]
    let mobileAfternoon = ["device": "mobile", "daypart": "afternoon", "hour": "15", "country": "FR"]

    func scenario(_ yaml: String) throws -> Scenario { try Scenario(yaml: yaml, path: "test.yml") }

    let context = """
        context:
          device: {mobile: 65, desktop: 30, tablet: 5}
          daypart: {morning: 25, afternoon: 30, evening: 35, night: 10}
          country: {IT: 40, DE: 25, FR: 20, US: 15}

        """

    func testIsTheDefault() {
        XCTAssertEqual(PersonalizeConfig().policy, .adaptive)
        XCTAssert(PolicyKind.names.contains("adaptive"))
        XCTAssertEqual(PolicyKind(rawValue: "adaptive"), .adaptive)
    }

    /// Context that carries no signal costs nothing: as much reward as plain Thompson sampling,
    /// and the same favourite in every context.
    func testContextWithoutSignalIsIgnored() throws {
        let flat = try shippedScenario("one-best")
        var adaptive = 0.0
        var thompson = 0.0
        for seed: UInt64 in 1...3 {
            let run = try play(flat, policy: .adaptive, seed: seed)
            adaptive += run.result.reward
            thompson += try play(flat, policy: .thompson, seed: seed).result.reward
            XCTAssertEqual(favourite(run.bandit, mobileEvening), "bold")
            XCTAssertEqual(favourite(run.bandit, desktopMorning), "bold")
            XCTAssertEqual(favourite(run.bandit, mobileAfternoon), "bold")
            XCTAssertEqual(run.bandit.drift.changes, 0, "a stationary campaign sees no change")
        }
        XCTAssertGreaterThan(adaptive, 0.99 * thompson)
    }

    /// Context that matters is used: the best variant per device × daypart, and clearly more
    /// reward than a policy blind to context.
    func testContextWithSignalIsUsed() throws {
        let contextual = try shippedScenario("device-daypart")
        let expected = [(mobileEvening, "bold"), (desktopMorning, "calm"), (mobileAfternoon, "classic")]
        var right = 0
        var adaptive = 0.0
        var thompson = 0.0
        for seed: UInt64 in 1...3 {
            let run = try play(contextual, policy: .adaptive, seed: seed)
            right += expected.filter { favourite(run.bandit, $0.0) == $0.1 }.count
            adaptive += run.result.reward
            thompson += try play(contextual, policy: .thompson, seed: seed).result.reward
        }
        XCTAssertGreaterThanOrEqual(right, 7)
        XCTAssertGreaterThan(adaptive, 1.1 * thompson)
    }

    /// Fewer but bigger orders win when they earn more.
    func testRevenuePicksTheHigherEarningVariant() throws {
        let revenue = try shippedScenario("revenue")
        for seed: UInt64 in 1...2 {
            let (result, bandit) = try play(revenue, policy: .adaptive, seed: seed)
            XCTAssertEqual(favourite(bandit, mobileEvening), "premium")
            XCTAssertLessThan(result.shares[0], 0.15, "the most-converting variant is not where traffic went")
        }
        // With few conversions: value per conversion is learned apart from the rate, so two
        // premium orders worth 40 outweigh five discount ones worth 10 on equal traffic.
        var bandit = try Bandit(variants: ["discount", "premium"], config: PersonalizeConfig(features: []))
        for i in 0..<200 {
            try bandit.recordImpression(variant: i % 2 == 0 ? "discount" : "premium", features: [:])
        }
        for _ in 0..<5 { try bandit.recordReward(variant: "discount", features: [:], reward: 10) }
        for _ in 0..<2 { try bandit.recordReward(variant: "premium", features: [:], reward: 40) }
        XCTAssertEqual(favourite(bandit, [:]), "premium")
    }

    /// An abrupt change of the leader is detected and followed; no half-life is configured.
    func testAbruptChangeIsDetected() throws {
        let abrupt = try scenario(
            """
            variants: [spring, summer, evergreen]
            \(context)rates:
              base: {spring: 0.060, summer: 0.020, evergreen: 0.030}
            drift:
              at: 8000
              base: {spring: 0.020, summer: 0.060, evergreen: 0.030}
            """)
        XCTAssertNil(abrupt.personalize.halfLife)
        var adaptive = 0.0
        var thompson = 0.0
        var detected = 0
        var followed = 0
        for seed: UInt64 in 1...3 {
            let run = try play(abrupt, policy: .adaptive, rounds: 20000, seed: seed)
            // Seen by the change detector, or by a forgetting window that predicts better: a window
            // that moves traffic off the fallen leader early can leave the detector too few of its
            // recent impressions to test.
            if run.bandit.drift.changes >= 1 || run.bandit.forgetting.chosen > 0 { detected += 1 }
            if favourite(run.bandit, mobileEvening) == "summer" { followed += 1 }
            adaptive += run.result.reward
            thompson += try play(abrupt, policy: .thompson, rounds: 20000, seed: seed).result.reward
        }
        // Statistical: the leader's fall is seen within about a thousand visitors in most runs.
        XCTAssertGreaterThanOrEqual(detected, 2)
        XCTAssertGreaterThanOrEqual(followed, 2)
        XCTAssertGreaterThan(adaptive, 1.05 * thompson)
        // A stationary campaign sees no change.
        let steady = try play(try shippedScenario("revenue"), policy: .adaptive, seed: 1).bandit
        XCTAssertEqual(steady.drift.changes, 0)
    }

    /// Rates that drift over the campaign are followed without a half-life: the forgetting
    /// windows find that a forgetting rate predicts the campaign better than all of its evidence,
    /// and the policy follows the new leader where one that remembers everything lags.
    func testSlowDriftIsFollowedWithoutAHalfLife() throws {
        let slow = try scenario(
            """
            variants: [spring, summer, evergreen]
            \(context)rates:
              base: {spring: 0.060, summer: 0.030, evergreen: 0.035}
            drift:
              at: 2000
              over: 12000
              base: {spring: 0.025, summer: 0.060, evergreen: 0.035}
            """)
        XCTAssertNil(slow.personalize.halfLife)
        var adaptive = 0.0
        var thompson = 0.0
        var forgetting = 0
        var following = 0
        for seed: UInt64 in 1...3 {
            let run = try play(slow, policy: .adaptive, seed: seed)
            if run.bandit.forgetting.chosen > 0 { forgetting += 1 }
            if favourite(run.bandit, mobileEvening) == "summer" { following += 1 }
            adaptive += run.result.reward
            thompson += try play(slow, policy: .thompson, seed: seed).result.reward
        }
        XCTAssertGreaterThanOrEqual(forgetting, 2)
        XCTAssertEqual(following, 3, "the new leader is the favourite at the end")
        // Plain Thompson sampling keeps exploring and follows a slow drift well; the contextual
        // policy must not fall behind it.
        XCTAssertGreaterThan(adaptive, 0.95 * thompson)
    }

    /// A variant that has not converted in its first visitors keeps a real chance, beyond the
    /// floor: its rate's prior is worth a conversion, not two impressions. With the old prior it
    /// was all but written off (about 0.05% above the floor here).
    func testAnUnluckyStartIsNotWrittenOff() throws {
        var bandit = try Bandit(variants: ["a", "b", "c"], config: PersonalizeConfig(features: [], interactions: []))
        for i in 0..<120 { try bandit.recordImpression(variant: ["a", "b", "c"][i % 3], features: [:]) }
        for v in ["b", "b", "c", "c"] { try bandit.recordReward(variant: v, features: [:], reward: 1) }
        let p = bandit.probabilities([:])
        let beyondFloor = (p[0] - 0.02) / (1 - 3 * 0.02)
        XCTAssertGreaterThan(beyondFloor, 0.004)
        XCTAssertLessThan(p[0], p[1])
    }

    /// The logged propensity is the probability the draw used: equal to `probabilities`, and the
    /// draws' frequencies match it.
    func testPropensitiesAreExact() throws {
        var bandit = try Bandit(variants: ["a", "b", "c"], config: PersonalizeConfig())
        var rng = SeededGenerator(seed: 5)
        let f = mobileEvening
        for i in 0..<600 {
            let v = ["a", "b", "c"][i % 3]
            try bandit.recordImpression(variant: v, features: f)
            if rng.nextUnit() < (v == "b" ? 0.08 : 0.05) { try bandit.recordReward(variant: v, features: f, reward: 1) }
        }
        let p = bandit.probabilities(f)
        XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssert(p.allSatisfy { $0 >= 0.02 - 1e-12 }, "the floor holds")
        var counts = [0, 0, 0]
        let draws = 40_000
        for _ in 0..<draws {
            let d = bandit.decide(f, using: &rng)
            XCTAssertEqual(d.propensity, p[d.variantIndex])
            counts[d.variantIndex] += 1
        }
        for a in 0..<3 {
            let expected = p[a] * Double(draws)
            // Five binomial standard deviations.
            XCTAssertEqual(Double(counts[a]), expected, accuracy: 5 * (expected * (1 - p[a])).squareRoot() + 1)
        }
    }

    /// State round-trips, including the change detector; states of versions 1 and 2 still load.
    func testStateRoundTripAndOldStates() throws {
        let config = PersonalizeConfig()
        var bandit = try Bandit(variants: ["a", "b"], config: config)
        var rng = SeededGenerator(seed: 8)
        for _ in 0..<3000 {
            let f = ["device": rng.next() % 2 == 0 ? "mobile" : "desktop", "daypart": "evening", "country": "IT"]
            let d = bandit.decide(f, using: &rng)
            try bandit.recordImpression(variant: d.variant, features: f)
            if rng.nextUnit() < 0.05 { try bandit.recordReward(variant: d.variant, features: f, reward: 3) }
        }
        let bytes = bandit.serialized()
        XCTAssertEqual(bytes[4], 4)
        let restored = try Bandit(serialized: bytes, variants: ["a", "b"], config: config)
        XCTAssertEqual(restored.serialized(), bytes)
        XCTAssertEqual(restored.drift, bandit.drift)
        XCTAssertEqual(restored.forgetting, bandit.forgetting)
        XCTAssertNotEqual(bandit.forgetting, ForgettingWindows(variantCount: 2), "the windows learned")
        // Stationary: no window is read, so an old state, whose windows start afresh, decides alike.
        XCTAssertEqual(bandit.forgetting.chosen, 0)
        for version: UInt32 in [1, 2, 3] {
            let old = try Bandit(serialized: bandit.serialized(version: version), variants: ["a", "b"], config: config)
            XCTAssertEqual(old.arms, bandit.arms)
            XCTAssertEqual(old.pooled, bandit.pooled)
            if version < 3 {
                XCTAssertEqual(
                    old.drift.recent, [SufficientStats(), SufficientStats()], "no recent evidence before v3")
            } else {
                XCTAssertEqual(old.drift, bandit.drift)
            }
            // No windows before v4: they start from the overall sums, none chosen.
            XCTAssertEqual(old.forgetting.chosen, 0)
            for w in 0..<ForgettingWindows.windowCount {
                for a in 0..<2 {
                    XCTAssertEqual(
                        old.forgetting.sums[w][a].trials / old.forgetting.scales[w],
                        bandit.arms[a].total.trials / bandit.scale, accuracy: 1e-9)
                }
            }
            XCTAssertEqual(old.probabilities(mobileEvening), bandit.probabilities(mobileEvening))
        }
    }

    /// Statistics still add up: merging two servers adds their recent sums too.
    func testMergeAddsRecentEvidence() throws {
        var one = try Bandit(variants: ["a", "b"], config: PersonalizeConfig())
        var two = one
        for _ in 0..<50 { try one.recordImpression(variant: "a", features: mobileEvening) }
        for _ in 0..<30 { try two.recordImpression(variant: "b", features: desktopMorning) }
        try two.recordReward(variant: "b", features: desktopMorning, reward: 2)
        var merged = one
        try merged.merge(two)
        let recent = merged.drift.recent.map { $0.trials / merged.drift.scale }
        XCTAssertEqual(recent[0], one.drift.recent[0].trials / one.drift.scale, accuracy: 1e-9)
        XCTAssertEqual(recent[1], two.drift.recent[1].trials / two.drift.scale, accuracy: 1e-9)
        XCTAssertEqual(merged.drift.recent[1].reward / merged.drift.scale, 2, accuracy: 1e-9)
        // And the forgetting windows, each in its own clock; their scores add.
        for w in 0..<ForgettingWindows.windowCount {
            let windows = merged.forgetting
            XCTAssertEqual(
                windows.sums[w][0].trials / windows.scales[w],
                one.forgetting.sums[w][0].trials / one.forgetting.scales[w], accuracy: 1e-9)
            XCTAssertEqual(
                windows.sums[w][1].reward / windows.scales[w],
                two.forgetting.sums[w][1].reward / two.forgetting.scales[w], accuracy: 1e-9)
            XCTAssertEqual(windows.scores[w], one.forgetting.scores[w] + two.forgetting.scores[w], accuracy: 1e-12)
        }
    }

    /// Slow drift in scenarios: `over` moves rates linearly from the old plan to the new one.
    func testDriftOverRampsRates() throws {
        let slow = try scenario(
            """
            variants: [a, b]
            \(context)rates:
              base: {a: 0.04, b: 0.02}
            drift:
              at: 1000
              over: 2000
              base: {a: 0.02, b: 0.06}
            """)
        XCTAssertEqual(slow.rates(at: 500, for: [:]), [0.04, 0.02])
        XCTAssertEqual(slow.rates(at: 2000, for: [:])[0], 0.03, accuracy: 1e-12)
        XCTAssertEqual(slow.rates(at: 2000, for: [:])[1], 0.04, accuracy: 1e-12)
        XCTAssertEqual(slow.rates(at: 3000, for: [:]), [0.02, 0.06])
    }
}
