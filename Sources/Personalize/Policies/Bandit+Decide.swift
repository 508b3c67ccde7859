extension Bandit {
    /// Picks a variant for a visitor with these context features.
    ///
    /// With probability `min_probability × variants` the pick is uniform (so every variant keeps at
    /// least the floor); otherwise the policy picks. The returned propensity is the probability of
    /// the whole mixture, equal to `probabilities(features)[chosen]`.
    package func decide(_ features: [String: String], using rng: inout some RandomNumberGenerator)
        -> Decision
    {
        decision(reading(features), using: &rng)
    }

    /// `decide` for features already read by this bandit.
    package func decide(_ reading: SlotReading, using rng: inout some RandomNumberGenerator) -> Decision {
        decision(reading, using: &rng)
    }

    // The runtime's generator, by name: generic code is not specialised across the module
    // boundary, and every one of a decision's draws would go through a witness table.

    package func decide(_ features: [String: String], using rng: inout SeededGenerator) -> Decision {
        decision(reading(features), using: &rng)
    }

    package func decide(_ reading: SlotReading, using rng: inout SeededGenerator) -> Decision {
        decision(reading, using: &rng)
    }

    /// The decision and every variant's probability under the same state, as the runtime logs
    /// them: for `adaptive` the very distribution the draw used, computed once.
    package func decideWithDistribution(_ reading: SlotReading, using rng: inout SeededGenerator)
        -> (Decision, [Double])
    {
        if settings.policy == .adaptive { return adaptiveDecisionWithDistribution(reading.ids, using: &rng) }
        var distribution: [Double]? = []
        let decision = decision(reading, using: &rng, distribution: &distribution)
        return (decision, distribution ?? [])
    }

    private func decision(_ reading: SlotReading, using rng: inout some RandomNumberGenerator) -> Decision {
        if settings.policy == .adaptive { return adaptiveDecision(reading.ids, using: &rng) }
        var unused: [Double]?
        return decision(reading, using: &rng, distribution: &unused)
    }

    /// The decision of a policy other than `adaptive`. When `distribution` is not nil it receives
    /// every variant's probability from the same estimates (what `probabilities` would compute
    /// again), for the runtime to log.
    private func decision(
        _ reading: SlotReading, using rng: inout some RandomNumberGenerator, distribution: inout [Double]?
    ) -> Decision {
        let count = variants.count
        let estimates = self.estimates(reading.ids)
        let wins = Self.winProbabilities(estimates)
        let chosen: Int
        let propensity: Double
        if settings.policy == .uniform {
            chosen = Self.sample(settings.weights, using: &rng)
            propensity = settings.weights[chosen]
            if distribution != nil { distribution = settings.weights }
        } else if inWarmup {
            chosen = Self.uniformIndex(count, using: &rng)
            propensity = 1 / Double(count)
            if distribution != nil { distribution = Array(repeating: propensity, count: count) }
        } else {
            let explore = settings.floor * Double(count)
            if explore > 0 && rng.nextUnit() < explore {
                chosen = Self.uniformIndex(count, using: &rng)
            } else {
                chosen = pick(estimates, using: &rng)
            }
            let policyDistribution = policyProbabilities(estimates, wins: wins)
            propensity = explore / Double(count) + (1 - explore) * policyDistribution[chosen]
            if distribution != nil {
                distribution = policyDistribution.map { explore / Double(count) + (1 - explore) * $0 }
            }
        }
        return Decision(
            variant: variants[chosen], variantIndex: chosen, propensity: propensity,
            expectedReward: estimates[chosen].mean, confidence: wins[chosen])
    }

    /// The probability of each variant being chosen for these features, as `decide` would: exact for
    /// `uniform`, `epsilon-greedy`, `linucb` and during warm-up; for the sampling policies
    /// (`thompson`, `lints`) a closed-form estimate: each variant's chance of drawing the highest
    /// sample, approximating every sample as Gaussian and the pairwise duels as independent
    /// (∏ Φ((μa − μb)/√(σa² + σb²)), renormalised). Mixed with the `min_probability` floor, except
    /// for `uniform`, whose weights are the split the site asked for.
    package func probabilities(_ features: [String: String]) -> [Double] {
        probabilities(ids: encode(features))
    }

    private func probabilities(ids: [Int]) -> [Double] {
        let count = variants.count
        if settings.policy == .uniform { return settings.weights }
        if settings.policy == .adaptive { return adaptiveProbabilities(ids) }
        if inWarmup { return Array(repeating: 1 / Double(count), count: count) }
        let estimates = self.estimates(ids)
        let policy = policyProbabilities(estimates, wins: Self.winProbabilities(estimates))
        let explore = settings.floor * Double(count)
        return policy.map { explore / Double(count) + (1 - explore) * $0 }
    }

    /// Posterior mean and variance of every variant's reward in this context, as the policy sees it.
    func estimates(_ ids: [Int]) -> [ArmEstimate] {
        let inverse = inverseScale
        if settings.policy == .thompson || settings.slots.isEmpty {
            return arms.map {
                ArmEstimate(
                    overall: BetaModel.estimate($0.total, inverseScale: inverse), context: .init(mean: 0, variance: 0))
            }
        }
        let pool = HierarchicalModel.Pool(pooled, inverseScale: inverse)
        let sharpness = settings.policy == .lints ? HierarchicalModel.sharpness : 1
        return arms.map {
            var context = HierarchicalModel.estimate(
                $0, ids: ids, slots: settings.slots, pool: pool, inverseScale: inverse)
            context.variance /= sharpness
            return ArmEstimate(
                overall: BetaModel.estimate($0.total, inverseScale: inverse, sharpness: sharpness), context: context)
        }
    }

    private func pick(_ estimates: [ArmEstimate], using rng: inout some RandomNumberGenerator)
        -> Int
    {
        switch settings.policy {
        case .uniform:
            return Self.sample(settings.weights, using: &rng)
        case .thompson, .lints, .adaptive:
            // The overall rate is drawn from its Beta posterior, the context effects from their
            // Gaussian one: with no context signal this is exactly `thompson`.
            let inverse = inverseScale
            let sharpness = settings.policy == .lints ? HierarchicalModel.sharpness : 1
            var scores = [Double](repeating: 0, count: arms.count)
            for a in arms.indices {
                scores[a] =
                    BetaModel.sample(arms[a].total, inverseScale: inverse, sharpness: sharpness, using: &rng)
                    + estimates[a].context.mean
                if estimates[a].context.variance > 0 {
                    scores[a] += estimates[a].context.variance.squareRoot() * Distributions.standardNormal(using: &rng)
                }
            }
            return Self.argmax(scores, using: &rng)
        case .linucb:
            return Self.argmax(upperBounds(estimates), using: &rng)
        case .epsilonGreedy:
            if rng.nextUnit() < settings.epsilon { return Self.uniformIndex(variants.count, using: &rng) }
            return Self.argmax(estimates.map(\.mean), using: &rng)
        }
    }

    /// The policy's own distribution, before the floor is mixed in.
    private func policyProbabilities(_ estimates: [ArmEstimate], wins: [Double]) -> [Double] {
        switch settings.policy {
        case .uniform:
            return settings.weights
        case .thompson, .lints, .adaptive:
            return wins
        case .linucb:
            return Self.tieShares(upperBounds(estimates))
        case .epsilonGreedy:
            let count = Double(variants.count)
            return Self.tieShares(estimates.map(\.mean)).map { settings.epsilon / count + (1 - settings.epsilon) * $0 }
        }
    }

    private func upperBounds(_ estimates: [ArmEstimate]) -> [Double] {
        estimates.map { $0.mean + settings.alpha * $0.variance.squareRoot() }
    }
}

/// A variant's reward in one context: its overall rate's posterior and the context effects' one.
struct ArmEstimate {
    var overall: HierarchicalModel.Estimate
    var context: HierarchicalModel.Estimate

    var mean: Double { overall.mean + context.mean }
    var variance: Double { overall.variance + context.variance }
}
