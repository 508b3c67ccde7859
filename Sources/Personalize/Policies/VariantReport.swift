/// How one variant is doing overall, for `sitegen stats` and the preview bar.
package struct VariantReport: Sendable, Codable, Equatable {
    package var variant: String
    /// Undecayed counts.
    package var impressions: Int
    package var conversions: Int
    package var reward: Double
    /// Posterior mean reward per impression, with its central 95% interval.
    package var mean: Double
    package var lower: Double
    package var upper: Double
    /// Posterior probability that this variant has the highest mean reward.
    package var probabilityBest: Double
    /// This variant's share of all impressions so far (nil before any).
    package var trafficShare: Double?

    package init(
        variant: String, impressions: Int, conversions: Int, reward: Double, mean: Double,
        lower: Double, upper: Double, probabilityBest: Double, trafficShare: Double?
    ) {
        self.variant = variant
        self.impressions = impressions
        self.conversions = conversions
        self.reward = reward
        self.mean = mean
        self.lower = lower
        self.upper = upper
        self.probabilityBest = probabilityBest
        self.trafficShare = trafficShare
    }
}
