/// Small choice helpers shared by the policies.
extension Bandit {
    static func uniformIndex(_ count: Int, using rng: inout some RandomNumberGenerator) -> Int {
        min(Int(rng.nextUnit() * Double(count)), count - 1)
    }

    static func sample(_ weights: [Double], using rng: inout some RandomNumberGenerator) -> Int {
        var u = rng.nextUnit()
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return i }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    /// Index of the largest value, ties broken uniformly (so that an untrained model does not
    /// always favour the first variant).
    static func argmax(_ values: [Double], using rng: inout some RandomNumberGenerator) -> Int {
        var best = 0
        var ties = 1
        for i in 1..<values.count {
            if values[i] > values[best] {
                best = i
                ties = 1
            } else if values[i] == values[best] {
                ties += 1
                if rng.nextUnit() * Double(ties) < 1 { best = i }
            }
        }
        return best
    }

    /// The distribution of `argmax` over these values: the maxima share 1.
    static func tieShares(_ values: [Double]) -> [Double] {
        let top = values.max() ?? 0
        let ties = Double(values.filter { $0 == top }.count)
        return values.map { $0 == top ? 1 / ties : 0 }
    }

    /// Each variant's estimated chance of being the best, from Gaussian approximations of the
    /// posteriors, taking the pairwise duels as independent and renormalising.
    static func winProbabilities(_ estimates: [ArmEstimate]) -> [Double] {
        let count = estimates.count
        if count == 1 { return [1] }
        var wins = [Double](repeating: 1, count: count)
        for a in 0..<count {
            for b in (a + 1)..<count where b < count {
                let spread = (estimates[a].variance + estimates[b].variance).squareRoot()
                let p: Double
                if spread > 0 {
                    p = Distributions.normalCDF((estimates[a].mean - estimates[b].mean) / spread)
                } else {
                    let d = estimates[a].mean - estimates[b].mean
                    p = d > 0 ? 1 : (d < 0 ? 0 : 0.5)
                }
                wins[a] *= p
                wins[b] *= 1 - p
            }
        }
        let sum = wins.reduce(0, +)
        guard sum > 0, sum.isFinite else { return tieShares(estimates.map(\.mean)) }
        return wins.map { $0 / sum }
    }
}
