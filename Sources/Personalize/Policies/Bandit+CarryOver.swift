extension Bandit {
    /// A bandit for a redeployed site: variants, features and values that still exist keep what
    /// was learned; new ones start from the pooled rate; removed ones are dropped.
    package func carriedOver(to variants: [String], config: PersonalizeConfig) throws(PersonalizeError)
        -> Bandit
    {
        transplanted(into: try Bandit(variants: variants, config: config))
    }

    /// Adds another server's statistics for the same site. Both must use the same variant ids
    /// (checked before anything changes); slots the other lacks or this one lacks are skipped.
    package mutating func merge(_ other: Bandit) throws(PersonalizeError) {
        for id in other.variants where index(of: id) == nil { throw BanditErrors.unknownVariant(id) }
        for id in variants where other.index(of: id) == nil { throw BanditErrors.unknownVariant(id) }
        let factor = scale / other.scale
        pooled.add(other.pooled, times: factor)
        for (b, id) in other.variants.enumerated() {
            guard let a = index(of: id) else { continue }
            arms[a].total.add(other.arms[b].total, times: factor)
            arms[a].impressions += other.arms[b].impressions
            arms[a].conversions += other.arms[b].conversions
            arms[a].reward += other.arms[b].reward
        }
        copySegments(from: other, factor: factor)
        drift.add(other.drift, mapping: other.variants.map { index(of: $0) })
        forgetting.add(other.forgetting, mapping: other.variants.map { index(of: $0) })
        refreshAll()
    }

    /// This bandit's learning moved into `target` (same statistics, `target`'s shape and settings).
    func transplanted(into target: Bandit) -> Bandit {
        var result = target
        result.scale = scale
        for (b, id) in variants.enumerated() {
            guard let a = result.index(of: id) else { continue }
            result.arms[a].total = arms[b].total
            result.arms[a].impressions = arms[b].impressions
            result.arms[a].conversions = arms[b].conversions
            result.arms[a].reward = arms[b].reward
            result.pooled.add(arms[b].total)
        }
        result.copySegments(from: self, factor: 1)
        result.drift.scale = drift.scale
        result.drift.sinceCheck = drift.sinceCheck
        result.drift.changes = drift.changes
        for (b, id) in variants.enumerated() {
            guard let a = result.index(of: id) else { continue }
            result.drift.recent[a] = drift.recent[b]
            for w in forgetting.sums.indices { result.forgetting.sums[w][a] = forgetting.sums[w][b] }
        }
        result.forgetting.scales = forgetting.scales
        result.forgetting.scores = forgetting.scores
        result.forgetting.chosen = forgetting.chosen
        // Keep the cached effect spreads where the shape is unchanged, so that a restored bandit
        // decides exactly as the original did; re-estimate them where slots changed.
        let sameSlots = result.settings.slots.map(\.features) == settings.slots.map(\.features)
        for (b, id) in variants.enumerated() {
            guard sameSlots, let a = result.index(of: id) else { continue }
            result.arms[a].effectVariance = arms[b].effectVariance
            result.arms[a].ownEffectVariance = arms[b].ownEffectVariance
            result.arms[a].updatesSinceRefresh = arms[b].updatesSinceRefresh
        }
        if !sameSlots { result.refreshAll() }
        return result
    }

    /// Adds `other`'s per-value statistics into the matching variants, slots and values.
    private mutating func copySegments(from other: Bandit, factor: Double) {
        for (s, slot) in settings.slots.enumerated() {
            guard let t = other.settings.slots.firstIndex(where: { $0.features == slot.features }) else {
                continue
            }
            let values = other.settings.slots[t].values.map { settings.slots[s].intern($0) }
            for (b, id) in other.variants.enumerated() {
                guard let a = index(of: id) else { continue }
                for (v, stats) in other.arms[b].segments[t].enumerated() where stats != SufficientStats() {
                    arms[a].add(slot: s, value: values[v], stats.scaled(by: factor))
                }
            }
        }
    }

    mutating func refreshAll() {
        let pool = HierarchicalModel.Pool(pooled, inverseScale: inverseScale)
        for a in arms.indices {
            HierarchicalModel.refreshEffectVariance(&arms[a], pool: pool, inverseScale: inverseScale)
        }
        shareEffectVariance()
    }
}
