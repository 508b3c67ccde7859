import Foundation

/// A `PersonalizeConfig` checked against a list of variants and turned into what the policies use.
/// Everything the config can get wrong is caught here, so `Bandit` never meets a bad setting.
struct BanditSettings: Sendable, Equatable {
    var policy: PolicyKind
    var slots: [FeatureSlot]
    var floor: Double
    var warmup: Int
    /// Factor by which new evidence outweighs the previous impression's (2^(1/half_life)), or 1.
    var growth: Double
    /// Traffic share per variant, for `uniform`.
    var weights: [Double]
    var epsilon: Double
    var alpha: Double

    /// Settings of a decoded state, which only carries statistics: the policy fields are unused.
    init(storedSlots: [FeatureSlot], variantCount: Int) {
        policy = .lints
        slots = storedSlots
        floor = 0
        warmup = 0
        growth = 1
        weights = Array(repeating: 1 / Double(variantCount), count: variantCount)
        epsilon = 0
        alpha = 0
    }

    init(variants: [String], config: PersonalizeConfig) throws(PersonalizeError) {
        guard !variants.isEmpty else { throw BanditErrors.noVariants }
        var seen = Set<String>()
        for id in variants where !seen.insert(id).inserted { throw BanditErrors.duplicateVariant(id) }
        self.policy = config.policy

        // Feature names a config may use: the context's built-ins and the site's own extras.
        let known = Set(PersonalizeConfig.builtInFeatures + config.extras.map(\.name))
        var slots: [FeatureSlot] = []
        var slotOfFeature: [String: Int] = [:]
        for feature in config.features {
            guard known.contains(feature) else { throw BanditErrors.unknownFeature(feature) }
            guard slotOfFeature[feature] == nil else {
                throw BanditErrors.invalidSetting("features", "\(feature) is listed twice")
            }
            slotOfFeature[feature] = slots.count
            slots.append(FeatureSlot(features: [feature]))
        }
        var interactionNames = Set<String>()
        for group in config.interactions {
            guard group.count >= 2 else {
                throw BanditErrors.invalidSetting(
                    "interactions", "an interaction needs at least two features, got \(group)")
            }
            for feature in group where !known.contains(feature) {
                throw BanditErrors.unknownFeature(feature)
            }
            guard Set(group).count == group.count else {
                throw BanditErrors.invalidSetting("interactions", "\(group) names a feature twice")
            }
            // Order does not matter: [device, daypart] and [daypart, device] are one effect.
            guard interactionNames.insert(group.sorted().joined(separator: "×")).inserted else {
                throw BanditErrors.invalidSetting("interactions", "\(group) is listed twice (in some order)")
            }
            var slot = FeatureSlot(features: group)
            slot.parents = group.compactMap { slotOfFeature[$0] }
            slots.append(slot)
        }
        self.slots = slots

        let floor = config.minProbability
        guard floor.isFinite, floor >= 0, floor * Double(variants.count) <= 1 + 1e-12 else {
            throw BanditErrors.invalidSetting(
                "min_probability",
                "must be between 0 and 1/\(variants.count) for \(variants.count) variants, got \(floor)")
        }
        self.floor = floor
        guard config.warmup >= 0 else {
            throw BanditErrors.invalidSetting("warmup", "must be 0 or more, got \(config.warmup)")
        }
        warmup = config.warmup
        if let halfLife = config.halfLife {
            // Under one impression the per-impression growth 2^(1/half_life) overflows to
            // infinity and every statistic becomes NaN; forgetting faster than that means nothing.
            guard halfLife.isFinite, halfLife >= 1 else {
                throw BanditErrors.invalidSetting(
                    "half_life", "must be a number of impressions, at least 1, got \(halfLife)")
            }
            growth = pow(2, 1 / halfLife)
        } else {
            growth = 1
        }
        guard config.epsilon.isFinite, (0...1).contains(config.epsilon) else {
            throw BanditErrors.invalidSetting("epsilon", "must be between 0 and 1, got \(config.epsilon)")
        }
        epsilon = config.epsilon
        guard config.alpha.isFinite, config.alpha >= 0 else {
            throw BanditErrors.invalidSetting("alpha", "must be 0 or more, got \(config.alpha)")
        }
        alpha = config.alpha
        weights = try Self.weights(config.weights, variants: variants)
    }

    private static func weights(_ given: [String: Double]?, variants: [String]) throws(PersonalizeError)
        -> [Double]
    {
        guard let given else { return Array(repeating: 1 / Double(variants.count), count: variants.count) }
        for (id, weight) in given {
            guard variants.contains(id) else { throw BanditErrors.unknownVariant(id) }
            guard weight.isFinite, weight >= 0 else {
                throw BanditErrors.invalidSetting("weights", "\(id) must have a weight of 0 or more, got \(weight)")
            }
        }
        // A variant the weights leave out gets no traffic under `uniform`: the split is explicit.
        let raw = variants.map { given[$0] ?? 0 }
        let sum = raw.reduce(0, +)
        guard sum > 0, sum.isFinite else {
            throw BanditErrors.invalidSetting(
                "weights", sum > 0 ? "weights are too large to add up" : "at least one weight must be positive")
        }
        return raw.map { $0 / sum }
    }
}
