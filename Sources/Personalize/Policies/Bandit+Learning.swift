extension Bandit {
    /// Rewards the model accepts: a conversion's value in the site's currency. The cap keeps a
    /// hostile value from overflowing the sums of squares to infinity, which no saved state
    /// could then hold; every boundary (beacon, JSON API, site.yml goals) applies this rule.
    package static let rewardRange: ClosedRange<Double> = 0...1e9

    package static func acceptsReward(_ reward: Double) -> Bool { rewardRange.contains(reward) }

    /// Counts one showing of `variant` to a visitor with these features as a trial. Call it when the
    /// variant is served; the conversion, if any, comes later through `recordReward`.
    package mutating func recordImpression(variant: String, features: [String: String])
        throws(PersonalizeError)
    {
        guard let arm = index(of: variant) else { throw BanditErrors.unknownVariant(variant) }
        recordImpression(arm: arm, reading: reading(features))
    }

    /// `recordImpression` for the variant at `variantIndex` and features already read by this
    /// bandit (see `reading`).
    package mutating func recordImpression(variantIndex: Int, reading: SlotReading) throws(PersonalizeError) {
        guard arms.indices.contains(variantIndex) else {
            throw BanditErrors.foreignReading("variant index \(variantIndex) of \(arms.count) variants")
        }
        guard reading.ids.count == settings.slots.count else {
            throw BanditErrors.foreignReading(
                "\(reading.ids.count) slots read, this bandit has \(settings.slots.count)")
        }
        recordImpression(arm: variantIndex, reading: reading)
    }

    private mutating func recordImpression(arm: Int, reading: SlotReading) {
        advanceClock()
        forgetting.recordImpression(arm: arm, poolMean: poolMean)
        add(SufficientStats(trials: scale), to: arm, reading: reading)
        arms[arm].impressions += 1
        drift.recordImpression(arm: arm)
        if drift.checkDue && settings.policy == .adaptive {
            var totals: [SufficientStats] = []
            totals.reserveCapacity(arms.count)
            for a in arms.indices { totals.append(arms[a].total) }
            let factor = drift.discount(totals: totals, inverseScale: inverseScale)
            if factor < 1 { forget(by: factor) }
        }
    }

    /// Discounts every statistic by `factor` at once (a detected change: see `DriftMonitor`), by
    /// raising the weight of new evidence instead of touching the sums.
    mutating func forget(by factor: Double) {
        scale /= factor
        if scale > 1e100 { rescale(by: 1 / scale) }
    }

    /// Adds a conversion worth `reward` (finite, ≥ 0) to `variant` for a visitor with these
    /// features. Late and out-of-order rewards are fine: statistics are sums. With a half-life, a
    /// reward counts at the weight of the moment it arrives (the impression's moment is not
    /// known here), which slightly favours recent conversions, as forgetting intends.
    package mutating func recordReward(variant: String, features: [String: String], reward: Double)
        throws(PersonalizeError)
    {
        guard Bandit.acceptsReward(reward) else { throw BanditErrors.invalidReward(reward) }
        guard let arm = index(of: variant) else { throw BanditErrors.unknownVariant(variant) }
        let w = scale
        forgetting.recordReward(arm: arm, reward: reward, poolMean: poolMean)
        add(
            SufficientStats(trials: 0, conversions: w, reward: w * reward, rewardSquares: w * reward * reward),
            to: arm, reading: reading(features))
        arms[arm].conversions += 1
        arms[arm].reward += reward
        drift.recordReward(arm: arm, reward: reward)
    }

    /// All variants' reward per impression, with half an impression of a neutral prior (as
    /// `HierarchicalModel.Pool`): what a window with no evidence of its own predicts.
    private var poolMean: Double { (pooled.reward + 0.5 * scale) / (pooled.trials + scale) }

    private mutating func add(_ stats: SufficientStats, to arm: Int, reading: SlotReading) {
        arms[arm].total.add(stats)
        pooled.add(stats)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: settings.slots.count) { resolved in
            for slot in settings.slots.indices {
                let known = reading.ids[slot]
                let id = known >= 0 ? known : settings.slots[slot].intern(reading.values[slot])
                resolved[slot] = id
                arms[arm].add(slot: slot, value: id, stats)
                // An interaction read as a string: remember it by its parents' ids, so the next
                // reading finds it without one.
                if slot < reading.values.count, !reading.values[slot].isEmpty, settings.slots[slot].readsFromParents {
                    let parents = settings.slots[slot].parents
                    let slots = settings.slots
                    if let key = FeatureSlot.comboKey(parents, ids: UnsafeBufferPointer(resolved)),
                        parents.allSatisfy({ !slots[$0].isOverflow(resolved[$0]) })
                    {
                        settings.slots[slot].register(combo: key, id: id)
                    }
                }
            }
        }
        arms[arm].updatesSinceRefresh += 1
        // Effect spreads move slowly; re-estimating them every ~6% of a variant's traffic keeps
        // updates O(slots) amortised.
        if arms[arm].updatesSinceRefresh >= max(16, arms[arm].impressions / 16) {
            HierarchicalModel.refreshEffectVariance(
                &arms[arm], pool: HierarchicalModel.Pool(pooled, inverseScale: inverseScale),
                inverseScale: inverseScale)
            shareEffectVariance()
        }
    }

    /// Whether a feature matters is largely a property of the feature, not of one variant: a
    /// variant shown rarely (to few segments) could never prove its own effects and would never be
    /// tried where it shines. So each variant's effects get at least the average spread of all
    /// variants' effects, which makes its untested segments uncertain enough to be explored.
    mutating func shareEffectVariance() {
        for slot in settings.slots.indices {
            let shared = arms.reduce(0) { $0 + $1.ownEffectVariance[slot] } / Double(arms.count)
            for a in arms.indices {
                arms[a].effectVariance[slot] = max(arms[a].ownEffectVariance[slot], shared)
            }
        }
    }

    /// Moves the decay clock one impression on (see `scale`).
    private mutating func advanceClock() {
        guard settings.growth != 1 else { return }
        scale *= settings.growth
        if scale > 1e100 { rescale(by: 1 / scale) }
    }

    /// Multiplies every statistic by `factor` and the scale with it: the model is unchanged.
    mutating func rescale(by factor: Double) {
        pooled = pooled.scaled(by: factor)
        for a in arms.indices {
            arms[a].total = arms[a].total.scaled(by: factor)
            for s in arms[a].segments.indices {
                arms[a].segments[s] = arms[a].segments[s].map { $0.scaled(by: factor) }
            }
        }
        scale *= factor
    }
}
