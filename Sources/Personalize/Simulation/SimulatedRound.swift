/// One visitor of a simulation, drawn once and replayed identically to every policy (common random
/// numbers): the same context, and per variant the same uniform deciding whether it would convert.
package struct SimulatedRound: Sendable {
    package var features: [String: String]
    /// True conversion probability of each variant for this visitor.
    package var rates: [Double]
    /// Whether each variant would convert this visitor (its uniform fell below its rate).
    package var converts: [Bool]
    /// Reward each variant would earn with this visitor: its revenue if it converts, else 0.
    package var rewards: [Double]
    /// Rounds after which a conversion is reported.
    package var delay: Int

    /// Draws `count` rounds of a scenario from one seed.
    package static func draw(_ scenario: Scenario, count: Int, seed: UInt64) -> [SimulatedRound] {
        var rng = SeededGenerator(seed: seed)
        let span = scenario.delay.upperBound - scenario.delay.lowerBound + 1
        return (0..<count).map { t in
            let features = scenario.context.draw(using: &rng)
            let rates = scenario.rates(at: t, for: features)
            let converts = rates.map { rng.nextUnit() < $0 }
            let rewards = converts.indices.map { converts[$0] ? scenario.revenue[$0] : 0 }
            let delay = scenario.delay.lowerBound + Int(rng.next() % UInt64(span))
            return SimulatedRound(
                features: features, rates: rates, converts: converts, rewards: rewards, delay: delay)
        }
    }

    /// Expected reward of each variant for this visitor.
    package func expected(_ revenue: [Double]) -> [Double] {
        rates.indices.map { rates[$0] * revenue[$0] }
    }
}
