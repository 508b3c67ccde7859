/// A site's learned choice between its variants: sufficient statistics plus the policy that reads
/// them. A value type with no ledger and no I/O, so the runtime can copy, store and merge it freely.
///
/// Every policy learns the same statistics (per variant, and per variant within each value of each
/// configured feature or interaction), so changing `personalize.policy` keeps what was learned.
package struct Bandit: Sendable {
    package let variants: [String]
    var settings: BanditSettings
    var arms: [VariantStatistics]
    /// All variants' statistics together: the rate a variant is shrunk towards before it has data.
    var pooled = SufficientStats()
    /// Weight of the next piece of evidence. With a half-life, each impression multiplies it by
    /// 2^(1/half_life): older evidence then counts relatively less without touching any statistic
    /// (statistics divided by `scale` are the decayed values). Renormalised before it overflows.
    var scale = 1.0
    /// Recent evidence per variant, for the `adaptive` policy's change detection.
    var drift: DriftMonitor
    /// The `adaptive` policy's overall rates under several forgetting rates, and which predicts best.
    var forgetting: ForgettingWindows
    private var indexOfVariant: [String: Int]

    package init(variants: [String], config: PersonalizeConfig) throws(PersonalizeError) {
        settings = try BanditSettings(variants: variants, config: config)
        self.variants = variants
        arms = Array(repeating: VariantStatistics(slotCount: settings.slots.count), count: variants.count)
        drift = DriftMonitor(variantCount: variants.count)
        forgetting = ForgettingWindows(variantCount: variants.count)
        indexOfVariant = Dictionary(uniqueKeysWithValues: variants.enumerated().map { ($1, $0) })
    }

    /// A decoded state in its stored shape, only ever transplanted into a configured bandit.
    init(storedVariants: [String], slots: [FeatureSlot], arms: [VariantStatistics]) {
        settings = BanditSettings(storedSlots: slots, variantCount: storedVariants.count)
        variants = storedVariants
        self.arms = arms
        drift = DriftMonitor(variantCount: storedVariants.count)
        forgetting = ForgettingWindows(variantCount: storedVariants.count)
        indexOfVariant = Dictionary(uniqueKeysWithValues: storedVariants.enumerated().map { ($1, $0) })
    }

    func index(of variant: String) -> Int? { indexOfVariant[variant] }

    /// Value id of each slot for these features (-1 where the value has never been seen).
    func encode(_ features: [String: String]) -> [Int] {
        reading(features).ids
    }

    /// These features as this bandit's slots read them. Deciding and then learning from the same
    /// visitor, as the runtime does for every impression, can share one reading instead of
    /// looking every value up twice.
    package func reading(_ features: [String: String]) -> SlotReading {
        // Through a buffer pointer, so that no slot (with its dictionaries) is copied, and with
        // value strings only when learning will need them: a reading of values all seen before
        // allocates one array.
        settings.slots.withUnsafeBufferPointer { slots in
            var ids = [Int](repeating: -1, count: slots.count)
            var needsValues = false
            for s in slots.indices {
                // An interaction of known values is found by its parents' ids: no joined string,
                // which was a third of a decision's time.
                if slots[s].readsFromParents,
                    let key = ids.withUnsafeBufferPointer({ FeatureSlot.comboKey(slots[s].parents, ids: $0) }),
                    let id = slots[s].comboID(key)
                {
                    ids[s] = id
                    continue
                }
                ids[s] = slots[s].id(of: slots[s].value(of: features)) ?? -1
                // Unseen values are numbered from their strings; an interaction read as a string
                // is then remembered by its parents' ids.
                if ids[s] < 0 || slots[s].readsFromParents { needsValues = true }
            }
            guard needsValues else { return SlotReading(values: [], ids: ids) }
            var values: [String] = []
            values.reserveCapacity(slots.count)
            for s in slots.indices {
                let viaParents =
                    ids[s] >= 0 && slots[s].readsFromParents
                    && ids.withUnsafeBufferPointer({ FeatureSlot.comboKey(slots[s].parents, ids: $0) })
                        .flatMap({ slots[s].comboID($0) }) != nil
                values.append(viaParents ? "" : slots[s].value(of: features))
            }
            return SlotReading(values: values, ids: ids)
        }
    }

    var inverseScale: Double { 1 / scale }

    /// Whether the even split of the warm-up still applies.
    var inWarmup: Bool {
        settings.warmup > 0 && arms.contains { $0.impressions < settings.warmup }
    }
}

/// A visitor's features read by one bandit's slots (see `Bandit.reading`). Ids of values already
/// seen never change, so a reading stays valid for the bandit that made it; it means nothing to
/// another one.
package struct SlotReading: Sendable {
    /// Each slot's value, where it had to be read as a string (empty where the id was found from
    /// the slot's parents), or no values at all when every id was found without a string: only
    /// unseen values, and interactions not yet known by their parents' ids, are read from here.
    let values: [String]
    /// Each value's id in its slot, -1 where the slot had not seen it (learning numbers it then).
    let ids: [Int]

    /// Every value already numbered: the reading is then the same for every later visitor with
    /// these features, and may be kept.
    package var isComplete: Bool { !ids.contains(-1) }
}
