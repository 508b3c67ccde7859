import Personalize

/// Micro-benchmark of the hot path: one `decide` and one update (impression, plus a reward for a
/// few percent of visitors) on a trained bandit with 6 variants and the default features. Used by
/// `scripts/bench-personalize` through `sitegen simulate --bench`; never by tests.
package enum DecisionBenchmark {
    package struct Figures: Sendable {
        package var policy: PolicyKind
        package var nanosecondsPerDecision: Double
        package var nanosecondsPerUpdate: Double
    }

    package static func run(policy: PolicyKind, iterations: Int = 200_000) throws(PersonalizeError) -> Figures {
        let variants = (1...6).map { "variant-\($0)" }
        var config = PersonalizeConfig()
        config.policy = policy
        var bandit = try Bandit(variants: variants, config: config)
        var rng = SeededGenerator(seed: 42)
        let devices = ["mobile", "desktop", "tablet"]
        let countries = ["IT", "DE", "FR", "US", "GB", "ES", "NL", "unknown"]
        let contexts: [[String: String]] = (0..<1024).map { _ in
            let hour = Int(rng.next() % 24)
            return [
                "device": devices[Int(rng.next() % 3)], "hour": String(hour),
                "daypart": Context.daypart(hour: hour), "country": countries[Int(rng.next() % 8)],
                "os": "ios", "weekday": "3", "source": "qr", "language": "en",
            ]
        }
        // Train first, so that every segment has statistics as in a running campaign.
        for i in 0..<20_000 {
            let context = contexts[i & 1023]
            let v = variants[i % 6]
            try bandit.recordImpression(variant: v, features: context)
            if rng.nextUnit() < 0.04 { try bandit.recordReward(variant: v, features: context, reward: 1) }
        }
        let clock = ContinuousClock()
        var sink = 0
        let decideStart = clock.now
        for i in 0..<iterations {
            sink &+= bandit.decide(contexts[i & 1023], using: &rng).variantIndex
        }
        let decideTime = clock.now - decideStart
        let updateStart = clock.now
        for i in 0..<iterations {
            let context = contexts[i & 1023]
            let v = variants[(i &+ sink) % 6]
            try bandit.recordImpression(variant: v, features: context)
            if i % 25 == 0 { try bandit.recordReward(variant: v, features: context, reward: 1) }
        }
        let updateTime = clock.now - updateStart
        return Figures(
            policy: policy, nanosecondsPerDecision: nanoseconds(decideTime) / Double(iterations),
            nanosecondsPerUpdate: nanoseconds(updateTime) / Double(iterations))
    }

    static func nanoseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) * 1e-9
    }
}
