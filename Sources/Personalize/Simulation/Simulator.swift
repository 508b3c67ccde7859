/// Runs policies against a scenario on identical visitors and outcomes, next to an oracle that
/// knows the true rates and a uniform split, and reports how each did.
package enum Simulator {
    package static func run(_ scenario: Scenario, policies: [PolicyKind], rounds: Int, seed: UInt64)
        throws(PersonalizeError) -> SimulationReport
    {
        let draws = SimulatedRound.draw(scenario, count: rounds, seed: seed)
        let oracle = self.oracle(scenario, draws)
        var uniformConfig = scenario.personalize
        uniformConfig.policy = .uniform
        uniformConfig.weights = nil
        let uniform = try play(scenario, config: uniformConfig, label: "uniform", draws, seed: seed).result
        var results = [oracle.result]
        results.append(uniform)
        for policy in policies where policy != .uniform {
            var config = scenario.personalize
            config.policy = policy
            results.append(try play(scenario, config: config, label: policy.rawValue, draws, seed: seed).result)
        }
        for i in results.indices {
            results[i].percentOfOracle = oracle.result.reward > 0 ? 100 * results[i].reward / oracle.result.reward : 0
            results[i].ratioToUniform = uniform.reward > 0 ? results[i].reward / uniform.reward : 0
        }
        return SimulationReport(
            scenario: scenario.name, variants: scenario.variants, rounds: rounds, seed: seed, results: results)
    }

    /// Picks, every round, the variant with the highest true expected reward.
    static func oracle(_ scenario: Scenario, _ draws: [SimulatedRound]) -> (result: SimulationResult, picks: [Int]) {
        var result = SimulationResult(
            policy: "oracle", conversions: 0, reward: 0, regret: 0, percentOfOracle: 100, ratioToUniform: 0,
            decisionsPerSecond: nil, shares: Array(repeating: 0, count: scenario.variants.count))
        var picks: [Int] = []
        for round in draws {
            let expected = round.expected(scenario.revenue)
            let best = expected.indices.max { expected[$0] < expected[$1] } ?? 0
            picks.append(best)
            result.shares[best] += 1
            if round.converts[best] { result.conversions += 1 }
            result.reward += round.rewards[best]
        }
        result.shares = result.shares.map { $0 / Double(max(draws.count, 1)) }
        return (result, picks)
    }

    /// One policy over the drawn rounds, and the bandit as it ends. Conversions with a delay are
    /// registered in a `FeedbackLedger` and credited when due, in whatever order their delays make
    /// them arrive.
    package static func play(
        _ scenario: Scenario, config: PersonalizeConfig, label: String, _ draws: [SimulatedRound], seed: UInt64
    ) throws(PersonalizeError) -> (result: SimulationResult, bandit: Bandit) {
        var bandit = try Bandit(variants: scenario.variants, config: config)
        var ledger = FeedbackLedger(capacity: draws.count + 1)
        var due: [[(id: String, reward: Double)]] = Array(
            repeating: [], count: draws.count + scenario.delay.upperBound + 1)
        // Every policy gets the same stream for its own randomness too: fewer differences that are
        // only luck.
        var rng = SeededGenerator(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        var result = SimulationResult(
            policy: label, conversions: 0, reward: 0, regret: 0, percentOfOracle: 0, ratioToUniform: 0,
            decisionsPerSecond: nil, shares: Array(repeating: 0, count: scenario.variants.count))
        let clock = ContinuousClock()
        let start = clock.now
        for (t, round) in draws.enumerated() {
            for (id, reward) in due[t] {
                let entry = try ledger.resolve(id)
                try bandit.recordReward(variant: entry.variant, features: entry.features, reward: reward)
            }
            let decision = bandit.decide(round.features, using: &rng)
            let v = decision.variantIndex
            try bandit.recordImpression(variant: decision.variant, features: round.features)
            result.shares[v] += 1
            let expected = round.expected(scenario.revenue)
            result.regret += (expected.max() ?? 0) - expected[v]
            guard round.converts[v] else { continue }
            result.conversions += 1
            result.reward += round.rewards[v]
            if round.delay == 0 {
                try bandit.recordReward(variant: decision.variant, features: round.features, reward: round.rewards[v])
            } else {
                let id = String(t)
                try ledger.register(id, .init(variant: decision.variant, features: round.features, time: Double(t)))
                due[t + round.delay].append((id, round.rewards[v]))
            }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        result.decisionsPerSecond = seconds > 0 ? Double(draws.count) / seconds : nil
        result.shares = result.shares.map { $0 / Double(max(draws.count, 1)) }
        return (result, bandit)
    }
}
