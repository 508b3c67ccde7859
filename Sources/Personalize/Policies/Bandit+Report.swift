extension Bandit {
    /// Per variant, over all contexts: counts, the posterior of its reward per impression (Beta on
    /// the conversion rate times the mean value per conversion) with a central 95% interval, and the
    /// probability of being best. Interval and probability come from 4,000 posterior draws under a
    /// fixed seed, so the same state always reports the same figures.
    package func report() -> [VariantReport] {
        let draws = 4000
        let inverse = inverseScale
        var rng = SeededGenerator(seed: 0x5EED_4E90)
        var samples = arms.map { _ in [Double]() }
        var bestCounts = [Int](repeating: 0, count: arms.count)
        for a in arms.indices { samples[a].reserveCapacity(draws) }
        for _ in 0..<draws {
            var best = 0
            var bestValue = -Double.infinity
            for a in arms.indices {
                let value = BetaModel.sample(arms[a].total, inverseScale: inverse, using: &rng)
                samples[a].append(value)
                if value > bestValue {
                    bestValue = value
                    best = a
                }
            }
            bestCounts[best] += 1
        }
        let totalImpressions = arms.reduce(0) { $0 + $1.impressions }
        return arms.indices.map { a in
            let sorted = samples[a].sorted()
            let estimate = BetaModel.estimate(arms[a].total, inverseScale: inverse)
            return VariantReport(
                variant: variants[a], impressions: arms[a].impressions,
                conversions: arms[a].conversions, reward: arms[a].reward, mean: estimate.mean,
                lower: sorted[draws * 25 / 1000], upper: sorted[draws * 975 / 1000 - 1],
                probabilityBest: Double(bestCounts[a]) / Double(draws),
                trafficShare: totalImpressions > 0
                    ? Double(arms[a].impressions) / Double(totalImpressions) : nil)
        }
    }
}
