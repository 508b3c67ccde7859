/// The `adaptive` policy (the default).
///
/// - Reward per impression = conversion rate × value per conversion, each with its own posterior:
///   a Beta on the rate (its prior centred on the pooled rate of all variants) and a Gaussian on
///   the mean order value (its prior the pooled mean value, worth one conversion). A variant with
///   fewer, bigger orders wins as soon as rate × value says so, not when its reward sums do.
/// - Context effects come from `HierarchicalModel`: each starts at zero and its prior spread is
///   estimated from the data, so where context carries no signal the policy is plain Thompson
///   sampling on the overall rates, and where it does the effects earn their weight.
/// - Drift: the overall rates are read under the forgetting rate that has predicted the campaign
///   best so far (`ForgettingWindows`: none on a stationary campaign), and `DriftMonitor`
///   discounts all old evidence when recent traffic contradicts it.
/// - The choice: each variant's probability of being best is computed in closed form (Gaussian
///   approximation of each posterior, pairwise duels taken as independent: see
///   `winProbabilities`), mixed with the `min_probability` floor, and the variant is drawn from
///   exactly that distribution. So the logged propensity is the probability the draw used, not an
///   estimate of what a sampler would have done, and a decision needs one uniform draw.
extension Bandit {
    /// Divides the posterior variances the choice reads: at campaign scale plain posterior
    /// matching over-explores (the same finding as `HierarchicalModel.sharpness`). Measured on the
    /// generated benchmark (9 types x 10 runs): 1 → 91.3% of oracle on average, 2 → 92.3%, 2.5 →
    /// 92.3% with worse worst cases on abrupt change; a narrower posterior locks in more often.
    static let adaptiveSharpness = 2.0
    /// Pseudo-impressions of the pooled rate a variant's rate starts from, at least.
    static let ratePriorStrength = 2.0
    /// Pseudo-conversions of the pooled rate a variant's rate starts from, at least: with only two
    /// pseudo-impressions at a 3% rate, a variant that has not converted in its first few dozen
    /// visitors has a posterior (and a Gaussian approximation of it) with almost no upper tail, and
    /// is all but never tried again; worse where values differ, as a rarely converting variant
    /// with big orders is the one that starts unlucky.
    static let ratePriorConversions = 1.0
    /// Pseudo-conversions of the pooled value a variant's value per conversion starts from.
    static let valuePriorStrength = 1.0

    /// The choice distribution (floor included) for a context read as slot value ids, written to
    /// `probabilities`, with each variant's posterior mean reward and chance of being best.
    func adaptiveDistribution(
        _ ids: [Int], probabilities: UnsafeMutableBufferPointer<Double>,
        means: UnsafeMutableBufferPointer<Double>, wins: UnsafeMutableBufferPointer<Double>
    ) {
        let count = arms.count
        let inverse = inverseScale
        // Pooled rate and value per conversion: the priors every variant starts from.
        let trials = pooled.trials * inverse
        let conversions = pooled.conversions * inverse
        let poolRate = (conversions + 0.5) / (trials + 1)
        let poolValue = (pooled.reward * inverse + 1) / (conversions + 1)
        let poolSecond = (pooled.rewardSquares * inverse + 1) / (conversions + 1)
        let strength = max(Self.ratePriorStrength, Self.ratePriorConversions / poolRate)
        let a0 = strength * poolRate
        let b0 = strength * (1 - poolRate)
        let contextual = !settings.slots.isEmpty
        let pool = HierarchicalModel.Pool(pooled, inverseScale: inverse)
        // Through a buffer pointer: indexing the array handed `HierarchicalModel` a copy of each
        // variant's statistics (arrays retained and released) on every decision.
        arms.withUnsafeBufferPointer { arms in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { variances in
                // The overall rate and value under the forgetting that has predicted best (see
                // `ForgettingWindows`); context effects keep all their evidence.
                let window = forgetting.chosen
                let windowInverse = window > 0 ? 1 / forgetting.scales[window] : inverse
                let windowSums = forgetting.sums[window]
                for a in 0..<count {
                    let total = window > 0 ? windowSums[a] : arms[a].total
                    let n = total.trials * windowInverse
                    let c = min(total.conversions * windowInverse, n)
                    let alpha = a0 + c
                    let beta = b0 + (n - c)
                    let rate = alpha / (alpha + beta)
                    let rateVariance = rate * (1 - rate) / (alpha + beta + 1)
                    let weight = c + Self.valuePriorStrength
                    let value = (total.reward * windowInverse + Self.valuePriorStrength * poolValue) / weight
                    // The spread of this variant's own order values, shrunk to the pooled spread: a
                    // variant whose orders are all alike is soon certain of its value.
                    let ownSecond =
                        (total.rewardSquares * windowInverse + Self.valuePriorStrength * poolSecond) / weight
                    let spread = max(ownSecond - value * value, 0)
                    let valueVariance = spread / weight
                    var mean = rate * value
                    var variance =
                        rateVariance * value * value + rate * rate * valueVariance + rateVariance * valueVariance
                    if contextual {
                        let effects = HierarchicalModel.estimate(
                            arms[a], ids: ids, slots: settings.slots, pool: pool, inverseScale: inverse)
                        mean += effects.mean
                        variance += effects.variance
                    }
                    means[a] = mean
                    variances[a] = variance / Self.adaptiveSharpness
                }
                Self.winProbabilities(means: means, variances: variances, into: wins)
            }
        }
        let explore = inWarmup ? 1 : settings.floor * Double(count)
        let even = 1 / Double(count)
        for a in 0..<count { probabilities[a] = explore * even + (1 - explore) * wins[a] }
    }

