extension Bandit {
    /// Re-estimates every variant's effect spreads from the statistics as they are now.
    ///
    /// The statistics are sums, so a bandit that learned the same events in another order (a
    /// node that pulled other nodes' events later) holds the same ones. The effect spreads are
    /// not: they are refreshed every so many updates, from the statistics at that moment. Settled,
    /// they are a function of the statistics alone. What stays order-dependent is the decay clock
    /// (`half_life`, and the `adaptive` policy's change detection once it fires), which weighs an
    /// event by how many impressions came before it, and which values of a feature claim its
    /// `FeatureSlot.capacity` slots before the rest share one.
    package mutating func settle() {
        refreshAll()
    }

    /// The learned state as named figures (variant, slot and value names, never positions, which
    /// follow the order values were first seen), so that two bandits can be compared: counts,
    /// decayed sums divided by the current scale, and effect spreads.
    package func learnedFigures() -> [String: Double] {
        var figures: [String: Double] = [:]
        let inverse = inverseScale
        func put(_ prefix: String, _ stats: SufficientStats) {
            figures[prefix + ".trials"] = stats.trials * inverse
            figures[prefix + ".conversions"] = stats.conversions * inverse
            figures[prefix + ".reward"] = stats.reward * inverse
            figures[prefix + ".rewardSquares"] = stats.rewardSquares * inverse
        }
        put("pooled", pooled)
        for (a, variant) in variants.enumerated() {
            let arm = arms[a]
            figures[variant + ".impressions"] = Double(arm.impressions)
            figures[variant + ".conversions"] = Double(arm.conversions)
            figures[variant + ".reward"] = arm.reward
            put(variant + ".total", arm.total)
            for (s, slot) in settings.slots.enumerated() {
                figures[variant + "." + slot.name + ".effectVariance"] = arm.effectVariance[s]
                figures[variant + "." + slot.name + ".ownEffectVariance"] = arm.ownEffectVariance[s]
                for (v, stats) in arm.segments[s].enumerated() where v < slot.values.count && stats != SufficientStats()
                {
                    put(variant + "." + slot.name + "=" + slot.values[v], stats)
                }
            }
        }
        return figures
    }
}
