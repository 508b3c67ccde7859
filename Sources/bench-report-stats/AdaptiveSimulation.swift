import Foundation
import Insight

/// Synthetic campaigns logged by a Thompson-sampling policy that re-plans every `batch`
/// decisions per context cell, logging the exact probability vector it used (the chance to be
/// best of each cell's posteriors, with a 10% uniform floor). Known truth per cell and variant.
struct AdaptiveSimulation {
    let cellWeights = [0.4, 0.3, 0.2, 0.1]
    let rates: [[Double]] = [
        [0.030, 0.040, 0.035],
        [0.050, 0.035, 0.040],
        [0.020, 0.025, 0.045],
        [0.060, 0.050, 0.055],
    ]
    /// Mean order value per variant (exponentially distributed), for revenue rewards.
    let orderValues = [30.0, 25.0, 40.0]
    let floor = 0.1
    let batch = 500
    /// The variant whose impressions get lost in the "lossy" copy of the log.
    let lossyVariant = 1
    let lossRate = 0.05

    var variantCount: Int { rates[0].count }

    struct Log {
        var clean: [SampleRatioCell]
        /// 5% of one variant's rows lost, probabilities included (a lost decision row).
        var lossy: [SampleRatioCell]
        /// The same impressions lost, but every decision's probabilities still summed (decisions
        /// and impressions recorded apart).
        var lossyImpressions: [SampleRatioCell]
        var conversions: [OffPolicySums]
        var revenue: [OffPolicySums]
        /// Expected reward of the decisions as made: Σᵢ Σₐ pᵢₐ·rate(cᵢ, a) / N.
        var loggedConversionTruth: Double
        var loggedRevenueTruth: Double
    }

    func truth(_ policy: TargetPolicy, revenue: Bool) -> Double {
        var total = 0.0
        for (cell, weight) in cellWeights.enumerated() {
            for action in 0..<variantCount {
                let pi: Double
                switch policy {
                case .uniform: pi = 1 / Double(variantCount)
                case .always(let chosen): pi = chosen == action ? 1 : 0
                case .logged: pi = 0
                }
                total += weight * pi * rates[cell][action] * (revenue ? orderValues[action] : 1)
            }
        }
        return total
    }

    func run(decisions: Int, rng: inout BenchRandom) throws -> Log {
        let k = variantCount
        let cellCount = cellWeights.count
        var successes = [[Double]](repeating: [Double](repeating: 0, count: k), count: cellCount)
        var trials = successes
        var probabilities = [[Double]](repeating: [Double](repeating: 1 / Double(k), count: k), count: cellCount)
        var observed = successes
        var expected = successes
        var products = [[[Double]]](
            repeating: [[Double]](repeating: [Double](repeating: 0, count: k), count: k), count: cellCount)
        var lossyObserved = successes
        var lossyExpected = successes
        var lossyProducts = products
        var conversions = (0..<cellCount).map { cell in (0..<k).map { OffPolicySums(cell: "c\(cell)", action: $0) } }
        var revenue = conversions
        var loggedConversion = 0.0
        var loggedRevenue = 0.0
        for index in 0..<decisions {
            if index % batch == 0 && index > 0 {
                for cell in 0..<cellCount {
                    let posteriors = try (0..<k).map {
                        try BetaPosterior(
                            successes: successes[cell][$0], failures: trials[cell][$0] - successes[cell][$0])
                    }
                    let chance = ChanceToBeBest.beta(posteriors)
                    probabilities[cell] = chance.map { floor / Double(k) + (1 - floor) * $0 }
                }
            }
            let cell = rng.categorical(cellWeights)
            let p = probabilities[cell]
            let action = rng.categorical(p)
            let converted = rng.unit() < rates[cell][action]
            let value = converted ? -log(1 - rng.unit()) * orderValues[action] : 0
            successes[cell][action] += converted ? 1 : 0
            trials[cell][action] += 1
            for a in 0..<k {
                loggedConversion += p[a] * rates[cell][a]
                loggedRevenue += p[a] * rates[cell][a] * orderValues[a]
            }
            conversions[cell][action].add(propensity: p[action], reward: converted ? 1 : 0)
            revenue[cell][action].add(propensity: p[action], reward: value)
            observed[cell][action] += 1
            for a in 0..<k {
                expected[cell][a] += p[a]
                for b in 0..<k { products[cell][a][b] += p[a] * p[b] }
            }
            // The lossy log drops 5% of one variant's rows, probabilities included.
            if action == lossyVariant && rng.unit() < lossRate { continue }
            lossyObserved[cell][action] += 1
            for a in 0..<k {
                lossyExpected[cell][a] += p[a]
                for b in 0..<k { lossyProducts[cell][a][b] += p[a] * p[b] }
            }
        }
        let clean = try (0..<cellCount).map {
            try SampleRatioCell(observed: observed[$0], expected: expected[$0], probabilityProducts: products[$0])
        }
        let lossy = try (0..<cellCount).map {
            try SampleRatioCell(
                observed: lossyObserved[$0], expected: lossyExpected[$0], probabilityProducts: lossyProducts[$0])
        }
        let lossyImpressions = try (0..<cellCount).map {
            try SampleRatioCell(observed: lossyObserved[$0], expected: expected[$0], probabilityProducts: products[$0])
        }
        return Log(
            clean: clean, lossy: lossy, lossyImpressions: lossyImpressions, conversions: conversions.flatMap { $0 },
            revenue: revenue.flatMap { $0 },
            loggedConversionTruth: loggedConversion / Double(decisions),
            loggedRevenueTruth: loggedRevenue / Double(decisions))
    }
}

extension SampleRatioCell {
    /// The same cell without the covariance products, so that the test falls back to Pearson.
    var pearsonOnly: SampleRatioCell {
        get throws { try SampleRatioCell(observed: observed, expected: expected) }
    }
}