    func adaptiveDecision(_ ids: [Int], using rng: inout some RandomNumberGenerator) -> Decision {
        let count = arms.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { p in
            adaptiveDecision(ids, into: p, using: &rng)
        }
    }

    /// The decision and the whole distribution it was drawn from, computed once: the runtime
    /// logs every variant's probability beside each decision.
    func adaptiveDecisionWithDistribution(_ ids: [Int], using rng: inout some RandomNumberGenerator)
        -> (Decision, [Double])
    {
        let count = arms.count
        var decision: Decision?
        let distribution = [Double](unsafeUninitializedCapacity: count) { p, initialized in
            decision = adaptiveDecision(ids, into: p, using: &rng)
            initialized = count
        }
        // `adaptiveDecision(_:into:using:)` always returns; the optional only carries it out.
        return (
            decision
                ?? Decision(
                    variant: variants[0], variantIndex: 0, propensity: distribution[0],
                    expectedReward: 0, confidence: 0), distribution
        )
    }

    /// Draws from the distribution written into `p` (one value per variant).
    private func adaptiveDecision(
        _ ids: [Int], into p: UnsafeMutableBufferPointer<Double>, using rng: inout some RandomNumberGenerator
    ) -> Decision {
        let count = arms.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * count) { buffer in
            let means = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            let wins = UnsafeMutableBufferPointer(rebasing: buffer[count...])
            adaptiveDistribution(ids, probabilities: p, means: means, wins: wins)
            var u = rng.nextUnit()
            var chosen = count - 1
            for a in 0..<count {
                u -= p[a]
                if u < 0 {
                    chosen = a
                    break
                }
            }
            // Rounding can leave u ≥ 0 after the last variant; never land on one with no chance.
            while p[chosen] <= 0 && chosen > 0 { chosen -= 1 }
            return Decision(
                variant: variants[chosen], variantIndex: chosen, propensity: p[chosen],
                expectedReward: means[chosen], confidence: wins[chosen])
        }
    }

    func adaptiveProbabilities(_ ids: [Int]) -> [Double] {
        let count = arms.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * count) { buffer in
            let means = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            let wins = UnsafeMutableBufferPointer(rebasing: buffer[count...])
            return [Double](unsafeUninitializedCapacity: count) { p, initialized in
                adaptiveDistribution(ids, probabilities: p, means: means, wins: wins)
                initialized = count
            }
        }
    }

    /// `winProbabilities` on raw buffers, without allocating: ∏ Φ((μa − μb)/√(σa² + σb²)) over
    /// the other variants, renormalised; ties share when every posterior is a point.
    static func winProbabilities(
        means: UnsafeMutableBufferPointer<Double>, variances: UnsafeMutableBufferPointer<Double>,
        into wins: UnsafeMutableBufferPointer<Double>
    ) {
        let count = means.count
        for a in 0..<count { wins[a] = 1 }
        if count > 1 {
            for a in 0..<(count - 1) {
                for b in (a + 1)..<count {
                    let spread = (variances[a] + variances[b]).squareRoot()
                    let d = means[a] - means[b]
                    let p = spread > 0 ? Distributions.normalCDF(d / spread) : (d > 0 ? 1 : (d < 0 ? 0 : 0.5))
                    wins[a] *= p
                    wins[b] *= 1 - p
                }
            }
        }
        var sum = 0.0
        for a in 0..<count { sum += wins[a] }
        if sum > 0 && sum.isFinite {
            for a in 0..<count { wins[a] /= sum }
            return
        }
        var top = -Double.infinity
        for a in 0..<count { top = max(top, means[a]) }
        var ties = 0.0
        for a in 0..<count where means[a] == top { ties += 1 }
        for a in 0..<count { wins[a] = means[a] == top ? 1 / ties : 0 }
    }
}
