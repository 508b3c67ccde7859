/// What a bandit knows about one variant: its overall statistics, the same split by each feature
/// slot's values, raw counts for reports, and the cached spread of its per-value effects.
struct VariantStatistics: Sendable, Equatable {
    var total = SufficientStats()
    /// `segments[slot][valueID]`; grows as new values are seen.
    var segments: [[SufficientStats]]
    /// Undecayed counts, for reports and warm-up.
    var impressions: Int = 0
    var conversions: Int = 0
    var reward: Double = 0
    /// Empirical-Bayes prior variance of each slot's effects estimated from this variant's own
    /// segments (see `HierarchicalModel`), refreshed every so many updates, not per decision.
    var ownEffectVariance: [Double]
    /// The prior variance decisions use: the larger of the variant's own estimate and the average
    /// over variants (see `Bandit.shareEffectVariance`).
    var effectVariance: [Double]
    var updatesSinceRefresh: Int = 0

    init(slotCount: Int) {
        segments = Array(repeating: [], count: slotCount)
        effectVariance = Array(repeating: 0, count: slotCount)
        ownEffectVariance = Array(repeating: 0, count: slotCount)
    }

    mutating func add(slot: Int, value: Int, _ stats: SufficientStats) {
        if segments[slot].count <= value {
            segments[slot].append(
                contentsOf: repeatElement(SufficientStats(), count: value + 1 - segments[slot].count))
        }
        segments[slot][value].add(stats)
    }
}
